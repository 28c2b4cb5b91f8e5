"""Content-Security-Policy on every page (issue 10, item 3).

Learner and supervisor pages carry the strict policy: no 'unsafe-inline', no inline script or
style in what they render. The Wagtail admin carries its own looser policy. The URLs come from
the same resolver-driven walk as the GET test, so a page added later is checked without editing
this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.get_world import Values, build_world
from tests.test_get_changes_nothing import walk_paths

HEADER = "Content-Security-Policy"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Never served as HTML from this site: WeasyPrint renders the PDFs, mail clients the emails.
NOT_SERVED = ("certificates/pdf/", "certificates/email/", "lms/email/")
# A script element that runs code written in the page: no src, and not a JSON data block.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_BLOCK = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def inline_code(html: str) -> list[str]:
    """What the strict policy would block in this markup."""
    found = []
    for label, pattern in (
        ("inline <script>", INLINE_SCRIPT),
        ("style attribute", STYLE_ATTRIBUTE),
        ("<style> block", STYLE_BLOCK),
        ("inline event handler", EVENT_HANDLER),
    ):
        found += [f"{label}: {m.group(0)[:120]}" for m in pattern.finditer(html)]
    return found


def test_the_scanner_finds_what_the_policy_blocks():
    assert inline_code('<script>alert(1)</script><p style="color: red">') == [
        "inline <script>: <script>",
        "style attribute: <p style=",
    ]
    assert inline_code("<style>p{}</style><button onclick='x()'>") == [
        "<style> block: <style",
        "inline event handler: <button onclick=",
    ]
    assert inline_code('<script src="/static/js/groundwork.js" defer></script>') == []
    assert inline_code('<script type="application/json">{}</script><p data-style="x">') == []


def test_no_served_template_has_inline_script_or_style():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        name = template.relative_to(TEMPLATES).as_posix()
        if name.startswith(NOT_SERVED):
            continue
        found += [f"{name}: {problem}" for problem in inline_code(template.read_text())]
    assert not found, "move these to static/css or static/js:\n" + "\n".join(found)


def test_the_strict_policy_allows_nothing_inline():
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert all("'unsafe-inline'" not in values for values in policy.values())


def assert_strict(path: str, header: str | None) -> None:
    assert header, f"{path}: no {HEADER} header"
    policy = directives(header)
    assert "'unsafe-inline'" not in header, f"{path}: {header}"
    assert "'unsafe-eval'" not in header, f"{path}: {header}"
    assert policy["default-src"] == ["'self'"], path
    assert policy["script-src"] == ["'self'"], path
    assert policy["style-src"] == ["'self'"], path
    assert policy["img-src"] == ["'self'", "data:"], path
    assert policy["object-src"] == ["'none'"], path
    assert policy["base-uri"] == ["'self'"], path
    assert policy["form-action"] == ["'self'"], path
    assert policy["frame-ancestors"] == ["'none'"], path


@pytest.mark.django_db
def test_every_page_carries_its_policy_and_learner_pages_render_nothing_inline():
    world = build_world()
    paths, _ = walk_paths(Values(world))
    public = [p for p in paths if not p.startswith("/admin/")]
    admin = [p for p in paths if p.startswith("/admin/")]
    assert len(public) > 30 and len(admin) > 30  # the walk found the site and the admin
    problems = []
    for role in ("anonymous", "learner", "supervisor", "editor"):
        client = Client()
        if role != "anonymous":
            client.force_login(world["users"][role])
        for path in public:
            response = client.get(path)
            header = response.get(HEADER)
            assert header and "'unsafe-inline'" not in header, f"{path}: {header}"
            if response.get("Content-Type", "").startswith("text/html"):
                assert_strict(path, header)
                problems += [f"{role} {path}: {p}" for p in inline_code(response.content.decode())]
    assert not problems, "\n".join(problems)

    client = Client()
    client.force_login(world["users"]["admin"])
    for path in admin:
        header = client.get(path).get(HEADER)
        assert header, path
        policy = directives(header)
        assert policy["object-src"] == ["'none'"], path
        assert policy["frame-ancestors"] == ["'self'"], path  # the editor frames its own preview
        # A preview (draft, revision, workflow) renders a learner's page: strict, but framable.
        assert policy["script-src"] in (["'self'", "'unsafe-inline'"], ["'self'"]), path
    for path in ("/admin/", f"/admin/pages/{world['plain'].pk}/edit/", "/admin/images/"):
        assert "'unsafe-inline'" in directives(client.get(path)[HEADER])["script-src"], path


@pytest.mark.django_db
def test_an_editors_draft_view_gets_the_learners_policy_framable_by_the_editor():
    world = build_world()
    client = Client()
    client.force_login(world["users"]["admin"])
    response = client.get(f"/admin/pages/{world['plain'].pk}/view_draft/")
    assert response.status_code == 200
    policy = directives(response[HEADER])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_policy_stays_under_the_admin(client, django_user_model):
    """A path that merely contains /admin/ gets the strict policy."""
    response = client.get("/modules/admin/")
    assert_strict("/modules/admin/", response[HEADER])
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in directives(response[HEADER])["script-src"]
