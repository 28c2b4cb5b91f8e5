"""A new learner's first module, end to end, in a real browser."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import expect

from courses.models import CoursePage
from tests.factories import PASSWORD, UserFactory

MODULE = "/modules/trauma-and-the-nervous-system/"


def sign_in_as_demo(page, username):
    """Sign in by keyboard as one of the demo accounts (given the test suite's password first)."""
    user = User.objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    sign_in_by_keyboard(page, username)
    return user


def sign_in_by_keyboard(page, username):
    page.goto("/accounts/login/")
    # Focused on arrival (autofocus can land just after the load event on a busy machine).
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'id_username'", timeout=5000
    )
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # each person's own home


def steps_in_module() -> int:
    """Lessons, scenarios and the quiz of the first demo module."""
    return len(CoursePage.objects.get(slug=MODULE.strip("/").split("/")[-1]).get_steps())


def tab_to(page, name, limit=80):
    """Press Tab until the focused element's text is ``name``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == name:
            return
    raise AssertionError(f"Could not reach {name!r} with the keyboard")


def test_new_learner__first_module_from_login_to_dashboard(page, demo, assert_accessible):
    """Login → catalogue → module → content note → break → back → lessons → dashboard."""
    UserFactory(username="newcomer")
    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in_by_keyboard(page, "newcomer")
    assert_accessible(page)

    page.goto("/")
    assert_accessible(page)
    page.keyboard.press("Tab")  # the skip link comes first and moves focus to the content
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.get_by_role("link", name="Browse the modules").click()
    assert_accessible(page)
    page.get_by_role("link", name="Trauma and the nervous system").first.click()
    page.wait_for_url(f"**{MODULE}")
    assert page.get_by_role("heading", name="Content note").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Take a grounding break first").click()
    page.wait_for_url("**/break/**")
    assert_accessible(page)
    page.get_by_role("link", name="Go back to where I was").first.click()
    page.wait_for_url(f"**{MODULE}")

    page.get_by_role("button", name="Continue and start the module").click()
    page.wait_for_url(f"**{MODULE}what-trauma-is/")
    assert page.get_by_text(f"Step 1 of {steps_in_module()}").is_visible()
    assert_accessible(page)

    # One whole lesson by keyboard only: reach and press the button without a mouse.
    tab_to(page, "Mark as done and continue")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{MODULE}window-of-tolerance/")

    # This lesson has its own content note, shown before the content.
    assert page.get_by_role("heading", name=re.compile("Before you start")).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue to the lesson").click()
    expect(page.get_by_text(f"Step 2 of {steps_in_module()}")).to_be_visible()

    for _ in range(3):
        page.get_by_role("button", name="Mark as done and continue").click()
        page.wait_for_load_state()
        if page.get_by_role("button", name="Continue to the lesson").count():
            page.get_by_role("button", name="Continue to the lesson").click()
    # After the last lesson come the module's scenarios (test_scenario.py) and quiz (test_quiz.py).
    page.wait_for_url(f"**{MODULE}the-housing-office/")
    assert page.get_by_text(f"Step 5 of {steps_in_module()}").is_visible()

    page.goto("/learning/")
    assert_accessible(page)
    in_progress = page.locator("section", has=page.get_by_role("heading", name="In progress"))
    assert in_progress.get_by_text("Trauma and the nervous system").is_visible()
    assert in_progress.get_by_text(f"4 of {steps_in_module()} steps done").is_visible()
    assert User.objects.get(username="newcomer").step_progress.count() == 4


def test_demo_learner__continues_where_they_left_off(page, demo, assert_accessible):
    """The demo learner resumes at the first lesson not yet done."""
    sign_in_as_demo(page, "learner")
    in_progress = page.locator("section", has=page.get_by_role("heading", name="In progress"))
    assert in_progress.get_by_text(f"2 of {steps_in_module()} steps done").is_visible()
    page.goto(MODULE)
    page.get_by_role("link", name="Continue where you left off").click()
    page.wait_for_url(f"**{MODULE}grounding-and-choice/")
    assert_accessible(page)


def test_break__returns_to_the_same_scroll_position(page, demo):
    """Taking a break from the middle of a lesson brings the learner back to the same place."""
    UserFactory(username="reader")
    sign_in_by_keyboard(page, "reader")
    lesson = f"{MODULE}what-trauma-is/"
    page.goto(lesson)
    page.evaluate("window.scrollTo(0, 900)")
    page.locator(".break-fab").click()  # fixed in view, so clicking it does not scroll
    page.wait_for_url("**/break/**")
    page.get_by_role("link", name="Go back to where I was").first.click()
    page.wait_for_url(f"**{lesson}")
    page.wait_for_function("window.scrollY > 800")


def test_not_found_page__is_accessible(page, demo, assert_accessible):
    response = page.goto("/modules/no-such-thing/")
    assert response.status == 404
    assert_accessible(page)
