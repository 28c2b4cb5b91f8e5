"""Admin report figures for an organisation of 20,000 learners (the scale issue's "simulated
organisation of 20,000 learners for the admin reports"): 40 teams of 500, each with its own
supervisor, 16 required modules, job roles and start dates, completions and certificates in the
mix of ``bench.team`` (some expired, one in fifty revoked), submitted quiz attempts on four
modules' quizzes, scenario runs on four modules' scenarios and CPD activities waiting for review.

Each figure times, as a signed-in administrator, the first page of one admin report (its default
view, and its main filter where it has one), or the Team compliance report's CSV export. Built
once, in bulk (no signals, no PDFs), shared by every figure here.
"""

from __future__ import annotations

import datetime
import random
from http import HTTPStatus

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from assessments.grading import correct_choice_ids, grade
from assessments.models import QuizAnswer, QuizAttempt, RunEvent, ScenarioRun
from assessments.selection import build_snapshot
from bench.rows import insert
from bench.runner import benchmark
from bench.team import WrongPage, _export, an_export, an_organisation, signed_in, supervise_each
from certificates.models import Certificate
from ledger.models import ExternalActivity
from lms.models import JobRole, Profile
from tests.factories import (
    QuizPageFactory,
    ScenarioPageFactory,
    UserFactory,
    sample_questions,
    scenario_steps,
)

TEAMS, MEMBERS, MODULES = 40, 500, 16
LEARNERS = TEAMS * MEMBERS
QUIZZES = SCENARIOS = 4  # modules with a quiz, modules with a scenario
QUESTIONS = 10
PAGE_TARGET_MS = 500  # a report's first page
EXPORT_TARGET_MS = 5000

_BUILT: dict = {}


def _people_in_place(built: dict) -> None:
    """A supervisor of each team's own (beside the organisation-wide one), a job role and a start date each."""
    supervise_each(built["teams"], "o20k")
    roles = JobRole.objects.bulk_create(
        JobRole(name=name) for name in ("Peer support worker", "Senior peer worker", "Recovery coach")
    )
    start = timezone.localdate() - datetime.timedelta(days=900)
    insert(
        Profile,
        ["user_id", "job_role_id", "start_date"],
        ((user, roles[(n % 10 > 6) + (n % 10 > 8)].pk, start) for n, user in enumerate(built["people"])),
    )


def _answer_patterns(snapshot: dict) -> list[tuple[dict, dict, object, bool]]:
    """Five ways through the quiz, 0 to 8 questions answered wrongly, graded by the real rule:
    (answers by question key, credits as stored, score, passed)."""
    questions = snapshot["questions"]
    patterns = []
    for wrong in range(5):
        answers = {}
        for index, question in enumerate(questions):
            right = sorted(correct_choice_ids(question))
            others = [c["id"] for c in question["choices"] if c["id"] not in right]
            answers[question["key"]] = others[:1] if index < wrong * 2 and others else right
        result = grade(questions, answers)
        credits = {key: [c.numerator, c.denominator] for key, c in result.credits.items()}
        patterns.append((answers, credits, result.percent, result.passed(snapshot["pass_mark"])))
    return patterns


def _quizzes(modules, people: list[int]) -> None:
    """A 10-question quiz in each of the first four modules, submitted by two learners in three
    (one in seventeen twice), each attempt answered in one of five patterns."""
    rng = random.Random(20_000)
    submitted = timezone.now() - datetime.timedelta(days=20)
    for module, _lessons in modules[:QUIZZES]:
        quiz = QuizPageFactory(parent=module, questions=sample_questions(QUESTIONS))
        snapshot = build_snapshot(quiz, list(quiz.questions.all()), rng)
        patterns = _answer_patterns(snapshot)
        tries = [
            (user, number, patterns[(n + number) % 5])
            for n, user in enumerate(people)
            if n % 3 != 2
            for number in range(1, 2 + (n % 17 == 0))
        ]
        attempts = insert(
            QuizAttempt,
            ["user_id", "quiz_id", "module_id", "quiz_title", "number", "snapshot", "started_at"]
            + ["submitted_at", "score", "passed", "results"],
            (
                (
                    user,
                    quiz.pk,
                    module.pk,
                    quiz.title,
                    number,
                    snapshot,
                    submitted,
                    submitted,
                    score,
                    passed,
                    credits,
                )
                for user, number, (_answers, credits, score, passed) in tries
            ),
        )
        insert(
            QuizAnswer,
            ["attempt_id", "question_key", "choice_ids", "saved_at"],
            (
                (attempt, key, chosen, submitted)
                for attempt, (_user, _number, (answers, *_graded)) in zip(attempts, tries, strict=True)
                for key, chosen in answers.items()
            ),
        )


SCENARIO = {
    "start": [("Ask", "middle", {"safety": 1}), ("Tell", "rough", {"empowerment": -1})],
    "middle": [("Offer a choice", "good", {"empowerment": 1}), ("Change the subject", "late", {})],
    "late": [("Come back to it", "good", {}), ("Leave it", "rough", {})],
}
PATHS = [  # (step, choice, to, reached an ending), one in four still under way
    [("start", "Ask", "middle", False), ("middle", "Offer a choice", "good", True)],
    [("start", "Tell", "rough", True)],
    [("start", "Ask", "middle", False), ("middle", "Change the subject", "late", False)]
    + [("late", "Come back to it", "good", True)],
    [("start", "Ask", "middle", False)],
]


def _moves(n: int, choice: dict) -> list[tuple]:
    """The logged moves of the ``n``th run: (kind, step, choice id, to, reached an ending)."""
    moves = []
    if n % 10 == 0:
        moves += [
            ("choice", "start", choice["start", "Tell"], "rough", True),
            ("back", "rough", "", "", False),
        ]
    return moves + [("choice", step, choice[step, label], to, end) for step, label, to, end in PATHS[n % 4]]


def _scenarios(modules, people: list[int]) -> None:
    """A three-step scenario in each of the next four modules, played by half the learners along
    one of four paths; one run in ten first reached the rough ending and went back a step."""
    when = timezone.now() - datetime.timedelta(days=10)
    for module, _lessons in modules[QUIZZES : QUIZZES + SCENARIOS]:
        scenario = ScenarioPageFactory(parent=module, steps=scenario_steps(SCENARIO))
        graph, endings = scenario.graph
        choice = {(step["key"], c["label"]): c["id"] for step in graph for c in step["choices"]}
        ending = {e["key"]: e for e in endings}
        ways = [
            (
                path[-1][2],
                [choice[step, label] for step, label, _to, _end in path],
                ending.get(path[-1][2]) if path[-1][3] else None,
            )
            for path in PATHS
        ]
        players = people[::2]
        runs = insert(
            ScenarioRun,
            ["user_id", "scenario_id", "module_id", "scenario_title", "started_at", "updated_at"]
            + ["current_key", "path", "ending", "ended_at"],
            (
                (
                    user,
                    scenario.pk,
                    module.pk,
                    scenario.title,
                    when,
                    when,
                    *ways[n % 4],
                    when if ways[n % 4][2] else None,
                )
                for n, user in enumerate(players)
            ),
        )

        insert(
            RunEvent,
            ["run_id", "scenario_id", "kind", "step_key", "choice_id", "to_key", "reached_ending", "at"],
            ((run, scenario.pk, *move, when) for n, run in enumerate(runs) for move in _moves(n, choice)),
        )


def _records(people: list[int]) -> None:
    """One learner in fifty has their certificates revoked; one in a hundred, and 20 people in
    no team (whose activities the administrator reviews), have a CPD activity waiting for review."""
    Certificate.objects.filter(user__in=people[::50]).update(
        revoked_at=timezone.now(), revoked_reason="Issued in error.", revocation_category="withdrawn"
    )
    loners = insert(User, ["username", "first_name"], ((f"o20k-solo-{n}", "Solo") for n in range(20)))
    today = timezone.localdate()
    insert(
        ExternalActivity,
        ["user_id", "title", "provider", "done_on", "hours", "category", "evidence", "evidence_type"],
        (
            (user, f"Workshop {n}", "Peer Network", today - datetime.timedelta(days=n % 90), 3, "ethics")
            + (f"evidence/{user}/bench.pdf", "application/pdf")
            for n, user in enumerate([*people[::100], *loners])
        ),
    )


def an_organisation_of_20000() -> dict:
    if "o20k" not in _BUILT:
        started = timezone.now()
        built = an_organisation("o20k", TEAMS, MEMBERS, MODULES)
        _people_in_place(built)
        _quizzes(built["modules"], built["people"])
        _scenarios(built["modules"], built["people"])
        _records(built["people"])
        admin = UserFactory(username="o20k-admin", is_superuser=True, is_staff=True)
        seconds = (timezone.now() - started).total_seconds()
        print(f"organisation of {LEARNERS:,} learners built in {seconds:.1f} s")
        quiz = QuizAttempt.objects.filter(module=built["modules"][0][0]).values("quiz_id").first()
        run = ScenarioRun.objects.filter(module=built["modules"][QUIZZES][0]).values("scenario_id").first()
        _BUILT["o20k"] = {"admin": signed_in(admin), "quiz": quiz["quiz_id"], "scenario": run["scenario_id"]}
    return _BUILT["o20k"]


def a_report(url: str, expect: bytes):
    """The administrator's client, the page's address and a text only a page with rows shows
    (a listing's table body where other figures' rows may come first in a full ``make bench``)."""

    def setup() -> tuple[Client, str, bytes]:
        built = an_organisation_of_20000()
        address = url.format(quiz=built["quiz"], scenario=built["scenario"])
        return built["admin"], address, expect

    return setup


def _page(state: tuple[Client, str, bytes]) -> None:
    client, url, expect = state
    response = client.get(url)
    if response.status_code != HTTPStatus.OK or expect not in response.content:
        raise WrongPage(f"{url} answered {response.status_code} without {expect!r}")


REPORTS = [
    ("Team compliance", "/admin/reports/team-compliance/", b"<tbody"),
    ("Quiz results", "/admin/reports/quiz-results/", b"Pass rate"),
    ("Quiz item analysis, one quiz", "/admin/reports/quiz-results/{quiz}/", b"Most chosen wrong answer"),
    ("Scenario results", "/admin/reports/scenario-results/", b"Endings reached"),
    ("Scenario choices, one scenario", "/admin/reports/scenario-results/{scenario}/", b"Change the subject"),
    ("Certificates", "/admin/certificates/", b"<tbody"),
    ("Certificates, expired", "/admin/certificates/?status=expired", b"<tbody"),
    ("CPD to review", "/certificates/cpd/review/", b"Workshop"),
]

for _title, _url, _expect in REPORTS:
    benchmark(
        f"admin report, 20,000 learners: {_title}, first page",
        target_ms=PAGE_TARGET_MS,
        setup=a_report(_url, _expect),
        runs=5,
        warmup=1,
    )(_page)


benchmark(
    "admin report, 20,000 learners: Team compliance export, CSV",
    target_ms=EXPORT_TARGET_MS,
    setup=an_export("admin", "/admin/reports/team-compliance/?export=csv", an_organisation_of_20000),
    runs=3,
    warmup=1,
)(_export)
