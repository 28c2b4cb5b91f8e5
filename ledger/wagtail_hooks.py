"""Credential rules in the Wagtail admin, and a menu link to the review of external activities."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Credential


class CredentialViewSet(SnippetViewSet):
    model = Credential
    icon = "tasks"
    menu_label = _("Credentials")
    menu_name = "credentials"
    add_to_admin_menu = True
    list_display = ["name", "awarding_body", "period_months", "total_hours", "is_example"]
    search_fields = ["name", "awarding_body"]


register_snippet(CredentialViewSet)


class AdministratorsOnly(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return AdministratorsOnly(_("CPD to review"), reverse("cpd_review"), icon_name="tick-inverse", order=900)
