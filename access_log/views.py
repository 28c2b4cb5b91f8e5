"""The learner's own list of who has opened their record, newest first (``/learning/who-has-seen/``).

It takes no id: it lists the signed-in person's entries and nobody else's. Reading it writes nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.numbers import parse_count

from .models import RecordView

PER_PAGE = 50


@require_safe
@login_required
def who_has_seen(request: HttpRequest) -> HttpResponse:
    entries = RecordView.objects.filter(learner=request.user).only(
        "viewer_name", "viewer_role", "kind", "label", "at"
    )
    page = Paginator(entries, PER_PAGE).get_page(parse_count(request.GET.get("page", ""), default=1, low=1))
    return render(request, "lms/who_has_seen.html", {"page": page})
