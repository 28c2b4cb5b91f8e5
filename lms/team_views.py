"""The supervisor's dashboard: their teams' standing (filtered, paged, charted), exports, reminders,
one member's record.

Only a team's supervisors reach its pages; anyone else gets a 404, as for an unknown id.
Supervisors see status, dates and scores, never reflections (those arrive only when shared,
at /team/reflections/).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from access_log.recording import Kind, record_view
from core import clock
from lms.digest import wants_digest
from lms.member_record import member_record
from lms.models import Team
from lms.reminders import QUIET_DAYS, remind_team
from lms.team_access import supervised_team
from lms.team_chart import completions_by_month
from lms.team_dashboard import build_sections, required_module_choices
from lms.team_export import FilteredExport, TeamExportView
from lms.team_filters import read_filters


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """``/team/``: the matrix, filtered by the query string; ``export=csv|xlsx`` downloads it."""
    supervised = list(Team.objects.supervised_by(request.user).order_by("name"))
    if not supervised:
        raise Http404
    filters, form = read_filters(request.GET, supervised, required_module_choices(supervised))
    teams = [team for team in supervised if filters.team in (None, team.pk)]
    today = clock.today()
    if request.GET.get("export") in ("csv", "xlsx"):
        return FilteredExport(teams, filters, today).response(request.GET["export"])
    sections = build_sections(teams, filters, today)
    charts = completions_by_month(sections, today)
    for section in sections:
        section.chart = charts[section.team.pk]
    context = {
        "matrices": sections,
        "filters": filters,
        "form": form,
        "quiet_days": QUIET_DAYS,
        "several_teams": len(supervised) > 1,
        "wants_digest": wants_digest(request.user),
    }
    return render(request, "lms/team_dashboard.html", context)


export_csv = TeamExportView.as_view()


@login_required
@require_POST
def send_reminders(request: HttpRequest, team_id: int) -> HttpResponse:
    team = supervised_team(request, team_id)
    outcome = remind_team(team, request.user, clock.today())
    if outcome.sent:
        people = ngettext("%(count)d person", "%(count)d people", outcome.people) % {"count": outcome.people}
        messages.success(
            request,
            ngettext(
                "Sent %(sent)d reminder to %(people)s.",
                "Sent %(sent)d reminders to %(people)s.",
                outcome.sent,
            )
            % {"sent": outcome.sent, "people": people},
        )
    elif not outcome.skipped and not outcome.no_email:
        messages.info(request, _("Nobody in %(team)s needs a reminder right now.") % {"team": team.name})
    if outcome.no_email:
        messages.warning(
            request,
            ngettext(
                "%(count)d person who needs to act has no email address, so could not be reminded.",
                "%(count)d people who need to act have no email address, so could not be reminded.",
                outcome.no_email,
            )
            % {"count": outcome.no_email},
        )
    if outcome.skipped:
        messages.info(
            request,
            ngettext(
                "%(count)d reminder was not sent again: it went out in the last %(days)d days.",
                "%(count)d reminders were not sent again: they went out in the last %(days)d days.",
                outcome.skipped,
            )
            % {"count": outcome.skipped, "days": QUIET_DAYS},
        )
    return redirect("team:dashboard")


@login_required
def member(request: HttpRequest, team_id: int, user_id: int) -> HttpResponse:
    team = supervised_team(request, team_id)
    person = get_object_or_404(get_user_model().objects.filter(teams=team), pk=user_id)
    context = member_record(team, person, clock.today())
    record_view(request.user, person.pk, Kind.TEAM_RECORD, team.name)  # the learner sees that we looked
    return render(request, "lms/team_member.html", context)
