"""Two reminder runs for one team at the same moment (a double click, two supervisors) send
each reminder once. PostgreSQL only: SQLite serialises writers."""

import pytest
from django.utils import timezone

from lms.models import Reminder
from lms.reminders import remind_team
from tests.concurrency import postgresql_only, together

pytestmark = [postgresql_only, pytest.mark.usefixtures("committed_db")]


def test_two_reminder_runs_at_once_remind_each_person_once(team_setup):
    team, supervisor, today = team_setup["team"], team_setup["supervisor"], timezone.localdate()
    outcomes = together(*[lambda: remind_team(team, supervisor, today)] * 2)
    assert sorted(outcome.sent for outcome in outcomes) == [0, 3]
    assert Reminder.objects.count() == 3
