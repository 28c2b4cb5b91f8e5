"""The branching role-play page: steps with choices, and endings with a debrief."""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from assessments.blocks import ScenarioEndingBlock, ScenarioStepBlock
from assessments.principles import weights
from assessments.scenario_graph import graph_problems
from courses.models import ModuleStep

from .runs import ScenarioRun

# The editor's buttons that ask for a scenario to go live (or to be reviewed for going live).
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow", "action-workflow-action")


class ScenarioPageForm(WagtailAdminPageForm):
    """Drafts may be incomplete; publishing (or submitting for review) needs a playable graph."""

    def clean(self):
        cleaned = super().clean()
        if not any(self.data.get(action) for action in PUBLISHING_ACTIONS):
            return cleaned
        if self.data.get("action-workflow-action") and self.data.get("workflow-action-name") != "approve":
            return cleaned
        steps, endings = cleaned.get("steps"), cleaned.get("endings")
        if steps is None or endings is None:
            return cleaned
        problems = graph_problems(*graph_of(steps, endings))
        if problems:
            raise ValidationError([_("This scenario cannot be published yet.")] + problems)
        return cleaned


def graph_of(steps, endings) -> tuple[list[dict], list[dict]]:
    """Plain dicts of a scenario's steps and endings, as the graph checks and runs use them."""
    return (
        [
            {
                "key": step.value["key"],
                "situation": step.value["situation"],
                "says": step.value["says"],
                "image": step.value["image"],
                "image_alt": step.value["image_alt"],
                "choices": [
                    {
                        "id": child.id,
                        "label": child.value["label"],
                        "feedback": child.value["feedback"],
                        "next": child.value["next"] or "",
                        "principles": weights(dict(child.value["principles"] or {})),
                    }
                    for child in step.value["choices"].bound_blocks
                ],
            }
            for step in steps
        ],
        [dict(ending.value) for ending in endings],
    )


# Turning the stored steps into plain dicts took a third of a choice's round trip, on every
# request. The result depends on the stored JSON alone (and the images it names), so each
# process keeps the last few, keyed by that JSON, for a few minutes (an image replaced under
# the same id shows within that time). Callers read them and never change them.
GRAPHS_KEPT, GRAPH_SECONDS = 64, 300
_graphs: OrderedDict[tuple[int, str], tuple[float, tuple[list[dict], list[dict]]]] = OrderedDict()


def kept_graph(page_id: int, steps, endings) -> tuple[list[dict], list[dict]]:
    stored = json.dumps([list(steps.raw_data), list(endings.raw_data)], sort_keys=True, default=str)
    key = (page_id, hashlib.blake2b(stored.encode(), digest_size=16).hexdigest())
    found = _graphs.get(key)
    if found is not None and time.monotonic() - found[0] < GRAPH_SECONDS:
        _graphs.move_to_end(key)
        return found[1]
    graph = graph_of(steps, endings)
    _graphs[key] = (time.monotonic(), graph)
    while len(_graphs) > GRAPHS_KEPT:
        _graphs.popitem(last=False)
    return graph


class ScenarioPage(ModuleStep, Page):
    """A practice conversation. The first step is where every run starts."""

    intro = models.TextField(blank=True)
    setting = models.TextField(blank=True, help_text=_("Where and when the conversation happens."))
    background = models.TextField(blank=True, help_text=_("What the learner knows about the person."))
    content_note = models.TextField(
        blank=True, help_text=_("Optional, short and specific: what in this scenario could be hard to read.")
    )
    steps = StreamField(
        [("step", ScenarioStepBlock())], blank=True, help_text=_("The first step is the start.")
    )
    endings = StreamField([("ending", ScenarioEndingBlock())], blank=True)
    require_recommended_ending = models.BooleanField(
        default=False,
        help_text=_("Count the scenario as done only when a recommended ending is reached."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("setting"), FieldPanel("background"), FieldPanel("content_note")],
            heading=_("The situation"),
        ),
        FieldPanel("steps"),
        FieldPanel("endings"),
        FieldPanel("require_recommended_ending"),
    ]
    base_form_class = ScenarioPageForm
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    preview_modes = [("", _("Start page")), ("walk", _("Walk through every step"))]

    step_kind_label = _("Scenario")
    completion_hint = _("Play the scenario to an ending")

    class Meta:
        verbose_name = _("scenario")

    def save(self, *args, **kwargs):
        # Convert every block before saving so each choice gets a stored id, not a fresh one per load.
        for stream in (self.steps, self.endings):
            list(stream)
        self.__dict__.pop("graph", None)
        return super().save(*args, **kwargs)

    @cached_property
    def graph(self) -> tuple[list[dict], list[dict]]:
        return kept_graph(self.pk or 0, self.steps, self.endings)

    def problems(self) -> list[str]:
        return graph_problems(*self.graph)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        """The start page: the step in its module, the learner's open run and the endings reached."""
        context = super().get_context(request, *args, **kwargs) | self.step_context(request.user)
        runs = list(ScenarioRun.objects.filter(user=request.user, scenario=self).order_by("-updated_at"))
        context.update(
            open_run=next((r for r in runs if r.set_aside_at is None), None),
            endings_reached=[r for r in runs if r.is_ended],
        )
        return context

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        """Editors' previews: the start page, or every step and ending linked so it can be walked."""
        context = {"page": self, "self": self, "request": request, "is_preview": True}
        context["module"] = self.get_module()
        if mode_name == "walk":
            steps, endings = self.graph
            context.update(steps=steps, endings=endings, problems=self.problems())
            return TemplateResponse(request, "assessments/scenario_walk.html", context)
        return TemplateResponse(request, self.get_template(request), context)
