"""Editors: drafts may be incomplete, publishing a broken scenario is refused naming the step;
the walk-through preview links every step."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from assessments.models import ScenarioPage
from tests.factories import ScenarioPageFactory, UserFactory


def list_items(values):
    return {
        "count": len(values),
        **{str(i): {"value": v, "deleted": "", "order": i, "id": ""} for i, v in enumerate(values)},
    }


def choice(label, nxt):
    return {"label": label, "feedback": "Why.", "next": nxt, "principles": {}}


def step(key, *choices):
    return {
        "key": key,
        "situation": "Situation.",
        "says": "",
        "image": "",
        "image_alt": "",
        "choices": list_items(choices),
    }


def form_data(scenario, steps, endings, action):
    data = nested_form_data(
        {
            "title": scenario.title,
            "slug": scenario.slug,
            "intro": "",
            "setting": "",
            "background": "",
            "content_note": "",
            "steps": streamfield([("step", s) for s in steps]),
            "endings": streamfield(
                [
                    (
                        "ending",
                        {"key": k, "title": k, "debrief": "D.", "try_next_time": "", "reflection_prompt": ""},
                    )
                    for k in endings
                ]
            ),
        }
    )
    data[action] = "1"
    return data


@pytest.fixture
def editor_client(client, db):
    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)
    return client


@pytest.fixture
def scenario(module_with_lessons):
    module, _ = module_with_lessons
    return ScenarioPageFactory(parent=module)


BROKEN = [
    step("start", choice("Ask", "middle"), choice("Wander", "nowhere")),
    step("middle", choice("Offer", "good"), choice("Loop", "start")),
]
FIXED = [
    step("start", choice("Ask", "middle"), choice("Stop", "good")),
    step("middle", choice("Offer", "good"), choice("Loop", "start")),
]


def test_publishing_a_dangling_choice_is_refused_naming_the_step(editor_client, scenario):
    url = f"/admin/pages/{scenario.pk}/edit/"
    response = editor_client.post(url, form_data(scenario, BROKEN, ["good"], "action-publish"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This scenario cannot be published yet." in page
    assert "Step “start”, choice 2 (“Wander”) points to “nowhere”" in page
    live = ScenarioPage.objects.get(pk=scenario.pk)
    assert [s["key"] for s in live.graph[0]] == ["start", "middle"] and live.graph[0][0]["choices"][0][
        "label"
    ] == "Sit with them and ask"


def test_a_broken_draft_can_be_saved(editor_client, scenario):
    url = f"/admin/pages/{scenario.pk}/edit/"
    response = editor_client.post(url, form_data(scenario, BROKEN, ["good"], "action-save-draft"))
    assert response.status_code == 302
    draft = ScenarioPage.objects.get(pk=scenario.pk).get_latest_revision_as_object()
    assert draft.problems()  # saved, problems and all, but not live


def test_a_playable_scenario_publishes(editor_client, scenario):
    url = f"/admin/pages/{scenario.pk}/edit/"
    response = editor_client.post(url, form_data(scenario, FIXED, ["good"], "action-publish"))
    assert response.status_code == 302
    live = ScenarioPage.objects.get(pk=scenario.pk)
    assert live.graph[0][0]["choices"][1]["label"] == "Stop"


def test_submitting_a_broken_scenario_for_review_is_refused(client, scenario):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    url = f"/admin/pages/{scenario.pk}/edit/"
    response = client.post(url, form_data(scenario, BROKEN, [], "action-submit"))
    page = response.content.decode()
    assert "The scenario has no ending: add at least one." in page


def test_walk_through_preview_links_every_choice_to_its_target(scenario):
    response = scenario.make_preview_request(preview_mode="walk")
    response.render()
    page = response.content.decode()
    assert 'id="start"' in page and 'id="good"' in page and 'id="rough"' in page
    assert 'href="#middle"' in page and 'href="#good"' in page and 'href="#rough"' in page
    assert "cannot be published yet" not in page


def test_walk_through_preview_lists_the_problems_of_a_broken_draft(scenario):
    scenario.endings = "[]"
    response = scenario.make_preview_request(preview_mode="walk")
    response.render()
    assert "The scenario has no ending: add at least one." in response.content.decode()


def test_start_page_preview_shows_the_page_with_its_button_disabled(scenario):
    """The page's own preview: what learners see, with nothing to start (nothing is saved)."""
    response = scenario.make_preview_request()
    response.render()
    page = response.content.decode()
    assert scenario.title in page and "Preview: this is what learners see" in page
    assert "Start the scenario</button>" in page and " disabled>" in page


def test_bulk_publishing_a_broken_draft_is_refused(editor_client, module_with_lessons):
    module, _ = module_with_lessons
    draft = ScenarioPage(title="Draft", slug="draft", live=False)
    module.add_child(instance=draft)
    draft.save_revision()
    response = editor_client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}", {"include_descendants": ""}, follow=True
    )
    assert "cannot be published yet" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


def test_bulk_publishing_refused__goes_back_to_this_site_only(editor_client, module_with_lessons):
    """The refusal returns to ``next`` when it is on this site, and never to another one."""
    module, _ = module_with_lessons
    draft = ScenarioPage(title="Draft", slug="draft", live=False)
    module.add_child(instance=draft)
    draft.save_revision()
    url = f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}&next="
    here = editor_client.post(url + f"/admin/pages/{module.pk}/", {"include_descendants": ""})
    away = editor_client.post(url + "https://elsewhere.example/", {"include_descendants": ""})
    assert here["Location"] == f"/admin/pages/{module.pk}/"
    assert away["Location"] == reverse("wagtailadmin_explore_root")


def test_bulk_publishing_a_playable_scenario_works(editor_client, scenario):
    scenario.unpublish()
    editor_client.post(f"/admin/bulk/wagtailcore/page/publish/?id={scenario.pk}", {"include_descendants": ""})
    scenario.refresh_from_db()
    assert scenario.live
