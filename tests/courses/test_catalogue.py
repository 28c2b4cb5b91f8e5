"""The catalogue's modules and cards come from the shared cache, and never outlive an editor's change."""

from http import HTTPStatus

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import get_language

from courses.catalogue import KEY, live_catalogue
from tests.factories import LessonPageFactory, UserFactory, build_module, build_site

pytestmark = pytest.mark.usefixtures("committed_db", "shared_cache")


@pytest.fixture
def learner_client(client):
    client.force_login(UserFactory())
    return client


def _dashboard(client) -> tuple[str, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("learning:dashboard"))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


def test_dashboard_again__reads_no_module_or_step_from_the_database(learner_client):
    build_module(build_site(), lessons=2, title="Boundaries and ethics")
    first, read_first = _dashboard(learner_client)
    again, read_again = _dashboard(learner_client)
    modules, steps = 'FROM "courses_coursepage"', 'FROM "wagtailcore_page"'
    assert modules in read_first and steps in read_first
    assert modules not in read_again and steps not in read_again
    assert (
        "Boundaries and ethics" in again and again.count('class="card"') == first.count('class="card"') == 1
    )


def test_publishing_a_new_title__shows_on_the_next_dashboard(learner_client):
    module, _ = build_module(build_site(), lessons=1, title="Boundaries")
    _dashboard(learner_client)  # fills the cache
    module.title = "Boundaries and ethics"
    module.save_revision().publish()
    page, _read = _dashboard(learner_client)
    assert "Boundaries and ethics" in page


def test_unpublishing_a_module__takes_its_card_off_the_dashboard(learner_client):
    index = build_site()
    module, _ = build_module(index, lessons=1, title="Withdrawn module")
    build_module(index, lessons=1, title="Cultural humility")
    _dashboard(learner_client)
    module.unpublish()
    page, _read = _dashboard(learner_client)
    assert "Withdrawn module" not in page and "Cultural humility" in page


def test_a_lesson_published_in_a_module__counts_as_one_of_its_steps(learner_client):
    module, _ = build_module(build_site(), lessons=2)
    assert len(live_catalogue().step_ids[module.pk]) == 2
    LessonPageFactory(parent=module)
    assert len(live_catalogue().step_ids[module.pk]) == 3


def test_inside_a_transaction__the_cache_is_not_filled(shared_cache):
    """What a transaction read may yet be rolled back (and a test's always is)."""
    module, _ = build_module(build_site(), lessons=1)
    with transaction.atomic():
        assert [m.pk for m in live_catalogue().modules] == [module.pk]
    assert shared_cache.get(KEY.format(language=get_language())) is None
    live_catalogue()
    assert shared_cache.get(KEY.format(language=get_language())) is not None
