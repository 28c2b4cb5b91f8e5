"""The certificates admin as a Wagtail view set: the list (search and filters), one certificate
with its audit trail, and two actions, revoking and a module's certificates as one ZIP.

Certificates are records, so the view set has no add, edit, copy or delete views, and the
permission policy refuses "add" and "delete" even to superusers. Everything else needs
"Can change certificate" (registered for groups by the view set).
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from core.clock import today

from . import admin_actions
from .admin_actions import modules_with_certificates
from .models import Certificate, CertificateStatus

NEVER_GRANTED = frozenset({"add", "delete"})


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Managing certificates (list, inspect, revoke, export) is one permission, "change"; adding
    and deleting are granted to no one, since a certificate is a record."""

    def user_has_permission(self, user, action) -> bool:
        return action not in NEVER_GRANTED and super().user_has_permission(user, "change")

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if set(actions) <= NEVER_GRANTED:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["change"])


certificate_policy = CertificatePermissionPolicy(Certificate)


def when(instant) -> str:
    """An instant as the organisation's wall-clock time, as the old admin pages printed it."""
    return date_format(localtime(instant), "j F Y, H:i")


def is_valid(certificate: Certificate) -> bool:
    return certificate.status == CertificateStatus.VALID


class CertificateFilterSet(WagtailFilterSet):
    module = django_filters.ModelChoiceFilter(
        label=_("Module"), queryset=lambda request: modules_with_certificates()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CertificateStatus.choices, method="filter_status", empty_label=_("All")
    )
    issued_at = django_filters.DateFromToRangeFilter(label=_("Issued"), widget=DateRangePickerWidget)

    class Meta:
        model = Certificate
        fields = ["module", "status", "issued_at"]

    def filter_status(self, queryset, name, value):
        # The same rule as Certificate.status_on, as a query: expired is past its day, not revoked.
        unexpired = Q(expires_on__isnull=True) | Q(expires_on__gte=today())
        by_status = {
            CertificateStatus.REVOKED: Q(revoked_at__isnull=False),
            CertificateStatus.EXPIRED: Q(revoked_at__isnull=True) & ~unexpired,
            CertificateStatus.VALID: Q(revoked_at__isnull=True) & unexpired,
        }
        return queryset.filter(by_status[value]) if value in by_status else queryset


class CertificateIndexView(IndexView):
    any_permission_required = ["change"]

    @cached_property
    def header_buttons(self) -> list:
        url = reverse("certificates_admin:zip")
        return [HeaderButton(gettext("Download a module's certificates"), url=url, icon_name="download")]

    def get_list_more_buttons(self, instance) -> list:
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None:
            url = reverse("certificates_admin:revoke", args=[instance.pk])
            buttons.append(ListingButton(gettext("Revoke"), url=url, icon_name="cross", priority=30))
        return buttons


class CertificateInspectView(InspectView):
    """The record as it was issued, its status, and the append-only audit trail."""

    any_permission_required = ["change"]
    page_title = _("Certificate")

    def get_page_subtitle(self) -> str:
        return self.object.code

    def get_fields_context(self) -> list[dict]:
        revoked = self.object.revoked_at is not None
        shown = [name for name in self.fields if revoked or name != "revoked_reason"]
        return [self.get_context_for_field(name) for name in shown]

    def get_field_label(self, field_name, field) -> str:
        labels = {
            "learner_name": _("Learner"),
            "module_title": _("Module"),
            "cpd_hours": _("CPD hours"),
            "issued_at": _("Issued"),
            "expires_on": _("Expires"),
            "emailed_at": _("Emailed to the learner"),
            "revoked_reason": _("Reason for revoking"),
            "verification": _("Public verification"),
        }
        return labels.get(field_name) or super().get_field_label(field_name, field)

    def get_status_display_value(self) -> str:
        certificate = self.object
        tag = render_to_string(
            "wagtailadmin/shared/status_tag.html",
            {
                "label": certificate.status.label,
                "classname": "w-status--primary" if is_valid(certificate) else "",
            },
        )
        if certificate.revoked_at is None:
            return tag
        revoked = gettext("on %(when)s") % {"when": when(certificate.revoked_at)}
        return format_html("{} {}", tag, revoked)

    def get_revoked_reason_display_value(self) -> str:
        return linebreaksbr(self.object.revoked_reason, autoescape=True)

    def get_learner_name_display_value(self) -> str:
        user = self.object.user
        name = self.object.learner_name
        return f"{name} ({user.get_username()})" if user else name

    def get_cpd_hours_display_value(self) -> str:
        return f"{self.object.cpd_hours} ({self.object.cpd_category_label})"

    def get_issued_at_display_value(self) -> str:
        return when(self.object.issued_at)

    def get_expires_on_display_value(self) -> str:
        expires_on = self.object.expires_on
        return date_format(expires_on, "j F Y") if expires_on else gettext("Never")

    def get_emailed_at_display_value(self) -> str:
        emailed_at = self.object.emailed_at
        return when(emailed_at) if emailed_at else gettext("Not yet")

    def get_verification_display_value(self) -> str:
        url = self.object.get_verification_path()
        return format_html('<a href="{}">{}</a>', url, url)

    @cached_property
    def header_buttons(self) -> list:
        if self.object.revoked_at is not None:
            return []
        url = reverse("certificates_admin:revoke", args=[self.object.pk])
        return [HeaderButton(gettext("Revoke this certificate"), url=url, icon_name="cross")]

    def get_context_data(self, **kwargs):
        events = self.object.events.select_related("actor")
        return super().get_context_data(events=events, **kwargs)


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificates"
    url_namespace = "certificates_admin"
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_order = 350
    add_to_admin_menu = True
    add_to_reference_index = False  # no other record points at a certificate through Wagtail
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    index_results_template_name = "certificates/admin/index_results.html"
    inspect_template_name = "certificates/admin/inspect.html"
    inspect_view_fields = ["status", "revoked_reason", "code", "learner_name", "module_title", "cpd_hours"]
    inspect_view_fields += ["issued_at", "expires_on", "emailed_at", "verification"]
    list_display = [
        "code",
        Column("learner_name", label=_("Learner"), sort_key="learner_name"),
        Column("module_title", label=_("Module"), sort_key="module_title"),
        DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
        Column("expires_on", label=_("Expires"), sort_key="expires_on"),
        StatusTagColumn("status", label=_("Status"), accessor=lambda c: c.status.label, primary=is_valid),
    ]
    filterset_class = CertificateFilterSet
    search_fields = ["code", "learner_name", "module_title"]
    search_backend_name = None  # certificates are not in the search index: match in the database
    ordering = "-issued_at"
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        # Only the views below exist: no link to adding, editing, deleting or history.
        absent = dict.fromkeys(("add_url_name", "edit_url_name", "delete_url_name"), None)
        absent |= dict.fromkeys(("history_url_name", "usage_url_name"), None)
        return super().get_common_view_kwargs(**(absent | kwargs))

    def get_urlpatterns(self) -> list:
        def action(view_class):
            return self.construct_view(view_class, index_url_name=self.get_url_name("index"))

        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            path("revoke/<id:pk>/", action(admin_actions.RevokeView), name="revoke"),
            path("zip/", action(admin_actions.ZipView), name="zip"),
            path("zip/<slug:token>/", action(admin_actions.ZipStatusView), name="zip_status"),
            path("zip/<slug:token>/download/", action(admin_actions.ZipDownloadView), name="zip_download"),
        ]

    @property
    def url_finder_class(self):
        # The admin's link to a certificate (e.g. from search or reports) is its inspect page.
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_permissions_to_register(self):
        return Permission.objects.filter(
            content_type__app_label="certificates", codename="change_certificate"
        )
