"""Renewing by a module's refresher path: who may, and starting it.

A module can declare a shorter path for renewing (``CoursePage.refresher_path``). It renews a
certificate that is current, due, or expired no more than the module's
``refresher_grace_days`` ago; past that, or for a revoked certificate, only the whole module
renews. The completion it ends in, and so the certificate, records the path
(``Certificate.earned_by``).
"""

from __future__ import annotations

import datetime

from core import clock
from courses.models import CoursePage
from courses.progress import REFRESHER, renew

from .models import Certificate


def can_refresh(certificate: Certificate, module: CoursePage, day: datetime.date | None = None) -> bool:
    """Whether ``certificate`` (the learner's newest of ``module``) may be renewed by its refresher path."""
    day = day or clock.today()
    if certificate.revoked_at is not None or not module.has_refresher:
        return False
    if certificate.expires_on is None or day <= certificate.expires_on:
        return True
    return (day - certificate.expires_on).days <= module.refresher_grace_days


def refreshable_modules(user, day: datetime.date | None = None) -> set[int]:
    """The ids of the modules whose refresher path ``user`` may take now."""
    newest = Certificate.objects.held().newest_per_module().filter(user=user, module__live=True)
    modules = {m.pk: m for m in CoursePage.objects.filter(pk__in=newest.values("module_id"))}
    return {
        c.module_id for c in newest if c.module_id in modules and can_refresh(c, modules[c.module_id], day)
    }


def start_refresher(user, module: CoursePage) -> bool:
    """Start (or switch to) the refresher path, when the learner's newest certificate allows it."""
    latest = Certificate.objects.newest_per_module().filter(user=user, module=module).first()
    if latest is None or not can_refresh(latest, module):
        return False
    renew(user, module, path=REFRESHER)
    return True
