"""The learner's "who has seen my record" page: their own entries only, in plain words, newest
first, paginated, in a bounded number of queries; linked from the dashboard. Their own GETs
anywhere write no entry."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access_log.models import RecordView
from access_log.views import PER_PAGE
from tests.factories import UserFactory

URL = reverse("learning:who_has_seen")
LOCAL = ZoneInfo(settings.TIME_ZONE)


def entry(
    learner,
    *,
    at,
    name="Morgan Reid",
    role=RecordView.Role.SUPERVISOR,
    kind=RecordView.Kind.TEAM_RECORD,
    label="Night shift",
):
    return RecordView.objects.create(
        learner=learner, viewer_name=name, viewer_role=role, kind=kind, label=label, at=at
    )


@pytest.fixture
def learner(db):
    return UserFactory(username="refresher")


def test_the_learner_reads_who_looked_in_plain_words_newest_first(client, learner):
    entry(learner, at=datetime.datetime(2026, 11, 30, 10, 26, tzinfo=LOCAL))
    entry(
        learner,
        at=datetime.datetime(2026, 12, 1, 9, 5, tzinfo=LOCAL),
        name="Alex Boss",
        role=RecordView.Role.ADMINISTRATOR,
        kind=RecordView.Kind.CERTIFICATE,
        label="Boundaries",
    )
    client.force_login(learner)
    text = client.get(URL).text
    first = (
        "Alex Boss (an administrator) downloaded your certificate for Boundaries on 1 December 2026 at 09:05."
    )
    second = "Morgan Reid (your supervisor) looked at your team record in Night shift on 30 November 2026 at 10:26."
    assert first in text and second in text
    assert text.index(first) < text.index(second)


def test_another_learners_entries_never_appear(client, learner):
    entry(
        UserFactory(username="someone-else"),
        at=datetime.datetime(2026, 11, 30, tzinfo=LOCAL),
        label="Secret team",
    )
    client.force_login(learner)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Secret team" not in response.text
    assert "Nobody else has opened your record yet." in response.text


def test_a_long_list_is_paginated_and_a_bad_page_number_is_the_first_page(client, learner):
    start = datetime.datetime(2026, 1, 1, tzinfo=LOCAL)
    for n in range(PER_PAGE + 1):
        entry(learner, at=start + datetime.timedelta(hours=n), label=f"Team {n:03d}")
    client.force_login(learner)
    first = client.get(URL).text
    assert f"Team {PER_PAGE:03d}" in first and "Team 000" not in first  # newest first
    assert "Page 1 of 2" in first
    last = client.get(URL, {"page": "2"}).text
    assert "Team 000" in last and f"Team {PER_PAGE:03d}" not in last
    for page in ("abc", "٣", "0", "99999999999999999999"):
        assert client.get(URL, {"page": page}).status_code == 200


def test_the_page_takes_a_bounded_number_of_queries(client, learner):
    client.force_login(learner)
    client.get(URL)  # the site's and organisation's settings are cached after a first request
    counts = []
    for more in (1, PER_PAGE * 2):
        for n in range(more):
            entry(learner, at=datetime.datetime(2026, 1, 1, tzinfo=LOCAL) + datetime.timedelta(minutes=n))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6  # session, user, the count, the page, and what base.html reads


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_dashboard_links_to_it(client, learner, catalogue):
    client.force_login(learner)
    assert f'href="{URL}"' in client.get(reverse("learning:dashboard")).text
