"""Training done elsewhere: recorded with evidence checked by content, reviewed by the right person."""

from __future__ import annotations

import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from certificates.storage import private_storage
from ledger.models import ActivityDecision, ExternalActivity
from ledger.review import decide
from tests.factories import TeamFactory, UserFactory
from tests.ledger.factories import JPEG_BYTES, PDF_BYTES, PNG_BYTES, external_activity, upload

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, 0), tick=False):
        yield


@pytest.fixture
def people(db):
    learner = UserFactory(username="sam", first_name="Sam", last_name="Rivera")
    supervisor = UserFactory(username="jordan", first_name="Jordan", last_name="Lee")
    team = TeamFactory(name="Night shift")
    team.supervisors.add(supervisor)
    team.members.add(learner)
    return {"learner": learner, "supervisor": supervisor, "team": team}


def form(**changes):
    data = {
        "title": "Ethics in peer work",
        "provider": "State peer network",
        "done_on": "2026-10-02",
        "hours": "6",
        "category": "ethics",
        "ethics_hours": "0",
        "evidence": upload(PDF_BYTES),
    }
    data.update(changes)
    return data


def evidence_files() -> list[str]:
    try:
        return [
            name
            for folder in private_storage().listdir("evidence")[0]
            for name in private_storage().listdir(f"evidence/{folder}")[1]
        ]
    except FileNotFoundError:
        return []


@pytest.mark.parametrize("content", [PDF_BYTES, PNG_BYTES, JPEG_BYTES], ids=["pdf", "png", "jpeg"])
def test_add__stores_the_activity_pending_with_its_evidence_type_read_from_content(client, people, content):
    client.force_login(people["learner"])
    response = client.post(reverse("cpd_add_activity"), form(evidence=upload(content, "named-wrongly.txt")))
    assert response.status_code == HTTPStatus.FOUND
    activity = ExternalActivity.objects.get()
    assert activity.status == "pending" and activity.user == people["learner"]
    assert activity.evidence_type in {"application/pdf", "image/png", "image/jpeg"}
    assert "named-wrongly" not in activity.evidence.name  # the learner's file name is not kept
    assert activity.ethics_hours == Decimal(6)  # an ethics course is ethics hours throughout
    with activity.evidence.open("rb") as stored:
        assert stored.read() == content


BAD = [
    pytest.param(
        {"evidence": upload(b"MZ\x90\x00 not really a pdf", "certificate.pdf")},
        "not a PDF, PNG or JPEG",
        id="fake-pdf",
    ),
    pytest.param({"evidence": upload(b"", "empty.pdf")}, "empty", id="empty"),
    pytest.param(
        {"evidence": upload(b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf")},
        "the limit is 10 MB",
        id="too-big",
    ),
    pytest.param({"hours": "0"}, "more than zero", id="zero-hours"),
    pytest.param({"hours": "-2"}, "more than zero", id="negative-hours"),
    pytest.param({"hours": "25"}, "A day has 24 hours", id="absurd-hours"),
    pytest.param({"done_on": "2026-12-01"}, "in the future", id="future"),
    pytest.param(
        {"category": "wellbeing", "ethics_hours": "7"},
        "cannot be more than the hours",
        id="ethics-above-total",
    ),
    pytest.param({"title": ""}, "This field is required", id="no-title"),
]


@pytest.mark.parametrize(("changes", "words"), BAD)
def test_add__refuses_bad_input_with_a_message_and_stores_nothing(client, people, changes, words):
    client.force_login(people["learner"])
    files_before = evidence_files()
    response = client.post(reverse("cpd_add_activity"), form(**changes))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert words in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not ExternalActivity.objects.exists()
    assert evidence_files() == files_before


def test_evidence__is_the_learners_own_and_their_supervisors_anyone_else_404(client, people):
    activity = external_activity(people["learner"])
    url = reverse("cpd_evidence", args=[activity.pk])
    for user, status in [
        (people["learner"], 200),
        (people["supervisor"], 200),
        (UserFactory(username="alex"), 404),
        (UserFactory(username="boss", is_superuser=True, is_staff=True), 200),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF_BYTES
            assert response["Content-Type"] == "application/pdf"


def test_review__the_supervisor_approves_and_the_decision_is_recorded(client, people):
    activity = external_activity(people["learner"])
    client.force_login(people["supervisor"])
    queue = client.get(reverse("cpd_review"))
    assert activity.title in queue.content.decode()
    response = client.post(reverse("cpd_decide", args=[activity.pk]), {"outcome": "approved"})
    assert response.status_code == HTTPStatus.FOUND
    activity.refresh_from_db()
    assert activity.status == "approved"
    (decision,) = ActivityDecision.objects.all()
    assert (decision.reviewer, decision.reviewer_name, decision.reviewer_role) == (
        people["supervisor"],
        "Jordan Lee",
        "supervisor",
    )
    # a second click records nothing more
    client.post(reverse("cpd_decide", args=[activity.pk]), {"outcome": "returned", "comment": "Oops"})
    assert ActivityDecision.objects.count() == 1 and ExternalActivity.objects.get().status == "approved"


def test_review__returning_needs_a_comment_which_the_learner_reads(client, people):
    activity = external_activity(people["learner"])
    client.force_login(people["supervisor"])
    refused = client.post(reverse("cpd_decide", args=[activity.pk]), {"outcome": "returned", "comment": " "})
    assert refused.status_code == HTTPStatus.BAD_REQUEST and "Please say why" in refused.content.decode()
    assert not ActivityDecision.objects.exists()
    client.post(
        reverse("cpd_decide", args=[activity.pk]),
        {"outcome": "returned", "comment": "The letter has no date."},
    )
    client.force_login(people["learner"])
    page = client.get(reverse("cpd_record")).content.decode()
    assert "Returned" in page and "The letter has no date." in page and "Jordan Lee" in page


def test_review__nobody_else_decides_and_decisions_are_append_only(client, people):
    activity = external_activity(people["learner"])
    for user in (
        people["learner"],
        UserFactory(username="alex"),
        UserFactory(username="boss", is_superuser=True),
    ):
        client.force_login(user)
        assert (
            client.post(reverse("cpd_decide", args=[activity.pk]), {"outcome": "approved"}).status_code == 404
        )
    decision = decide(activity, people["supervisor"], "approved", "")
    with pytest.raises(PermissionDenied):
        decision.save()
    with pytest.raises(PermissionDenied):
        ActivityDecision.objects.all().delete()


def test_review__an_administrator_reviews_a_learner_in_no_team(client, db):
    loner = UserFactory(username="robin")
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    activity = external_activity(loner)
    client.force_login(admin)
    assert activity.title in client.get(reverse("cpd_review")).content.decode()
    client.post(reverse("cpd_decide", args=[activity.pk]), {"outcome": "approved"})
    assert ActivityDecision.objects.get().reviewer_role == "administrator"


def test_only_approved_hours_count(client, people):
    external_activity(people["learner"], title="Pending one", hours="2.0")
    approved = external_activity(people["learner"], title="Approved one", hours="3.0")
    decide(approved, people["supervisor"], "approved", "")
    client.force_login(people["learner"])
    text = client.get(reverse("cpd_record")).content.decode()
    assert "Approved by Jordan Lee" in text
    assert "<strong>3.0</strong>" in text
