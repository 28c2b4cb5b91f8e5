"""The grader is a pure function: properties that must hold for any quiz and any answers."""

import random
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from assessments.grading import correct_choice_ids, grade, question_credit

KINDS = ["single", "multiple", "true_false", "best_response"]


@st.composite
def questions(draw, key="q"):
    kind = draw(st.sampled_from(KINDS))
    if kind == "true_false":
        right = draw(st.integers(0, 1))
        choices = [{"id": f"{key}-c{i}", "correct": i == right, "weight": ""} for i in range(2)]
    elif kind == "best_response":
        n = draw(st.integers(3, 4))
        weights = ["best", "acceptable", "unhelpful"] + draw(
            st.lists(st.sampled_from(["acceptable", "unhelpful"]), min_size=n - 3, max_size=n - 3)
        )
        weights = draw(st.permutations(weights))
        choices = [{"id": f"{key}-c{i}", "correct": False, "weight": w} for i, w in enumerate(weights)]
    else:
        n = draw(st.integers(3, 6))
        if kind == "single":
            right = {draw(st.integers(0, n - 1))}
        else:
            right = set(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)))
        choices = [{"id": f"{key}-c{i}", "correct": i in right, "weight": ""} for i in range(n)]
    scoring = draw(st.sampled_from(["all_or_nothing", "partial"])) if kind == "multiple" else "all_or_nothing"
    return {"key": key, "kind": kind, "scoring": scoring, "choices": choices}


@st.composite
def attempts(draw):
    """A list of questions and some answers (possibly blank, possibly wrong)."""
    qs = [draw(questions(key=f"q{i}")) for i in range(draw(st.integers(1, 15)))]
    answers = {}
    for q in qs:
        ids = [c["id"] for c in q["choices"]]
        if q["kind"] == "multiple":
            picked = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        else:
            picked = draw(st.lists(st.sampled_from(ids), max_size=1))
        if picked:
            answers[q["key"]] = picked
    return qs, answers


@given(attempts())
def test_score__stays_within_0_and_100(attempt):
    qs, answers = attempt
    percent = grade(qs, answers).percent
    assert 0 <= percent <= 100


@given(attempts())
def test_full_marks__exactly_when_every_answer_is_correct(attempt):
    qs, answers = attempt
    all_correct = all(set(answers.get(q["key"], ())) == correct_choice_ids(q) for q in qs)
    assert (grade(qs, answers).fraction == 1) == all_correct


@given(attempts(), st.randoms(use_true_random=False))
def test_shuffling__never_changes_a_score(attempt, rng: random.Random):
    qs, answers = attempt
    shuffled = [dict(q, choices=rng.sample(q["choices"], len(q["choices"]))) for q in qs]
    rng.shuffle(shuffled)
    assert grade(shuffled, answers).fraction == grade(qs, answers).fraction


@given(questions(), st.data())
def test_partial_credit__is_monotonic(question, data):
    """Adding a right choice never lowers credit; adding a wrong one never raises it."""
    question = dict(question, kind="multiple", scoring="partial")
    ids = [c["id"] for c in question["choices"]]
    picked = set(data.draw(st.lists(st.sampled_from(ids), unique=True)))
    extra = data.draw(st.sampled_from(ids))
    before = question_credit(question, picked)
    after = question_credit(question, picked | {extra})
    if extra in correct_choice_ids(question):
        assert after >= before
    else:
        assert after <= before


def test_best_response__weights_give_full_half_and_no_credit():
    question = {
        "key": "q",
        "kind": "best_response",
        "choices": [
            {"id": "a", "weight": "best"},
            {"id": "b", "weight": "acceptable"},
            {"id": "c", "weight": "unhelpful"},
        ],
    }
    assert [question_credit(question, [x]) for x in "abc"] == [1, Fraction(1, 2), 0]
    assert question_credit(question, ["a", "b"]) == 0  # one response only


def test_grade__rounds_percent_and_applies_pass_mark_exactly():
    qs = [
        {"key": f"q{i}", "kind": "single", "choices": [{"id": "r", "correct": True}, {"id": "w"}]}
        for i in range(3)
    ]
    result = grade(qs, {"q0": ["r"], "q1": ["r"], "q2": ["w"]})
    assert str(result.percent) == "66.67"
    assert result.passed(66) and not result.passed(67)


def test_choices_not_in_the_question__earn_nothing():
    q = {
        "key": "q",
        "kind": "multiple",
        "scoring": "partial",
        "choices": [{"id": "a", "correct": True}, {"id": "b"}],
    }
    assert question_credit(q, ["zzz"]) == 0
    assert question_credit(q, ["a", "zzz"]) == 1
