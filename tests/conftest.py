import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from wagtail.models import Page

from tests.factories import UserFactory, build_module, build_site


@pytest.fixture
def catalogue(db):
    return build_site()


@pytest.fixture
def module_with_lessons(catalogue):
    """A published module with three published lessons."""
    return build_module(catalogue, lessons=3)


@pytest.fixture
def learner(db):
    return UserFactory(username="sam")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def _uses_database(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return "db" in names or "transactional_db" in names or item.get_closest_marker("django_db") is not None


@pytest.fixture(scope="session", autouse=True)
def migrated_data(request, django_db_setup, django_db_blocker):
    """What migrations put in the database (root page, locale, groups), captured before any test.

    Transactional tests flush the database. Django restores it through the connection's
    serialized copy, but Playwright's greenlet sees another connection object without one,
    so the browser fixtures restore it themselves.

    When no collected test uses the database, pytest-django creates no test database, and the
    connection would still name the development one: nothing is read then.
    """
    if not any(_uses_database(item) for item in request.session.items):
        return ""
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def committed_db(transactional_db, migrated_data):
    """A database whose writes are committed (for live servers and threads), holding what
    migrations created. Flushes by earlier transactional tests remove that, and Django's own
    restore is not reliable once Playwright has run, so put it back here when it is missing."""
    if not Page.objects.exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(migrated_data)
        with connection.cursor() as cursor:  # PostgreSQL: move sequences past restored ids
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
        ContentType.objects.clear_cache()


@pytest.fixture
def shared_cache(settings):
    """The cache and sessions as production has them (Redis there, memory here), emptied before and after."""
    from django.core.cache import cache

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.clear()
    yield cache
    cache.clear()
