"""Wagtail page types for the catalogue, modules and lessons."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonBodyBlock, SourceBlock

from .steps import ModuleStep, with_step_types


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
        from courses.progress import progress_for_modules

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

    def get_steps(self) -> list[Page]:
        """The live steps of this module, in page-tree order, each as its own page type."""
        return with_step_types(self.get_children().live().order_by("path"))

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from courses.progress import module_progress

        context = super().get_context(request, *args, **kwargs)
        steps = self.get_steps()
        progress = module_progress(request.user, self, steps=steps)
        context["steps"] = steps
        context["progress"] = progress
        context["next_step"] = next((s for s in steps if s.pk == progress.next_step_id), None)
        return context


class LessonPage(ModuleStep, Page):
    """A lesson: reading, practice and reflection, marked done by the learner."""

    summary = models.CharField(max_length=300, blank=True)
    content_note = models.TextField(
        blank=True,
        max_length=500,
        help_text=_("Shown before the lesson, with real choices. Leave empty if not needed."),
    )
    objectives = objectives_field()
    body = StreamField(LessonBodyBlock())
    sources = StreamField([("source", SourceBlock())], blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("content_note"),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("sources"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    preview_modes = [("", _("Lesson")), ("content-note", _("Content note"))]

    step_kind_label = _("Lesson")
    completion_hint = _("Read it, then mark it as done")

    class Meta:
        verbose_name = _("lesson")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.content_note and not self.note_acknowledged_by(request.user):
            return self.render_content_note(request)
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if mode_name == "content-note":
            return self.render_content_note(request)
        return super().serve(request)

    def note_acknowledged_by(self, user) -> bool:
        from .progress import ContentNoteAcknowledgement

        return ContentNoteAcknowledgement.objects.filter(user=user, page_id=self.pk).exists()

    def render_content_note(self, request: HttpRequest) -> TemplateResponse:
        context = {"page": self, "self": self, "module": self.get_module(), "request": request}
        return TemplateResponse(request, "courses/content_note.html", context)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from courses.progress import module_progress

        context = super().get_context(request, *args, **kwargs)
        module = self.get_module()
        context["module"] = module
        if module is not None:
            progress = module_progress(request.user, module)
            context["progress"] = progress
            context["position"] = progress.position_of(self)
            context["is_done"] = progress.is_done(self)
        context["reflections"] = self.reflections_by_block(request.user)
        return context

    def reflections_by_block(self, user) -> dict:
        """The learner's own answers to this lesson's reflection prompts, by block id."""
        from assessments.models import Reflection

        if not user.is_authenticated or not any(b.block_type == "reflection" for b in self.body):
            return {}
        return {r.source_key: r for r in Reflection.objects.filter(user=user, source_page=self)}
