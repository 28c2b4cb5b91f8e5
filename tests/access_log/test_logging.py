"""Each view that shows a learner's record to a supervisor or administrator writes exactly one
row (one per learner shown), of the right kind and label; the learner's own views, refused
requests and anonymous ones write none; and the log is append-only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from access_log.models import RecordView
from assessments import reflections as journal
from tests.get_world import _stand_in_pdf

Kind, Role = RecordView.Kind, RecordView.Role


def new_rows(client, url, *, status=200, method="get"):
    """GET (or POST) the url, read the whole answer, and return the rows it added."""
    before = set(RecordView.objects.values_list("pk", flat=True))
    response = getattr(client, method)(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert response.status_code == status
    return list(RecordView.objects.exclude(pk__in=before))


def member_url(world, who="learner"):
    return reverse("team:member", args=[world["team"].pk, world[who].pk])


def observe_url(world):
    return reverse("team:observe", args=[world["team"].pk, world["learner"].pk])


def pdf_url(certificate):
    return reverse("certificate_pdf", args=[certificate.code])


def test_a_supervisor_opening_the_member_page_is_logged_once(world, as_role):
    (row,) = new_rows(as_role("supervisor"), member_url(world))
    assert (row.learner, row.viewer, row.viewer_role) == (
        world["learner"],
        world["supervisor"],
        Role.SUPERVISOR,
    )
    assert (row.kind, row.label) == (Kind.TEAM_RECORD, "Night shift")
    assert row.viewer_name == world["supervisor"].get_full_name()


def test_the_member_page_tells_the_supervisor_the_learner_can_see_it(world, as_role):
    response = as_role("supervisor").get(member_url(world))
    assert "can see that you opened this page" in response.text


def test_opening_the_observation_form_is_logged_but_posting_it_is_not(world, as_role):
    client = as_role("supervisor")
    (row,) = new_rows(client, observe_url(world))
    assert (row.learner, row.kind, row.label) == (world["learner"], Kind.OBSERVATION_FORM, "Night shift")
    assert new_rows(client, observe_url(world), method="post") == []  # an invalid form, shown again


def test_shared_reflections_log_one_row_per_learner_shown(world, as_role):
    (row,) = new_rows(as_role("supervisor"), reverse("shared_reflections"))
    assert (row.learner, row.viewer, row.kind) == (
        world["learner"],
        world["supervisor"],
        Kind.SHARED_REFLECTIONS,
    )
    assert row.label == world["reflective"].title  # the shared one; the private one is never named


def test_shared_reflections_with_nothing_shared_log_nothing(world, as_role):
    journal.revoke(world["shared"])
    assert new_rows(as_role("supervisor"), reverse("shared_reflections")) == []


def test_a_supervisor_downloading_a_certificate_is_logged(world, as_role):
    (row,) = new_rows(as_role("supervisor"), pdf_url(world["current"]))
    assert (row.learner, row.viewer_role, row.kind, row.label) == (
        world["learner"],
        Role.SUPERVISOR,
        Kind.CERTIFICATE,
        "Humility",
    )


def test_an_administrator_downloading_a_certificate_is_logged_as_an_administrator(world, as_role):
    (row,) = new_rows(as_role("admin"), pdf_url(world["current"]))
    assert (row.learner, row.viewer, row.viewer_role) == (
        world["learner"],
        world["admin"],
        Role.ADMINISTRATOR,
    )


def test_the_owner_downloading_their_own_certificate_is_not_logged(world, as_role):
    assert new_rows(as_role("learner"), pdf_url(world["current"])) == []


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("anonymous", lambda w: pdf_url(w["current"]), 302),
        ("anonymous", member_url, 302),
        ("other", lambda w: pdf_url(w["current"]), 404),
        ("other", member_url, 404),
        ("other", observe_url, 404),
        ("other", lambda w: reverse("shared_reflections"), 404),
        ("editor", lambda w: pdf_url(w["current"]), 404),
        ("learner", lambda w: reverse("learning:who_has_seen"), 200),
        ("learner", lambda w: reverse("learning:practice"), 200),
        ("learner", lambda w: reverse("learning:reflections"), 200),
        ("supervisor", lambda w: pdf_url(w["missing"]), 404),  # a module the team does not require
    ],
)
def test_refused_and_own_requests_log_nothing(world, as_role, role, url, status):
    assert new_rows(as_role(role), url(world), status=status) == []


# Supervisor scope (issue 10, item 6) -------------------------------------------------------------


def test_a_supervisor_reaches_certificates_only_for_modules_the_team_requires(world, as_role):
    _stand_in_pdf(world["missing"])  # "Safety": the learner holds it, the team does not require it
    client = as_role("supervisor")
    assert client.get(pdf_url(world["missing"])).status_code == 404
    assert client.get(pdf_url(world["current"])).status_code == 200  # "Humility": required


def test_an_administrator_and_the_owner_reach_any_module(world, as_role):
    _stand_in_pdf(world["missing"])
    assert as_role("admin").get(pdf_url(world["missing"])).status_code == 200
    assert as_role("learner").get(pdf_url(world["missing"])).status_code == 200


# Append-only ---------------------------------------------------------------------------------------


def test_entries_are_never_changed_or_deleted(world):
    entry = RecordView.objects.get(learner=world["learner"])
    with pytest.raises(PermissionDenied):
        RecordView.objects.filter(pk=entry.pk).update(label="Nothing to see")
    with pytest.raises(PermissionDenied):
        RecordView.objects.filter(pk=entry.pk).delete()
    entry.label = "Nothing to see"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert RecordView.objects.get(pk=entry.pk).label == "Night shift"


def test_deleting_the_viewer_keeps_the_entry_and_its_name_deleting_the_learner_erases_it(world):
    entry = RecordView.objects.get(learner=world["learner"])
    world["supervisor"].delete()
    kept = RecordView.objects.get(pk=entry.pk)
    assert kept.viewer is None and kept.viewer_name == entry.viewer_name
    world["learner"].delete()
    assert not RecordView.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_no_get_by_a_learner_anywhere_writes_an_entry(world, tmp_path):
    """The walk of every URL, as the learner and as another learner, checking the log only (the
    project-wide walk lets supervisors and administrators write it)."""
    from tests.get_world import Values
    from tests.test_get_changes_nothing import RoleWalk, walk_paths

    paths, _ = walk_paths(Values(world))
    for role in ("learner", "other"):
        walk = RoleWalk(role, world["users"][role], [RecordView._meta.db_table], [tmp_path / "none"])
        assert walk.run(paths) == []
