"""Asking every URL as every role: what the access matrix observes, classed so that rules can say
what each role should get (``tests/access_rules.py``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.get_world import Values
from tests.url_walk import Unfillable, endpoints, fill, page_routes

ROLES = ("anonymous", "learner", "other", "supervisor", "other_supervisor", "editor", "admin")
NOT_ASKED = {
    "wagtailadmin_error_test": "Wagtail's /admin/failwhale/ raises on purpose, to test error reporting",
    "wagtail_serve": "every page's own path and sub-routes are asked instead (keys page:<Class>…)",
}


class MatrixValues(Values):
    """One value per kwarg, each naming the learner's own record (or a page of the right kind),
    so that one rule per pattern says what each role gets."""

    def __init__(self, world: dict) -> None:
        super().__init__(world)
        w = world
        for name, page in {
            "learning:quiz_start": w["quiz"],
            "learning:scenario_start": w["scenario"],
            "learning:reflect_in_lesson": w["reflective"],
            "learning:continue_past_note": w["noted"],
        }.items():
            self.by_route.setdefault(name, {})["page_id"] = [page.pk]

    def candidates(self, name: str, endpoint) -> list:
        return super().candidates(name, endpoint)[:1]


def targets(world: dict) -> tuple[list[tuple[str, str, object]], list[str]]:
    """(key, path, view) for every URL pattern and page route, and the patterns that cannot be
    filled. A page behind a password (or under one) is keyed apart: it answers with its form."""
    values, found, unfillable = MatrixValues(world), [], []
    for endpoint in endpoints():
        if endpoint.full_name in NOT_ASKED:
            continue
        key = endpoint.full_name or endpoint.label
        try:
            found += [(key, path, endpoint.callback) for path in fill(endpoint, values)]
        except Unfillable as why:
            unfillable.append(f"{endpoint.label}: {why}")
    routes, page_unfillable = page_routes(values)
    guarded = [r.page.get_url() for r in PageViewRestriction.objects.select_related("page")]
    for key, path in routes:
        found.append((f"{key} (password)" if path.startswith(tuple(guarded)) else key, path, None))
    return found, unfillable + page_unfillable


def outcome(response) -> str:
    """ "ok" (2xx), "login" / "admin login" (sent to sign in), "redirect" (elsewhere), or the status."""
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        target = urlsplit(response.get("Location", "")).path
        if target == reverse(settings.LOGIN_URL):
            return "login"
        if target == reverse("wagtailadmin_login"):
            return "admin login"
        if target == reverse("wagtailadmin_home"):
            return "admin home"
        return "redirect"
    return str(status)


class Asker:
    """One role's client, signed in again before each request if a view signed it out."""

    def __init__(self, role: str, user) -> None:
        self.role, self.user, self.last_response = role, user, None
        self.client = Client(raise_request_exception=False)

    def sign_in(self) -> None:
        """Call before a request (signing in writes the session and the user's last sign-in)."""
        cache.clear()  # throttles and lockouts start afresh
        if self.user is not None and SESSION_KEY not in self.client.session:
            self.client.force_login(self.user)

    def ask(self, method: str, path: str, data=None) -> str:
        self.last_response = None
        try:
            response = self.last_response = getattr(self.client, method)(path, data or {})
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            result = outcome(response)
        except Exception as error:
            result = f"raised {type(error).__name__}: {error}"
        return result
