"""No state change on GET, anywhere (issue 9): every URL the project serves, as every role.

The URLs come from the URL patterns and the page tree (``tests/url_walk.py``), filled from a
world with one of everything (``tests/get_world.py``), so a URL added later is walked without
editing this file, and one the walk cannot fill fails the test until it can (or is allowed
below, with a reason). For each role, every table of the database is read before and after;
each GET that issued a write statement is diffed on its own, to name the URL. No email, no
file in the media or private storage, no queued task (bar the one the issue allows) and no 500.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, TestCase
from django.urls import path, resolve, reverse
from django_tasks.signals import task_enqueued

from tests.get_world import Values, build_world
from tests.url_walk import Unfillable, endpoints, fill, page_paths

ROLES = ["anonymous", "learner", "other", "supervisor", "editor", "admin"]

# Tables a GET may write, each for a reason outside this project's code.
UNCHECKED_TABLES = {
    # Per-browser state, not the site's data: signing in writes it (the clients sign in before
    # the first snapshot), and Django's password-reset confirm view keeps the token there on
    # GET by design, so that the token leaves the address bar.
    "django_session": "sessions",
    # Wagtail's page and snippet edit views register the editor's session on GET, so that two
    # people editing one page are warned about each other, and clear out stale ones.
    "wagtailadmin_editingsession": "Wagtail's concurrent-editing notices",
    # Issue 10: a supervisor or administrator opening a learner's record is logged, on GET, for
    # the learner to see (tests/test_who_has_seen.py checks that nobody else's GET writes it).
    "access_log_recordview": "who has seen whose record",
}
# Patterns the walk does not fill, each with why.
NOT_WALKED = {
    "wagtailadmin_error_test": "Wagtail's /admin/failwhale/ raises on purpose, to test error reporting",
    "wagtail_serve": "every page's own path and sub-routes are walked from the page tree instead",
}
# Views that drop the session cookie, so the walk goes on signed out: walked last, each with why.
DROPS_SESSION_COOKIE = {
    # Wagtail's sign-out refuses GET (405) but still deletes the session cookie in the response;
    # the session row is untouched.
    "wagtailadmin_logout": "Wagtail deletes the cookie in any answer",
}
# Tasks a GET may queue: the task, run later by the worker, is what writes.
QUEUED_ON_GET_ALLOWED = {
    "certificates.rendering.render_certificate": "a missing or stale PDF is queued for rendering (issue 9)",
}
SECRET_COLUMNS = ("private", "password", "secret")  # compared by a digest, never printed
WRITE_VERBS = ("insert", "update", "delete", "replace")


def walk_paths(values: Values) -> tuple[list[str], list[str]]:
    paths, unfillable = [], []
    for endpoint in endpoints():
        if endpoint.full_name in NOT_WALKED:
            continue
        try:
            paths += fill(endpoint, values)
        except Unfillable as why:
            unfillable.append(f"{endpoint.label}: {why}")
    page_list, page_unfillable = page_paths(values)
    paths = sorted(
        dict.fromkeys(paths + page_list), key=lambda p: resolve(p).view_name in DROPS_SESSION_COOKIE
    )
    return paths, unfillable + page_unfillable


# Reading every table --------------------------------------------------------------------------


def checked_tables() -> list[str]:
    return sorted(set(connection.introspection.table_names()) - set(UNCHECKED_TABLES))


def snapshot(tables: list[str]) -> dict[str, tuple[tuple, Counter]]:
    """Every row of every table: its column names, and its rows as a multiset (as reprs)."""
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608  names from introspection
            columns = tuple(column[0] for column in cursor.description)
            secret = [any(word in c for word in SECRET_COLUMNS) for c in columns]
            rows[table] = (
                columns,
                Counter(
                    tuple(_hidden(v) if s else repr(v) for s, v in zip(secret, row, strict=True))
                    for row in cursor.fetchall()
                ),
            )
    return rows


def _hidden(value) -> str:
    return f"<hidden, sha256 {hashlib.sha256(repr(value).encode()).hexdigest()[:12]}>"


def diff(before: dict, after: dict) -> dict[str, list[str]]:
    """Per changed table: "~ id=…: column old → new" for a row changed in place (same first
    column, the primary key), "- row" for one removed and "+ row" for one added."""
    changes = {}
    for table, (columns, rows) in after.items():
        old_rows = before[table][1]
        if rows == old_rows:
            continue
        removed, added = list(old_rows - rows), list(rows - old_rows)
        changed_keys = {row[0] for row in removed} & {row[0] for row in added}
        lines = []
        for old in removed:
            new = next((row for row in added if old[0] in changed_keys and row[0] == old[0]), None)
            if new is None:
                lines.append(f"- {', '.join(old)}")
                continue
            added.remove(new)
            altered = [
                f"{c}: {o[:60]} → {n[:60]}" for c, o, n in zip(columns, old, new, strict=True) if o != n
            ]
            lines.append(f"~ {columns[0]}={old[0]}: " + "; ".join(altered))
        changes[table] = lines + [f"+ {', '.join(row)}" for row in added]
    return changes


def stored_files(roots: list[Path]) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for root in roots
        if root.exists()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# The walk ---------------------------------------------------------------------------------------


def _get(client: Client, path: str):
    """GET the path and read the whole body (a streamed download does its work while read)."""
    response = client.get(path)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # the test client closes the response at the end
    return response


class RoleWalk:
    """GETs every path as one role and collects the problems, each naming the URL."""

    def __init__(self, role: str, user, tables: list[str], roots: list[Path]) -> None:
        self.role, self.user, self.tables, self.roots = role, user, tables, roots
        self.client = Client(raise_request_exception=True)
        if user is not None:
            self.client.force_login(user)  # before the snapshot: signing in writes the session and axes' log
        self.problems, self.queued, self.writes = [], [], []
        self.statuses: dict[str, int | str] = {}

    def sniff(self, execute, sql, params, many, context):
        """Note each write statement, so that only the GETs that wrote are diffed one by one (a
        write to an unchecked table alone needs no diff; the diff at the end of the walk would
        still see one this lets through)."""
        if sql.lstrip().lower().startswith(WRITE_VERBS) and not any(t in sql for t in UNCHECKED_TABLES):
            self.writes.append(sql)
        return execute(sql, params, many, context)

    def note_task(self, sender, task_result, **kwargs) -> None:
        self.queued.append(task_result.task.module_path)

    def run(self, paths: list[str]) -> list[str]:
        task_enqueued.connect(self.note_task, dispatch_uid="get-walk")
        try:
            self.rows, self.files = snapshot(self.tables), stored_files(self.roots)
            for path in paths:
                self.visit(path)
            for table, rows in diff(self.rows, snapshot(self.tables)).items():  # a write not sniffed
                self.problems.append(f"{self.role}: changed {table} during the walk:" + _lines(rows))
        finally:
            task_enqueued.disconnect(dispatch_uid="get-walk")
        return self.problems

    def visit(self, path: str) -> None:
        mail.outbox.clear()
        self.queued.clear()
        self.writes.clear()
        problem = f"{self.role} GET {path}:"
        # What the GET leaves to run after its transaction commits runs too, as it would in production.
        with connection.execute_wrapper(self.sniff), TestCase.captureOnCommitCallbacks(execute=True):
            try:
                status = _get(self.client, path).status_code
            except Exception as error:
                status = f"raised {type(error).__name__}: {error}"
        self.statuses[path] = status
        if not isinstance(status, int) or status >= 500:
            self.problems.append(f"{problem} {status}")
        if self.user is not None and SESSION_KEY not in self.client.session:
            self.user = None  # the rest of the walk is signed out: say so unless it was expected
            if resolve(path).view_name not in DROPS_SESSION_COOKIE:
                self.problems.append(f"{problem} signed the user out")
        self.problems += [f"{problem} {found}" for found in self.side_effects()]

    def side_effects(self) -> list[str]:
        found = []
        if self.writes:
            rows = snapshot(self.tables)
            found += [f"changed {table}:" + _lines(change) for table, change in diff(self.rows, rows).items()]
            self.rows = rows
        if mail.outbox:
            found.append(f"sent {len(mail.outbox)} email(s): {mail.outbox[0].subject!r}")
        found += [f"queued task {task}" for task in self.queued if task not in QUEUED_ON_GET_ALLOWED]
        files = stored_files(self.roots)
        if files != self.files:
            found.append(
                f"changed stored files {sorted({n for n, _ in set(files.items()) ^ set(self.files.items())})}"
            )
            self.files = files
        return found


def _lines(rows: list[str]) -> str:
    return "".join(f"\n    {row[:300]}" for row in rows[:6])


def reached(world: dict) -> dict[str, list[str]]:
    """Pages each role must see (200) in the walk: proof that it signed in and the world holds."""
    w = world
    return {
        "anonymous": [reverse("verify", args=[w["current"].code]), reverse("verify_form")],
        "learner": [
            reverse("learning:dashboard"),
            reverse("learning:scenario_run", args=[w["in_progress"].pk]),
            reverse("learning:scenario_run", args=[w["ended"].pk]),
            reverse("learning:reflections"),
            reverse("certificate_pdf", args=[w["current"].code]),
            w["noted"].url,
            w["quiz"].url,
        ],
        "other": [reverse("certificates"), reverse("certificate_pdf", args=[w["revoked"].code])],
        "supervisor": [
            reverse("team:member", args=[w["team"].pk, w["learner"].pk]),
            reverse("shared_reflections"),
            reverse("certificate_pdf", args=[w["current"].code]),
        ],
        "editor": [f"/admin/pages/{w['noted'].pk}/edit/", f"/admin/pages/{w['quiz'].pk}/edit/"],
        "admin": [  # Wagtail's own names: the certificates admin is being rebuilt as a view set
            reverse("wagtailadmin_home"),
            reverse("wagtailusers_users:edit", args=[w["learner"].pk]),
            reverse("wagtaildocs:edit", args=[w["document"].pk]),
        ],
    }


@pytest.fixture
def storages(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # Queued tasks are recorded, not run: what a GET queues is checked against the allowed ones.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return [settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT]


@pytest.mark.django_db
def test_no_get_changes_anything_for_any_role(storages, tmp_path):
    world = build_world()
    values = Values(world)
    paths, unfillable = walk_paths(values)
    assert not unfillable, (
        "URL patterns the walk cannot fill (fill them, or allow them in NOT_WALKED):\n"
        + "\n".join(unfillable)
    )
    tables = checked_tables()
    model_tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    assert model_tables - set(UNCHECKED_TABLES) <= set(tables)  # every model's table, m2m too
    kept = tmp_path / "kept"
    for root in storages:
        shutil.copytree(root, kept / root.name, dirs_exist_ok=True)
    problems, unreached = [], []
    for role in ROLES:
        cache.clear()  # throttles and caches start afresh for each role
        with transaction.atomic():  # each role sees the same world: its changes are rolled back
            walk = RoleWalk(role, world["users"].get(role), tables, storages)
            problems += walk.run(paths)
            transaction.set_rollback(True)
        unreached += [
            f"{role} {p}: {walk.statuses.get(p)}" for p in reached(world)[role] if walk.statuses.get(p) != 200
        ]
        for root in storages:
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(kept / root.name, root, dirs_exist_ok=True)
    assert not unreached, (
        "the walk did not reach these as the role (world or sign-in broken?):\n" + "\n".join(unreached)
    )
    assert not problems, (
        f"{len(problems)} GET(s) changed state, of {len(paths)} URLs x {len(ROLES)} roles:\n"
        + "\n".join(problems)
    )


# The walk itself can fail: views planted in a URLconf of this module's own -----------------------


def _writes_everything(request):
    from lms.models import Team

    Team.objects.create(name="Made by a GET")
    default_storage.save("planted.txt", ContentFile(b"written by a GET"))
    transaction.on_commit(lambda: send_mail("Sent by a GET", "", None, ["sam@example.org"]))
    return HttpResponse("ok")


def _needs_a_mystery(request, mystery):
    return HttpResponse(mystery)


urlpatterns = [
    path("plant/", _writes_everything, name="plant"),
    path("mystery/<str:mystery>/", _needs_a_mystery, name="mystery"),
]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_walk_names_the_url_and_each_change(storages):
    problems = RoleWalk("anonymous", None, checked_tables(), storages).run(["/plant/"])
    assert [p.split(":\n")[0] for p in problems] == [
        "anonymous GET /plant/: changed lms_team",
        "anonymous GET /plant/: sent 1 email(s): 'Sent by a GET'",
        "anonymous GET /plant/: queued task wagtail.tasks.update_reference_index_task",  # a team's save
        f"anonymous GET /plant/: changed stored files ['{storages[0] / 'planted.txt'}']",
    ]
    assert "'Made by a GET'" in problems[0]


class _NoValues:
    def candidates(self, name, endpoint) -> list:
        return []


@pytest.mark.urls(__name__)
def test_a_pattern_the_walk_cannot_fill_is_named():
    unfillable = []
    for endpoint in endpoints():
        try:
            fill(endpoint, _NoValues())
        except Unfillable as why:
            unfillable.append(f"{endpoint.label}: {why}")
    assert unfillable == ["mystery mystery/<str:mystery>/: no value for <mystery>"]
