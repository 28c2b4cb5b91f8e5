"""Testing out: someone renewing a module who passes its quiz at the module's test-out mark (higher
than the pass mark) renews there and then, without the lessons.

It applies only in a renewal cycle (the learner has completed the module before and started
again, by either path), so practising the quiz never renews by accident. The completion, and the
certificate issued for it, record the path as ``test_out``. Connected in ``LmsConfig.ready``;
it lives here because it joins a quiz (assessments) to a module's renewal (courses), and only
the people side may import both.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from assessments.models import QuizAttempt
from courses.models import CoursePage, Enrolment, ModuleCompletion, Path
from courses.progress import complete_module, module_progress


def tests_out(attempt: QuizAttempt, module: CoursePage) -> bool:
    mark = module.test_out_mark
    return bool(attempt.passed and mark and attempt.score is not None and attempt.score >= mark)


@receiver(post_save, sender=QuizAttempt, dispatch_uid="lms.test_out")
def renew_on_test_out(sender, instance: QuizAttempt, update_fields=None, **kwargs) -> None:
    """When a graded attempt is saved (inside the submission's transaction), complete the cycle."""
    if not update_fields or "passed" not in update_fields or instance.module_id is None:
        return
    module = CoursePage.objects.filter(pk=instance.module_id).first()
    if module is None or not tests_out(instance, module):
        return
    enrolment = Enrolment.objects.select_for_update().filter(user=instance.user, module=module).first()
    if enrolment is None or enrolment.cycle < 2:
        return  # a first time through: the whole module
    done = ModuleCompletion.objects.filter(user=instance.user, module=module, cycle=enrolment.cycle)
    if done.exists():
        return
    progress = module_progress(instance.user, module)
    if all(pk in progress.done_ids or pk == instance.quiz_id for pk in progress.step_ids):
        return  # this pass completes the path the learner is on: it earns that path's certificate
    complete_module(instance.user, module, enrolment.cycle, Path.TEST_OUT)
