"""The demo loader builds all five modules and the accounts, and is idempotent."""

from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Site

from courses.models import CoursePage, LessonPage, ModuleCompletion, StepProgress


def test_load_demo__twice_duplicates_nothing(db):
    call_command("load_demo", verbosity=0)
    counts = (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        User.objects.count(),
        StepProgress.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    again = (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        User.objects.count(),
        StepProgress.objects.count(),
    )

    assert counts == again
    assert counts[0] == 5
    for module in CoursePage.objects.all():
        lessons = LessonPage.objects.child_of(module)
        assert lessons.count() >= 3, module.title
        assert all(lesson.live and lesson.sources and lesson.objectives for lesson in lessons)
    assert Site.objects.get(is_default_site=True).root_page.url_path == "/groundwork/"


def test_load_demo__records_progress_for_demo_learners(db):
    call_command("load_demo", verbosity=0)
    learner = User.objects.get(username="learner")
    refresher = User.objects.get(username="refresher")
    assert StepProgress.objects.filter(user=learner).count() == 2
    assert ModuleCompletion.objects.filter(user=refresher).count() == 2
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert learner.check_password("groundwork-demo")
