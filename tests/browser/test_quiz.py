"""A whole demo quiz by keyboard only, with a reload in the middle."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assessments.grading import correct_choice_ids
from assessments.models import QuizAttempt, QuizPage
from assessments.quiz_attempts import start_attempt
from courses.models import CoursePage
from courses.progress import record_step_complete
from tests.factories import UserFactory

from .test_learner_journey import MODULE, sign_in_by_keyboard

QUIZ = f"{MODULE}check-your-understanding/"


def press_until_focused(page, predicate_js, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return
    raise AssertionError(f"Keyboard could not reach: {predicate_js}")


def test_quiz__by_keyboard_with_a_reload_then_passed(page, demo, assert_accessible):
    """Start, answer every question by keyboard, reload mid-way, submit, pass, module complete."""
    user = UserFactory(username="quiztaker")
    module = CoursePage.objects.get(slug="trauma-and-the-nervous-system")
    for lesson in module.get_steps()[:-1]:
        record_step_complete(user, lesson, module)
    sign_in_by_keyboard(page, "quiztaker")

    page.goto(QUIZ)
    assert_accessible(page)
    press_until_focused(page, "document.activeElement.textContent.trim() === 'Start the quiz'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/learning/attempts/*/questions/1/")
    attempt = QuizAttempt.objects.get(user=user)
    total = len(attempt.questions)

    for number, question in enumerate(attempt.questions, start=1):
        if number == 1:
            assert_accessible(page)
        right = correct_choice_ids(question)
        for choice in question["choices"]:
            if choice["id"] in right:
                page.locator(f'input[value="{choice["id"]}"]').focus()
                page.keyboard.press("Space")
        if number == 3:
            # The answer is saved by autosave alone; a reload keeps it.
            page.get_by_text("Saved", exact=True).wait_for()
            page.reload()
            checked = page.locator("input[name=choice]:checked").evaluate_all("els => els.map(e => e.value)")
            assert set(checked) == right
        label = "Save and review" if number == total else "Save and next"
        page.get_by_role("button", name=label).focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/review/" if number == total else f"**/questions/{number + 1}/")

    assert_accessible(page)
    page.get_by_role("button", name="Submit my answers").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/learning/attempts/{attempt.pk}/")
    assert page.get_by_text("You scored 100%").is_visible()
    assert_accessible(page)
    assert user.completions.filter(module=module).exists()


def test_quiz__time_up_page_is_accessible_and_submits_only_when_asked(page, demo, assert_accessible):
    """An attempt whose time ran out: the question page says so and changes nothing; its button
    (a POST) submits the saved answers and shows the result."""
    user = UserFactory(username="latecomer")
    module = CoursePage.objects.get(slug="trauma-and-the-nervous-system")
    attempt = start_attempt(user, QuizPage.objects.child_of(module).get())
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    sign_in_by_keyboard(page, "latecomer")

    page.goto(reverse("learning:quiz_question", args=[attempt.pk, 1]))
    assert page.get_by_role("heading", name="The time is up").is_visible()
    assert_accessible(page)
    assert not QuizAttempt.objects.get(pk=attempt.pk).is_submitted
    page.get_by_role("button", name="Submit my saved answers and see my result").click()
    page.wait_for_url(f"**/learning/attempts/{attempt.pk}/")
    assert QuizAttempt.objects.get(pk=attempt.pk).is_submitted
