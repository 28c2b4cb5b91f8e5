"""Drawing questions from the pool and validating question choices."""

import random

import pytest

from assessments.selection import choice_problems, draw
from tests.factories import sample_questions


def test_draw__takes_the_asked_number_in_pool_order():
    pool = sample_questions(12)
    picked = draw(pool, 5, random.Random(1))
    assert len(picked) == 5
    assert picked == sorted(picked, key=pool.index)


def test_draw__covers_each_objective_when_asked():
    pool = sample_questions(12)  # objectives alpha, beta, gamma
    for seed in range(20):
        picked = draw(pool, 3, random.Random(seed), cover_objectives=True)
        assert {q.objective for q in picked} == {"alpha", "beta", "gamma"}


def test_draw__zero_or_more_than_pool_asks_everything():
    pool = sample_questions(4)
    assert draw(pool, 0, random.Random(1)) == pool
    assert draw(pool, 10, random.Random(1)) == pool


@pytest.mark.parametrize(
    ("kind", "choices", "ok"),
    [
        ("single", [{"correct": True}, {"correct": False}], True),
        ("single", [{"correct": True}, {"correct": True}], False),
        ("multiple", [{"correct": False}, {"correct": False}], False),
        ("true_false", [{"correct": True}, {"correct": False}, {"correct": False}], False),
        ("best_response", [{"weight": "best"}, {"weight": "acceptable"}], True),
        ("best_response", [{"weight": "best"}, {"weight": "best"}], False),
        ("best_response", [{"weight": "best"}, {"weight": ""}], False),
    ],
)
def test_choice_problems(kind, choices, ok):
    assert (choice_problems(kind, choices) == []) == ok
