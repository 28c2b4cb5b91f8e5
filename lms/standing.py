"""Where someone stands on one required module, or on their sign-off: the rule for one cell.

Pure rules, no queries: ``standing_of`` decides a module's cell from what the learner holds on
a day (and any extension or exemption), and ``sign_off_cell`` a sign-off's. Both read the renewal window from
``certificates.validity``, the one rule for "due for renewal". ``lms.facts`` gathers the
cells for whole teams; ``lms.practice`` records observations and sign-offs.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from certificates import validity


class Standing(models.TextChoices):
    OVERDUE = "overdue", gettext_lazy("Overdue")
    EXPIRED = "expired", gettext_lazy("Expired")
    DUE = "due", gettext_lazy("Due for renewal")
    EXTENDED = "extended", gettext_lazy("Extended")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    CURRENT = "current", gettext_lazy("Current")
    EXEMPT = "exempt", gettext_lazy("Exempt")
    NOT_REQUIRED = "not_required", gettext_lazy("Not required")  # a column another member's role needs


NEEDS_ACTION = (Standing.OVERDUE, Standing.EXPIRED, Standing.DUE)
ICONS = {  # shown beside the words, never instead of them
    Standing.OVERDUE: "!",
    Standing.EXPIRED: "✕",
    Standing.DUE: "↻",
    Standing.EXTENDED: "→",
    Standing.IN_PROGRESS: "…",
    Standing.NOT_STARTED: "○",
    Standing.CURRENT: "✓",
    Standing.EXEMPT: "⊘",
    Standing.NOT_REQUIRED: "·",
}
HELD = {  # certificates.validity's word for a held certificate → the matrix's standing
    validity.CURRENT: Standing.CURRENT,
    validity.DUE: Standing.DUE,
    validity.EXPIRED: Standing.EXPIRED,
}


@dataclass(frozen=True)
class Cell:
    """One learner's standing on one required module, with the date that matters for it."""

    standing: Standing
    date: datetime.date | None = None  # expiry for held certificates, the due date otherwise
    done: int = 0
    total: int = 0
    certificate: object = None
    last_reminded: datetime.datetime | None = None
    renewing: bool = False  # holds a certificate and has started the module's next cycle
    wording: str = ""  # a label for this kind of cell, where the standing's own would read oddly
    extension: object = None  # the extension in force (lms.models.Extension), if any
    exemption: object = None  # the exemption in force (lms.models.Exemption), if any

    @property
    def label(self) -> str:
        return self.label_from(standing_labels())

    def label_from(self, labels: dict[Standing, str]) -> str:
        """``label``, given the standings' labels as ``standing_labels()`` translated them once
        for a loop over many cells."""
        return self.wording or labels[self.standing]

    @property
    def needs_action(self) -> bool:
        return self.standing in NEEDS_ACTION

    @property
    def icon(self) -> str:
        return ICONS[self.standing]

    @property
    def date_label(self) -> str:
        if self.date is None:
            return _("does not expire") if self.standing == Standing.CURRENT else ""
        when = date_format(self.date, "j M Y")
        labels = {
            Standing.CURRENT: _("until %s"),
            Standing.DUE: _("expires %s"),
            Standing.EXPIRED: _("expired %s"),
            Standing.OVERDUE: _("was due %s"),
            Standing.EXTENDED: _("extended to %s"),
            Standing.EXEMPT: _("exempt until %s"),
        }
        return labels.get(self.standing, _("due %s")) % when


def standing_labels() -> dict[Standing, str]:
    """Each standing's label in the active language, translated once for each language rather
    than for every cell of a matrix or an export."""
    return _labels(get_language())


@functools.cache
def _labels(language: str | None) -> dict[Standing, str]:
    return {standing: str(standing.label) for standing in Standing}


def standing_of(
    today: datetime.date,
    *,
    expires_on: datetime.date | None = None,
    holds_certificate: bool = False,
    due_on: datetime.date | None = None,
    started: bool = False,
    window_days: int = validity.RENEWAL_WINDOW_DAYS,
    extended_to: datetime.date | None = None,
    exempt: bool = False,
    exempt_until: datetime.date | None = None,
) -> tuple[Standing, datetime.date | None]:
    """The rule for one cell, and the date that goes with it.

    1. An exemption in force (no end date, or not ended yet) decides: exempt.
    2. The newest certificate that is not revoked decides next, by its expiry and the renewal
       window (``certificates.validity.standing_on``): current, due or expired.
    3. Without one (never completed, or every certificate revoked) the due date decides:
       overdue once it has passed, otherwise in progress or not started.
    An extension in force (its date not passed, and later than the deadline it moves: the due
    date, or the certificate's expiry) turns anything but current into extended, to its date.
    """
    if exempt and (exempt_until is None or today <= exempt_until):
        return Standing.EXEMPT, exempt_until
    deadline = expires_on if holds_certificate else due_on
    extended = (
        extended_to is not None and today <= extended_to and (deadline is None or extended_to > deadline)
    )
    if holds_certificate:
        held = HELD[validity.standing_on(expires_on, today, window_days)]
        if held != Standing.CURRENT and extended:
            return Standing.EXTENDED, extended_to
        return held, expires_on
    if extended:
        return Standing.EXTENDED, extended_to
    if due_on is not None and today > due_on:
        return Standing.OVERDUE, due_on
    return (Standing.IN_PROGRESS if started else Standing.NOT_STARTED), due_on


@functools.lru_cache(maxsize=32)
def _never_signed_off(language: str | None) -> Cell:
    """One cell per language: an organisation's report shows it for thousands of people."""
    return Cell(standing=Standing.NOT_STARTED, wording=_("Not signed off yet"))


def sign_off_cell(latest, today: datetime.date, revoked_codes: frozenset = frozenset()) -> Cell:
    """The standing of the newest sign-off (``None``: never signed off), by the same rule as a
    certificate's: current, due or expired on its ``valid_until``.

    A sign-off resting on a certificate that has since been revoked no longer stands."""
    if latest is None:
        return _never_signed_off(get_language())
    if any(entry.get("certificate") in revoked_codes for entry in latest.evidence):
        return Cell(standing=Standing.EXPIRED, date=None)
    standing, date = standing_of(today, holds_certificate=True, expires_on=latest.valid_until)
    return Cell(standing=standing, date=date)
