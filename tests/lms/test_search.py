"""Search across modules and lessons (issue 15, item 5)."""

import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from lms.search import snippet, terms_of
from tests.factories import LessonPageFactory, build_module, build_site


def body(text: str) -> str:
    return json.dumps([{"type": "text", "value": f"<p>{text}</p>"}])


@pytest.fixture
def modules(db):
    index = build_site()
    boundaries, _ = build_module(index, lessons=0, title="Boundaries", summary="Where the peer role ends.")
    LessonPageFactory(
        parent=boundaries,
        title="Self-disclosure",
        body=body("Share your story with purpose: ask whose need the telling meets before you share."),
    )
    LessonPageFactory(
        parent=boundaries,
        title="Hard reading",
        content_note="Describes a restraint in detail.",
        summary="What restraint can do.",
        body=body("A detailed account whose need the telling meets, which should not show before its note."),
    )
    hidden, _ = build_module(index, lessons=0, title="Staff only")
    LessonPageFactory(
        parent=hidden, title="Hidden lesson", body=body("whose need the telling meets, secretly")
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="s3cret")
    LessonPageFactory(
        parent=boundaries, title="Draft lesson", body=body("whose need the telling meets")
    ).unpublish()
    return boundaries


def test_search__finds_a_lesson_by_a_phrase_in_its_body_with_the_words_marked(client, modules):
    response = client.get(reverse("search"), {"q": "whose need the telling meets"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Self-disclosure" in html
    assert "Lesson in Boundaries" in html
    assert (
        "<mark>whose</mark> <mark>need</mark> <mark>the</mark> <mark>telling</mark> <mark>meets</mark>"
        in html
    )


def test_search__never_shows_drafts_restricted_pages_or_a_body_behind_a_content_note(client, modules):
    html = client.get(reverse("search"), {"q": "whose need the telling meets"}).content.decode()
    assert "Hidden lesson" not in html and "secretly" not in html
    assert "Draft lesson" not in html
    assert "Hard reading" in html  # found, but only its summary is shown, with the note said
    assert "should not show before its note" not in html
    assert "has a content note, shown before the lesson" in html


def test_search__finds_modules_by_summary_and_says_when_nothing_matched(client, modules):
    html = client.get(reverse("search"), {"q": "peer role ends"}).content.decode()
    assert "Boundaries" in html and ">Module<" in html
    html = client.get(reverse("search"), {"q": "zebra crossing"}).content.decode()
    assert "Nothing matched" in html


def test_search__an_empty_or_odd_query_is_a_calm_page(client, modules):
    for query in ("", "   ", "\x00", "<script>", "a" * 5000):
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == HTTPStatus.OK
        assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_snippet__escapes_text_and_marks_terms():
    marked = snippet("Tom & Jerry <b>share</b> a story", terms_of("share"))
    assert marked == "Tom &amp; Jerry &lt;b&gt;<mark>share</mark>&lt;/b&gt; a story"
