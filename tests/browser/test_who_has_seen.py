"""Issue 10's "done means": the demo's refresher sees that the supervisor opened their record, with axe."""

from django.contrib.auth.models import User

from lms.models import Team

from .test_learner_journey import sign_in_as_demo


def test_refresher_sees_that_the_supervisor_opened_their_record(page, demo, assert_accessible):
    alex, team = User.objects.get(username="refresher"), Team.objects.get(name="Community peer team")
    sign_in_as_demo(page, "supervisor")
    page.goto(f"/team/{team.pk}/members/{alex.pk}/")
    assert page.get_by_text("can see that you opened this page").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_as_demo(page, "refresher")
    page.get_by_role("link", name="Who has seen my record").click()
    page.wait_for_url("**/learning/who-has-seen/")
    supervisor = User.objects.get(username="supervisor")
    name = supervisor.get_full_name() or supervisor.username
    assert page.get_by_text(
        f"{name} (your supervisor) looked at your team record in Community peer team"
    ).is_visible()
    assert_accessible(page)
