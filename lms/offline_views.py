"""Readable offline: the web app manifest, the service worker, the page shown offline, and the
list of a module's lessons that the worker keeps for the learner.

The worker is served from the site root (``/sw.js``) so that its scope is the whole site
without a ``Service-Worker-Allowed`` header. Its code is ``static/js/sw.js``; this view puts one
line of settings in front of it (the static files' current, hashed URLs, and a version that
changes with them, so a deployment installs a new worker). It keeps only pages under
``KEPT_PREFIXES`` (never the team, admin or account pages), only GET responses, and forgets
them when someone signs out or another person signs in (``worker_user_key``).
"""

import hashlib
import json
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courses.access import learnable_module
from courses.models import LessonPage
from courses.progress import module_progress

WORKER_SOURCE = "js/sw.js"
# Pages the worker may keep for reading offline: a module's own pages. Nothing else, so never a
# supervisor's, an editor's or an administrator's page.
KEPT_PREFIXES = ("/modules/",)
# What every page needs, fetched when the worker installs.
ASSETS = ("css/groundwork.css", "css/offline.css", "js/groundwork.js", "js/offline.js", "favicon.svg")
THEME_COLOUR = "#1f5f5b"


def worker_user_key(user) -> str:
    """Who the kept pages belong to, without naming them: "" when nobody is signed in."""
    if not user.is_authenticated:
        return ""
    return salted_hmac("groundwork.offline.user", str(user.pk)).hexdigest()[:20]


def worker_settings() -> dict:
    assets = [static(name) for name in ASSETS]
    return {
        "assets": assets,
        "staticPrefix": static(""),
        "media": settings.MEDIA_URL,
        "offlinePage": reverse("offline_page"),
        "keep": list(KEPT_PREFIXES),
        "signOut": [reverse("logout"), reverse("wagtailadmin_logout")],
    }


def _worker_source() -> str:
    path = finders.find(WORKER_SOURCE)
    if path is None:  # collected static files only (no finders configured)
        with staticfiles_storage.open(WORKER_SOURCE) as handle:
            return handle.read().decode()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    source = _worker_source()
    config = worker_settings()
    config["version"] = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:12]
    body = f"self.GROUNDWORK_OFFLINE = {json.dumps(config)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker on every visit; let them always ask the server.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "Groundwork",
        "short_name": "Groundwork",
        "description": _("Training and continuing professional development for peer support workers."),
        "lang": "en-GB",
        "start_url": reverse("learning:dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = HttpResponse(json.dumps(data), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page it has not kept. It fetches this signed out, so the
    copy it keeps holds nobody's details."""
    return render(request, "lms/offline.html")


@require_GET
@login_required
def module_lessons(request: HttpRequest, module_id: int) -> JsonResponse:
    """The lessons of a module the learner may open, for the worker to keep (404 otherwise)."""
    module = learnable_module(request, module_id)
    step_ids = module_progress(request.user, module).step_ids
    lessons = {page.pk: page for page in LessonPage.objects.live().filter(pk__in=step_ids)}
    listed = [lessons[pk] for pk in step_ids if pk in lessons]
    data = {
        "module": {"title": module.title, "url": module.get_url(request)},
        "lessons": [{"title": page.title, "url": page.get_url(request)} for page in listed],
    }
    response = JsonResponse(data, status=HTTPStatus.OK)
    response["Cache-Control"] = "private, no-store"
    return response
