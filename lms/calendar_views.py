"""The calendar feed's page (make, replace or stop the address) and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.links import absolute_url
from lms.calendar_feed import feed_for
from lms.models import CalendarFeed


@never_cache
@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """GET says whether there is a feed; POST makes one (or a new one) and shows its address once,
    or stops it."""
    context = {"has_feed": CalendarFeed.objects.filter(user=request.user).exists(), "feed_url": ""}
    if request.method == "POST":
        action = request.POST.get("action")
        with transaction.atomic():
            if action == "start":
                token = CalendarFeed.start_for(request.user)
                context.update(has_feed=True, feed_url=absolute_url(reverse("calendar_feed", args=[token])))
            elif action == "stop":
                CalendarFeed.objects.filter(user=request.user).delete()
                messages.success(
                    request,
                    _("Your calendar address no longer works. Nothing more will reach your calendar."),
                )
                return redirect("learning:calendar")
            else:
                return redirect("learning:calendar")
    return render(request, "lms/calendar.html", context)


@never_cache
def calendar_feed(request: HttpRequest, code: str) -> HttpResponse:
    """The feed, for whoever holds the secret address (a calendar app); anything else is a 404."""
    user = CalendarFeed.owner_of(code)
    if user is None:
        raise Http404
    response = HttpResponse(feed_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="groundwork.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
