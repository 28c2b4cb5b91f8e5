"""Production settings refuse to start without their configuration."""

import os
import subprocess
import sys

import pytest

SCRIPT = "import django; django.setup(); print('started')"


def start_with(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    base["DJANGO_SETTINGS_MODULE"] = "lms.settings.production"
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=base | env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "DATABASE_URL": "nonsense://"},
            "DATABASE_URL",
        ),
    ],
)
def test_production__refuses_to_start_without(env, message):
    result = start_with(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production__starts_when_configured():
    result = start_with({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
