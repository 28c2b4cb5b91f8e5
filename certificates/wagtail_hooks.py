"""Admin set-up for certificates: the view set (its menu item, views and the "Can change
certificate" permission it registers for groups) and the permission policy it checks."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core import converters  # noqa: F401  (registers <id:…>)

from .models import Certificate
from .viewsets import CertificateViewSet, certificate_policy

# Before the view set registers, so its views and menu item check this policy, not the default.
register_permission_policy(Certificate, certificate_policy)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()
