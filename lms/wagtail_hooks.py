"""Teams in the admin: who supervises whom, and which modules each team keeps up to date."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.models import Team


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(TeamViewSet)
