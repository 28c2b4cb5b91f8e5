"""Checking that a request changed nothing: no row added or removed in any table, no file stored."""

from __future__ import annotations

import contextlib

from django.apps import apps

from certificates.models import Certificate


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def certificate_rows() -> list[dict]:
    return list(Certificate.objects.order_by("pk").values())


@contextlib.contextmanager
def nothing_written(folder):
    """No row added or removed in any table, no certificate changed, no file stored under ``folder``."""
    rows, certificates, files = row_counts(), certificate_rows(), sorted(folder.rglob("*"))
    yield
    after = row_counts()
    changed = {label: (rows[label], count) for label, count in after.items() if rows[label] != count}
    assert not changed, f"rows changed (before, after): {changed}"
    assert certificate_rows() == certificates
    assert sorted(folder.rglob("*")) == files
