"""The demo's teams and refresher paths: every standing in the supervisor's team of 25, one
extension and one exemption, an assignment by job role, and a renewal by a refresher path."""

from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from certificates.models import Certificate
from core import clock
from courses.models import CoursePage, LessonPage
from lms.compliance import team_matrix
from lms.demo.refreshers import REFRESHERS
from lms.models import Exemption, Extension, Team
from lms.standing import Standing


@pytest.fixture
def demo(db, settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("load_demo", verbosity=0)


def test_the_supervisors_team_of_25_shows_every_standing(demo):
    team = Team.objects.get(name="Community peer team")
    assert team.members.count() == 25
    matrix = team_matrix(team, clock.today())
    seen = Counter(cell.standing for row in matrix.rows for cell in row.cells)
    assert set(seen) >= set(Standing) - {Standing.NOT_REQUIRED}, seen
    assert Extension.objects.count() == 1 and Exemption.objects.count() == 1


def test_the_outreach_team_requires_the_supervision_module_of_its_supervisors_only(demo):
    team = Team.objects.get(name="Outreach team")
    matrix = team_matrix(team, clock.today())
    (column,) = matrix.assignments
    assert column.module.slug == "supervising-peer-workers"
    required = {row.member.username: row.cells[0].standing != Standing.NOT_REQUIRED for row in matrix.rows}
    assert required == {"outreach-01": True, "outreach-02": True, "outreach-03": False, "outreach-04": False}


def test_each_core_module_has_a_refresher_and_refresher_renewed_through_one(demo):
    for module in CoursePage.objects.filter(
        slug__in=[r.module_slug for r in REFRESHERS]
    ):  # the five core modules
        assert module.has_refresher, module.title
        assert LessonPage.objects.child_of(module).filter(refresher_only=True).count() == 1
    alex = User.objects.get(username="refresher")
    newest = (
        Certificate.objects.filter(user=alex, module__slug="sustaining-yourself")
        .order_by("-issued_at")
        .first()
    )
    assert newest.earned_by == "refresher" and newest.status == "valid"


def test_loading_again_changes_nothing(demo):
    counts = (
        User.objects.count(),
        Certificate.objects.count(),
        LessonPage.objects.count(),
        Extension.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert counts == (
        User.objects.count(),
        Certificate.objects.count(),
        LessonPage.objects.count(),
        Extension.objects.count(),
    )
