"""Invitations: the emailed link, choosing a password, resending and revoking."""

from __future__ import annotations

import datetime
import re
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.invitations.importing import import_people
from lms.invitations.people_csv import read_people
from lms.invitations.sending import resend, revoke
from lms.models import Invitation

User = get_user_model()
PASSWORD = "a-Long-new-passphrase-17"


@pytest.fixture
def invited(db, django_capture_on_commit_callbacks):
    """Ana, invited by import; her emailed link."""
    with django_capture_on_commit_callbacks(execute=True):
        import_people(read_people(b"email,name\nana@example.org,Ana Lima\n").rows)
    return Invitation.objects.get(user__email="ana@example.org"), link_in(mail.outbox[-1].body)


def link_in(body: str) -> str:
    return (
        re.search(r"https?://\S+/accounts/invitation/\S+/", body).group(0).split("//", 1)[1].split("/", 1)[1]
    )


def path_of(link: str) -> str:
    return "/" + link


def test_accept__choosing_a_password_signs_in_and_lands_on_the_learning_page(client, invited):
    invitation, link = invited
    assert client.get(path_of(link)).status_code == HTTPStatus.OK
    response = client.post(path_of(link), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND and response.url == reverse("learning:dashboard")
    ana = User.objects.get(email="ana@example.org")
    assert ana.is_active and ana.check_password(PASSWORD)
    assert client.session[SESSION_KEY] == str(ana.pk)
    assert client.get(response.url).status_code == HTTPStatus.OK
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_accept__the_link_works_once(client, invited):
    _invitation, link = invited
    client.post(path_of(link), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()
    response = client.post(
        path_of(link), {"new_password1": "another-Pass-99x", "new_password2": "another-Pass-99x"}
    )
    assert response.status_code == HTTPStatus.GONE
    assert User.objects.get(email="ana@example.org").check_password(PASSWORD)


def test_accept__a_weak_password_is_refused_and_nothing_changes(client, invited):
    _invitation, link = invited
    response = client.post(path_of(link), {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == HTTPStatus.OK and "too short" in response.content.decode()
    assert not User.objects.get(email="ana@example.org").is_active


def test_accept__an_expired_link_shows_a_clear_page_and_creates_nothing(client, invited):
    _invitation, link = invited
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = client.post(path_of(link), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == HTTPStatus.GONE
    assert "expired" in response.content.decode()
    ana = User.objects.get(email="ana@example.org")
    assert not ana.is_active and not ana.has_usable_password()


def test_accept__a_link_still_works_on_day_thirteen(client, invited):
    _invitation, link = invited
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13)):
        assert client.get(path_of(link)).status_code == HTTPStatus.OK


def test_accept__a_revoked_link_shows_a_clear_page_and_creates_nothing(client, invited):
    invitation, link = invited
    assert revoke(invitation)
    assert not revoke(invitation)  # a second click changes nothing
    response = client.post(path_of(link), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == HTTPStatus.GONE and "withdrawn" in response.content.decode()
    assert not User.objects.get(email="ana@example.org").is_active


def test_accept__an_unknown_token_reveals_nothing(client, invited):
    response = client.get(reverse("invitation_accept", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == HTTPStatus.NOT_FOUND
    page = response.content.decode()
    assert "ana" not in page.lower() and "expired" not in page and "withdrawn" not in page


def test_resend__a_new_link_replaces_the_old_one(client, invited, django_capture_on_commit_callbacks):
    invitation, old_link = invited
    with django_capture_on_commit_callbacks(execute=True):
        assert resend(invitation)
    new_link = link_in(mail.outbox[-1].body)
    assert new_link != old_link and len(mail.outbox) == 2
    assert client.get(path_of(old_link)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(path_of(new_link)).status_code == HTTPStatus.OK
    invitation.refresh_from_db()
    assert invitation.times_sent == 2


def test_resend__renews_an_expired_invitation_for_fourteen_days(
    client, invited, django_capture_on_commit_callbacks
):
    invitation, _link = invited
    later = timezone.now() + datetime.timedelta(days=20)
    with time_machine.travel(later, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            resend(invitation)
        assert client.get(path_of(link_in(mail.outbox[-1].body))).status_code == HTTPStatus.OK
    invitation.refresh_from_db()
    assert invitation.expires_at == later + datetime.timedelta(days=14)


def test_admin__resend_and_revoke_are_posts_by_administrators(
    client, invited, django_capture_on_commit_callbacks
):
    invitation, _link = invited
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    listing = client.get(reverse("people_admin:invitations"))
    assert "ana@example.org" in listing.content.decode()
    resend_url = reverse("people_admin:resend", args=[invitation.pk])
    assert client.get(resend_url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend_url).status_code == HTTPStatus.FOUND
    assert len(mail.outbox) == 2
    client.post(reverse("people_admin:revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url)
    assert len(mail.outbox) == 2
    missing = reverse("people_admin:revoke", args=[invitation.pk + 1000])
    assert client.post(missing).status_code == HTTPStatus.NOT_FOUND


def test_admin__invite_one_person(client, db, django_capture_on_commit_callbacks):
    from lms.models import JobRole
    from tests.factories import TeamFactory

    team, role = TeamFactory(name="Outreach"), JobRole.objects.create(name="Peer support worker")
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    assert client.get(reverse("people_admin:invite")).status_code == HTTPStatus.OK
    data = {
        "first_name": "Kim",
        "last_name": "Park",
        "email": "Kim.Park@example.org",
        "teams": [team.pk],
        "job_role": role.pk,
        "start_date": "2026-02-01",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people_admin:invite"), data)
    assert response.status_code == HTTPStatus.FOUND
    kim = User.objects.get(email="Kim.Park@example.org")
    assert kim.profile.job_role == role and list(kim.teams.all()) == [team]
    assert mail.outbox[-1].to == ["Kim.Park@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people_admin:invite"), data | {"email": "kim.park@EXAMPLE.org"})
    assert User.objects.filter(email__iexact="kim.park@example.org").count() == 1
    assert len(mail.outbox) == 1
