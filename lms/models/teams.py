"""Teams, when members joined, the modules required of whom, and reminders sent about them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from certificates import validity
from core import clock
from lms.team_forms import AssignmentForm, TeamForm


class TeamQuerySet(models.QuerySet):
    """The one place that says who supervises a team and who belongs to one."""

    def supervised_by(self, user):
        return self.filter(supervisors=user)

    def with_member(self, user):
        return self.filter(members=user)


class Team(ClusterableModel):
    """A group of peer workers and the supervisors responsible for them."""

    name = models.CharField(max_length=255, unique=True)
    supervisors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="supervised_teams")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    objects = TeamQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("supervisors"),
        FieldPanel("members"),
        InlinePanel("assignments", heading=_("Required modules"), label=_("Required module")),
    ]
    base_form_class = TeamForm

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """When someone joined a team, kept beside ``Team.members`` (a signal keeps the two in step).

    Members added before this was recorded have no row: the team's dates apply to them as set.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    joined_on = models.DateField(default=clock.today)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")]

    def __str__(self) -> str:
        return f"{self.user} · {self.team} · {self.joined_on}"


class DueRule(models.TextChoices):
    FIXED = "fixed", _("By a fixed date")
    AFTER_START = "after_start", _("Some days after the person's start date")
    AFTER_ASSIGNED = "after_assigned", _("Some days after the module was assigned")


class RecertificationRule(models.TextChoices):
    MODULE = "module", _("As the module says (its validity in months)")
    NONE = "none", _("Never: one completion is enough")
    ROLLING = "rolling", _("Every so many months from the last completion")
    CALENDAR = "calendar", _("Once a year, in a fixed month")


class Assignment(models.Model):
    """A module some people are expected to hold: a team's members, everyone in a job role,
    a team's members in a job role, or one person. ``lms.assignments`` decides who and by when.

    The first completion is due by a fixed date (someone joining the team after the module was
    made required gets ``new_member_days`` from the day they joined, if later), or ``due_days``
    after the person's start date or after the assignment was made. After that the
    recertification rule decides when the module is due again.
    """

    team = ParentalKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    job_role = models.ForeignKey(
        "lms.JobRole",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("job role"),
        help_text=_("Only people in this job role (across every team, when no team is chosen)."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="personal_assignments",
        verbose_name=_("person"),
    )
    module = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    due_rule = models.CharField(_("due"), max_length=16, choices=DueRule.choices, default=DueRule.FIXED)
    due_on = models.DateField(_("complete by"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(
        _("days to complete"),
        default=90,
        help_text=_("For a due date counted from a start or assignment date."),
    )
    new_member_days = models.PositiveSmallIntegerField(
        _("days for new members"),
        default=90,
        help_text=_(
            "Someone who joins the team after this module was made required has this many days "
            "from joining, if that is later than the date above."
        ),
    )
    recertification = models.CharField(
        max_length=16, choices=RecertificationRule.choices, default=RecertificationRule.MODULE
    )
    recertify_months = models.PositiveSmallIntegerField(
        _("renew every (months)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    renew_in_month = models.PositiveSmallIntegerField(
        _("renew in"), null=True, blank=True, choices=list(MONTHS.items())
    )
    renewal_window_days = models.PositiveSmallIntegerField(
        _("renewal opens (days before)"), default=validity.RENEWAL_WINDOW_DAYS
    )
    created_on = models.DateField(default=clock.today, editable=False)

    base_form_class = AssignmentForm
    panels = [
        FieldPanel("module"),
        FieldPanel("job_role"),
        FieldPanel("due_rule"),
        FieldPanel("due_on"),
        FieldPanel("due_days"),
        FieldPanel("new_member_days"),
        FieldPanel("recertification"),
        FieldPanel("recertify_months"),
        FieldPanel("renew_in_month"),
        FieldPanel("renewal_window_days"),
    ]

    class Meta:
        ordering = ["module__path"]  # each module at most once per team: see TeamForm
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(team__isnull=True, user__isnull=True, job_role__isnull=True),
                name="assignment_names_who",
            )
        ]

    def __str__(self) -> str:
        who = [str(part) for part in (self.team, self.job_role, self.user) if part]
        return f"{' · '.join(who)} · {self.module}"

    def clean(self) -> None:
        errors = {}
        if self.due_rule == DueRule.FIXED and self.due_on is None:
            errors["due_on"] = _("Give the date, or count the days from a start or assignment date.")
        if self.recertification == RecertificationRule.ROLLING and not self.recertify_months:
            errors["recertify_months"] = _("Say every how many months.")
        if self.recertification == RecertificationRule.CALENDAR and not self.renew_in_month:
            errors["renew_in_month"] = _("Choose the month renewals fall in.")
        if errors:
            raise ValidationError(errors)

    def due_for(
        self, joined_on: datetime.date | None, start_date: datetime.date | None = None
    ) -> datetime.date:
        """The date this person is first due, by the assignment's rule: a fixed date (for
        someone who joined the team after the module was made required, ``new_member_days``
        from joining if that is later), or ``due_days`` after their start date (the assignment
        date when none is recorded) or after the assignment date."""
        if self.due_rule == DueRule.AFTER_START and start_date is not None:
            return start_date + datetime.timedelta(days=self.due_days)
        if self.due_rule != DueRule.FIXED or self.due_on is None:
            return self.created_on + datetime.timedelta(days=self.due_days)
        if joined_on is None or joined_on <= self.created_on:
            return self.due_on
        return max(self.due_on, joined_on + datetime.timedelta(days=self.new_member_days))

    def rule(self, module_validity_months: int | None = None) -> validity.Recertification:
        """The recertification rule of this assignment, as ``certificates.validity`` reads it."""
        window = self.renewal_window_days
        if self.recertification == RecertificationRule.NONE:
            return validity.NEVER
        if self.recertification == RecertificationRule.ROLLING and self.recertify_months:
            return validity.Recertification(validity.ROLLING, self.recertify_months, None, window)
        if self.recertification == RecertificationRule.CALENDAR and self.renew_in_month:
            return validity.Recertification(validity.CALENDAR, None, self.renew_in_month, window)
        if module_validity_months is None:
            module_validity_months = getattr(self.module, "validity_months", None)
        return validity.rolling(module_validity_months, window)


class Reminder(models.Model):
    """A supervisor asked Groundwork to remind a team member about one module."""

    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    module = models.ForeignKey("courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="+")
    module_title = models.CharField(max_length=255)
    standing = models.CharField(max_length=20)
    standing_date = models.DateField(null=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reminders_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "module", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.module_title} · {self.created_at:%Y-%m-%d}"
