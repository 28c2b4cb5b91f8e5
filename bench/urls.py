"""The site's URLs plus one bare signed-in view: the floor every page figure is compared with."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from lms.urls import urlpatterns as site_patterns


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """What a signed-in request costs before any page's own work: the middleware, the session, the user."""
    return HttpResponse(f"Signed in as {request.user.pk}.", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_patterns]
