"""Printed links: the public address in production, the serving request's own address in
development, and the PORT `make run` serves on for work done without a request."""

import os
import subprocess
import sys

from django.test import RequestFactory

from core.links import absolute_url, site_root_url


def test_production_never_takes_the_address_from_the_request(settings):
    settings.DEBUG = False
    settings.WAGTAILADMIN_BASE_URL = "https://learn.example.org/"
    request = RequestFactory().get("/", HTTP_HOST="evil.example.com")
    assert site_root_url(request) == "https://learn.example.org"
    assert absolute_url("/verify/X/", request) == "https://learn.example.org/verify/X/"


def test_development_uses_the_serving_request_s_host_and_port(settings):
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8001")
    assert absolute_url("/verify/X/", request) == "http://127.0.0.1:8001/verify/X/"
    assert absolute_url("/verify/X/") == "http://127.0.0.1:8000/verify/X/"  # no request: the setting


def settings_base_url(**environment) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("PORT", "WAGTAILADMIN_BASE_URL")}
    code = "import django; django.setup(); from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "lms.settings.dev", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_a_request_the_address_follows_the_port_make_run_serves_on():
    """`PORT=8001 make run` passes PORT to the server and the worker rendering PDFs."""
    assert settings_base_url(PORT="8001") == "http://127.0.0.1:8001"
    assert settings_base_url() == "http://127.0.0.1:8000"
    assert settings_base_url(PORT="8001", WAGTAILADMIN_BASE_URL="https://x.example") == "https://x.example"
