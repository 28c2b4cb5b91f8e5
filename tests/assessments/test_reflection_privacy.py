"""Reflections are the learner's alone; a supervisor sees a shared copy until it is revoked."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments import reflections as journal
from assessments.models import Reflection, SharedReflection
from lms.models import Team
from tests.factories import LessonPageFactory, ScenarioPageFactory, UserFactory

SECRET = "I noticed my own hands shaking when she froze."


@pytest.fixture
def people(db):
    learner = UserFactory(username="sam")
    supervisor = UserFactory(username="jo")
    other_supervisor = UserFactory(username="lee")
    editor = UserFactory(username="ed", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    team = Team.objects.create(name="North")
    team.supervisors.add(supervisor)
    team.members.add(learner)
    Team.objects.create(name="South").supervisors.add(other_supervisor)
    return {
        "learner": learner,
        "supervisor": supervisor,
        "other": other_supervisor,
        "editor": editor,
        "admin": admin,
    }


@pytest.fixture
def reflection(people, module_with_lessons):
    module, _ = module_with_lessons
    scenario = ScenarioPageFactory(parent=module)
    return journal.save_reflection(
        people["learner"],
        prompt="What helped?",
        text=SECRET,
        source_title=scenario.title,
        source_page=scenario,
        source_key="good",
    )


def readable_urls(reflection):
    return [
        reverse("learning:reflections"),
        reverse("learning:reflections_export"),
        reverse("learning:reflection_delete", args=[reflection.pk]),
        reverse("shared_reflections"),
        "/admin/",
        f"/admin/pages/search/?q={SECRET[:10]}",
    ]


def everything_visible_to(client, user, reflection) -> str:
    client.force_login(user)
    return "".join(client.get(url).content.decode() for url in readable_urls(reflection))


@pytest.mark.parametrize("who", ["supervisor", "other", "editor", "admin"])
def test_nobody_else_can_read_a_private_reflection_by_any_url(client, people, reflection, who):
    assert SECRET not in everything_visible_to(client, people[who], reflection)
    for name in ("reflection_share", "reflection_revoke", "reflection_delete"):
        assert client.post(reverse(f"learning:{name}", args=[reflection.pk])).status_code == 404
    assert Reflection.objects.filter(pk=reflection.pk, text=SECRET).exists()
    assert not SharedReflection.objects.exists()


def test_the_author_reads_and_exports_their_own(client, people, reflection):
    client.force_login(people["learner"])
    assert SECRET in client.get(reverse("learning:reflections")).content.decode()
    export = client.get(reverse("learning:reflections_export"))
    assert export["Content-Type"].startswith("text/markdown")
    assert SECRET in export.content.decode() and "What helped?" in export.content.decode()


def test_a_shared_copy_reaches_only_the_learners_supervisors_until_revoked(client, people, reflection):
    client.force_login(people["learner"])
    client.post(reverse("learning:reflection_share", args=[reflection.pk]))
    client.post(reverse("learning:reflection_share", args=[reflection.pk]))  # a double click shares once
    assert SharedReflection.objects.count() == 1

    client.force_login(people["supervisor"])
    assert SECRET in client.get(reverse("shared_reflections")).content.decode()
    for who in ("other", "editor", "admin"):
        assert SECRET not in everything_visible_to(client, people[who], reflection), who

    client.force_login(people["learner"])
    client.post(reverse("learning:reflection_revoke", args=[reflection.pk]))
    assert not SharedReflection.objects.exists()
    client.force_login(people["supervisor"])
    assert SECRET not in client.get(reverse("shared_reflections")).content.decode()
    assert Reflection.objects.filter(pk=reflection.pk).exists()  # revoking keeps the learner's own


def test_the_shared_copy_does_not_follow_later_edits(people, reflection):
    journal.share(reflection)
    journal.save_reflection(
        people["learner"],
        prompt="What helped?",
        text="Rewritten privately.",
        source_title="x",
        source_page=reflection.source_page,
        source_key="good",
    )
    assert SharedReflection.objects.get().text == SECRET


def test_sharing_without_a_supervisor_says_so_and_changes_nothing(client, module_with_lessons):
    module, _ = module_with_lessons
    loner = UserFactory()
    own = journal.save_reflection(
        loner, prompt="p", text="mine", source_title="t", source_page=module, source_key="k"
    )
    client.force_login(loner)
    response = client.post(reverse("learning:reflection_share", args=[own.pk]), follow=True)
    assert "nobody to share this with" in response.content.decode()
    assert not SharedReflection.objects.exists()


def test_the_team_page_is_a_404_for_non_supervisors(client, people):
    client.force_login(people["learner"])
    assert client.get(reverse("shared_reflections")).status_code == 404


def test_deleting_removes_the_reflection_and_its_shared_copy(client, people, reflection):
    journal.share(reflection)
    client.force_login(people["learner"])
    assert client.get(reverse("learning:reflection_delete", args=[reflection.pk])).status_code == 200
    client.post(reverse("learning:reflection_delete", args=[reflection.pk]))
    assert not Reflection.objects.exists() and not SharedReflection.objects.exists()


def test_an_empty_reflection_is_refused_with_a_message(client, people, module_with_lessons):
    module, _ = module_with_lessons
    scenario = ScenarioPageFactory(parent=module)
    from assessments.scenario_runs import choose, start_run

    run = start_run(people["learner"], scenario)
    steps, _ = scenario.graph
    run = choose(run, scenario, steps[0]["choices"][0]["id"], 0)
    run = choose(run, scenario, steps[1]["choices"][0]["id"], 1)
    client.force_login(people["learner"])
    url = reverse("learning:reflect_on_ending", args=[run.pk])
    response = client.post(url, {"text": "   "}, follow=True)
    assert "nothing to save" in response.content.decode()
    assert not Reflection.objects.filter(user=people["learner"]).exists()
    client.post(url, {"text": "Asking first helped."})
    saved = Reflection.objects.get(user=people["learner"])
    assert saved.prompt == "What helped?" and saved.source_key == "good"


def test_a_lesson_reflection_block_saves_privately_and_shows_the_answer_again(
    client, people, module_with_lessons
):
    module, _ = module_with_lessons
    body = json.dumps(
        [{"type": "reflection", "id": "prompt-1", "value": {"prompt": "What do you notice in your body?"}}]
    )
    lesson = LessonPageFactory(parent=module, body=body)
    client.force_login(people["learner"])
    assert "What do you notice in your body?" in client.get(lesson.url).content.decode()
    client.post(
        reverse("learning:reflect_in_lesson", args=[lesson.pk, "prompt-1"]), {"text": "Tight shoulders."}
    )
    saved = Reflection.objects.get(user=people["learner"], source_page=lesson)
    assert saved.prompt == "What do you notice in your body?" and saved.source_key == "prompt-1"
    assert "Tight shoulders." in client.get(lesson.url).content.decode()
    missing = client.post(
        reverse("learning:reflect_in_lesson", args=[lesson.pk, "not-a-block"]), {"text": "x"}
    )
    assert missing.status_code == 404
    client.force_login(people["supervisor"])
    assert "Tight shoulders." not in client.get(lesson.url).content.decode()


def test_a_supervisor_added_after_sharing_does_not_see_the_copy(client, people, reflection):
    journal.share(reflection)
    newcomer = UserFactory(username="newsup")
    Team.objects.get(name="North").supervisors.add(newcomer)
    client.force_login(newcomer)
    assert SECRET not in client.get(reverse("shared_reflections")).content.decode()
    client.force_login(people["supervisor"])
    assert SECRET in client.get(reverse("shared_reflections")).content.decode()


def test_a_supervisor_no_longer_sees_a_copy_once_the_learner_leaves_their_team(client, people, reflection):
    journal.share(reflection)
    Team.objects.get(name="North").members.remove(people["learner"])
    Team.objects.get(name="North").supervisors.add(people["supervisor"])
    client.force_login(people["supervisor"])
    assert SECRET not in client.get(reverse("shared_reflections")).content.decode()
