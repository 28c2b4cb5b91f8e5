"""Two steps finished at the same moment (two tabs, two devices) complete the module once and
issue one certificate. PostgreSQL only: SQLite serialises writers."""

import pytest

from certificates.models import Certificate
from courses.models import ModuleCompletion
from courses.progress import record_step_complete
from tests.concurrency import postgresql_only, together
from tests.factories import UserFactory

pytestmark = [postgresql_only, pytest.mark.usefixtures("committed_db")]


def test_the_last_two_steps_at_once_issue_one_certificate(module_with_lessons):
    module, lessons = module_with_lessons
    user = UserFactory()
    record_step_complete(user, lessons[0], module)
    together(
        lambda: record_step_complete(user, lessons[1], module),
        lambda: record_step_complete(user, lessons[2], module),
    )
    assert ModuleCompletion.objects.filter(user=user, module=module).count() == 1
    assert Certificate.objects.filter(user=user, module=module).count() == 1


def test_the_same_last_step_twice_at_once_issues_one_certificate(module_with_lessons):
    module, lessons = module_with_lessons
    user = UserFactory()
    for lesson in lessons[:-1]:
        record_step_complete(user, lesson, module)
    together(*[lambda: record_step_complete(user, lessons[-1], module)] * 2)
    assert Certificate.objects.filter(user=user, module=module).count() == 1
