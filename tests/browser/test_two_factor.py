"""An editor's first sign-in with two-step sign-in required, by keyboard, with axe on each page."""

from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .test_learner_journey import tab_to


def sign_in(page, username: str, lands_on: str) -> None:
    page.goto("/accounts/login/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lands_on)


def tab_to_field(page, field_id: str, limit=80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == field_id:
            return
    raise AssertionError(f"Could not reach #{field_id} with the keyboard")


def test_editor__first_sign_in_enrols_an_authenticator_then_signs_in_with_a_code(
    page, demo, assert_accessible, settings
):
    settings.GROUNDWORK_STAFF_2FA = "required"
    editor = User.objects.get(username="editor")
    editor.set_password(PASSWORD)
    editor.save()

    sign_in(page, "editor", "**/accounts/security/set-up/**")
    assert page.get_by_role("heading", name="Set up two-step sign-in").is_visible()
    assert_accessible(page)

    tab_to(page, "Show my set-up code")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("svg.qr")).to_be_visible()
    assert_accessible(page)

    device = TOTPDevice.objects.get(user=editor)
    tab_to_field(page, "id_code")
    page.keyboard.type(f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "editor", "**/accounts/security/code/**")
    page.keyboard.type("000000" if totp(device.bin_key) else "111111")  # the code box has the focus
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#id_code_error")).to_contain_text("That code did not match.")
    assert_accessible(page)
