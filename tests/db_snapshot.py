"""Every row of every table, read and compared: what the GET walk, the access matrix and the POST
fuzz use to prove that a request changed nothing."""

from __future__ import annotations

import hashlib
from collections import Counter

from django.db import connection

# Tables a GET may write, each for a reason outside this project's code.
UNCHECKED_TABLES = {
    # Per-browser state, not the site's data: signing in writes it (the clients sign in before
    # the first snapshot), and Django's password-reset confirm view keeps the token there on
    # GET by design, so that the token leaves the address bar.
    "django_session": "sessions",
    # Wagtail's page and snippet edit views register the editor's session on GET, so that two
    # people editing one page are warned about each other, and clear out stale ones.
    "wagtailadmin_editingsession": "Wagtail's concurrent-editing notices",
    # A supervisor or administrator opening a learner's record is logged on GET, for the learner
    # to see (issue 10); tests/access_log/test_logging.py walks every URL as learners and checks
    # that their own GETs never write it.
    "access_log_recordview": "who has seen whose record",
}
SECRET_COLUMNS = ("private", "password", "secret")  # compared by a digest, never printed
WRITE_VERBS = ("insert", "update", "delete", "replace")


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


class WriteSniffer:
    """An execute wrapper noting whether a statement wrote to a checked table, so that only a
    request that wrote needs the (slow) snapshot diff."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().lower().startswith(WRITE_VERBS) and not any(t in sql for t in UNCHECKED_TABLES):
            self.wrote = True
        return execute(sql, params, many, context)
