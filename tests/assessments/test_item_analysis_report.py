"""The quiz results reports: pass rates and item analysis from attempt snapshots, with exports."""

import csv
import io
import json
from decimal import Decimal
from http import HTTPStatus
from unittest import mock

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessments.item_analysis import analyse_quiz
from assessments.models import Question, QuizAttempt, QuizPage
from assessments.quiz_attempts import save_answer, start_attempt, submit_attempt
from tests.factories import UserFactory

FEWER, WITHHELD = "fewer than 5", "withheld (fewer than 5)"
HEADINGS = [
    "Question key",
    "Question",
    "Times asked",
    "Fully correct (%)",
    "Most chosen wrong answer",
    "Times chosen",
]

# What four learners chose, by question prompt and choice text (unlisted questions left blank).
ANSWER_SHEETS = {
    "all right": {
        "Single 0?": ["Right"],
        "Multiple 1?": ["Yes 1", "Yes 2"],
        "True or false 2?": ["True"],
        "Best response 3?": ["Best"],
    },
    "mostly wrong": {
        "Single 0?": ["Wrong A"],
        "Multiple 1?": ["Yes 1", "No 1"],
        "True or false 2?": ["False"],
        "Best response 3?": ["Okay"],
    },
    "one slip": {
        "Single 0?": ["Wrong A"],
        "Multiple 1?": ["Yes 1", "Yes 2"],
        "True or false 2?": ["True"],
        "Best response 3?": ["Best"],
    },
    "half marks on multiple": {
        "Single 0?": ["Wrong B"],
        "Multiple 1?": ["Yes 1"],
        "True or false 2?": ["True"],
        "Best response 3?": ["Best"],
    },
}

EXPECTED_ROWS = [
    ("Single 0?", 4, Decimal("25.0"), "Wrong A", 2),
    ("Multiple 1?", 4, Decimal("50.0"), "No 1", 1),
    ("True or false 2?", 4, Decimal("75.0"), "False", 1),
    ("Best response 3?", 4, Decimal("75.0"), "Okay", 1),
]


def take_quiz(user, quiz, sheet: dict[str, list[str]], submit: bool = True):
    attempt = start_attempt(user, quiz)
    for question in attempt.questions:
        texts = sheet.get(question["prompt"], [])
        choice_ids = [c["id"] for c in question["choices"] if c["text"] in texts]
        if choice_ids:
            save_answer(attempt, question, choice_ids)
    return submit_attempt(attempt.pk) if submit else attempt


@pytest.fixture
def taken_quiz(quiz):
    """Four learners submitted (two passed); a fifth is midway and does not count."""
    for name, sheet in ANSWER_SHEETS.items():
        take_quiz(UserFactory(username=name.replace(" ", "-")), quiz, sheet)
    take_quiz(UserFactory(username="midway"), quiz, {"Single 0?": ["Wrong B"]}, submit=False)
    return quiz


def report_url(quiz_id: int) -> str:
    return reverse("quiz_results:item_analysis", args=[quiz_id])


def table(rows):
    return [(r.prompt, r.times_asked, r.percent_correct, *r.top_wrong_choice) for r in rows]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


def test_analyse_quiz__counts_submitted_attempts_and_each_question(taken_quiz):
    """Open attempts are left out; each question reports its % fully correct and top wrong answer."""
    analysis = analyse_quiz(taken_quiz)
    assert (analysis.summary.submitted, analysis.summary.passed) == (4, 2)
    assert analysis.summary.pass_rate == Decimal("50.0")
    assert table(analysis.questions) == EXPECTED_ROWS
    first = taken_quiz.questions.order_by(
        "pk"
    ).first()  # the report lists questions in the order they were added
    assert analysis.questions[0].key == f"q{first.pk}"


def test_analyse_quiz__stays_true_after_questions_are_edited_or_removed(taken_quiz):
    """Figures come from the snapshots, so later edits to the pool change nothing past."""
    Question.objects.filter(quiz=taken_quiz, prompt="Single 0?").update(prompt="Reworded?")
    Question.objects.filter(quiz=taken_quiz, prompt="Best response 3?").delete()
    assert table(analyse_quiz(taken_quiz).questions) == EXPECTED_ROWS


def test_analyse_quiz__with_no_attempts_has_no_rate_and_no_rows(quiz):
    analysis = analyse_quiz(quiz)
    assert analysis.summary.pass_rate is None
    assert analysis.questions == []


def test_analyse_quiz__two_queries_whatever_the_number_of_attempts(taken_quiz, django_assert_max_num_queries):
    for n in range(6):
        take_quiz(UserFactory(username=f"extra-{n}"), taken_quiz, ANSWER_SHEETS["one slip"])
    with django_assert_max_num_queries(2):
        assert analyse_quiz(taken_quiz).summary.submitted == 10


def test_item_analysis__editor_sees_summary_and_rows(editor_client, taken_quiz):
    response = editor_client.get(report_url(taken_quiz.pk))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Quiz item analysis" in html
    assert taken_quiz.title in html
    # Four learners: every count is "fewer than 5" and the rates are withheld (issue 15, item 9).
    assert "fewer than 5" in html and "withheld (fewer than 5)" in html
    assert "50.0" not in html
    assert "Wrong A" in html
    assert "?export=csv" in html and "?export=xlsx" in html
    assert "midway" not in html and "mostly-wrong" not in html  # counts only, never who


def test_item_analysis__csv_export_has_headings_and_values(editor_client, taken_quiz):
    response = editor_client.get(report_url(taken_quiz.pk), {"export": "csv"})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv"
    rows = csv_rows(response)
    assert rows[0] == HEADINGS
    expected = [[prompt, FEWER, WITHHELD, wrong, FEWER] for prompt, _, _, wrong, _ in EXPECTED_ROWS]
    assert [row[1:] for row in rows[1:]] == expected
    assert rows[1][0] == f"q{taken_quiz.questions.first().pk}"


def test_item_analysis__xlsx_export_matches(editor_client, taken_quiz):
    response = editor_client.get(report_url(taken_quiz.pk), {"export": "xlsx"})
    assert response.status_code == HTTPStatus.OK
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    expected = [(prompt, FEWER, WITHHELD, wrong, FEWER) for prompt, _, _, wrong, _ in EXPECTED_ROWS]
    assert [row[1:] for row in rows[1:]] == expected


def test_item_analysis__learner_is_sent_to_the_admin_login(learner_client, taken_quiz):
    response = learner_client.get(report_url(taken_quiz.pk))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_item_analysis__admin_user_without_page_permissions_is_turned_away(client, taken_quiz):
    """Wagtail answers a permission denied in its admin by sending the user to the dashboard."""
    user = UserFactory(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (report_url(taken_quiz.pk), reverse("quiz_results:index")):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("wagtailadmin_home")


def test_item_analysis__unknown_quiz_or_other_page_is_404(admin_client, taken_quiz):
    assert admin_client.get(report_url(taken_quiz.pk + 1000)).status_code == HTTPStatus.NOT_FOUND
    module = taken_quiz.get_parent()
    assert admin_client.get(report_url(module.pk)).status_code == HTTPStatus.NOT_FOUND


def test_analyse_quiz__decodes_a_snapshot_shared_by_attempts_once(taken_quiz, django_assert_max_num_queries):
    """Attempts of one revision carry the same snapshot: it is decoded once, not per attempt."""
    for n in range(6):
        take_quiz(UserFactory(username=f"extra-{n}"), taken_quiz, ANSWER_SHEETS["one slip"])
    with mock.patch("json.loads", wraps=json.loads) as loads, django_assert_max_num_queries(2):
        analysis = analyse_quiz(taken_quiz)
    snapshots = [call.args[0] for call in loads.call_args_list if '"questions"' in call.args[0]]
    assert analysis.summary.submitted == 10
    assert len(snapshots) == 1


def test_analyse_quiz__shuffled_attempts_each_counted_by_question_and_choice(
    quiz, django_assert_max_num_queries
):
    """With questions and choices shuffled every snapshot differs, and each is read for itself."""
    QuizPage.objects.filter(pk=quiz.pk).update(shuffle_questions=True, shuffle_choices=True)
    quiz.refresh_from_db()
    for name, sheet in ANSWER_SHEETS.items():
        take_quiz(UserFactory(username=name.replace(" ", "-")), quiz, sheet)
    assert QuizAttempt.objects.filter(quiz=quiz).values("snapshot").distinct().count() > 1
    with django_assert_max_num_queries(2):
        analysis = analyse_quiz(quiz)
    assert (analysis.summary.submitted, analysis.summary.passed) == (4, 2)
    assert table(analysis.questions) == EXPECTED_ROWS


@pytest.mark.parametrize("extra_attempts", [0, 8])
def test_item_analysis__queries_do_not_grow_with_attempts(
    admin_client, taken_quiz, extra_attempts, django_assert_max_num_queries
):
    for n in range(extra_attempts):
        take_quiz(UserFactory(username=f"extra-{n}"), taken_quiz, ANSWER_SHEETS["mostly wrong"])
    with django_assert_max_num_queries(20):
        assert admin_client.get(report_url(taken_quiz.pk)).status_code == HTTPStatus.OK


def test_quiz_results__lists_each_quiz_with_its_pass_rate_and_link(editor_client, taken_quiz):
    response = editor_client.get(reverse("quiz_results:index"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert taken_quiz.get_parent().title in html
    assert f'href="{report_url(taken_quiz.pk)}"' in html

    export = editor_client.get(reverse("quiz_results:index"), {"export": "csv"})
    assert csv_rows(export) == [
        ["Module", "Quiz", "Submitted attempts", "Passed", "Pass rate (%)"],
        [taken_quiz.get_parent().title, taken_quiz.title, FEWER, FEWER, WITHHELD],
    ]


def test_quiz_results__five_or_more_show_their_counts_and_rates(editor_client, taken_quiz):
    """Ten submitted, five passed: nothing small, so the figures are shown as they are."""
    for n in range(3):
        take_quiz(UserFactory(username=f"late-{n}"), taken_quiz, ANSWER_SHEETS["mostly wrong"])
    export = editor_client.get(reverse("quiz_results:index"), {"export": "csv"})
    assert csv_rows(export)[1][2:] == ["7", FEWER, WITHHELD]  # 2 of 7 passed
    for n in range(3):
        take_quiz(UserFactory(username=f"later-{n}"), taken_quiz, ANSWER_SHEETS["all right"])
    export = editor_client.get(reverse("quiz_results:index"), {"export": "csv"})
    assert csv_rows(export)[1][2:] == ["10", "5", "50.0"]


def test_reports_menu__offers_quiz_results_to_editors_only(editor_client, taken_quiz):
    index_url = reverse("quiz_results:index")
    assert index_url in editor_client.get(reverse("wagtailadmin_home")).content.decode()
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editor_client.force_login(reader)
    assert index_url not in editor_client.get(reverse("wagtailadmin_home")).content.decode()
