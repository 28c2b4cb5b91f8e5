"""The home page, teams, and organisation-wide settings."""

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from lms.routing import route_from
from lms.team_forms import TeamForm


class HomePage(Page):
    """The front door: what Groundwork is and where to start."""

    intro = models.CharField(max_length=255, blank=True)
    body = RichTextField(blank=True, features=["h2", "bold", "italic", "ul", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        if path_components:
            return route_from(self, request, path_components)
        return super().route(request, path_components)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from courses.models import CourseIndexPage, CoursePage

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = CourseIndexPage.objects.live().first()
        context["modules"] = CoursePage.objects.live().public().order_by("path")[:6]
        return context


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Who provides the training; shown in the footer and, later, on certificates."""

    organisation_name = models.CharField(max_length=255, default="Groundwork")
    support_contact = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Who a learner can talk to if the material brings something up."),
    )

    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signatory_name = models.CharField(max_length=200, blank=True, help_text=_("Who signs certificates."))
    signatory_role = models.CharField(max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accreditation_statement = models.TextField(
        blank=True, help_text=_("Printed on certificates, e.g. who approves this provider's CPD.")
    )
    delivery_format = models.CharField(max_length=200, default="Online, self-paced (e-learning)")

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("support_contact"),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("signatory_name"),
                FieldPanel("signatory_role"),
                FieldPanel("signature"),
                FieldPanel("accreditation_statement"),
                FieldPanel("delivery_format"),
            ],
            heading=_("Certificates"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")


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
