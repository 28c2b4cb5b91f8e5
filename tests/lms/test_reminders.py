"""Reminders a supervisor sends: only to those who need to act, once a week, kindly worded."""

import datetime
from http import HTTPStatus

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.models import Reminder


def test_reminders__sent_once_to_those_who_need_action(
    supervisor_client, team_setup, django_capture_on_commit_callbacks
):
    url = reverse("team:remind", args=[team_setup["team"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(url, follow=True)
    assert "Sent 3 reminders to 2 people." in response.content.decode()
    assert sorted((r.user.username, r.standing) for r in Reminder.objects.all()) == [
        ("alex", "due"),
        ("alex", "overdue"),
        ("sam", "overdue"),
    ]
    assert len(mail.outbox) == 2  # one email per person, listing every module that needs them
    alex_email = next(m for m in mail.outbox if m.to == [team_setup["alex"].email])
    held, _started, untouched = team_setup["modules"]
    assert alex_email.subject == "A reminder about 2 modules"
    assert held.title in alex_email.body and untouched.title in alex_email.body
    assert "own pace" in alex_email.body and "/certificates/" in alex_email.body

    with django_capture_on_commit_callbacks(execute=True):  # a double click sends nothing more
        again = supervisor_client.post(url, follow=True)
    assert Reminder.objects.count() == 3 and len(mail.outbox) == 2
    assert "3 reminders were not sent again" in again.content.decode()
    assert "reminded" in supervisor_client.get(reverse("team:dashboard")).content.decode()


def test_reminders__get_changes_nothing(supervisor_client, team_setup):
    response = supervisor_client.get(reverse("team:remind", args=[team_setup["team"].pk]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not Reminder.objects.exists()


def test_reminders__a_week_later_can_go_again(
    supervisor_client, team_setup, django_capture_on_commit_callbacks
):
    url = reverse("team:remind", args=[team_setup["team"].pk])
    supervisor_client.post(url)
    Reminder.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_client.post(url)
    assert Reminder.objects.count() == 6


def test_reminders__nobody_is_counted_as_reminded_without_an_email_address(
    supervisor_client, team_setup, django_capture_on_commit_callbacks
):
    get_user_model_ = team_setup["sam"].__class__
    get_user_model_.objects.filter(pk=team_setup["sam"].pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(reverse("team:remind", args=[team_setup["team"].pk]), follow=True)
    html = response.content.decode()
    assert "Sent 2 reminders to 1 person." in html
    assert "1 person who needs to act has no email address" in html
    assert not Reminder.objects.filter(user=team_setup["sam"]).exists()
    assert all(m.to == [team_setup["alex"].email] for m in mail.outbox if m.subject.startswith("A reminder"))


def test_reminder_email__links_to_the_module_by_its_full_address(
    supervisor_client, team_setup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_client.post(reverse("team:remind", args=[team_setup["team"].pk]))
    overdue = next(m for m in mail.outbox if m.to == [team_setup["sam"].email])
    page_path = team_setup["modules"][2].get_url_parts()[2]
    links = [line.strip() for line in overdue.body.splitlines() if "http" in line]
    assert len(links) == 1 and links[0].startswith("http") and links[0].endswith(page_path)
    assert links[0].count("http") == 1


def test_reminder_subject__keeps_the_module_title_as_written(
    supervisor_client, team_setup, django_capture_on_commit_callbacks
):
    Reminder.objects.all().delete()
    untouched = team_setup["modules"][2]
    untouched.title = 'Boundaries & Sam\'s "rules"'
    untouched.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_client.post(reverse("team:remind", args=[team_setup["team"].pk]))
    subjects = [m.subject for m in mail.outbox if m.to == [team_setup["sam"].email]]
    assert subjects and all('Boundaries & Sam\'s "rules"' in subject for subject in subjects)


def test_reminders__never_about_a_module_the_person_is_already_renewing(
    supervisor_client, team_setup, django_capture_on_commit_callbacks
):
    """Alex started renewing the held module: their digest is about the overdue one only."""
    from courses.progress import renew

    held, _started, untouched = team_setup["modules"]
    renew(team_setup["alex"], held)
    with django_capture_on_commit_callbacks(execute=True):
        supervisor_client.post(reverse("team:remind", args=[team_setup["team"].pk]))
    alex_email = next(m for m in mail.outbox if m.to == [team_setup["alex"].email])
    assert held.title not in alex_email.body and untouched.title in alex_email.body
    assert not Reminder.objects.filter(user=team_setup["alex"], module=held).exists()


def test_reminder_preview__shows_each_persons_email_and_sends_nothing(supervisor_client, team_setup):
    held, _started, untouched = team_setup["modules"]
    response = supervisor_client.get(reverse("team:remind_preview", args=[team_setup["team"].pk]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Alex Okafor" in html and "Sam Rivera" in html
    assert "A reminder about 2 modules" in html and held.title in html and untouched.title in html
    assert "Send these 2 reminders" in html
    assert not Reminder.objects.exists() and not mail.outbox


def test_reminder_preview__is_only_for_the_teams_supervisor(client, team_setup):
    client.force_login(team_setup["alex"])
    response = client.get(reverse("team:remind_preview", args=[team_setup["team"].pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
