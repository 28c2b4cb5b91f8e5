"""Setting a deadline aside: a supervisor's extension, an administrator's exemption.

Each is a new row in an append-only log (``lms.models.allowances``); the newest row for a person
and a module stands. A second identical request (a double click) adds nothing: the person's row
is locked while the log is read and written, so two at once are taken one after the other.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from lms.models import Exemption, Extension


def _lock_person(user) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def grant_extension(*, user, module, new_due_on: datetime.date, reason: str, note: str, granted_by):
    """Record an extension; returns (extension, created). The same one twice in a row is one."""
    with transaction.atomic():
        _lock_person(user)
        newest = Extension.objects.filter(user=user, module=module).order_by("-granted_at", "-pk").first()
        if newest is not None and (newest.new_due_on, newest.reason, newest.note, newest.granted_by_id) == (
            new_due_on,
            reason,
            note,
            granted_by.pk,
        ):
            return newest, False
        extension = Extension.objects.create(
            user=user,
            module=module,
            module_title=module.title,
            new_due_on=new_due_on,
            reason=reason,
            note=note,
            granted_by=granted_by,
        )
    return extension, True


def mark_exemption(*, user, module, reason: str, evidence_note: str, ends_on, granted_by, withdrawn=False):
    """Record an exemption (or, with ``withdrawn``, its end); returns (row, created)."""
    with transaction.atomic():
        _lock_person(user)
        newest = Exemption.objects.filter(user=user, module=module).order_by("-granted_at", "-pk").first()
        same = (reason, evidence_note, ends_on, withdrawn)
        if newest is not None and (
            (withdrawn and newest.withdrawn)
            or (newest.reason, newest.evidence_note, newest.ends_on, newest.withdrawn) == same
        ):
            return newest, False
        if withdrawn and newest is None:
            return None, False
        exemption = Exemption.objects.create(
            user=user,
            module=module,
            module_title=module.title,
            reason=reason,
            evidence_note=evidence_note,
            ends_on=ends_on,
            withdrawn=withdrawn,
            granted_by=granted_by,
        )
    return exemption, True


def history(user, module) -> list:
    """Every extension and exemption of this person on this module, newest first."""
    rows = list(Extension.objects.filter(user=user, module=module).select_related("granted_by"))
    rows += list(Exemption.objects.filter(user=user, module=module).select_related("granted_by"))
    return sorted(rows, key=lambda row: (row.granted_at, row.pk), reverse=True)
