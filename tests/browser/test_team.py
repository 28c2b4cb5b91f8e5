"""The demo supervisor's dashboard by keyboard: the matrix, reminders and one member, with axe."""

from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import expect

from lms.models import Reminder, Team

from .test_learner_journey import sign_in_as_demo, tab_to


def test_supervisor__team_dashboard_reminders_and_member_record(page, demo, assert_accessible):
    sign_in_as_demo(page, "supervisor")

    tab_to(page, "My team")
    page.keyboard.press("Enter")
    page.wait_for_url("**/team/")
    expect(page.get_by_role("heading", name="Community peer team")).to_be_visible()
    assert_accessible(page)

    tab_to(page, "Send reminders")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sent ")
    assert Reminder.objects.exists()
    assert_accessible(page)

    page.get_by_role("link", name="Alex Okafor").first.click()
    assert page.get_by_role("heading", name="Alex Okafor").is_visible()
    assert page.get_by_role("heading", name="Quiz results").is_visible()
    assert_accessible(page)
    reminders = [m for m in mail.outbox if m.subject.startswith("A reminder")]
    # One email per person, listing every module that needs them (issue 15, item 8).
    people = [m.to[0] for m in reminders]
    assert people and len(people) == len(set(people))
    assert set(people) == set(Reminder.objects.values_list("user__email", flat=True))


def test_supervisor__records_an_observed_role_play_and_the_learner_reads_it(page, demo, assert_accessible):
    alex, team = User.objects.get(username="refresher"), Team.objects.get(name="Community peer team")
    sign_in_as_demo(page, "supervisor")
    page.goto(f"/team/{team.pk}/members/{alex.pk}/observe/")
    page.get_by_role("button", name="Save the observation").click()  # nothing chosen yet
    expect(page.get_by_role("alert")).to_contain_text("Please check the answers marked below.")
    assert_accessible(page)

    page.get_by_label("Module").select_option(label="Cultural humility and intersectionality")
    for group in page.locator("fieldset.rubric-choice").all():
        group.get_by_label("Consistent").check()
    page.get_by_label("What went well").fill("Asked before assuming, and checked the words the person used.")
    page.get_by_role("button", name="Save the observation").click()
    expect(page.get_by_role("status")).to_contain_text("The observation is saved.")
    assert page.get_by_text("Asked before assuming").is_visible()
    assert_accessible(page)

    page.goto(f"/team/{team.pk}/members/{alex.pk}/sign-off/")
    assert page.get_by_role("heading", name="Not ready to sign off yet").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_as_demo(page, "refresher")
    page.goto("/learning/practice/")
    assert page.get_by_text("Asked before assuming").is_visible()
    assert_accessible(page)
