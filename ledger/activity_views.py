"""Recording training done elsewhere, reading its evidence, and reviewing it.

Every view that takes an activity's id answers 404 to anyone who may not see it. Decisions
are POST only, inside a transaction, and a second click on a decided activity records nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from core.storage_faults import calm_when_storage_fails

from .forms import DecisionForm, ExternalActivityForm
from .models import ExternalActivity
from .review import awaiting_review_by, decide, may_see_evidence, reviewer_role


@login_required
def add_activity(request: HttpRequest) -> HttpResponse:
    form = ExternalActivityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            activity = form.save(commit=False)
            activity.user = request.user
            activity.evidence_type = form.evidence_type
            activity.save()
        messages.success(
            request,
            _("Saved. “%(title)s” is waiting for review; its hours count once it is approved.")
            % {"title": activity.title},
        )
        return redirect("cpd_record")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "ledger/activity_form.html", {"form": form}, status=status)


@login_required
@cache_control(private=True, no_store=True)
@calm_when_storage_fails
def evidence(request: HttpRequest, external_activity_id: int) -> HttpResponse:
    activity = get_object_or_404(ExternalActivity, pk=external_activity_id)
    if not may_see_evidence(request.user, activity):
        raise Http404
    stored = activity.evidence.open("rb")
    return FileResponse(
        stored,
        content_type=activity.evidence_type,
        filename=f"evidence-{activity.pk}{activity.evidence_suffix}",
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    activities = awaiting_review_by(request.user)
    if not activities and not request.user.is_superuser and not _supervises(request.user):
        raise Http404
    return TemplateResponse(
        request, "ledger/review_queue.html", {"activities": activities, "form": DecisionForm()}
    )


def _supervises(user) -> bool:
    from core.supervision import supervises_anyone

    return supervises_anyone(user)


@require_POST
@login_required
def review(request: HttpRequest, external_activity_id: int) -> HttpResponse:
    activity = get_object_or_404(ExternalActivity.objects.select_related("user"), pk=external_activity_id)
    if reviewer_role(request.user, activity.user) is None:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "ledger/review_queue.html",
            {"activities": [activity], "form": form, "failed": activity.pk},
            status=400,
        )
    decision = decide(activity, request.user, form.cleaned_data["outcome"], form.cleaned_data["comment"])
    if decision is None:
        messages.info(
            request,
            _("“%(title)s” had already been decided; nothing was changed.") % {"title": activity.title},
        )
    elif decision.outcome == "approved":
        messages.success(request, _("Approved “%(title)s”. Its hours now count.") % {"title": activity.title})
    else:
        messages.success(request, _("Returned “%(title)s” with your comment.") % {"title": activity.title})
    return redirect("cpd_review")
