"""Downloading everything Groundwork holds about oneself: one's own records, nobody else's."""

import json
from http import HTTPStatus

from django.urls import reverse

from assessments.models import Reflection
from courses.progress import complete_module, record_step_complete
from tests.factories import UserFactory, build_module


def download(client) -> dict:
    response = client.get(reverse("learning:my_data"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith('attachment; filename="groundwork-my-data-')
    return json.loads(response.content)


def test_my_data__holds_my_records_and_nobody_elses(learner_client, learner, catalogue):
    module, lessons = build_module(catalogue, lessons=2)
    record_step_complete(learner, lessons[0], module)
    Reflection.objects.create(
        user=learner, prompt="What helped?", text="Mine, in my words", source_title="A lesson"
    )
    other = UserFactory(username="someone-else")
    Reflection.objects.create(user=other, prompt="What helped?", text="Not yours", source_title="A lesson")
    complete_module(other, module)
    data = download(learner_client)
    assert data["account"]["username"] == learner.username
    assert [r["text"] for r in data["reflections"]] == ["Mine, in my words"]
    assert [s["step_title"] for s in data["steps_done"]] == [lessons[0].title]
    assert data["certificates"] == []
    text = json.dumps(data)
    assert "Not yours" not in text and "someone-else" not in text
    assert learner.password not in text and "password" not in data["account"]


def test_my_data__queries_do_not_grow_with_what_was_done(
    learner_client, learner, catalogue, django_assert_max_num_queries
):
    module, _lessons = build_module(catalogue, lessons=1)
    complete_module(learner, module)
    with django_assert_max_num_queries(40) as few:  # one query per section
        download(learner_client)
    for _ in range(5):
        more, _lessons = build_module(catalogue, lessons=3)
        complete_module(learner, more)
    with django_assert_max_num_queries(40) as many:
        assert len(download(learner_client)["certificates"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_my_data__anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("learning:my_data"))
    assert response.status_code == HTTPStatus.FOUND and response["Location"].startswith(reverse("login"))


def test_my_data__holds_the_emails_sent_to_me_and_nobody_elses(
    learner_client, learner, catalogue, django_capture_on_commit_callbacks
):
    module, _lessons = build_module(catalogue, lessons=1)
    other = UserFactory(username="someone-else")
    with django_capture_on_commit_callbacks(execute=True):
        complete_module(learner, module)
        complete_module(other, module)
    emails = download(learner_client)["emails_to_you"]
    assert len(emails) == 1 and module.title in emails[0]["subject"] and emails[0]["status"] == "sent"
    assert other.get_full_name() not in emails[0]["body"]
