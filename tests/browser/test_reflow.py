"""Every learner, supervisor and verification page reflows on a phone (issue 15, items 1 and 10).

axe cannot see a page that scrolls sideways (WCAG 1.4.10), so this measures it: every page the
URL walk reaches (``tests/url_walk.py`` over the world of ``tests/get_world.py``) is opened as the
person it is for, at 320 and 390 CSS pixels wide, and ``scrollWidth`` must not pass the viewport.
axe runs on each page in the light and the dark colour scheme.
"""

from __future__ import annotations

from django.urls import resolve
from playwright.sync_api import Error as PlaywrightError

from tests.get_world import Values, build_world
from tests.test_get_changes_nothing import walk_paths

from .sessions import session_cookie

WIDTHS = (320, 390)
# Pages that are not web pages for a person to read, by view name prefix.
NOT_PAGES = ("wagtail", "certificates_admin", "admin", "two_factor", "password_reset_confirm")
NOT_PAGE_SUFFIXES = (".pdf", ".csv", ".json", ".md", ".zip", ".ics", ".xlsx", ".webmanifest")


def people_pages(paths: list[str]) -> list[str]:
    """The walk's paths a learner, supervisor or visitor reads: no admin, no downloads, no sign-out."""
    kept = []
    for path in paths:
        match = resolve(path)
        name = match.view_name or ""
        if path.startswith("/admin") or path.startswith("/django-admin") or name.startswith(NOT_PAGES):
            continue
        if path.endswith(NOT_PAGE_SUFFIXES) or "logout" in name or "download" in name or "export" in name:
            continue
        kept.append(path)
    return kept


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it reflows)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def widest(page) -> str:
    """The elements sticking out past the right edge, to name in a failure."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 4).map(e => e.tagName.toLowerCase() + '.' + e.className).join(', ')"""
    )


def visit_all(context, paths, axe) -> list[str]:
    problems = []
    page = context.new_page()
    for path in paths:
        # Only pages are opened in the tab: a download, a feed or a script is asked for beside it,
        # so the tab never holds a download or a non-page answer when it moves on or closes.
        answer = context.request.get(path, max_redirects=5)
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        try:
            response = page.goto(path)
        except PlaywrightError:  # an answer with no page to show (405 to a GET)
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 500:
            problems.append(f"{path}: {response.status}")
            continue
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            extra = overflow(page)
            if extra > 0:
                problems.append(f"{path} at {width}px scrolls {extra}px sideways: {widest(page)}")
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            results = axe.run(page)
            if results.violations_count:
                problems.append(f"{path} ({scheme}): {results.generate_report()[:1500]}")
        page.emulate_media(color_scheme="light")
    page.close()
    return problems


def test_every_page_reflows_at_320_and_390_px_with_no_axe_violations(browser, live_server, committed_db, axe):
    world = build_world()
    paths, _ = walk_paths(Values(world))
    pages = people_pages(paths)
    assert len(pages) > 20, pages
    problems = []
    for role in ("anonymous", "learner", "supervisor"):
        # The crawl measures pages, not the offline copy: with the service worker on, every lesson
        # visited would also fetch its whole module in the background (tests/browser/test_offline.py
        # tests that, in a browser of its own).
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 390, "height": 800},
            service_workers="block",
            accept_downloads=False,
        )
        context.set_default_timeout(15_000)
        user = world["users"].get(role)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        problems += [f"{role} {p}" for p in visit_all(context, pages, axe)]
        context.close()
    assert not problems, f"{len(problems)} problem(s) on {len(pages)} pages:\n" + "\n".join(problems)
