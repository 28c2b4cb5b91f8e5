import pytest

from tests.factories import QuizPageFactory


@pytest.fixture
def quiz(module_with_lessons):
    """A published quiz as the last step of a three-lesson module; every question asked in order."""
    module, _ = module_with_lessons
    return QuizPageFactory(parent=module)
