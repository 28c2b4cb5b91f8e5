import pytest

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
