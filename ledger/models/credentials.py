"""Credential rules set by administrators, and the credentials a learner holds."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from core.clock import add_months
from courses.models import CpdCategory

from ..admin_forms import CredentialAdminForm

HOURS = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(Decimal("0.5"))]}


class Credential(ClusterableModel):
    """A credential's renewal rule: so many hours each period, some of them in given categories."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    awarding_body = models.CharField(_("awarding body"), max_length=200)
    period_months = models.PositiveSmallIntegerField(
        _("renewal period (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    total_hours = models.DecimalField(_("total CPD hours each period"), **HOURS)
    repeats_count = models.BooleanField(
        _("a repeated module counts again"),
        default=False,
        help_text=_("Leave unticked when a module and its renewal in one period count once."),
    )
    source = models.CharField(
        _("where the rule comes from"),
        max_length=300,
        blank=True,
        help_text=_("A citation: document and date."),
    )
    source_url = models.URLField(_("link to the rule"), blank=True)
    is_example = models.BooleanField(
        _("example rule, to check with the board"),
        default=False,
        help_text=_("Learners are told to confirm the current rule with the awarding body."),
    )

    base_form_class = CredentialAdminForm  # category minimums ≤ total

    panels = [
        FieldPanel("name"),
        FieldPanel("awarding_body"),
        MultiFieldPanel(
            [FieldPanel("period_months"), FieldPanel("total_hours"), FieldPanel("repeats_count")],
            heading=_("Renewal rule"),
        ),
        InlinePanel("requirements", label=_("Minimum hours in a category"), heading=_("Category minimums")),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("source_url"), FieldPanel("is_example")], heading=_("Source")
        ),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def period_ending(
        self, renewal_on: datetime.date, today: datetime.date
    ) -> tuple[datetime.date, datetime.date]:
        """The period ``today`` falls in, as (first day, renewal day; the period ends the day before).

        Every renewal day is counted in whole periods from ``renewal_on`` (never from the
        previous one, whose day of the month may have been shortened), so consecutive periods
        meet exactly: a day belongs to one period only. A renewal date still ahead ends the period."""
        steps = 0
        while add_months(renewal_on, self.period_months * steps) <= today:
            steps += 1
        return add_months(renewal_on, self.period_months * (steps - 1)), add_months(
            renewal_on, self.period_months * steps
        )


class CredentialRequirement(models.Model):
    """At least ``hours`` in ``category`` each period (for ethics: the activities' ethics hours)."""

    credential = ParentalKey(Credential, on_delete=models.CASCADE, related_name="requirements")
    category = models.CharField(_("CPD category"), max_length=32, choices=CpdCategory.choices)
    hours = models.DecimalField(_("minimum hours"), **HOURS)

    panels = [FieldPanel("category"), FieldPanel("hours")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["credential", "category"], name="one_minimum_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.credential}: {self.hours} h {self.get_category_display()}"


class HeldCredential(models.Model):
    """A credential a learner holds, with the date they next renew it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_credentials"
    )
    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="holders")
    renewal_on = models.DateField(_("next renewal date"))

    class Meta:
        ordering = ["renewal_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "credential"], name="hold_a_credential_once")]

    def __str__(self) -> str:
        return f"{self.credential} (renews {self.renewal_on})"
