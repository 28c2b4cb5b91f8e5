"""The access rule for every team page: only the team's supervisors reach it. Anyone else gets
a 404, as for an unknown id, so a team's existence is not given away."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from lms.models import Team


def supervised_team(request: HttpRequest, team_id: int) -> Team:
    return get_object_or_404(Team.objects.supervised_by(request.user), pk=team_id)
