import pytest
from django.contrib.auth.models import Group

from tests.factories import QuizPageFactory, UserFactory


@pytest.fixture
def quiz(module_with_lessons):
    """A published quiz as the last step of a three-lesson module; every question asked in order."""
    module, _ = module_with_lessons
    return QuizPageFactory(parent=module)


@pytest.fixture
def editor(db):
    """A member of Wagtail's Editors group, who can edit every page."""
    user = UserFactory(username="priya")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
