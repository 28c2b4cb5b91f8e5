"""Where a learner stands on each credential they hold, in its current period, and what would
close a gap: "You need 4.5 more ethics hours before 31 March 2027", with modules to take."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificates.cpd import CpdRecord, Period
from core import clock
from courses.models import CoursePage, CpdCategory

from .models import HeldCredential
from .record import hours_in, read_ledger

MODULES_SUGGESTED = 3


@dataclass(frozen=True)
class Requirement:
    """One thing the rule asks for in the period, and how far the learner has come."""

    label: str
    category: str  # "" for the total
    required: Decimal
    earned: Decimal

    @property
    def shortfall(self) -> Decimal:
        return max(self.required - self.earned, Decimal(0))

    @property
    def met(self) -> bool:
        return self.shortfall == 0

    @property
    def percent(self) -> int:
        return 100 if self.met else int(self.earned * 100 / self.required)


@dataclass(frozen=True)
class Forecast:
    sentence: str
    modules: list[CoursePage] = field(default_factory=list)


@dataclass(frozen=True)
class CredentialProgress:
    held: HeldCredential
    period: Period
    renewal_on: datetime.date
    record: CpdRecord
    requirements: list[Requirement]
    forecasts: list[Forecast]

    @property
    def complete(self) -> bool:
        return all(requirement.met for requirement in self.requirements)


def current_period(held: HeldCredential, today: datetime.date) -> tuple[Period, datetime.date]:
    start, renewal = held.credential.period_ending(held.renewal_on, today)
    return Period(start, renewal - datetime.timedelta(days=1)), renewal


def requirements_of(held: HeldCredential, record: CpdRecord) -> list[Requirement]:
    credential = held.credential
    found = [Requirement(_("All CPD"), "", credential.total_hours, record.total_hours)]
    for minimum in credential.requirements.all():
        label = (
            str(CpdCategory(minimum.category).label)
            if minimum.category in CpdCategory.values
            else minimum.category
        )
        found.append(Requirement(label, minimum.category, minimum.hours, hours_in(record, minimum.category)))
    return found


def modules_for(
    requirement: Requirement, record: CpdRecord, modules: list[CoursePage], repeats_count: bool
) -> list[CoursePage]:
    """Modules in the requirement's category (any, for the total) whose hours would count now."""
    counted_already = {entry.module_id for entry in record.entries if entry.counted and entry.module_id}
    fitting = [
        module
        for module in modules
        if (not requirement.category or module.cpd_category == requirement.category)
        and (repeats_count or module.pk not in counted_already)
    ]
    return sorted(fitting, key=lambda module: (-module.cpd_hours, module.title))[:MODULES_SUGGESTED]


def forecast_sentence(requirement: Requirement, renewal_on: datetime.date) -> str:
    day = date_format(renewal_on, "j F Y")
    hours = f"{requirement.shortfall.normalize():f}"
    if not requirement.category:
        return _("You need %(hours)s more CPD hours before %(day)s.") % {"hours": hours, "day": day}
    return _("You need %(hours)s more %(what)s hours before %(day)s.") % {
        "hours": hours,
        "what": requirement.label.lower(),
        "day": day,
    }


def credential_progress(user, today: datetime.date | None = None) -> list[CredentialProgress]:
    """Progress on every credential the user holds: a constant number of queries."""
    today = today or clock.today()
    held = list(
        HeldCredential.objects.filter(user=user)
        .select_related("credential")
        .prefetch_related("credential__requirements")
    )
    if not held:
        return []
    periods = {item.pk: current_period(item, today) for item in held}
    span = Period(min(p.start for p, _ in periods.values()), max(p.end for p, _ in periods.values()))
    ledger = read_ledger(user, span)
    modules = list(
        CoursePage.objects.live().public().only("title", "slug", "url_path", "cpd_hours", "cpd_category")
    )
    progress = []
    for item in held:
        period, renewal_on = periods[item.pk]
        repeats = item.credential.repeats_count
        record = ledger.record(period, repeats)
        requirements = requirements_of(item, record)
        forecasts = [
            Forecast(forecast_sentence(r, renewal_on), modules_for(r, record, modules, repeats))
            for r in requirements
            if not r.met
        ]
        progress.append(CredentialProgress(item, period, renewal_on, record, requirements, forecasts))
    return progress
