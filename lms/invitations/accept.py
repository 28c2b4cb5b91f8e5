"""Accepting an invitation: the emailed link opens a set-password form; choosing a password
activates the account, signs the person in and takes them to their required modules.

An unknown token gets a page that says only that the link does not work (404); an expired,
revoked or already used one says so plainly (410), and none of them changes anything."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from lms.models import Invitation
from lms.models.people import token_digest

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def find(token: str, *, for_update: bool = False) -> Invitation | None:
    invitations = Invitation.objects.select_related("user")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    return invitations.filter(token_digest=token_digest(token)).first()


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        return _choose_password(request, token)
    invitation = find(token)
    if invitation is None or invitation.state != Invitation.State.PENDING:
        return unusable(request, invitation)
    return _form_page(request, invitation, SetPasswordForm(invitation.user))


def _choose_password(request: HttpRequest, token: str) -> HttpResponse:
    with transaction.atomic():
        invitation = find(token, for_update=True)
        if invitation is None or invitation.state != Invitation.State.PENDING:
            return unusable(request, invitation)
        form = SetPasswordForm(invitation.user, request.POST)
        if not form.is_valid():
            return _form_page(request, invitation, form)
        user = form.save(commit=False)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    login(request, user, backend=SIGN_IN_BACKEND)
    return redirect("learning:dashboard")


def _form_page(request: HttpRequest, invitation: Invitation, form) -> HttpResponse:
    context = {"form": form, "invitation": invitation}
    return render(request, "lms/invitations/accept.html", context)


def unusable(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    state = invitation.state if invitation is not None else "unknown"
    return render(
        request, "lms/invitations/unusable.html", {"state": state}, status=404 if invitation is None else 410
    )
