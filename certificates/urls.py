"""Certificate URLs: the learner's list under /certificates/, public verification under /verify/."""

from django.urls import path

from core import converters  # noqa: F401  (registers <id:…>)

from . import views
from .credential_urls import urlpatterns as credential_patterns
from .pdf_urls import urlpatterns as pdf_patterns

certificate_patterns = [
    path("", views.certificate_list, name="certificates"),
    path("renew/<id:module_id>/", views.renew, name="renew_module"),
    path("renew/<id:module_id>/refresher/", views.refresh, name="refresh_module"),
    path("renewal-emails/", views.renewal_emails, name="renewal_emails"),
    *pdf_patterns,
]

verify_patterns = [
    path("", views.verify_form, name="verify_form"),
    *credential_patterns,
    path("<str:code>/", views.verify, name="verify"),
]
