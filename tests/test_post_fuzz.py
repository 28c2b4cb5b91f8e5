"""Every URL that could take a POST, posted garbage by hypothesis: never a 500, and a refused POST
changes no row.

The URLs are the access matrix's (``tests/access_matrix.py``): every pattern of ours and every page
route, filled with the learner's own records; Wagtail's admin views are left to Wagtail (a learner
only reaches its sign-in, and its forms are Wagtail's). Each URL is posted as its owner (the
learner), another learner and the learner's supervisor; the bodies mix the fields the views read
with NUL and astral characters, superscript and Arabic-Indic digits, 5000-digit numbers, missing
and repeated fields, and the ids of everyone's records. A URL whose empty POST answers 405 is
GET-only: it gets a few examples, the rest get ``EXAMPLES``. Each example is rolled back.

Examples run: (URLs that accept POST x EXAMPLES + GET-only URLs x GET_ONLY_EXAMPLES) x 3 roles;
the test prints the count (about 1,300 on the world of ``tests/get_world.py``).
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.practice_forms import ObservationForm, SignOffForm
from tests.access_matrix import Asker, targets
from tests.access_rules import WAGTAIL_ADMIN, rule_for
from tests.db_snapshot import WriteSniffer, checked_tables, diff, snapshot
from tests.factories import TeamFactory, UserFactory
from tests.get_world import build_world

EXAMPLES = 10
GET_ONLY_EXAMPLES = 2
ROLES = ("learner", "other", "supervisor")
# Refused: sent to sign in, or any 4xx; or "ok", a form shown again with its errors (a POST that
# succeeds is sent on, never answered 200, while no Fetch header asks for JSON, unless it answers
# with the file it made: a transcript is issued and downloaded by one POST).
REFUSED = {"ok", "login", "admin login", "admin home"}
# A refused sign-in is counted by django-axes: that count is the lockout, the one write a refusal makes.
SIGN_IN_PATTERNS = {"login", "wagtailadmin_login", "wagtailcore_login"}
SIGN_IN_COUNTS = {"axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"}
FIELDS = sorted(
    {"action", "choice", "go", "number", "sequence", "text", "wanted", "module", "password", "return_url"}
    | {"username", "old_password", "new_password1", "new_password2", "email", "reason", "observed_on"}
    | {"score_safety", *ObservationForm.base_fields, *SignOffForm.base_fields}
)
NASTY = ["", "\x00", "a\x00b", "𝄞🧠", "²", "٣", "9" * 5000, "-1", "0", "1", "2", " 3 ", "1e9", "0x10"]
NASTY += ["on", "off", "next", "previous", "true", "2026-02-30", "../../etc/passwd", "<script>x</script>"]


def _values(world: dict) -> st.SearchStrategy:
    ids = sorted({str(v.pk) for v in world.values() if hasattr(v, "pk") and isinstance(v.pk, int)})
    codes = [world[name].code for name in ("current", "revoked", "missing")]
    return st.one_of(
        st.sampled_from(NASTY + ids + codes),
        st.text(max_size=40),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


def _bodies(world: dict) -> st.SearchStrategy:
    """A form body: some fields missing, some repeated (a list of values posts the field twice)."""
    return st.dictionaries(
        st.sampled_from(FIELDS), st.lists(_values(world), min_size=1, max_size=3), max_size=6
    )


class Poster:
    """Posts as each role inside a rolled-back savepoint, noting 500s and refused POSTs that wrote."""

    def __init__(self, world: dict) -> None:
        self.askers = {role: Asker(role, world["users"][role]) for role in ROLES}
        self.tables, self.problems, self.count = checked_tables(), [], 0

    def post(self, role: str, key: str, url: str, body: dict) -> str:
        self.count += 1
        self.askers[role].sign_in()
        with transaction.atomic():
            before = snapshot(self.tables)
            with connection.execute_wrapper(sniffer := WriteSniffer()):
                answer = self.askers[role].ask("post", url, body)
            refused = (answer in REFUSED and not self._downloaded(role)) or answer.startswith("4")
            if answer.startswith(("5", "raised")):
                self.problems.append(f"{role} POST {url} [{key}] {_shown(body)}: {answer}")
            elif refused and sniffer.wrote:
                changed = diff(before, snapshot(self.tables))
                if key in SIGN_IN_PATTERNS:
                    changed = {table: rows for table, rows in changed.items() if table not in SIGN_IN_COUNTS}
                self.problems += [
                    f"{role} POST {url} [{key}] {_shown(body)}: refused ({answer}) but changed {table}: {rows[:2]}"
                    for table, rows in changed.items()
                ]
            transaction.set_rollback(True)
        return answer

    def _downloaded(self, role: str) -> bool:
        """A 200 that hands over a file (a transcript issued by POST) is a success, not a form shown again."""
        response = self.askers[role].last_response
        return response is not None and response.get("Content-Disposition", "").startswith("attachment")


def _shown(body: dict) -> str:
    return repr({k: [v[:20] + ("…" if len(v) > 20 else "") for v in vs] for k, vs in body.items()})[:300]


def _fuzz(poster: Poster, bodies: st.SearchStrategy, key: str, url: str, examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(role=st.sampled_from(ROLES), body=bodies)
    def post_garbage(role, body):
        poster.post(role, key, url, body)

    post_garbage()


@pytest.mark.django_db
def test_no_post_anywhere_errors_or_writes_when_refused(settings_for_fuzz):
    world = build_world()
    found, unfillable = targets(world)
    assert not unfillable
    poster, bodies = Poster(world), _bodies(world)
    fuzzed = [(key, url) for key, url, view in found if rule_for(key, view) is not WAGTAIL_ADMIN]
    for key, url in fuzzed:
        get_only = poster.post("learner", key, url, {}) == "405"
        examples = GET_ONLY_EXAMPLES if get_only else EXAMPLES

        _fuzz(poster, bodies, key, url, examples)
    print(f"POST fuzz: {poster.count} requests to {len(fuzzed)} URLs")
    assert poster.count > len(fuzzed) * GET_ONLY_EXAMPLES
    assert not poster.problems, f"{len(poster.problems)} of {poster.count} POSTs:\n" + "\n".join(
        poster.problems
    )


@pytest.fixture
def settings_for_fuzz(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


# The fuzz itself can fail: views planted in this module's own URLconf ------------------------------


def _breaks_on_nul(request):
    if any("\x00" in value for value in request.POST.values()):
        raise ValueError("a NUL reached the database")
    return HttpResponse("ok")


def _writes_then_refuses(request):
    TeamFactory(name="Written by a refused POST")
    return HttpResponseBadRequest("no")


urlpatterns = [path("nul/", _breaks_on_nul), path("refuse/", _writes_then_refuses)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_fuzz_names_a_500_and_a_refused_write():
    poster = Poster({"users": {role: UserFactory() for role in ROLES}})
    poster.post("learner", "nul", "/nul/", {"text": ["a\x00b"]})
    poster.post("other", "refuse", "/refuse/", {})
    assert [p.split(":")[0] for p in poster.problems] == [
        "learner POST /nul/ [nul] {'text'",
        "other POST /refuse/ [refuse] {}",
    ]
    assert poster.problems[0].endswith(": 500") and "changed lms_team" in poster.problems[1]
