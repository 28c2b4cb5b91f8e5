"""The administrator's pages under /admin/people/: invite one person, import a CSV (with a report
by line), and the invitations, each resendable and revocable. Each needs "Can add invitation"
(administrators have it; an editor is sent back to the admin's dashboard)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from lms.models import Invitation

from .forms import InvitePersonForm, PeopleFileForm
from .importing import ImportConflict, import_people
from .people_csv import read_people
from .sending import resend, revoke

CONFLICT = _(
    "Someone else added one of these people while this import ran, so nothing was imported. "
    "Import the file again."
)


class PeopleAdmin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    permission_required = "add"
    header_icon = "user"

    @cached_property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ModelPermissionPolicy(Invitation)

    def get_breadcrumbs_items(self) -> list[dict]:
        people = {"url": reverse("people_admin:invitations"), "label": gettext("Invitations")}
        return [*self.breadcrumbs_items, people, {"url": "", "label": self.get_page_title()}]


class InvitationsView(PeopleAdmin, TemplateView):
    """Everyone invited, newest first, with each invitation's state."""

    template_name = "lms/invitations/admin_index.html"
    page_title = _("Invitations")

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        invitations = Invitation.objects.select_related("user", "invited_by").order_by("-sent_at", "-pk")
        page = Paginator(invitations, 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, **kwargs)


class InvitePersonView(PeopleAdmin, FormView):
    template_name = "lms/invitations/admin_invite.html"
    form_class = InvitePersonForm
    page_title = _("Invite a person")

    def form_valid(self, form) -> HttpResponse:
        row = form.person_row()
        try:
            outcome = import_people([row], invited_by=self.request.user)
        except ImportConflict:
            messages.error(self.request, gettext(CONFLICT))
            return self.form_invalid(form)
        if outcome.created:
            messages.success(
                self.request, gettext("An invitation to %(email)s is on its way.") % {"email": row.email}
            )
        else:
            messages.success(
                self.request,
                gettext("%(email)s already has an account; their details are updated.")
                % {"email": row.email},
            )
        return redirect("people_admin:invitations")


class ImportPeopleView(PeopleAdmin, FormView):
    """Upload, check every row, import the valid ones in one transaction, show the report."""

    template_name = "lms/invitations/admin_import.html"
    form_class = PeopleFileForm
    page_title = _("Import people")

    def form_valid(self, form) -> HttpResponse:
        checked = read_people(form.cleaned_data["file"].read())
        outcome, conflict = None, False
        if checked.ok and checked.rows and not form.cleaned_data["check_only"]:
            try:
                outcome = import_people(checked.rows, invited_by=self.request.user)
            except ImportConflict:
                conflict = True
        context = {"checked": checked, "outcome": outcome, "conflict": conflict, "conflict_message": CONFLICT}
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(), report=context, check_only=form.cleaned_data["check_only"]
            )
        )


class InvitationAction(PeopleAdmin, View):
    """POST only: an action on one invitation, then back to the list with what happened."""

    http_method_names = ["post"]

    def post(self, request, invitation_id: int) -> HttpResponse:
        invitation = get_object_or_404(Invitation.objects.select_related("user"), pk=invitation_id)
        if self.act(invitation):
            messages.success(request, self.done % {"email": invitation.user.email})
        else:
            messages.warning(request, self.refused % {"email": invitation.user.email})
        return redirect("people_admin:invitations")


class ResendView(InvitationAction):
    done = _("A new invitation link to %(email)s is on its way; the earlier link no longer works.")
    refused = _("The invitation to %(email)s was accepted or revoked; nothing was sent.")

    def act(self, invitation: Invitation) -> bool:
        return resend(invitation)


class RevokeView(InvitationAction):
    done = _("The invitation to %(email)s is revoked; its link no longer works.")
    refused = _("The invitation to %(email)s was already accepted or revoked; nothing has changed.")

    def act(self, invitation: Invitation) -> bool:
        return revoke(invitation)
