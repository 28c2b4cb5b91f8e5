"""Search across modules and lessons (issue 15, item 5), with Wagtail's search backend.

Only live pages anyone may read are searched (no drafts, nothing behind a view restriction).
Each result has a short snippet with the words searched for marked. A lesson with a content
note never shows its body in a snippet, only its summary: the note comes before the content,
in search too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from wagtail.models import Page

from courses.models import CoursePage, LessonPage

SNIPPET_CHARS = 180
PER_PAGE = 10
MAX_QUERY = 200


@dataclass(frozen=True)
class SearchResult:
    page: Page
    kind: str
    module_title: str
    snippet: SafeString


def searchable_text(page: Page) -> str:
    """The page's words, as the search index holds them."""
    if isinstance(page, LessonPage):
        if page.content_note:
            return page.summary
        parts = LessonPage._meta.get_field("body").get_searchable_content(page.body)
        return " ".join([page.summary, *(strip_tags(str(part)) for part in parts)])
    if isinstance(page, CoursePage):
        return page.summary
    return ""


def terms_of(query: str) -> list[str]:
    return [term for term in re.findall(r"\w[\w'-]*", query.casefold()) if len(term) > 1][:10]


def snippet(text: str, terms: list[str]) -> SafeString:
    """About SNIPPET_CHARS of ``text`` around the first term found, terms wrapped in ``<mark>``."""
    text = " ".join(text.split())
    folded = text.casefold()
    hits = [i for i in (folded.find(term) for term in terms) if i >= 0]
    start = max(0, min(hits) - SNIPPET_CHARS // 3) if hits else 0
    if start:
        start = text.find(" ", start) + 1 or start
    piece = text[start : start + SNIPPET_CHARS]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    html = escape(piece)
    if terms:
        pattern = re.compile("|".join(re.escape(escape(term)) for term in terms), re.IGNORECASE)
        html = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html)
    return mark_safe(prefix + html + suffix)  # noqa: S308 - built from escaped text


def search_pages(query: str):
    """Live, public modules and lessons matching the query, best first."""
    pages = Page.objects.live().public().type(CoursePage, LessonPage).specific()
    return pages.search(query, operator="and")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    results, page_obj = [], None
    if terms_of(query):
        paginator = Paginator(search_pages(query), PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        terms = terms_of(query)
        module_titles = {
            p.path: p.title
            for p in Page.objects.filter(
                path__in=[found.path[: -Page.steplen] for found in page_obj.object_list]
            ).only("title", "path")
        }
        for found in page_obj.object_list:
            is_lesson = isinstance(found, LessonPage)
            results.append(
                SearchResult(
                    page=found,
                    kind="lesson" if is_lesson else "module",
                    module_title=module_titles.get(found.path[: -Page.steplen], "") if is_lesson else "",
                    snippet=snippet(searchable_text(found), terms),
                )
            )
    context = {"query": query, "results": results, "page_obj": page_obj, "searched": bool(query)}
    return TemplateResponse(request, "lms/search.html", context)
