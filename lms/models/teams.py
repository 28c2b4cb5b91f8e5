"""Teams, when members joined, the modules each team requires, and reminders sent about them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from core import clock
from lms.team_forms import TeamForm


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


class Assignment(models.Model):
    """A module every member of a team is expected to hold, first completed by a date.

    Someone who joins the team after the module was made required gets ``new_member_days``
    from the day they joined, if that is later; the team's founding members keep the date.
    After the first completion the certificate's expiry takes over: the module is then due for
    renewal in the window ``certificates.validity`` sets before it expires.
    """

    team = ParentalKey(Team, on_delete=models.CASCADE, related_name="assignments")
    module = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("complete by"))
    new_member_days = models.PositiveSmallIntegerField(
        _("days for new members"),
        default=90,
        help_text=_(
            "Someone who joins the team after this module was made required has this many days "
            "from joining, if that is later than the date above."
        ),
    )
    created_on = models.DateField(default=clock.today, editable=False)

    panels = [FieldPanel("module"), FieldPanel("due_on"), FieldPanel("new_member_days")]

    class Meta:
        ordering = ["module__path"]  # each module at most once per team: see TeamForm

    def __str__(self) -> str:
        return f"{self.team} · {self.module}"

    def due_for(self, joined_on: datetime.date | None) -> datetime.date:
        """The date this member is first due: the team's date, or, for someone who joined after
        the module was made required, ``new_member_days`` from joining if that is later."""
        if joined_on is None or joined_on <= self.created_on:
            return self.due_on
        return max(self.due_on, joined_on + datetime.timedelta(days=self.new_member_days))


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
