"""Every URL pattern (the resolver's, and each page route in the tree) x every role, against the
rules in ``tests/access_rules.py``: the expected answer is declared, not listed by hand per test.

A pattern with no rule fails, naming it, so a new view cannot ship unclassified. For a POST-only
view, an empty POST as anonymous is sent to sign in and as another learner gets 404, and neither
changes a row. All mismatches are reported at once.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from tests.access_matrix import ROLES, Asker, targets
from tests.access_rules import RULES, rule_for
from tests.db_snapshot import WriteSniffer, checked_tables, diff, snapshot
from tests.get_world import build_world
from tests.url_walk import endpoints


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return build_world()


def unclassified(found) -> list[str]:
    return sorted({f"{key} ({path})" for key, path, view in found if rule_for(key, view) is None})


class PostCheck:
    """Empty POSTs that must be refused, each proven to change no row."""

    def __init__(self) -> None:
        self.tables = checked_tables()

    def post(self, asker: Asker, path: str) -> tuple[str, dict]:
        asker.sign_in()
        before = snapshot(self.tables)
        with connection.execute_wrapper(sniffer := WriteSniffer()):
            answer = asker.ask("post", path)
        return answer, diff(before, snapshot(self.tables)) if sniffer.wrote else {}


@pytest.mark.django_db
def test_every_url_answers_each_role_as_its_rule_says(world):
    found, unfillable = targets(world)
    assert not unfillable, "URL patterns the matrix cannot fill:\n" + "\n".join(unfillable)
    missing = unclassified(found)
    assert not missing, "URL patterns with no rule in tests/access_rules.py:\n" + "\n".join(missing)
    posts, problems, asked = PostCheck(), [], 0
    for role in ROLES:
        asker = Asker(role, world["users"].get(role))
        for key, url, view in found:
            rule = rule_for(key, view)
            asker.sign_in()
            answer, asked = asker.ask("get", url), asked + 1
            if answer not in rule.get[role]:
                expected = "/".join(sorted(rule.get[role]))
                problems.append(f"{role} GET {url} [{key}]: {answer}, expected {expected} ({rule.why})")
            if role not in rule.post:
                continue
            answer, changed = posts.post(asker, url)
            asked += 1
            if answer != rule.post[role]:
                problems.append(f"{role} POST {url} [{key}]: {answer}, expected {rule.post[role]}")
            problems += [
                f"{role} POST {url} [{key}] changed {table}: {rows[:3]}" for table, rows in changed.items()
            ]
    assert asked > len(ROLES) * len(RULES)  # every pattern, as every role (Wagtail's under one rule)
    assert not problems, f"{len(problems)} of {asked} answers not as declared:\n" + "\n".join(problems)


# The matrix itself can fail: a view planted in this module's own URLconf -------------------------


def _unclassified_view(request):
    return HttpResponse("nobody said who may see this")


urlpatterns = [path("planted/", _unclassified_view, name="planted")]


@pytest.mark.urls(__name__)
def test_a_pattern_with_no_rule_is_named():
    found = [(e.full_name, "/planted/", e.callback) for e in endpoints()]
    assert unclassified(found) == ["planted (/planted/)"]


def test_each_rule_names_every_role():
    assert all(set(rule.get) == set(ROLES) for rule in RULES.values())
