"""A learner's progress is read from the cache between their own changes, and never stale after one."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory, build_module, build_site


@pytest.fixture
def signed_in(committed_db, client):
    cache.clear()
    module, lessons = build_module(build_site(), lessons=2)
    client.force_login(UserFactory())
    yield client, module, lessons
    cache.clear()


def _page(client, url: str) -> tuple[bytes, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content, " ".join(q["sql"] for q in queries.captured_queries)


def test_module_page_again__reads_no_progress_records(signed_in):
    """The second view of a module reads the learner's records from the cache."""
    client, module, _lessons = signed_in
    _page(client, module.url)
    _content, sql = _page(client, module.url)
    assert "courses_stepprogress" not in sql
    assert "courses_enrolment" not in sql


def test_lesson_marked_done__shows_done_at_once(signed_in):
    """Marking a lesson done replaces the cached progress: the module page says so straight away."""
    client, module, lessons = signed_in
    before, _sql = _page(client, module.url)
    assert b"step-list__item--done" not in before
    response = client.post(reverse("learning:mark_lesson_done", args=[module.pk, lessons[0].pk]))
    assert response.status_code == HTTPStatus.FOUND
    after, sql = _page(client, module.url)
    assert "courses_stepprogress" in sql
    assert after.count(b"step-list__item--done") == 1
