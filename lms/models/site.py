"""The home page and organisation-wide settings."""

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from lms.routing import route_from


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
    """Who provides the training: shown in the footer and printed on certificates. The name,
    signatory, accreditation statement and delivery format are copied onto each certificate at
    issue; the logo and signature image are read when its PDF is drawn."""

    organisation_name = models.CharField(max_length=255, default="Groundwork")
    support_contact = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Who a learner can talk to if the material brings something up."),
    )
    crisis_line = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Where to turn at once in a crisis, day or night: shown beside the support contact."),
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
        FieldPanel("crisis_line"),
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
