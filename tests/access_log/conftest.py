import pytest

from tests.get_world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return build_world()


@pytest.fixture
def as_role(client, world):
    """A client signed in as one of the world's roles ("learner", "supervisor", …)."""

    def sign_in(role):
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        return client

    return sign_in
