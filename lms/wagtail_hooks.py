"""Teams and people in the admin: who supervises whom, which modules each team keeps up to date,
the "Team compliance" report, job roles, each person's role and start date, and invitations."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core import converters  # noqa: F401  (registers <id:…>)
from lms.erasure_views import erase_person
from lms.invitations import admin_views as people_admin
from lms.models import Assignment, JobRole, Profile, Team
from lms.reports import TeamComplianceView


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(TeamViewSet)


class JobRoleViewSet(SnippetViewSet):
    """Roles people hold across teams; a module can be required of everyone in a role."""

    model = JobRole
    icon = "user"
    menu_label = _("Job roles")
    menu_order = 251
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(JobRoleViewSet)


class ProfileViewSet(SnippetViewSet):
    """Each person's job role and start date (an import or an invitation fills them in too)."""

    model = Profile
    icon = "user"
    menu_label = _("Roles and start dates")
    menu_order = 253
    add_to_admin_menu = True
    list_display = ["user", "job_role", "start_date"]
    list_filter = ["job_role"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    panels = [FieldPanel("user"), FieldPanel("job_role"), FieldPanel("start_date")]


register_snippet(ProfileViewSet)


class AssignmentViewSet(SnippetViewSet):
    """Every required module, including those of a job role across teams or of one person
    (a team's own are also edited with the team)."""

    model = Assignment
    icon = "tasks"
    menu_label = _("Required modules")
    menu_order = 252
    add_to_admin_menu = True
    list_display = ["module", "team", "job_role", "user", "due_rule", "recertification"]
    list_filter = ["due_rule", "recertification"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("team"), FieldPanel("job_role"), FieldPanel("user")],
            heading=_("Required of (a team, a job role, both, or one person)"),
        ),
        *[panel for panel in Assignment.panels if panel.field_name != "job_role"],
    ]


register_snippet(AssignmentViewSet)


class TeamReportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("lms.change_team")


@hooks.register("register_admin_urls")
def register_team_compliance_urls():
    urls = [path("", TeamComplianceView.as_view(), name="index")]
    return [path("reports/team-compliance/", include((urls, "team_compliance")))]


@hooks.register("register_reports_menu_item")
def register_team_compliance_menu_item():
    return TeamReportMenuItem(
        _("Team compliance"),
        reverse("team_compliance:index"),
        name="team-compliance",
        icon_name="group",
        order=820,
    )


class AdministratorsOnly(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_erasure_url():
    return [path("erase-person/", erase_person, name="erase_person")]


@hooks.register("register_settings_menu_item")
def register_erasure_menu_item():
    return AdministratorsOnly(
        _("Erase a person"), reverse("erase_person"), name="erase-person", icon_name="warning", order=900
    )


class PeopleMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("lms.add_invitation")


@hooks.register("register_admin_urls")
def register_people_urls():
    urls = [
        path("", people_admin.InvitationsView.as_view(), name="invitations"),
        path("invite/", people_admin.InvitePersonView.as_view(), name="invite"),
        path("import/", people_admin.ImportPeopleView.as_view(), name="import"),
        path("<id:invitation_id>/resend/", people_admin.ResendView.as_view(), name="resend"),
        path("<id:invitation_id>/revoke/", people_admin.RevokeView.as_view(), name="revoke"),
    ]
    return [path("people/", include((urls, "people_admin")))]


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem(
        _("Invitations"), reverse("people_admin:invitations"), name="invitations", icon_name="mail", order=252
    )
