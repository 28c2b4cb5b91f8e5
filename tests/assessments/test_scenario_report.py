"""The scenario results reports: endings reached and choices taken, from the run log, with exports."""

import csv
import io
import json
from http import HTTPStatus

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ScenarioPage
from assessments.scenario_runs import choose, go_back, restart, start_run
from assessments.scenario_stats import scenario_results
from tests.factories import (
    SAMPLE_ENDINGS,
    QuizPageFactory,
    ScenarioPageFactory,
    UserFactory,
    scenario_endings,
)

FEWER = "fewer than 5"
CHOICE_HEADINGS = ["Step", "Choice", "Times taken", "Leads to"]
INDEX_HEADINGS = ["Module", "Scenario", "Runs started", "Endings reached"]

# Moves are (step key, choice number), "back" or "restart". Sample scenario: start -> middle or
# the "Left behind" ending; middle -> the "Together" ending or back to start.
PLAYS = {
    "ainslie": [("start", 0), ("middle", 0)],
    "bramwell": [("start", 1), "back", ("start", 0), ("middle", 1), ("start", 0), ("middle", 0)],
    "cosima": [("start", 1), "restart", ("start", 0)],
}

EXPECTED_CHOICES = [
    ("start", "Sit with them and ask", 4, "middle"),
    ("start", "Tell them what to do", 2, "Ending: Left behind"),
    ("middle", "Offer a choice", 2, "Ending: Together"),
    ("middle", "Change the subject", 1, "start"),
]
EXPECTED_ENDINGS = [("Together", True, 2, False), ("Left behind", False, 2, False)]


def choice_id(scenario, step_key: str, number: int) -> str:
    steps, _ = scenario.graph
    return next(s for s in steps if s["key"] == step_key)["choices"][number]["id"]


def play(user, scenario, moves) -> None:
    run = start_run(user, scenario)
    for move in moves:
        if move == "back":
            run = go_back(run, scenario, run.sequence)
        elif move == "restart":
            run = restart(run, scenario)
        else:
            run = choose(run, scenario, choice_id(scenario, *move), run.sequence)


def learner_named(name: str):
    return UserFactory(username=f"learner-{name}", first_name=name.title(), last_name="Quillfeather")


@pytest.fixture
def scenario(module_with_lessons):
    module, _ = module_with_lessons
    return ScenarioPageFactory(parent=module, title="Visiting hours")


@pytest.fixture
def learners(db):
    return {name: learner_named(name) for name in PLAYS}


@pytest.fixture
def played_scenario(scenario, learners):
    """Three learners played: straight through; a go-back and a detour; a restart left midway.

    A second scenario in the same module has one run, to show the counts do not mix.
    """
    for name, moves in PLAYS.items():
        play(learners[name], scenario, moves)
    other = ScenarioPageFactory(parent=scenario.get_parent(), title="The night shift")
    play(learners["ainslie"], other, [("start", 1)])
    return scenario


def report_url(scenario_id: int) -> str:
    return reverse("scenario_results:choices", args=[scenario_id])


def choice_table(results):
    return [(c.step_key, c.label, c.times_taken, c.leads_to) for c in results.choices]


def ending_table(results):
    return [(e.title, e.recommended, e.times_reached, e.removed) for e in results.endings]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


def xlsx_rows(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return list(sheet.iter_rows(values_only=True))


def test_scenario_results__counts_every_choice_and_ending_from_the_log(played_scenario):
    """Going back and choosing again counts twice; a restarted run still counts as started."""
    results = scenario_results(played_scenario)
    assert results.runs_started == 4
    assert results.endings_reached == 4
    assert ending_table(results) == EXPECTED_ENDINGS
    assert choice_table(results) == EXPECTED_CHOICES


def test_scenario_results__lists_untaken_choices_and_unreached_endings_as_zero(scenario):
    results = scenario_results(scenario)
    assert (results.runs_started, results.endings_reached) == (0, 0)
    assert [row[2] for row in choice_table(results)] == [0, 0, 0, 0]
    assert [row[2] for row in ending_table(results)] == [0, 0]


def test_scenario_results__labels_current_wording_and_keeps_removed_rows(played_scenario):
    """Rows take today's labels; a removed choice or ending stays as a "(removed …)" row."""
    steps = played_scenario.steps.get_prep_value()
    middle = next(step for step in steps if step["value"]["key"] == "middle")
    middle["value"]["choices"][0]["value"]["label"] = "Offer two options"
    del middle["value"]["choices"][1]  # "Change the subject"
    played_scenario.steps = json.dumps(steps)
    played_scenario.endings = scenario_endings([SAMPLE_ENDINGS[0]])  # "Left behind" is gone
    played_scenario.save()

    results = scenario_results(ScenarioPage.objects.get(pk=played_scenario.pk))
    assert choice_table(results) == [
        ("start", "Sit with them and ask", 4, "middle"),
        ("start", "Tell them what to do", 2, "rough"),
        ("middle", "Offer two options", 2, "Ending: Together"),
        ("middle", "(removed choice)", 1, "start"),
    ]
    assert ending_table(results) == [("Together", True, 2, False), ("(removed ending)", False, 2, True)]
    assert results.endings[1].key == "rough"
    assert results.endings_reached == 4


def test_scenario_results__two_queries_whatever_the_number_of_runs(
    played_scenario, django_assert_num_queries
):
    for n in range(6):
        play(learner_named(f"extra{n}"), played_scenario, PLAYS["bramwell"])
    scenario = ScenarioPage.objects.get(pk=played_scenario.pk)
    with django_assert_num_queries(2):
        assert scenario_results(scenario).runs_started == 10


def test_scenario_choices__editor_sees_endings_summary_and_choice_rows(editor_client, played_scenario):
    response = editor_client.get(report_url(played_scenario.pk))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Scenario choices and endings" in html
    assert played_scenario.title in html and played_scenario.get_parent().title in html
    assert "Together" in html and "Left behind" in html
    assert "Change the subject" in html and "Ending: Together" in html
    assert "reaches an ending again counts again" in html
    assert "?export=csv" in html and "?export=xlsx" in html


def test_scenario_choices__csv_export_has_headings_and_values(editor_client, played_scenario):
    response = editor_client.get(report_url(played_scenario.pk), {"export": "csv"})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv"
    assert f"scenario-{played_scenario.pk}-choices.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == CHOICE_HEADINGS
    # Four runs: every count is "fewer than 5" (issue 15, item 9).
    assert rows[1:] == [[step, label, FEWER, leads_to] for step, label, _, leads_to in EXPECTED_CHOICES]


def test_scenario_choices__xlsx_export_matches(editor_client, played_scenario):
    response = editor_client.get(report_url(played_scenario.pk), {"export": "xlsx"})
    assert response.status_code == HTTPStatus.OK
    rows = xlsx_rows(response)
    assert list(rows[0]) == CHOICE_HEADINGS
    assert rows[1:] == [(step, label, FEWER, leads_to) for step, label, _, leads_to in EXPECTED_CHOICES]


def test_scenario_results_index__lists_each_scenario_with_counts_and_link(editor_client, played_scenario):
    index_url = reverse("scenario_results:index")
    response = editor_client.get(index_url)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'href="{report_url(played_scenario.pk)}"' in html
    assert "The night shift" in html

    module = played_scenario.get_parent().title
    expected = [
        INDEX_HEADINGS,
        [module, "Visiting hours", FEWER, FEWER],
        [module, "The night shift", FEWER, FEWER],
    ]
    assert csv_rows(editor_client.get(index_url, {"export": "csv"})) == expected
    xlsx = xlsx_rows(editor_client.get(index_url, {"export": "xlsx"}))
    assert [list(row) for row in xlsx] == [
        INDEX_HEADINGS,
        [module, "Visiting hours", FEWER, FEWER],
        [module, "The night shift", FEWER, FEWER],
    ]


def test_scenario_reports__never_name_a_learner(editor_client, played_scenario, learners):
    """Counts only: no username, name or email in any page or export."""
    texts = []
    for url in (reverse("scenario_results:index"), report_url(played_scenario.pk)):
        texts.append(editor_client.get(url).content.decode())
        texts.append(editor_client.get(url, {"export": "csv"}).getvalue().decode())
        cells = xlsx_rows(editor_client.get(url, {"export": "xlsx"}))
        texts.append(" ".join(str(cell) for row in cells for cell in row))
    for learner in learners.values():
        for identifier in (learner.username, learner.email, learner.first_name, learner.last_name):
            assert not any(identifier in text for text in texts), identifier


def test_scenario_reports__learner_is_sent_to_the_admin_login(learner_client, played_scenario):
    for url in (report_url(played_scenario.pk), reverse("scenario_results:index")):
        response = learner_client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_scenario_reports__admin_user_without_page_permissions_is_turned_away(client, played_scenario):
    """Wagtail answers a permission denied in its admin by sending the user to the dashboard."""
    user = UserFactory(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (report_url(played_scenario.pk), reverse("scenario_results:index")):
        for params in ({}, {"export": "csv"}):
            response = client.get(url, params)
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"] == reverse("wagtailadmin_home")


def test_scenario_choices__unknown_scenario_or_other_page_is_404(editor_client, played_scenario):
    module = played_scenario.get_parent()
    quiz = QuizPageFactory(parent=module)
    for page_id in (played_scenario.pk + 1000, module.pk, quiz.pk):
        assert editor_client.get(report_url(page_id)).status_code == HTTPStatus.NOT_FOUND


def test_scenario_reports__queries_do_not_grow_with_runs(editor_client, played_scenario):
    urls = [reverse("scenario_results:index"), report_url(played_scenario.pk)]
    urls += [f"{url}?export={export}" for url in urls for export in ("csv", "xlsx")]

    def queries_per_url() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = editor_client.get(url)
                assert response.status_code == HTTPStatus.OK
                response.getvalue()  # a streamed CSV runs its queries as it is read
            counts.append(len(queries))
        return counts

    queries_per_url()  # warm caches the first admin request fills
    before = queries_per_url()
    for n in range(8):
        play(learner_named(f"extra{n}"), played_scenario, PLAYS["bramwell" if n % 2 else "cosima"])
    assert scenario_results(played_scenario).runs_started == 4 + 8 + 4
    assert queries_per_url() == before


def test_reports_menu__offers_scenario_results_to_editors_only(editor_client, played_scenario):
    index_url = reverse("scenario_results:index")
    assert index_url in editor_client.get(reverse("wagtailadmin_home")).content.decode()
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editor_client.force_login(reader)
    assert index_url not in editor_client.get(reverse("wagtailadmin_home")).content.decode()
