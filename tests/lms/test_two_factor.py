"""Two-step sign-in (issue 10, item 2): enrolment, codes, recovery codes, and who must use it."""

from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.two_factor.devices import replace_recovery_codes
from tests.factories import PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

ENROL = reverse("two_factor:enrol")
VERIFY = reverse("two_factor:verify")
DASHBOARD = reverse("learning:dashboard")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def editor():
    user = UserFactory(username="eddie")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    return user


def with_authenticator(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return device, replace_recovery_codes(user)


def password_sign_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    return client


@pytest.fixture
def required(settings):
    settings.GROUNDWORK_STAFF_2FA = "required"


def test_enrol__get_writes_nothing_and_start_shows_a_qr_code_and_the_secret(learner_client, learner):
    """A GET of the set-up page makes no device; the POST does, and the page then draws its QR code."""
    first = learner_client.get(ENROL)
    assert first.status_code == HTTPStatus.OK
    assert not TOTPDevice.objects.exists()

    learner_client.post(ENROL, {"action": "start"})
    learner_client.post(ENROL, {"action": "start"})  # a double-click shows the same secret
    device = TOTPDevice.objects.get(user=learner)
    assert not device.confirmed
    page = learner_client.get(ENROL).content.decode()
    assert "<svg" in page and 'class="qr"' in page
    assert page.count("<code>") == 1


def test_enrol__confirming_with_a_code_turns_it_on_and_shows_ten_recovery_codes_once(learner_client, learner):
    learner_client.post(ENROL, {"action": "start"})
    device = TOTPDevice.objects.get(user=learner)

    response = learner_client.post(ENROL, {"code": code_for(device)})

    device.refresh_from_db()
    assert device.confirmed
    tokens = list(StaticToken.objects.filter(device__user=learner).values_list("token", flat=True))
    assert len(tokens) == 10
    page = response.content.decode()
    assert all(token in page for token in tokens)
    assert "keep them somewhere safe" in page
    assert learner_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert "no-store" in response["Cache-Control"]


def test_enrol__a_wrong_code_leaves_it_off(learner_client, learner):
    learner_client.post(ENROL, {"action": "start"})
    device = TOTPDevice.objects.get(user=learner)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = learner_client.post(ENROL, {"code": wrong})

    assert response.status_code == HTTPStatus.OK
    assert "did not match" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticToken.objects.exists()


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("role", ["editor", "administrator", "supervisor"])
def test_required__staff_without_an_authenticator_are_sent_to_set_one_up(client, role):
    if role == "editor":
        user = editor()
    elif role == "administrator":
        user = UserFactory(username="ada", is_superuser=True, is_staff=True)
    else:
        user = UserFactory(username="jordan")
        TeamFactory(name="Night shift").supervisors.add(user)
    client.force_login(user)

    response = client.get(DASHBOARD)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(ENROL)
    assert client.get(ENROL).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("required")
def test_required__a_learner_is_not_asked(learner_client):
    assert learner_client.get(DASHBOARD).status_code == HTTPStatus.OK


def test_optional__changes_nothing_for_staff(client, settings):
    settings.GROUNDWORK_STAFF_2FA = "optional"
    client.force_login(editor())
    assert client.get(DASHBOARD).status_code == HTTPStatus.OK
    assert client.get(reverse("wagtailadmin_home")).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("required")
def test_required__an_editors_first_sign_in_enrols_totp_and_then_reaches_the_admin():
    user = editor()
    client = password_sign_in(user)
    admin = reverse("wagtailadmin_home")
    assert client.get(admin)["Location"].startswith(ENROL)

    client.post(ENROL, {"action": "start", "next": admin})
    device = TOTPDevice.objects.get(user=user)
    client.post(ENROL, {"code": code_for(device), "next": admin})

    assert client.get(admin).status_code == HTTPStatus.OK


def test_admin__requires_verification_when_required_even_if_decided_after_sign_in(client, settings):
    """The admin checks afresh: an editor signed in while it was optional is stopped there."""
    settings.GROUNDWORK_STAFF_2FA = "optional"
    client.force_login(editor())
    settings.GROUNDWORK_STAFF_2FA = "required"

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(ENROL)


def test_sign_in__with_an_authenticator_asks_for_the_code_first(learner):
    device, _ = with_authenticator(learner)
    client = password_sign_in(learner)

    held = client.get(DASHBOARD)
    assert held.status_code == HTTPStatus.FOUND and held["Location"].startswith(VERIFY)
    assert client.get(reverse("two_factor:security"))["Location"].startswith(VERIFY)
    assert client.get(ENROL)["Location"].startswith(VERIFY)  # no new authenticator on a password alone

    response = client.post(VERIFY, {"code": code_for(device), "next": DASHBOARD})

    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == HTTPStatus.OK


def test_sign_in__a_wrong_code_is_refused_then_throttled_never_a_500(learner, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 20  # a wait this test cannot outrun on a slow machine
    device, _ = with_authenticator(learner)
    client = password_sign_in(learner)
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"

    refused = client.post(VERIFY, {"code": wrong})
    assert refused.status_code == HTTPStatus.OK
    assert "did not match" in refused.content.decode()

    throttled = client.post(VERIFY, {"code": code_for(device)})
    assert "Wait" in throttled.content.decode()
    assert client.get(DASHBOARD).status_code == HTTPStatus.FOUND

    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31), tick=False):
        assert client.post(VERIFY, {"code": code_for(device)})["Location"] == reverse("learning:home")


@pytest.mark.parametrize("junk", ["", "\x00", "\U0001d7d8" * 6, "٠١٢٣٤٥", "9" * 5000, "'; drop table x"])
def test_sign_in__junk_codes_are_refused_calmly(learner, junk):
    with_authenticator(learner)
    client = password_sign_in(learner)
    response = client.post(VERIFY, {"code": junk})
    assert response.status_code == HTTPStatus.OK
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_recovery__a_recovery_code_signs_in_once_then_offers_a_new_authenticator(learner):
    _, codes = with_authenticator(learner)
    client = password_sign_in(learner)

    response = client.post(VERIFY, {"code": codes[0].upper()})

    assert response["Location"].startswith(ENROL)
    assert client.get(DASHBOARD).status_code == HTTPStatus.OK
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert StaticToken.objects.filter(device__user=learner).count() == 9
    page = client.get(ENROL).content.decode()
    assert "replaces the authenticator" in page

    again = password_sign_in(learner)
    reused = again.post(VERIFY, {"code": codes[0]})
    assert reused.status_code == HTTPStatus.OK and "did not match" in reused.content.decode()


def test_recovery__a_new_authenticator_replaces_the_old_one_and_its_codes(learner):
    _, codes = with_authenticator(learner)
    client = password_sign_in(learner)
    client.post(VERIFY, {"code": codes[0]})
    client.post(ENROL, {"action": "start"})
    new = TOTPDevice.objects.get(user=learner, confirmed=False)

    client.post(ENROL, {"code": code_for(new)})

    assert list(TOTPDevice.objects.filter(user=learner)) == [new]
    assert not StaticToken.objects.filter(token__in=codes).exists()


def test_turn_off__a_learner_turns_it_off_with_a_current_code(learner):
    device, _ = with_authenticator(learner)
    client = password_sign_in(learner)
    client.post(VERIFY, {"code": code_for(device)})
    turn_off = reverse("two_factor:turn_off")
    assert client.get(turn_off).status_code == HTTPStatus.METHOD_NOT_ALLOWED

    refused = client.post(turn_off, {"code": "nope"})
    assert refused.status_code == HTTPStatus.OK and TOTPDevice.objects.exists()

    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=61), tick=False):
        client.post(turn_off, {"code": code_for(device)})

    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()


@pytest.mark.usefixtures("required")
def test_turn_off__staff_who_must_use_it_cannot(client):
    user = editor()
    device, codes = with_authenticator(user)
    client.force_login(user)
    client.post(VERIFY, {"code": code_for(device)})

    client.post(reverse("two_factor:turn_off"), {"code": codes[0]})

    assert TOTPDevice.objects.filter(user=user).exists()
    assert StaticToken.objects.filter(token=codes[0]).exists()


def test_reset_command__removes_a_persons_devices_so_they_set_up_afresh(learner):
    from django.core.management import call_command

    with_authenticator(learner)
    call_command("reset_two_factor", learner.username)
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    assert password_sign_in(learner).get(DASHBOARD).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("required")
def test_required__signing_in_through_the_wagtail_admin_login_also_leads_to_set_up():
    user = editor()
    client = Client()
    client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD})

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(ENROL)
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == HTTPStatus.FOUND
