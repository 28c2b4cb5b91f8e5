"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit), run beside the
tests as its own process: the browser's trip goes through the provider's sign-in and consent
endpoints, and the token, userinfo and key requests are real HTTP."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

from lms.models import Invitation
from lms.two_factor.gate import PENDING
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET = "groundwork-test", "a-test-client-secret-0123456789"
CALLBACK = "http://testserver/accounts/sso/callback/"
PASSWORD = "provider-pass-4321"
PEOPLE = [
    ("ana", "ana.lima@example.org", "Ana", "Lima"),
    ("kim", "kim@example.org", "Kim", "Park"),
    ("stranger", "stranger@example.org", "Sam", "Stranger"),
    ("unverified-ana", "Ana.Lima@example.org", "Ana", "Lima"),
    ("revoked", "revoked@example.org", "Rev", "Oked"),
    ("editor", "editor@example.org", "Ed", "Itor"),
]
User = get_user_model()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The provider's base address, once it answers."""
    port = free_port()
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": CALLBACK,
        "people": [
            {"username": u, "email": e, "password": PASSWORD, "given_name": g, "family_name": f}
            for u, e, g, f in PEOPLE
        ],
    }
    env = {
        "OIDC_PROVIDER_DB": str(tmp_path_factory.mktemp("oidc") / "provider.sqlite3"),
        "PATH": "/usr/bin:/bin",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), json.dumps(spec)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert process.stdout.readline().strip() == "ready", "the test provider did not start"
        for _ in range(300):
            try:
                requests.get(f"{base}/o/.well-known/jwks.json", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, provider):
    """Groundwork configured for the provider, as the environment variables would."""
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/o/.well-known/jwks.json"
    settings.GROUNDWORK_OIDC_ENABLED = True
    settings.GROUNDWORK_OIDC_BUTTON_LABEL = "Sign in with Example Health"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "lms.sso.InvitedPeopleBackend"]
    return provider


def sign_in_through_provider(client, provider: str, username: str):
    """The browser's trip: Groundwork → provider sign-in → provider → Groundwork's callback."""
    start = client.get(reverse("sso_start"))
    assert start.status_code == HTTPStatus.FOUND and start.url.startswith(provider)
    browser = requests.Session()
    login_page = browser.get(start.url, timeout=30)
    assert "/accounts/login/" in login_page.url
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    signed_in = browser.post(
        login_page.url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    authorized = browser.get(provider + signed_in.headers["Location"], allow_redirects=False, timeout=30)
    back = urlsplit(authorized.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK and "code" in parse_qs(back.query)
    return client.get(f"{back.path}?{back.query}")


@pytest.mark.django_db
def test_sso__an_active_person_signs_in_by_verified_email(client, sso):
    kim = UserFactory(username="kim-park", email="KIM@example.org")
    response = sign_in_through_provider(client, sso, "kim")
    assert response.status_code == HTTPStatus.FOUND and response.url == reverse("learning:dashboard")
    assert client.session[SESSION_KEY] == str(kim.pk)


@pytest.mark.django_db
def test_sso__an_invited_person_signs_in_and_accepts_the_invitation(
    client, sso, django_capture_on_commit_callbacks
):
    from lms.invitations.importing import import_people
    from lms.invitations.people_csv import read_people

    with django_capture_on_commit_callbacks(execute=True):
        import_people(read_people(b"email,name\nana.lima@example.org,Ana Lima\n").rows)
    response = sign_in_through_provider(client, sso, "ana")
    assert response.url == reverse("learning:dashboard")
    ana = User.objects.get(email="ana.lima@example.org")
    assert ana.is_active and client.session[SESSION_KEY] == str(ana.pk)
    assert Invitation.objects.get(user=ana).state == Invitation.State.ACCEPTED


@pytest.mark.django_db
def test_sso__nobody_uninvited_gets_an_account(client, sso):
    response = sign_in_through_provider(client, sso, "stranger")
    assert response.url == reverse("sso_refused")
    assert not User.objects.filter(email__iexact="stranger@example.org").exists()
    assert SESSION_KEY not in client.session
    page = client.get(response.url)
    assert page.status_code == HTTPStatus.FORBIDDEN and "invite" in page.content.decode()


@pytest.mark.django_db
def test_sso__creates_accounts_only_when_told_to(client, sso, settings):
    settings.GROUNDWORK_OIDC_CREATE_USERS = True
    response = sign_in_through_provider(client, sso, "stranger")
    assert response.url == reverse("learning:dashboard")
    stranger = User.objects.get(email="stranger@example.org")
    assert (stranger.first_name, stranger.last_name) == ("Sam", "Stranger")
    assert not stranger.has_usable_password()


@pytest.mark.django_db
def test_sso__an_unverified_email_is_refused(client, sso):
    UserFactory(username="ana", email="ana.lima@example.org")
    response = sign_in_through_provider(client, sso, "unverified-ana")
    assert response.url == reverse("sso_refused") and SESSION_KEY not in client.session


@pytest.mark.django_db
def test_sso__a_revoked_invitation_keeps_the_person_out(client, sso, django_capture_on_commit_callbacks):
    from lms.invitations.importing import import_people
    from lms.invitations.people_csv import read_people
    from lms.invitations.sending import revoke

    with django_capture_on_commit_callbacks(execute=True):
        import_people(read_people(b"email,name\nrevoked@example.org,Rev Oked\n").rows)
    revoke(Invitation.objects.get(user__email="revoked@example.org"))
    response = sign_in_through_provider(client, sso, "revoked")
    assert response.url == reverse("sso_refused")
    assert not User.objects.get(email="revoked@example.org").is_active


@pytest.mark.django_db
def test_sso__staff_still_meet_the_two_step_check(client, sso, settings):
    from django.contrib.auth.models import Permission

    settings.GROUNDWORK_STAFF_2FA = "required"
    editor = UserFactory(username="ed", email="editor@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_through_provider(client, sso, "editor")
    assert client.session[SESSION_KEY] == str(editor.pk) and client.session.get(PENDING)
    response = client.get(reverse("learning:dashboard"))
    assert response.status_code == HTTPStatus.FOUND and "/accounts/security/" in response.url


@pytest.mark.django_db
def test_sso__the_sign_in_page_offers_the_button_only_when_configured(client, settings):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with" not in page
    assert client.get("/accounts/sso/start/").status_code == HTTPStatus.NOT_FOUND
    settings.GROUNDWORK_OIDC_ENABLED = True
    settings.GROUNDWORK_OIDC_BUTTON_LABEL = "Sign in with Example Health"
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Example Health" in page and reverse("sso_start") in page
    assert 'name="password"' in page  # password sign-in stays
