"""The demo supervisor's dashboard by keyboard: the matrix, reminders and one member, with axe."""

from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import expect

from lms.models import Reminder
from tests.factories import PASSWORD

from .test_learner_journey import sign_in_by_keyboard, tab_to


def test_supervisor__team_dashboard_reminders_and_member_record(page, demo, assert_accessible):
    supervisor = User.objects.get(username="supervisor")
    supervisor.set_password(PASSWORD)
    supervisor.save()
    sign_in_by_keyboard(page, "supervisor")

    tab_to(page, "My team")
    page.keyboard.press("Enter")
    page.wait_for_url("**/team/")
    assert page.get_by_role("heading", name="Community peer team").is_visible()
    table = page.get_by_role("table", name="Each member's standing on each required module")
    assert table.get_by_role("row").count() == 3  # the header and two members
    assert page.get_by_role("heading", name="Needs action").is_visible()
    assert_accessible(page)

    tab_to(page, "Send reminders")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sent 4 reminders to 2 people.")
    assert Reminder.objects.count() == 4
    assert_accessible(page)

    page.get_by_role("link", name="Alex Okafor").first.click()
    assert page.get_by_role("heading", name="Alex Okafor").is_visible()
    assert page.get_by_role("heading", name="Quiz results").is_visible()
    assert_accessible(page)
    reminders = [m for m in mail.outbox if m.subject.startswith("A reminder")]
    assert sorted(m.to[0] for m in reminders) == ["learner@example.org", *["refresher@example.org"] * 3]
