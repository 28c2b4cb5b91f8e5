"""Teams, the modules each team requires, and reminders sent about them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from lms.team_forms import TeamForm


class Team(ClusterableModel):
    """A group of peer workers and the supervisors responsible for them."""

    name = models.CharField(max_length=255, unique=True)
    supervisors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="supervised_teams")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teams", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("supervisors"),
        FieldPanel("members"),
        InlinePanel("assignments", heading=_("Required modules"), label=_("Required module")),
    ]
    base_form_class = TeamForm

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A module every member of a team is expected to hold, first completed by a date.

    After the first completion the certificate's expiry takes over: the module is then due
    for renewal in the 60 days before it expires.
    """

    team = ParentalKey(Team, on_delete=models.CASCADE, related_name="assignments")
    module = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("complete by"))

    panels = [FieldPanel("module"), FieldPanel("due_on")]

    class Meta:
        ordering = ["module__path"]  # each module at most once per team: see TeamForm

    def __str__(self) -> str:
        return f"{self.team} · {self.module}"


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
