"""Admin set-up for certificates: the Certificates menu item and its views, and the permission
that opens them to staff who are not superusers."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import converters  # noqa: F401  (registers <id:…>)

from . import admin_views


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return admin_views.can_manage_certificates(request.user)


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    urls = [
        path("", admin_views.CertificateIndexView.as_view(), name="index"),
        path("results/", admin_views.CertificateIndexView.as_view(results_only=True), name="index_results"),
        path("<id:pk>/", admin_views.CertificateDetailView.as_view(), name="detail"),
        path("<id:pk>/revoke/", admin_views.RevokeView.as_view(), name="revoke"),
        path("zip/", admin_views.ZipView.as_view(), name="zip"),
        path("zip/<slug:token>/", admin_views.ZipStatusView.as_view(), name="zip_status"),
        path("zip/<slug:token>/download/", admin_views.ZipDownloadView.as_view(), name="zip_download"),
    ]
    return [path("certificates/", include((urls, "certificates_admin")))]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return CertificatesMenuItem(
        _("Certificates"),
        reverse("certificates_admin:index"),
        name="certificates",
        icon_name="doc-full",
        order=350,
    )


@hooks.register("register_permissions")
def register_certificate_permissions():
    return Permission.objects.filter(content_type__app_label="certificates", codename="change_certificate")
