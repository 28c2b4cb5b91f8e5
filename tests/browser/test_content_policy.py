"""The Content-Security-Policy in a real browser: nothing a page needs is refused (issue 10, item 3).

Chromium reports each refused script, style, image or frame on the console; a page that only
works with something inline would show up here even if no other test looked at that part.
"""

from playwright.sync_api import expect

from courses.models import LessonPage

from .test_learner_journey import MODULE, sign_in_as_demo


def refusals(page) -> list[str]:
    """Start collecting the console's CSP refusals on this page; the list fills as pages load."""
    found: list[str] = []

    def note(message):
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text[:300]}")

    page.on("console", note)
    return found


def visit(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("load")


def frame_showing(page, path: str, tries: int = 100):
    for _ in range(tries):
        frame = next((frame for frame in page.frames if path in frame.url), None)
        if frame is not None:
            return frame
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame showed {path}")


def test_learner_pages_load_with_nothing_refused(page, demo):
    found = refusals(page)
    sign_in_as_demo(page, "learner")
    lesson = LessonPage.objects.live().filter(url_path__contains=MODULE).first()
    for path in ("/learning/", MODULE, lesson.url, "/certificates/", "/break/?return=/learning/", "/verify/"):
        visit(page, path)
    assert page.evaluate("document.styleSheets.length") >= 1  # the stylesheet itself is allowed
    assert not found, "\n".join(found)


def test_wagtail_admin_and_page_editor_work_under_their_own_policy(page, demo):
    found = refusals(page)
    sign_in_as_demo(page, "admin")
    lesson = LessonPage.objects.live().filter(url_path__contains=MODULE).first()
    visit(page, "/admin/")
    page.wait_for_function("window.wagtail && window.wagtail.app")  # the admin's scripts ran
    visit(page, f"/admin/pages/{lesson.pk}/edit/")
    title = page.locator("#id_title")
    assert title.input_value() == lesson.title
    page.get_by_role("button", name="Toggle preview").click()  # a button the scripts wire up
    # Framed inside the editor, as the preview's policy allows ('self'); a refusal would leave it blank.
    preview = frame_showing(page, "/preview/")
    expect(preview.get_by_role("heading", name=lesson.title, level=1)).to_be_visible()
    visit(page, f"/admin/pages/{lesson.get_parent().pk}/")
    visit(page, lesson.url)  # a learner's page with the editor's userbar, under the strict policy
    page.locator("wagtail-userbar").wait_for(state="attached")
    assert not found, "\n".join(found)
