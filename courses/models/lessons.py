"""The lesson page: reading, practice and reflection, shown after its content note if it has one."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonBodyBlock, SourceBlock

from .pages import objectives_field
from .records import ContentNoteAcknowledgement
from .steps import ModuleStep


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
    refresher_only = models.BooleanField(
        _("for the refresher path only"),
        default=False,
        help_text=_("Written for renewing: someone taking the whole module skips it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("content_note"),
        FieldPanel("objectives"),
        FieldPanel("body"),
        FieldPanel("sources"),
        FieldPanel("refresher_only"),
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
        user = request.user
        if user.is_authenticated and self.content_note and not self.note_acknowledged_by(user):
            return self.render_content_note(request)
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if mode_name == "content-note":
            return self.render_content_note(request)
        return super().serve(request)

    def note_acknowledged_by(self, user) -> bool:
        return ContentNoteAcknowledgement.objects.filter(user=user, page_id=self.pk).exists()

    def render_content_note(self, request: HttpRequest) -> TemplateResponse:
        context = {"page": self, "self": self, "module": self.get_module(), "request": request}
        return TemplateResponse(request, "courses/content_note.html", context)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs) | self.step_context(request.user)
        if "progress" in context:
            context["is_done"] = context["progress"].is_done(self)
        return context
