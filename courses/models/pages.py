"""Wagtail page types for the catalogue and its modules; a module's steps are in ``steps`` and ``lessons``."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.progress import REFRESHER, module_progress, progress_for_modules


class CpdCategory(models.TextChoices):
    TRAUMA_INFORMED = "trauma_informed", _("Trauma-informed practice")
    ETHICS = "ethics", _("Ethics")
    CULTURAL_PRACTICE = "cultural_practice", _("Cultural practice")
    WELLBEING = "wellbeing", _("Wellbeing")
    SUPERVISION = "supervision", _("Supervision")


def objectives_field() -> StreamField:
    return StreamField(
        [("objective", blocks.CharBlock(max_length=300, label=_("Objective")))],
        blank=True,
        help_text=_("What a learner can do afterwards, one per item."),
    )


class CourseIndexPage(Page):
    """The catalogue of modules, served at /modules/."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        modules = list(CoursePage.objects.child_of(self).live().public().order_by("path"))
        context["modules"] = modules
        context["progress"] = progress_for_modules(request.user, modules)
        return context


class CoursePage(Page):
    """One training module: its promise to the learner and its CPD value."""

    summary = models.TextField(max_length=600)
    objectives = objectives_field()
    cpd_hours = models.DecimalField(_("CPD hours"), max_digits=4, decimal_places=1)
    cpd_category = models.CharField(_("CPD category"), max_length=32, choices=CpdCategory.choices)
    estimated_minutes = models.PositiveIntegerField(default=60)
    validity_months = models.PositiveSmallIntegerField(
        default=12, help_text=_("How long a completion counts before renewal is due.")
    )
    audience = models.CharField(max_length=255, blank=True)
    refresher_path = StreamField(
        [
            (
                "step",
                blocks.PageChooserBlock(
                    target_model=["courses.LessonPage", "assessments.ScenarioPage", "assessments.QuizPage"],
                    label=_("Step"),
                ),
            )
        ],
        blank=True,
        help_text=_(
            "A shorter way to renew a certificate: some of this module's steps, in order (for example "
            "a refresher lesson, one scenario and the quiz). Empty: renewal is the whole module."
        ),
    )
    refresher_grace_days = models.PositiveSmallIntegerField(
        _("refresher: days after expiry"),
        default=90,
        help_text=_("The refresher path also renews a certificate that expired up to this many days ago."),
    )
    test_out_mark = models.PositiveSmallIntegerField(
        _("test-out mark (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Someone renewing who passes the quiz at this mark or higher renews without the lessons. "
            "Empty: no testing out."
        ),
    )
    content_note = models.TextField(
        blank=True,
        max_length=500,
        help_text=_(
            "Short and specific: what heavy topics the module touches. Learners see it "
            "before starting, with the choice to continue, come back later or take a break."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldPanel("cpd_hours"),
                FieldPanel("cpd_category"),
                FieldPanel("estimated_minutes"),
                FieldPanel("validity_months"),
            ],
            heading=_("CPD and renewal"),
        ),
        FieldPanel("audience"),
        FieldPanel("content_note"),
        MultiFieldPanel(
            [FieldPanel("refresher_path"), FieldPanel("refresher_grace_days"), FieldPanel("test_out_mark")],
            heading=_("Refresher path"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "assessments.ScenarioPage", "assessments.QuizPage"]

    class Meta:
        verbose_name = _("module")

    @property
    def duration_label(self) -> str:
        """The estimated time in words: "about 45 minutes", "about 3 hours"."""
        hours, minutes = divmod(self.estimated_minutes, 60)
        if not hours:
            return ngettext("about %d minute", "about %d minutes", minutes) % minutes
        if not minutes:
            return ngettext("about %d hour", "about %d hours", hours) % hours
        return _("about %(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}

    def refresher_steps(self) -> list[Page]:
        """The refresher path's steps as their own page types, in the path's order."""
        ids = self.refresher_step_ids()
        by_id = {page.pk: page.specific for page in Page.objects.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    @property
    def has_refresher(self) -> bool:
        return bool(self.refresher_step_ids())

    def refresher_step_ids(self) -> list[int]:
        """The refresher path's steps that are live children of this module, in the path's order."""
        chosen = [
            block.value.pk if hasattr(block.value, "pk") else block.value for block in self.refresher_path
        ]
        live = set(
            self.get_children().live().filter(pk__in=[pk for pk in chosen if pk]).values_list("pk", flat=True)
        )
        return [pk for pk in dict.fromkeys(chosen) if pk in live]

    def get_steps(self) -> list[Page]:
        """The live steps of this module, in page-tree order, each as its own page type.

        ``.specific()`` costs one query per page type on top of the first; joining every step
        table at once keeps a module's outline at a single query as step types are added.
        """
        models = self.allowed_subpage_models()  # the step types a module may hold (``subpage_types``)
        links = [model._meta.parents[Page].remote_field.get_accessor_name() for model in models]
        # An outline shows each step's title and summary: its StreamFields (a lesson's body,
        # a quiz's questions) are not parsed here; a step that shows them is loaded as itself.
        unread = [
            f"{link}__{f.name}"
            for link, model in zip(links, models, strict=True)
            for f in model._meta.concrete_fields
            if isinstance(f, StreamField)
        ]
        steps = []
        children = self.get_children().live().exclude(lessonpage__refresher_only=True)
        for page in children.order_by("path").select_related(*links).defer(*unread):
            specific = next((step for link in links if (step := getattr(page, link, None)) is not None), None)
            steps.append(specific if specific is not None else page.specific)
        return steps

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        steps = self.get_steps()
        progress = module_progress(request.user, self, steps=steps)
        if progress.path == REFRESHER:  # the learner is renewing by the shorter path
            steps = self.refresher_steps()
            progress = module_progress(request.user, self, steps=steps)
        context["steps"] = steps
        context["progress"] = progress
        context["next_step"] = progress.step_after()
        return context
