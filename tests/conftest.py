import pytest
from django.db import connection

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


@pytest.fixture(scope="session", autouse=True)
def migrated_data(django_db_setup, django_db_blocker):
    """What migrations put in the database (root page, locale, groups), captured before any test.

    Transactional tests flush the database. Django restores it through the connection's
    serialized copy, but Playwright's greenlet sees another connection object without one,
    so the browser fixtures restore it themselves.
    """
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()
