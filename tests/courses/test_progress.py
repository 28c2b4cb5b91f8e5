"""Progress, completion and the step interface, without HTTP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ModuleCompletion, StepProgress
from courses.progress import module_progress, progress_for_modules, record_step_complete
from tests.factories import LessonPageFactory, build_module


def test_marking_every_lesson_done__completes_module_once(module_with_lessons, learner):
    """The last lesson completes the module; repeating it records nothing new."""
    module, lessons = module_with_lessons
    for lesson in lessons[:2]:
        state = record_step_complete(learner, lesson, module)
        assert not state.is_complete
    state = record_step_complete(learner, lessons[2], module)
    record_step_complete(learner, lessons[2], module)

    assert state.is_complete
    assert (state.done, state.total, state.percent) == (3, 3, 100)
    assert StepProgress.objects.filter(user=learner).count() == 3
    assert ModuleCompletion.objects.filter(user=learner, module=module).count() == 1


def test_completion__keeps_the_revision_it_was_earned_on(module_with_lessons, learner):
    """A later edit of the module does not change the recorded revision."""
    module, lessons = module_with_lessons
    earned_on = module.live_revision_id
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    module.summary = "Edited later"
    module.save_revision().publish()
    module.refresh_from_db()

    completion = ModuleCompletion.objects.get(user=learner)
    assert completion.revision_id == earned_on
    assert completion.revision_number == earned_on
    assert module.live_revision_id != earned_on


def test_completion__outlives_the_module_being_deleted(module_with_lessons, learner):
    """Deleting content never deletes what a learner did."""
    module, lessons = module_with_lessons
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    module.delete()

    completion = ModuleCompletion.objects.get(user=learner)
    assert completion.module is None
    assert completion.module_title.startswith("Module")
    assert StepProgress.objects.filter(user=learner).count() == 3


def test_unpublished_lesson__is_not_a_step(module_with_lessons, learner):
    """Only live children count towards progress."""
    module, lessons = module_with_lessons
    lessons[1].unpublish()
    state = module_progress(learner, module)
    assert state.total == 2
    assert state.step_ids == [lessons[0].pk, lessons[2].pk]


def test_step_after__goes_to_the_next_unfinished_step(module_with_lessons, learner):
    """Continuing skips lessons already done, and wraps to an earlier one left undone."""
    module, lessons = module_with_lessons
    record_step_complete(learner, lessons[1], module)
    state = record_step_complete(learner, lessons[2], module)
    assert state.step_after(lessons[2]).pk == lessons[0].pk
    assert state.step_after().pk == lessons[0].pk  # with no step: where the learner left off


def test_step_after__skips_done_steps_after_this_one_and_ends_with_none(module_with_lessons, learner):
    module, lessons = module_with_lessons
    record_step_complete(learner, lessons[1], module)
    state = record_step_complete(learner, lessons[0], module)
    assert state.step_after(lessons[0]).pk == lessons[2].pk
    state = record_step_complete(learner, lessons[2], module)
    assert state.step_after(lessons[2]) is None and state.step_after() is None


def test_step_after__uses_the_pages_already_loaded(module_with_lessons, learner, django_assert_num_queries):
    """The module page passes its steps in, so "continue where you left off" costs no query."""
    module, _ = module_with_lessons
    steps = module.get_steps()
    state = module_progress(learner, module, steps=steps)
    with django_assert_num_queries(0):
        assert state.step_after() is steps[0]


def test_progress_for_modules__uses_constant_queries(catalogue, learner):
    """Dashboard progress costs the same number of queries for 1 module or 6."""
    modules = [build_module(catalogue, lessons=2)[0] for _ in range(6)]
    record_step_complete(learner, modules[0].get_children().first().specific, modules[0])

    def count(mods):
        with CaptureQueriesContext(connection) as ctx:
            progress_for_modules(learner, mods)
        return len(ctx.captured_queries)

    assert count(modules[:1]) == count(modules) <= 4


@pytest.mark.parametrize("new_lessons", [0, 1])
def test_new_lesson_after_completion__keeps_completion(module_with_lessons, learner, new_lessons):
    """A completion stays recorded when an editor later adds a lesson."""
    module, lessons = module_with_lessons
    for lesson in lessons:
        record_step_complete(learner, lesson, module)
    for _ in range(new_lessons):
        LessonPageFactory(parent=module)
    state = module_progress(learner, module)
    assert state.is_complete
    assert state.total == 3 + new_lessons


def test_live_step_ids__a_catalogue_of_1500_modules_is_one_query(catalogue, django_assert_num_queries):
    """Steps are found by their parent's path in one ``IN``, not one condition per module (which
    SQLite refused past about a thousand modules)."""
    from wagtail.models import Page

    from courses.progress import live_step_ids

    real, lessons = build_module(catalogue, lessons=2)
    other, other_lessons = build_module(catalogue, lessons=1)
    unseen = [  # modules as the query sees them: a path under the catalogue and a depth
        Page(pk=10_000 + n, path=catalogue.path + f"{9000 + n:04d}", depth=real.depth) for n in range(1500)
    ]
    with django_assert_num_queries(1):
        steps = live_step_ids([real, *unseen, other])
    assert steps[real.pk] == [lesson.pk for lesson in lessons]
    assert steps[other.pk] == [other_lessons[0].pk]
    assert not any(steps[module.pk] for module in unseen)
    assert live_step_ids([real]) == {real.pk: [lesson.pk for lesson in lessons]}
