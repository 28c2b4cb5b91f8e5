"""A supervisor turns the weekly digest on or off (POST only; the same choice twice changes nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.digest import set_digest
from lms.supervision import supervises_anyone


@login_required
@require_POST
def digest_choice(request: HttpRequest) -> HttpResponse:
    if not supervises_anyone(request.user):
        raise Http404
    wanted = request.POST.get("wanted")
    if wanted not in ("on", "off"):
        messages.error(request, _("That choice was not understood; nothing was changed."))
    else:
        set_digest(request.user, wanted == "on")
        if wanted == "on":
            messages.success(request, _("You will get the weekly digest each Monday morning."))
        else:
            messages.success(request, _("No more weekly digests. You can turn them back on here."))
    return redirect("team:dashboard")
