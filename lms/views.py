"""The learner's dashboard and the grounding break."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from certificates.status import renewals_due
from core import clock
from courses.catalogue import live_catalogue
from courses.progress import progress_for_modules
from lms.assignments import gather
from lms.compliance import required_of
from lms.my_data import export as export_my_data
from lms.resume import resume_point
from lms.supervision import supervises_anyone


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    catalogue = live_catalogue()
    progress = progress_for_modules(request.user, catalogue.modules, catalogue.step_ids)
    groups: dict[str, list] = {"in_progress": [], "completed": [], "available": []}
    for module in catalogue.modules:
        state = progress[module.pk]
        if state.is_complete:
            groups["completed"].append(state)
        elif state.is_started:
            groups["in_progress"].append(state)
        else:
            groups["available"].append(state)
    groups["is_supervisor"] = supervises_anyone(request.user)
    gathered = gather([request.user])  # what is required of them, by team, job role or by name
    groups["in_a_team"] = bool(gathered.teams_of.get(request.user.pk))
    groups["required"] = required_of(request.user, clock.today(), gathered, progress)
    groups["required_late"] = any(cell.standing in ("overdue", "expired") for _, cell in groups["required"])
    groups["renewals_due"] = renewals_due(request.user)
    groups["resume"] = resume_point(groups["in_progress"])
    groups["card_heads"] = catalogue.card_heads
    return render(request, "lms/dashboard.html", groups)


@login_required
def home_for_person(request: HttpRequest) -> HttpResponse:
    """Where sign-in lands without a ``next``: editors in the admin, supervisors on their team,
    everyone else on their own learning (``LOGIN_REDIRECT_URL``)."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    if supervises_anyone(request.user):
        return redirect("team:dashboard")
    return redirect("learning:dashboard")


def take_a_break(request: HttpRequest) -> HttpResponse:
    """A grounding exercise; "back" returns the learner to the page they left."""
    return_to = request.GET.get("return", "")
    safe = url_has_allowed_host_and_scheme(
        return_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return render(
        request,
        "lms/take_a_break.html",
        {"return_to": return_to if safe and return_to.startswith("/") else ""},
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything Groundwork holds about the signed-in person (never anyone else)."""
    response = HttpResponse(export_my_data(request.user), content_type="application/json; charset=utf-8")
    filename = f"groundwork-my-data-{clock.today():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
