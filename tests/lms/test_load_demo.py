"""The demo loader builds all eight modules and the accounts, and is idempotent."""

from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Site

from certificates.models import Certificate
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
    assert counts[0] == 8
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
    # Modules 1 and 2, and module 1 a second time (a renewal): three completions, three certificates.
    # (Alex's renewal of "Sustaining yourself" by its refresher path: tests/lms/test_demo_teams.py.)
    by_refresher = {"module__slug": "sustaining-yourself"}
    assert ModuleCompletion.objects.filter(user=refresher).exclude(**by_refresher).count() == 3
    certificates = list(
        Certificate.objects.filter(user=refresher).exclude(**by_refresher).order_by("issued_at")
    )
    assert [c.status for c in certificates] == ["expired", "valid", "valid"]
    assert certificates[0].module_id == certificates[1].module_id
    assert all(c.is_due() for c in certificates[1:])  # close to expiry: time to renew
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert learner.check_password("groundwork-demo")
