"""Production settings: HTTPS, HSTS and a silent ``check --deploy`` (issue 10, item 3)."""

import json
import secrets

from tests.lms.test_settings import start_with

# What an operator sets: a long random key, the site's host name and its public address.
OPERATOR = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "learn.example.org",
    "WAGTAILADMIN_BASE_URL": "https://learn.example.org",
}
READ_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({n: getattr(s, n, None) for n in ("
    "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',"
    "'SECURE_PROXY_SSL_HEADER', 'SECURE_REDIRECT_EXEMPT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE')}))"
)
HEALTH_REDIRECT = (
    "import django; django.setup(); from django.test import RequestFactory; "
    "from django.middleware.security import SecurityMiddleware; "
    "m = SecurityMiddleware(lambda r: None); rf = RequestFactory(SERVER_NAME='learn.example.org'); "
    "print(*(getattr(m.process_request(rf.get(p)), 'status_code', 'served') for p in ('/healthz', '/readyz/', '/modules/')))"
)


def production_settings(env: dict) -> dict:
    result = start_with(OPERATOR | env, READ_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_silent_with_an_operators_configuration():
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = start_with(OPERATOR, script)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout + result.stderr


def test_check_deploy_speaks_when_the_operator_turns_https_off():
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = start_with(
        OPERATOR | {"GROUNDWORK_SSL_REDIRECT": "false", "GROUNDWORK_HSTS_SECONDS": "0"}, script
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_https_and_hsts_are_on_by_default():
    values = production_settings({})
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True


def test_the_proxy_ssl_header_is_trusted_only_when_configured():
    assert production_settings({})["SECURE_PROXY_SSL_HEADER"] is None
    configured = production_settings({"GROUNDWORK_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"})
    assert configured["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_and_redirect_follow_the_environment():
    values = production_settings(
        {
            "GROUNDWORK_SSL_REDIRECT": "false",
            "GROUNDWORK_HSTS_SECONDS": "3600",
            "GROUNDWORK_HSTS_INCLUDE_SUBDOMAINS": "no",
            "GROUNDWORK_HSTS_PRELOAD": "0",
        }
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is False


def test_a_bad_hsts_value_stops_the_start():
    result = start_with(OPERATOR | {"GROUNDWORK_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "GROUNDWORK_HSTS_SECONDS" in result.stderr


def test_health_checks_stay_reachable_over_plain_http():
    result = start_with(OPERATOR, HEALTH_REDIRECT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["served", "served", "301"]
