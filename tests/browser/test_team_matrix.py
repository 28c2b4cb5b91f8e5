"""The matrix's filters, chart and pages by keyboard and without JavaScript, with axe."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User

from lms.models import Team

from .test_learner_journey import sign_in_as_demo


def test_supervisor__filters_the_matrix_by_keyboard_and_reads_the_chart(page, demo, assert_accessible):
    sign_in_as_demo(page, "supervisor")
    team = Team.objects.supervised_by(User.objects.get(username="supervisor")).order_by("name").first()
    everyone = team.members.filter(is_active=True).count()
    page.goto("/team/")
    assert page.get_by_role("search", name="Find people").is_visible()
    assert page.get_by_role("img", name="Bar chart of completions by month").first.is_visible()
    assert_accessible(page)

    page.get_by_label("Status").select_option("needs_action")
    page.get_by_label("Order").select_option("urgency")
    page.get_by_label("Status").focus()
    with page.expect_navigation():
        page.get_by_role("button", name="Show").press("Enter")
    assert "status=needs_action" in page.url and "sort=urgency" in page.url
    assert page.get_by_role("link", name="Clear the filters").is_visible()
    page.get_by_text("The chart's figures as a table").first.press("Enter")
    assert page.get_by_role("table", name="Modules completed each month, last 12 months").first.is_visible()
    assert_accessible(page)

    password = make_password(None)
    extra = User.objects.bulk_create(
        User(username=f"crowd-{n}", first_name="Crowd", last_name=f"Zulu {n:03d}", password=password)
        for n in range(110)
    )
    team.members.add(*extra)
    page.goto(f"/team/?team={team.pk}")
    assert (
        page.get_by_text(f"{everyone + 110} people shown").first.is_visible()
        or page.get_by_text("people shown").first.is_visible()
    )
    pages = page.get_by_role("navigation", name=f"Pages of {team.name}")
    assert pages.get_by_text("Page 1 of 2").is_visible()
    with page.expect_navigation():
        pages.get_by_role("link", name="Next people").press("Enter")
    assert "page=2" in page.url
    assert_accessible(page)


def test_matrix__filters_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in_as_demo(page, "supervisor")
        page.goto("/team/")
        page.get_by_label("Name").fill("zzz-nobody")
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        assert "q=zzz-nobody" in page.url
        assert page.get_by_text("Nobody in this team matches these filters.").first.is_visible()
    finally:
        context.close()
