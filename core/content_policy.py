"""One Content-Security-Policy for the site, a looser one for the Wagtail admin.

Learner and supervisor pages run no inline script or style (settings.CONTENT_SECURITY_POLICY).
The Wagtail admin ships inline scripts and style attributes of its own, so paths under
settings.GROUNDWORK_ADMIN_CSP_PREFIXES get settings.GROUNDWORK_ADMIN_CONTENT_SECURITY_POLICY
instead: the looser policy never reaches a learner's page. A Wagtail preview (a dummy request
that Wagtail runs through the middleware under the page's own path) keeps the strict policy, so
an editor previews what learners get, but may be framed by the page editor's preview panel.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


class ContentPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefixes = tuple(getattr(settings, "GROUNDWORK_ADMIN_CSP_PREFIXES", ()))
        if not report_only and parts.config is None and prefixes and request.path_info.startswith(prefixes):
            parts.config = default_config(settings.GROUNDWORK_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        elif getattr(request, "is_dummy", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts
