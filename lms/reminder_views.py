"""The supervisor's preview of the reminder emails a "Send reminders" would send now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core import clock
from lms.reminders import QUIET_DAYS, plan_reminders, preview
from lms.team_access import supervised_team


@login_required
def reminder_preview(request: HttpRequest, team_id: int) -> HttpResponse:
    team = supervised_team(request, team_id)
    today = clock.today()
    context = {
        "team": team,
        "emails": preview(team, request.user, today),
        "plan": plan_reminders(team, today),
        "quiet_days": QUIET_DAYS,
    }
    return render(request, "lms/reminder_preview.html", context)
