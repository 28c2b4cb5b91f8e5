"""A demo scenario by keyboard only: choose, see feedback, go back, reload and resume, reach an
ending, reflect privately and share it; axe on every page on the way."""

from assessments.models import Reflection, ScenarioPage, ScenarioRun, SharedReflection
from lms.demo.scenarios import path_to_recommended_ending
from lms.models import Team
from tests.factories import UserFactory

from .test_learner_journey import MODULE, sign_in_as_demo, sign_in_by_keyboard
from .test_quiz import press_until_focused

SCENARIO = f"{MODULE}the-housing-office/"


def choose_by_keyboard(page, choice_id):
    page.locator(f'input[value="{choice_id}"]').focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Choose this"
    page.keyboard.press("Enter")
    page.wait_for_url("**/choices/*/")


def press_button(page, name):
    press_until_focused(page, f"document.activeElement.textContent.trim() === {name!r}")
    page.keyboard.press("Enter")


def test_scenario__by_keyboard_with_back_resume_ending_and_reflection(page, demo, assert_accessible):
    user = UserFactory(username="player")
    Team.objects.get(name="Community peer team").members.add(user)
    scenario = ScenarioPage.objects.get(slug="the-housing-office")
    route = path_to_recommended_ending(scenario)
    steps, _ = scenario.graph
    sign_in_by_keyboard(page, "player")

    page.goto(SCENARIO)
    assert page.get_by_role("heading", name="Content note").is_visible()
    assert_accessible(page)
    press_button(page, "Continue to the scenario")
    page.wait_for_url("**/learning/runs/*/")
    run = ScenarioRun.objects.get(user=user)
    assert_accessible(page)

    choose_by_keyboard(page, route[0])
    assert page.get_by_role("heading", name="How it landed").is_visible()
    assert_accessible(page)
    press_button(page, "Go back one step")
    page.wait_for_url(f"**/learning/runs/{run.pk}/")
    assert page.get_by_text(steps[0]["situation"]).is_visible()

    choose_by_keyboard(page, route[0])
    press_button(page, "Continue")
    page.wait_for_url(f"**/learning/runs/{run.pk}/")
    page.reload()  # leave and come back: the same step
    run.refresh_from_db()
    assert run.sequence == 1
    assert page.locator(f'input[value="{route[1]}"]').count() == 1

    for choice_id in route[1:]:
        choose_by_keyboard(page, choice_id)
        press_button(page, "See how it ended" if choice_id == route[-1] else "Continue")
        page.wait_for_url(f"**/learning/runs/{run.pk}/")
    assert page.get_by_role("heading", name="What your choices leaned on").is_visible()
    assert_accessible(page)

    run.refresh_from_db()
    page.get_by_label(run.ending["reflection_prompt"]).focus()
    page.keyboard.type("Slowing my own breathing first.")
    press_button(page, "Save my reflection")
    page.wait_for_url("**#reflection")
    assert Reflection.objects.get(user=user).text == "Slowing my own breathing first."

    page.goto("/learning/reflections/")
    assert_accessible(page)
    press_button(page, "Share a copy with my supervisor")
    page.get_by_text("Shared a copy with your supervisor.").wait_for()
    assert SharedReflection.objects.filter(reflection__user=user).count() == 1
    assert_accessible(page)

    # The supervisor sees that one shared copy, and nothing else of the learner's.
    page.context.clear_cookies()
    sign_in_as_demo(page, "supervisor")
    page.goto("/team/reflections/")
    assert page.get_by_text("Slowing my own breathing first.").is_visible()
    assert_accessible(page)


def test_lesson_reflection_block__saved_privately_by_keyboard(page, demo, assert_accessible):
    UserFactory(username="reflector")
    sign_in_by_keyboard(page, "reflector")
    page.goto("/modules/sustaining-yourself/a-sustainability-plan-that-puts-your-recovery-first/")
    if page.get_by_role("button", name="Continue to the lesson").count():
        page.get_by_role("button", name="Continue to the lesson").click()
    prompt = page.get_by_label("Which one anchor in your plan")
    assert_accessible(page)
    prompt.focus()
    page.keyboard.type("Sunday walks with my sister.")
    press_button(page, "Save my reflection")
    page.get_by_text("Saved. Only you can read this.").wait_for()
    assert page.get_by_label("Which one anchor in your plan").input_value() == "Sunday walks with my sister."
    assert_accessible(page)
