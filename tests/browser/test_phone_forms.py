"""Forms that survive the browser's language and an ended session (issue 15, item 2)."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from assessments.models import QuizAnswer
from assessments.quiz_attempts import start_attempt
from core import clock
from lms.models import Assignment, Observation
from tests.factories import PASSWORD, QuizPageFactory, TeamFactory, UserFactory, build_module, build_site

from .sessions import session_cookie


@pytest.fixture
def team_world(committed_db):
    module, _ = build_module(build_site(), lessons=1, title="Boundaries")
    supervisor, member = UserFactory(username="jordan"), UserFactory(username="sam", first_name="Sam")
    team = TeamFactory(name="Night shift")
    team.supervisors.add(supervisor)
    team.members.add(member)
    Assignment.objects.create(team=team, module=module, due_on=clock.today())
    return team, supervisor, member


@pytest.mark.parametrize("locale", ["en-GB", "en-US"])
def test_supervisor_records_an_observation_whatever_the_browser_language(
    browser, live_server, team_world, locale, assert_accessible
):
    team, supervisor, member = team_world
    context = browser.new_context(
        base_url=live_server.url, locale=locale, viewport={"width": 390, "height": 844}
    )
    context.add_cookies([session_cookie(supervisor, live_server.url)])
    page = context.new_page()
    page.goto(f"/team/{team.pk}/members/{member.pk}/observe/")
    date = page.get_by_label("Observed on")
    assert date.input_value() == clock.today().isoformat()  # the picker can read it: not "30/11/2026"

    page.get_by_role("button", name="Save the observation").click()  # no rubric chosen
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    first = page.locator("input[aria-invalid=true], fieldset[aria-describedby]").first
    expect(first).to_be_attached()
    summary.get_by_role("link").first.click()  # each error in the summary links to its field
    assert page.evaluate("document.activeElement.name").startswith("score_")
    assert date.input_value() == clock.today().isoformat()  # kept, still readable, after the error
    assert_accessible(page)

    for group in page.locator("fieldset.rubric-choice").all():
        group.get_by_label("Consistent").check()
    page.get_by_role("button", name="Save the observation").click()
    expect(page.get_by_role("status")).to_contain_text("The observation is saved.")
    assert Observation.objects.get(member=member).observed_on == clock.today()
    context.close()


def test_a_date_error_is_tied_to_its_input(browser, live_server, team_world):
    team, supervisor, member = team_world
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([session_cookie(supervisor, live_server.url)])
    page = context.new_page()
    page.goto(f"/team/{team.pk}/members/{member.pk}/observe/")
    page.get_by_label("Observed on").fill("2099-01-01")
    page.get_by_role("button", name="Save the observation").click()
    date = page.get_by_label("Observed on")
    expect(date).to_have_attribute("aria-invalid", "true")
    described = date.get_attribute("aria-describedby").split()
    error = page.locator(f"#{described[-1]}")
    expect(error).to_contain_text("today or an earlier day")
    context.close()


def test_signed_out_mid_quiz__the_answer_is_kept_and_saved_after_signing_in(
    browser, live_server, committed_db
):
    module, _ = build_module(build_site(), lessons=1, title="Boundaries")
    quiz = QuizPageFactory(parent=module, title="Check your understanding")
    learner = UserFactory(username="sam")
    attempt = start_attempt(learner, quiz)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.add_cookies([session_cookie(learner, live_server.url)])
    page = context.new_page()
    question_path = f"/learning/attempts/{attempt.pk}/questions/1/"
    page.goto(question_path)

    Session.objects.all().delete()  # the session ends on the server (timed out, or signed out elsewhere)
    choice = attempt.questions[0]["choices"][0]
    page.locator(f'input[value="{choice["id"]}"]').check()
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text("You were signed out — sign in and your answer will be saved")
    assert page.locator(f'input[value="{choice["id"]}"]').is_checked()  # still in the page
    kept = page.evaluate(f"localStorage.getItem('groundwork:answer:{question_path}')")
    assert choice["id"] in kept
    assert not QuizAnswer.objects.exists()

    status.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{question_path}")
    expect(page.locator("[data-save-status]")).to_have_text("Saved")
    assert page.locator(f'input[value="{choice["id"]}"]').is_checked()
    answer = QuizAnswer.objects.get(attempt=attempt)
    assert answer.choice_ids == [choice["id"]]
    assert page.evaluate(f"localStorage.getItem('groundwork:answer:{question_path}')") is None
    expect(page.locator("[data-answered-count]")).to_have_text("1 of 4 answered")
    context.close()
