"""Readable offline: the manifest, the service worker, the offline page and the list of lessons
the worker keeps; and the two requests the offline queue sends again being recorded once."""

import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image
from wagtail.models import PageViewRestriction

from assessments.models import QuizAnswer, QuizAttempt
from courses.models import StepProgress
from lms import offline_views
from tests.factories import QuizPageFactory, UserFactory, build_module

PREFIX = "self.GROUNDWORK_OFFLINE = "


def worker_settings(response) -> dict:
    first_line = response.content.decode().split("\n", 1)[0]
    assert first_line.startswith(PREFIX) and first_line.endswith(";")
    return json.loads(first_line[len(PREFIX) : -1])


def test_service_worker__served_from_the_site_root_as_javascript(client, db):
    """At /sw.js its default scope is the whole site, so no Service-Worker-Allowed header is needed."""
    assert reverse("service_worker") == "/sw.js"
    response = client.get("/sw.js")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"  # a new deployment's worker is found at once
    assert "Service-Worker-Allowed" not in response
    assert 'addEventListener("fetch"' in response.content.decode()


def test_service_worker__keeps_module_pages_only(client, db):
    """Never a supervisor's, an admin's or an account page: only the module pages may be kept."""
    config = worker_settings(client.get("/sw.js"))
    assert config["keep"] == ["/modules/"]
    for private in ("/team/", "/admin/", "/accounts/", "/certificates/", "/learning/"):
        assert not any(private.startswith(prefix) for prefix in config["keep"])


def test_service_worker__forgets_kept_pages_on_both_sign_outs(client, db):
    config = worker_settings(client.get("/sw.js"))
    assert config["signOut"] == [reverse("logout"), reverse("wagtailadmin_logout")]


def test_service_worker__only_ever_puts_get_responses_in_the_cache(client, db):
    """Every POST passes straight through: the fetch handler returns before any cache call."""
    source = client.get("/sw.js").content.decode()
    handler = source[source.index('addEventListener("fetch"') :]
    post_branch = handler[handler.index('if (request.method !== "GET")') : handler.index("return;\n    }")]
    assert "cache" not in post_branch.replace("forgetPages", "")


def test_service_worker__assets_and_offline_page_are_same_origin_and_exist(client, db):
    config = worker_settings(client.get("/sw.js"))
    assert config["offlinePage"] == "/offline/"
    for url in config["assets"]:
        assert url.startswith("/static/")
        assert finders.find(url.removeprefix("/static/")) is not None, url


def test_service_worker__version_changes_with_its_code(client, db, monkeypatch):
    before = worker_settings(client.get("/sw.js"))["version"]
    monkeypatch.setattr(offline_views, "_worker_source", lambda: "// a changed worker\n")
    assert worker_settings(client.get("/sw.js"))["version"] != before


def test_service_worker__get_only(client, db):
    assert client.post("/sw.js").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_content_policy__lets_the_worker_and_manifest_load_from_this_site(client, db):
    """With no worker-src or manifest-src, browsers fall back to script-src and default-src."""
    policy = client.get("/sw.js")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'self'" in directives["script-src"]
    assert "'self'" in directives["default-src"]
    assert "worker-src" not in directives and "manifest-src" not in directives


def test_manifest__an_installable_web_app(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Groundwork"
    assert data["start_url"] == "/learning/"
    assert data["scope"] == "/"
    assert data["display"] == "standalone"
    assert {icon["type"] for icon in data["icons"]} == {"image/svg+xml", "image/png"}
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])


def test_manifest__every_icon_exists_at_its_stated_size(client, db):
    data = json.loads(client.get("/manifest.webmanifest").content)
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path is not None, icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(path).size
            assert icon["sizes"] == f"{width}x{height}"


def test_offline_page__says_so_and_names_nobody(client, db):
    """The worker keeps this page signed out, so it carries no one's details or key."""
    response = client.get("/offline/")
    assert response.status_code == HTTPStatus.OK
    assert "You\u2019re offline" in response.content.decode()
    assert b"data-user=" not in response.content
    assert b"data-saved-lessons" in response.content


def test_base_page__links_the_manifest_and_the_offline_script(client, learner, module_with_lessons):
    module, lessons = module_with_lessons
    client.force_login(learner)
    html = client.get(lessons[0].url).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'data-worker="/sw.js"' in html
    assert f'data-user="{offline_views.worker_user_key(learner)}"' in html
    assert f'data-offline-keep="{reverse("learning:offline_lessons", args=[module.pk])}"' in html
    assert "data-offline-status" in html and 'role="status"' in html


def test_worker_user_key__differs_per_person_and_is_empty_signed_out(db):
    first, second = UserFactory(), UserFactory()
    keys = {offline_views.worker_user_key(first), offline_views.worker_user_key(second)}
    assert len(keys) == 2 and "" not in keys
    assert offline_views.worker_user_key(first) != str(first.pk)  # the page never names the person
    assert offline_views.worker_user_key(AnonymousUser()) == ""


def test_module_lessons__lists_the_modules_lessons_in_order(learner_client, module_with_lessons):
    """Quizzes cannot be taken offline, so only lessons (and the module page) are listed."""
    module, lessons = module_with_lessons
    QuizPageFactory(parent=module)
    response = learner_client.get(reverse("learning:offline_lessons", args=[module.pk]))
    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["module"] == {"title": module.title, "url": module.url}
    assert data["lessons"] == [{"title": lesson.title, "url": lesson.url} for lesson in lessons]


def test_module_lessons__leaves_out_unpublished_lessons(learner_client, module_with_lessons):
    module, lessons = module_with_lessons
    lessons[1].unpublish()
    data = learner_client.get(reverse("learning:offline_lessons", args=[module.pk])).json()
    assert [lesson["url"] for lesson in data["lessons"]] == [lessons[0].url, lessons[2].url]


def test_module_lessons__signed_out_is_sent_to_sign_in(client, module_with_lessons):
    module, _ = module_with_lessons
    response = client.get(reverse("learning:offline_lessons", args=[module.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("case", ["unknown", "draft", "restricted", "a lesson"])
def test_module_lessons__404_for_what_the_learner_cannot_open(learner_client, catalogue, case):
    module, lessons = build_module(catalogue, lessons=1)
    target = module.pk
    if case == "unknown":
        target = 999_999
    elif case == "draft":
        module.unpublish()
    elif case == "restricted":
        PageViewRestriction.objects.create(
            page=module, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    else:
        target = lessons[0].pk
    response = learner_client.get(reverse("learning:offline_lessons", args=[target]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_module_lessons__get_only(learner_client, module_with_lessons):
    module, _ = module_with_lessons
    response = learner_client.post(reverse("learning:offline_lessons", args=[module.pk]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_mark_done__sent_again_from_the_queue_records_once(learner_client, learner, module_with_lessons):
    """The queue may send a "Mark as done" twice (two tabs, a lost reply): one record."""
    module, lessons = module_with_lessons
    url = reverse("learning:mark_lesson_done", args=[module.pk, lessons[1].pk])
    for _ in range(3):
        response = learner_client.post(url)
        assert response.status_code == HTTPStatus.FOUND
    assert StepProgress.objects.filter(user=learner, step=lessons[1]).count() == 1


def test_quiz_answer__sent_again_from_the_queue_keeps_one_answer(
    learner_client, learner, module_with_lessons
):
    module, _ = module_with_lessons
    quiz = QuizPageFactory(parent=module)
    learner_client.post(reverse("learning:quiz_start", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get(user=learner)
    question = attempt.questions[0]
    url = reverse("learning:quiz_question", args=[attempt.pk, 1])
    for _ in range(2):
        response = learner_client.post(
            url,
            {"choice": [question["choices"][0]["id"]], "go": "stay"},
            headers={"X-Requested-With": "fetch"},
        )
        assert response.json()["answered"] == 1
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 1


def test_background_copy__leaves_the_learners_message_for_the_page_they_see(
    learner_client, module_with_lessons
):
    """The worker's own fetches (X-Groundwork-Keep) neither show nor use up a one-time message."""
    module, lessons = module_with_lessons
    learner_client.post(reverse("learning:mark_lesson_done", args=[module.pk, lessons[0].pk]))
    message = f"“{lessons[0].title}” is marked as done."
    copy = learner_client.get(lessons[1].url, headers={"X-Groundwork-Keep": "1"})
    assert message not in copy.content.decode()
    assert message in learner_client.get(lessons[1].url).content.decode()
