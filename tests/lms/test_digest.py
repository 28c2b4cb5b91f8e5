"""The supervisors' weekly digest, its opt-out, and the schedule that sends it."""

import datetime
import io
from http import HTTPStatus

import pytest
import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from courses.progress import complete_module
from lms.digest import send_weekly_digests, week_key
from lms.models import Assignment, DigestChoice, Extension
from lms.scheduling import JOBS, configure, enqueue
from outbox.models import OutgoingEmail
from tests.factories import TeamFactory, UserFactory, build_module

pytestmark = pytest.mark.django_db
MONDAY = datetime.datetime(2026, 11, 30, 7, tzinfo=datetime.UTC)


def days(n: int) -> datetime.date:
    return MONDAY.date() + datetime.timedelta(days=n)


@pytest.fixture
def teams(catalogue):
    """Two teams, each with a supervisor; one person overdue, one due soon, one completed,
    one extended to next week."""
    overdue_module, soon_module = build_module(catalogue, lessons=1)[0], build_module(catalogue, lessons=1)[0]
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    lee, kim = UserFactory(username="lee", email="lee@example.org"), UserFactory(username="kim", email="")
    north.supervisors.add(lee)
    south.supervisors.add(kim, lee)
    ana, ben, cy, dee = (UserFactory(username=n, first_name=n.title()) for n in ("ana", "ben", "cy", "dee"))
    with time_machine.travel(MONDAY - datetime.timedelta(days=40)):  # members since before the dates were set
        north.members.add(ana, ben, cy)
        south.members.add(dee)
        Assignment.objects.create(team=north, module=overdue_module, due_on=days(-3))
        Assignment.objects.create(team=north, module=soon_module, due_on=days(20))
        Assignment.objects.create(team=south, module=soon_module, due_on=days(10))
    with time_machine.travel(MONDAY - datetime.timedelta(days=2)):
        complete_module(cy, overdue_module)
        Extension.objects.create(
            user=ben,
            module=overdue_module,
            module_title=overdue_module.title,
            new_due_on=days(5),
            reason="leave",
        )
    return locals()


@time_machine.travel(MONDAY)
def test_the_digest_says_what_was_completed_is_due_is_late_and_which_extensions_end(
    teams, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests() == 1  # kim has no email address
    (email,) = mail.outbox
    assert email.to == ["lee@example.org"]
    body = email.body
    late = body.split("Overdue or expired")[1].split("Due in the next")[0]
    assert "Ana" in late and "Ben" not in late  # Ben's extension holds
    due = body.split("Due in the next 30 days:")[1].split("Extensions ending")[0]
    assert "Dee" in due and "(South)" in due and "Ana" in due
    assert "Ben" in body.split("Extensions ending in the next 14 days:")[1].split("Completed")[0]
    assert "Cy" in body.split("Completed in the last 7 days:")[1]


@time_machine.travel(MONDAY)
def test_twice_in_a_week_sends_once_and_the_next_week_again(teams):
    send_weekly_digests()
    assert send_weekly_digests() == 0
    call_command("send_weekly_digest", stdout=io.StringIO())
    assert OutgoingEmail.objects.filter(kind="weekly_digest").count() == 1
    assert OutgoingEmail.objects.get(kind="weekly_digest").key == week_key(teams["lee"].pk, MONDAY.date())
    with time_machine.travel(MONDAY + datetime.timedelta(days=6)):  # Sunday: the same ISO week
        assert send_weekly_digests() == 0
    with time_machine.travel(MONDAY + datetime.timedelta(days=7)):
        assert send_weekly_digests() == 1


@time_machine.travel(MONDAY)
def test_a_supervisor_who_turned_it_off_gets_none(client, teams):
    client.force_login(teams["lee"])
    page = client.get(reverse("team:dashboard"))
    assert "Turn off the weekly digest" in page.content.decode()
    assert client.post(reverse("team:digest"), {"wanted": "off"}).status_code == HTTPStatus.FOUND
    assert DigestChoice.objects.get(user=teams["lee"]).wants_digest is False
    assert send_weekly_digests() == 0 and not OutgoingEmail.objects.exists()
    client.post(reverse("team:digest"), {"wanted": "on"})
    assert send_weekly_digests() == 1


def test_the_digest_choice_is_for_supervisors_only(client, teams):
    client.force_login(teams["ana"])
    assert client.post(reverse("team:digest"), {"wanted": "off"}).status_code == HTTPStatus.NOT_FOUND
    assert not DigestChoice.objects.exists()


@time_machine.travel(MONDAY)
def test_the_digest_takes_a_fixed_number_of_queries(teams, django_assert_max_num_queries):
    for n in range(20):
        teams["north"].members.add(UserFactory(username=f"extra{n}"))
        supervisor = UserFactory(username=f"boss{n}", email=f"boss{n}@example.org")
        TeamFactory(name=f"Team {n}").supervisors.add(supervisor)
        teams["north"].supervisors.add(supervisor)
    with django_assert_max_num_queries(15 + 6 * 21):  # a fixed number, then each email's outbox row
        assert send_weekly_digests() == 21


def test_the_schedule_has_every_job_and_two_schedulers_firing_send_once(
    teams, django_capture_on_commit_callbacks
):
    scheduler = configure(BackgroundScheduler(timezone="Europe/London"))
    assert {job.id for job in scheduler.get_jobs()} == {job.name for job in JOBS}
    trigger = scheduler.get_job("weekly_digest").trigger
    after_sunday = datetime.datetime(2026, 11, 29, 12, tzinfo=datetime.UTC)
    fire = trigger.get_next_fire_time(None, after_sunday)
    assert (fire.weekday(), fire.hour, fire.minute) == (0, 7, 0)
    with time_machine.travel(MONDAY), django_capture_on_commit_callbacks(execute=True):
        enqueue("weekly_digest")  # the immediate backend runs the task at once, as a worker would
        enqueue("weekly_digest")  # a second replica's scheduler fires too
    assert len(mail.outbox) == 1


def test_run_scheduler_lists_its_jobs(capsys):
    call_command("run_scheduler", "--list")
    out = capsys.readouterr().out
    assert "weekly_digest" in out and "day_of_week='mon'" in out
