"""Production settings refuse to start without their configuration."""

import os
import subprocess
import sys

import pytest

SCRIPT = "import django; django.setup(); print('started')"
SITE = {"WAGTAILADMIN_BASE_URL": "https://learn.example.org"}


def start_with(env: dict, script: str = SCRIPT) -> subprocess.CompletedProcess:
    # As an operator starts it: none of the suite's own variables (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which check --deploy rightly refuses).
    suite_only = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "WAGTAILADMIN_BASE_URL",
    }
    base = {k: v for k, v in os.environ.items() if k not in suite_only}
    base["DJANGO_SETTINGS_MODULE"] = "lms.settings.production"
    return subprocess.run(
        [sys.executable, "-c", script], env=base | env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "example.org"} | SITE, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50} | SITE, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}, "WAGTAILADMIN_BASE_URL"),
        (
            {
                "SECRET_KEY": "x" * 50,
                "ALLOWED_HOSTS": "example.org",
                "WAGTAILADMIN_BASE_URL": "learn.example.org",
            },
            "WAGTAILADMIN_BASE_URL must be the site's public address",
        ),
        (
            {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "DATABASE_URL": "nonsense://"} | SITE,
            "DATABASE_URL",
        ),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "EMAIL_PORT": "smtp"} | SITE, "EMAIL_PORT"),
    ],
)
def test_production__refuses_to_start_without(env, message):
    result = start_with(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production__starts_when_configured():
    script = "import django; django.setup(); from django.conf import settings as s; print('started', s.WAGTAILADMIN_BASE_URL)"
    result = start_with(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.org",
            "WAGTAILADMIN_BASE_URL": "https://learn.example.org/",
        },
        script,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["started", "https://learn.example.org"]


def test_production__reads_the_mail_server_from_the_environment():
    script = "import django; django.setup(); from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "EMAIL_HOST": "mail.example.org"} | SITE
    result = start_with(env | {"EMAIL_PORT": "587", "EMAIL_USE_TLS": "true"}, script)
    assert result.stdout.split() == ["mail.example.org", "587", "True"], result.stderr
