"""Readable offline: the service worker keeps the module's lessons, the banner says so, and a
lesson marked as done offline reaches the server once when the connection is back."""

import re
import time
from contextlib import contextmanager

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Page

from assessments.models import QuizAnswer
from assessments.quiz_attempts import start_attempt
from courses.models import StepProgress
from tests.factories import QuizPageFactory, TeamFactory, UserFactory, build_module, build_site

from .sessions import session_cookie

OFFLINE_HEADING = "You\u2019re offline"
KEPT = """async url => {
    const cache = await caches.open("groundwork-pages");
    return !!(await cache.match(url));
}"""
# The module's list of lessons is stored last, once every one of its pages is kept (the pages
# are fetched side by side, so one being kept says nothing of the others).
MODULE_KEPT = """async () => {
    const list = document.querySelector("[data-offline-keep]").getAttribute("data-offline-keep");
    const cache = await caches.open("groundwork-pages");
    return !!(await cache.match(new URL(list, location.href).href));
}"""


def wait_until(page, script, arg, expected=True, seconds=15):
    """Poll an async check in the page (wait_for_function takes a pending promise as true)."""
    deadline = time.monotonic() + seconds
    while page.evaluate(script, arg) != expected:
        assert time.monotonic() < deadline, f"{script} never gave {expected} for {arg}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def browser(playwright_driver, chromium_path):
    """A Chromium of these tests' own: service workers and offline emulation leave state in the
    browser that outlives a context, and the session's shared browser then stalled later tests
    (the reflow crawl hung on closing a page after these had run)."""
    from .conftest import CHROMIUM_ARGS

    own = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield own
    own.close()


def signed_in_page(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 400, "height": 860})
    context.set_default_timeout(10_000)
    context.add_cookies([session_cookie(user, live_server.url)])
    return context, context.new_page()


@contextmanager
def reading_a_module(browser, live_server, learner, lessons: int):
    """A signed-in tab on the first lesson of a new module, once the whole module is kept."""
    _, built = build_module(build_site(), lessons=lessons, title="Boundaries")
    context, page = signed_in_page(browser, live_server, learner)
    try:
        page.goto(built[0].url)
        wait_until(page, MODULE_KEPT, None)
        yield context, page, built
    finally:
        context.close()


def test_offline__reads_the_next_lesson_marks_it_done_and_the_server_records_it_once(
    browser, live_server, committed_db, assert_accessible
):
    """Open a lesson, go offline, read the next one, mark it done, come back: one record."""
    learner = UserFactory(username="onthebus")
    with reading_a_module(browser, live_server, learner, lessons=3) as (context, page, lessons):
        # Renamed on the server now: what the learner reads offline must be the kept copy.
        title = lessons[1].title
        Page.objects.filter(pk=lessons[1].pk).update(title="Renamed while the learner was offline")

        context.set_offline(True)
        page.goto(lessons[1].url)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text("Lesson text for reading.")).to_be_visible()
        banner = page.locator("[data-offline-status][role=status]")
        expect(banner).to_contain_text(
            "You\u2019re offline \u2014 showing saved lessons. "
            "What you mark as done will be sent when you\u2019re back online."
        )
        assert_accessible(page)

        page.get_by_role("button", name="Mark as done and continue").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text("Marked as done on this device.")).to_be_visible()
        assert page.evaluate("document.activeElement.hasAttribute('data-offline-queued')")  # focus kept
        expect(banner).to_contain_text(f"Mark as done: {title}")
        assert not StepProgress.objects.filter(user=learner).exists()  # nothing reached the server

        # A page that was never kept (the dashboard) says it is not saved and lists what is.
        page.goto(reverse("learning:dashboard"))
        expect(page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
        saved = page.get_by_role("region", name="Lessons saved on this device")
        expect(saved.get_by_role("link", name=lessons[2].title)).to_be_visible()
        assert_accessible(page)
        page.go_back()
        expect(page.get_by_text("Marked as done on this device.")).to_be_visible()  # still queued

        context.set_offline(False)  # Chromium fires "online"; the queue is sent
        expect(banner).to_contain_text("You\u2019re back online. What you did offline has been saved.")
        expect(page.locator("[data-offline-queued]")).to_have_text("You marked this lesson as done.")
        assert StepProgress.objects.filter(user=learner, step=lessons[1]).count() == 1

        page.reload()  # online again: the queue is empty and nothing is sent twice
        expect(page.get_by_text("You marked this lesson as done.")).to_be_visible()
        assert page.evaluate("localStorage.getItem('groundwork:offline-queue')") == "[]"
        assert StepProgress.objects.filter(user=learner).count() == 1


def test_offline__signing_out_forgets_the_kept_lessons(browser, live_server, committed_db):
    """The next person on a shared phone cannot read the last one's pages offline."""
    learner = UserFactory(username="sharedphone")
    with reading_a_module(browser, live_server, learner, lessons=2) as (context, page, lessons):
        kept = f"{live_server.url}{lessons[1].url}"
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(re.compile(r"/$"))
        wait_until(page, KEPT, kept, expected=False)

        context.set_offline(True)
        page.goto(lessons[1].url)
        expect(page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)


def test_offline__another_person_signing_in_finds_nothing_kept_for_the_last(
    browser, live_server, committed_db
):
    """A session that ran out without signing out: the next person's first page forgets the pages."""
    first, second = UserFactory(username="dayshift"), UserFactory(username="nightshift")
    with reading_a_module(browser, live_server, first, lessons=2) as (context, page, lessons):
        kept = f"{live_server.url}{lessons[1].url}"
        context.clear_cookies()
        context.add_cookies([session_cookie(second, live_server.url)])
        page.goto(reverse("learning:dashboard"))
        wait_until(page, KEPT, kept, expected=False)


def test_offline__never_keeps_a_supervisors_page(browser, live_server, committed_db):
    """Only module pages are kept: the team page, visited online, is not readable offline."""
    _, lessons = build_module(build_site(), lessons=1, title="Boundaries")
    supervisor = UserFactory(username="lead")
    team = TeamFactory(name="Night shift")
    team.supervisors.add(supervisor)
    team.members.add(UserFactory(username="sam", first_name="Sam"))
    context, page = signed_in_page(browser, live_server, supervisor)
    try:
        page.goto(lessons[0].url)
        wait_until(page, KEPT, f"{live_server.url}{lessons[0].url}")
        page.goto("/team/")
        expect(page.get_by_text("Night shift").first).to_be_visible()
        page.goto(lessons[0].url)
        stored = page.evaluate(
            """async () => {
                const names = await caches.keys();
                const urls = [];
                for (const name of names) {
                    for (const request of await (await caches.open(name)).keys()) { urls.push(request.url); }
                }
                return urls;
            }"""
        )
        assert stored and not any("/team/" in url or "/admin/" in url for url in stored)
        context.set_offline(True)
        page.goto("/team/")
        expect(page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
    finally:
        context.close()


def test_offline__a_quiz_answer_waits_on_the_device_and_is_saved_once_back_online(
    browser, live_server, committed_db
):
    """The autosave hands an answer it cannot send to the queue; the connection back sends it."""
    module, _ = build_module(build_site(), lessons=1, title="Boundaries")
    learner = UserFactory(username="tunnel")
    attempt = start_attempt(learner, QuizPageFactory(parent=module, title="Check your understanding"))
    context, page = signed_in_page(browser, live_server, learner)
    try:
        page.goto(f"/learning/attempts/{attempt.pk}/questions/1/")
        context.set_offline(True)
        choice = attempt.questions[0]["choices"][1]
        page.locator(f'input[value="{choice["id"]}"]').check()
        expect(page.locator("[data-save-status]")).to_contain_text(
            "Your answer is kept on this device and will be saved when you\u2019re back online."
        )
        banner = page.locator("[data-offline-status][role=status]")
        expect(banner).to_contain_text(
            "Waiting to be sent:Quiz answer: Question 1 of 4 · Check your understanding"
        )
        assert not QuizAnswer.objects.exists()

        context.set_offline(False)  # Chromium fires "online" by itself here
        expect(banner).to_contain_text("You\u2019re back online. What you did offline has been saved.")
        expect(page.locator("[data-save-status]")).to_have_text("Saved")
        answer = QuizAnswer.objects.get(attempt=attempt)
        assert answer.choice_ids == [choice["id"]]
        page.reload()
        assert page.locator(f'input[value="{choice["id"]}"]').is_checked()
        assert QuizAnswer.objects.filter(attempt=attempt).count() == 1
    finally:
        context.close()
