"""Page type rules, previews and editorial workflow."""

from http import HTTPStatus

from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.models import HomePage
from tests.factories import LessonPageFactory, UserFactory


def test_page_types__keep_the_tree_sane(module_with_lessons, catalogue):
    module, lessons = module_with_lessons
    home = catalogue.get_parent().specific
    assert CoursePage.can_create_at(catalogue)
    assert not CoursePage.can_create_at(home)
    assert LessonPage.can_create_at(module)
    assert not LessonPage.can_create_at(catalogue)
    assert not LessonPage.can_create_at(lessons[0])
    assert not CourseIndexPage.can_create_at(home)  # one catalogue only
    assert not HomePage.can_create_at(Page.get_first_root_node())  # one home only


def test_lesson_preview__has_a_content_note_mode(module_with_lessons):
    """Editors can preview what learners see before a noted lesson."""
    module, _ = module_with_lessons
    lesson = LessonPageFactory(parent=module, content_note="Mentions a death by overdose.")
    request = RequestFactory().get("/")
    request.user = UserFactory(username="ed", is_staff=True)
    response = lesson.serve_preview(request, "content-note")
    response.render()
    assert "Mentions a death by overdose." in response.content.decode()
    assert ("content-note", "Content note") in [(m, str(label)) for m, label in lesson.preview_modes]


def test_editor__submits_changes_for_review_rather_than_publishing(admin_client, module_with_lessons, db):
    """The default workflow makes content review part of publishing for editors."""
    _, lessons = module_with_lessons
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = UserFactory(username="priya")
    editor.groups.add(editors)
    perms = lessons[0].permissions_for_user(editor)
    assert perms.can_edit()
    assert not perms.can_publish()
    assert lessons[0].get_workflow() is not None

    response = admin_client.get(f"/admin/pages/{lessons[0].pk}/edit/")
    assert response.status_code == HTTPStatus.OK


def test_duration_label__reads_as_words(module_with_lessons):
    module, _ = module_with_lessons
    for minutes, label in [
        (45, "about 45 minutes"),
        (180, "about 3 hours"),
        (60, "about 1 hour"),
        (90, "about 1 h 30 min"),
    ]:
        module.estimated_minutes = minutes
        assert module.duration_label == label
