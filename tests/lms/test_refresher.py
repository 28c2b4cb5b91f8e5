"""Refresher paths: a shorter way to renew, testing out by a higher quiz mark, and the path each
certificate records."""

import datetime
import json
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from assessments.models import QuizAnswer
from assessments.quiz_attempts import start_attempt, submit_attempt
from certificates.models import Certificate
from certificates.refresher import can_refresh
from courses.models import LessonPage
from courses.progress import complete_module, live_step_ids, module_progress, record_step_complete, renew
from lms.demo.quizzes import correct_choice_ids
from tests.factories import LessonPageFactory, QuizPageFactory, UserFactory, build_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(catalogue):
    """Three lessons and a quiz; the refresher path is a lesson of its own and the quiz."""
    module, lessons = build_module(catalogue, lessons=3, test_out_mark=100)
    quiz = QuizPageFactory(parent=module)
    refresher = LessonPageFactory(parent=module, title="What has changed", refresher_only=True)
    module.refresher_path = json.dumps(
        [{"type": "step", "value": refresher.pk}, {"type": "step", "value": quiz.pk}]
    )
    module.save()
    return {"module": module, "lessons": lessons, "quiz": quiz, "refresher": refresher}


def take_quiz(user, quiz, right: int):
    attempt = start_attempt(user, quiz)
    for index, question in enumerate(attempt.questions):
        choice = sorted(correct_choice_ids(question)) if index < right else ["nothing"]
        QuizAnswer.objects.create(attempt=attempt, question_key=question["key"], choice_ids=choice)
    return submit_attempt(attempt.pk)


def first_time(user, parts):
    for lesson in parts["lessons"]:
        record_step_complete(user, lesson, parts["module"])
    take_quiz(user, parts["quiz"], right=4)


def test_the_refresher_lesson_is_not_a_step_of_the_full_module(module):
    assert module["refresher"].pk not in live_step_ids([module["module"]])[module["module"].pk]
    assert module["refresher"] not in module["module"].get_steps()
    assert module["module"].refresher_step_ids() == [module["refresher"].pk, module["quiz"].pk]


def test_renewing_by_the_refresher_path_records_it_on_the_certificate(module):
    user = UserFactory()
    first_time(user, module)
    renew(user, module["module"], path="refresher")
    progress = module_progress(user, module["module"])
    assert (progress.path, progress.total, progress.done) == ("refresher", 2, 0)
    record_step_complete(user, module["refresher"], module["module"])
    take_quiz(user, module["quiz"], right=4)
    assert list(
        Certificate.objects.filter(user=user).order_by("issued_at", "pk").values_list("earned_by", flat=True)
    ) == [
        "full",
        "refresher",
    ]


def test_test_out__the_higher_mark_renews_a_lower_pass_does_not(module):
    user = UserFactory()
    first_time(user, module)
    renew(user, module["module"])  # the full path, lessons and all
    take_quiz(user, module["quiz"], right=3)  # 75%: a pass, below the test-out mark
    assert Certificate.objects.filter(user=user).count() == 1
    take_quiz(user, module["quiz"], right=4)  # 100%
    assert Certificate.objects.filter(user=user).order_by("-issued_at", "-pk").first().earned_by == "test_out"


def test_test_out__never_on_a_first_time_through(module):
    user = UserFactory()
    take_quiz(user, module["quiz"], right=4)
    assert not Certificate.objects.filter(user=user).exists()


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
def test_can_refresh__current_due_or_recently_expired_but_not_revoked_or_long_expired(module):
    user = UserFactory()
    certificate = Certificate.objects.get(completion=complete_module(user, module["module"]))
    page = module["module"]
    for expires, allowed in [(300, True), (10, True), (-90, True), (-91, False)]:
        certificate.expires_on = datetime.date(2026, 6, 1) + datetime.timedelta(days=expires)
        assert can_refresh(certificate, page) is allowed, expires
    certificate.expires_on, certificate.revoked_at = (
        datetime.date(2026, 7, 1),
        datetime.datetime.now(datetime.UTC),
    )
    assert not can_refresh(certificate, page)


def test_the_certificates_page_offers_the_refresher_and_the_post_starts_it(client, module):
    user = UserFactory()
    first_time(user, module)
    client.force_login(user)
    page = client.get(reverse("certificates"))
    assert "Renew by the refresher path" in page.content.decode()
    url = reverse("refresh_module", args=[module["module"].pk])
    assert client.post(url).status_code == HTTPStatus.FOUND
    assert client.post(url).status_code == HTTPStatus.FOUND  # a double click: one new cycle
    progress = module_progress(user, module["module"])
    assert (progress.cycle, progress.path) == (2, "refresher")
    module_page = client.get(module["module"].url)
    assert "What has changed" in module_page.content.decode()


def test_a_module_without_a_refresher_path_refuses_it(client, catalogue):
    plain, _lessons = build_module(catalogue, lessons=1)
    user = UserFactory()
    complete_module(user, plain)
    client.force_login(user)
    response = client.post(reverse("refresh_module", args=[plain.pk]), follow=True)
    assert "cannot be renewed by the refresher path" in response.content.decode()
    assert module_progress(user, plain).cycle == 1
    assert not LessonPage.objects.filter(refresher_only=True).exists()
