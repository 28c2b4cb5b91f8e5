"""The pages a paused sign-in and a throttled reset show: accessible, in the site's design."""

from django.core.cache import cache
from django.test import override_settings

from tests.factories import UserFactory


def test_the_lockout_page__is_accessible(page, committed_db, assert_accessible):
    user = UserFactory()
    for _ in range(5):
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "not-the-password")
        with page.expect_response("**/accounts/login/") as answer:
            page.click("button[type=submit]")
    assert answer.value.status == 429
    assert page.get_by_role("heading", level=1).inner_text() == "Sign-in is paused for this account"
    assert_accessible(page)


@override_settings(GROUNDWORK_THROTTLES={"password_reset": (0, 900), "password_reset_account": (3, 3600)})
def test_the_throttled_reset_page__is_accessible(page, committed_db, assert_accessible):
    cache.clear()
    page.goto("/accounts/password_reset/")
    page.fill("#id_email", "someone@example.org")
    with page.expect_response("**/accounts/password_reset/") as answer:
        page.click("button[type=submit]")
    assert answer.value.status == 429
    assert page.get_by_role("heading", level=1).inner_text() == "Please wait a little"
    assert_accessible(page)
