"""Build the page tree and the demo modules from the TOML files in fixtures/modules/."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.models import HomePage

HOME_INTRO = "Training and continuing professional development for peer support workers."
HOME_BODY = (
    "<p>Learn at your own pace, on your phone or a computer. Every module can be paused and "
    "picked up later, every learning page has a way to take a break, and your reflections "
    "stay yours.</p>"
)


def ensure_site() -> CourseIndexPage:
    """A HomePage serving the default site, with the catalogue at /modules/."""
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations create the root; a flushed database (as in browser tests) has none.
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        home = root.add_child(
            instance=HomePage(title="Groundwork", slug="groundwork", intro=HOME_INTRO, body=HOME_BODY)
        )
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name="Groundwork"
            )
        else:
            old_root = site.root_page
            site.root_page, site.site_name = home, "Groundwork"
            site.save()
            if (
                old_root.specific_class is Page
                and old_root.depth == 2
                and not old_root.get_children().exists()
            ):
                old_root.delete()  # Wagtail's "Welcome" placeholder
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="Modules",
                slug="modules",
                intro="Core modules for new peer workers, refreshers for experienced ones, and a module for supervisors.",
            )
        )
        index.save_revision().publish()
    return index


def _stream(items: list[dict]) -> str:
    return json.dumps(items)


def _body_block(block: dict) -> dict:
    kind = block["type"]
    if kind == "text":
        return {"type": "text", "value": block["value"].strip()}
    if kind == "content_note":
        return {"type": "content_note", "value": {"note": block["value"].strip()}}
    value = {k: v.strip() if isinstance(v, str) else v for k, v in block.items() if k != "type"}
    return {"type": kind, "value": value}


def _objectives(items: list[str]) -> str:
    return _stream([{"type": "objective", "value": text} for text in items])


def _publish_under(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_module(index: CourseIndexPage, path: Path) -> tuple[CoursePage, bool]:
    """Create one module and its lessons from a TOML file; an existing module is left alone."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    existing = CoursePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing, False
    module = _publish_under(
        index,
        CoursePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            objectives=_objectives(data["objectives"]),
            cpd_hours=data["cpd_hours"],
            cpd_category=data["cpd_category"],
            estimated_minutes=data["estimated_minutes"],
            validity_months=data["validity_months"],
            audience=data.get("audience", ""),
            content_note=data.get("content_note", ""),
        ),
    )
    for lesson in data["lessons"]:
        _publish_under(
            module,
            LessonPage(
                title=lesson["title"],
                slug=lesson["slug"],
                summary=lesson.get("summary", ""),
                content_note=lesson.get("content_note", ""),
                objectives=_objectives(lesson.get("objectives", [])),
                body=_stream([_body_block(b) for b in lesson["body"]]),
                sources=_stream(
                    [
                        {"type": "source", "value": {"citation": s, "url": ""}}
                        for s in lesson.get("sources", [])
                    ]
                ),
            ),
        )
    return module, True


def load_modules(directory: Path) -> list[tuple[CoursePage, bool]]:
    index = ensure_site()
    return [load_module(index, path) for path in sorted(directory.glob("*.toml"))]
