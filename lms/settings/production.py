"""Production: refuses to start without the configuration it needs."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]


def _public_address(value: str) -> str:
    """The site's public address, printed on every certificate, QR code and emailed link: a wrong
    one makes every credential point nowhere, so a production start without it stops here."""
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest.split("/")[0]:
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL must be the site's public address, such as https://learn.example.org, not {value!r}."
        )
    return value.rstrip("/")


WAGTAILADMIN_BASE_URL = _public_address(_required("WAGTAILADMIN_BASE_URL"))

DATABASES = {"default": database_from_environment(conn_max_age=600)}  # noqa: F405

DEBUG = False
DEMO_ACCOUNTS_ENABLED = False
SECURE_CONTENT_TYPE_NOSNIFF = True
GROUNDWORK_STAFF_2FA = os.environ.get("GROUNDWORK_STAFF_2FA", "").strip().lower() or "required"
if GROUNDWORK_STAFF_2FA not in ("required", "optional"):
    raise ImproperlyConfigured("GROUNDWORK_STAFF_2FA must be 'required' or 'optional'.")


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


# Cookies only over HTTPS. GROUNDWORK_SECURE_COOKIES=false is for a cluster on one machine over
# plain HTTP (scripts/cluster), never for a site people use.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("GROUNDWORK_SECURE_COOKIES", True)
# HTTPS only. The redirect spares a load balancer's plain-HTTP health checks.
SECURE_SSL_REDIRECT = _flag("GROUNDWORK_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
_hsts = os.environ.get("GROUNDWORK_HSTS_SECONDS", "31536000").strip() or "31536000"
if not _hsts.isdigit():
    raise ImproperlyConfigured(f"GROUNDWORK_HSTS_SECONDS must be a number of seconds, not {_hsts!r}.")
SECURE_HSTS_SECONDS = int(_hsts)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("GROUNDWORK_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("GROUNDWORK_HSTS_PRELOAD", True)
# Trust the proxy's "this came over HTTPS" header only when the operator names it: a header
# any client can set would otherwise pass plain HTTP as secure.
_proxy_ssl_header = os.environ.get("GROUNDWORK_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = os.environ.get("EMAIL_PORT", "25").strip() or "25"
if not EMAIL_PORT.isdigit():
    raise ImproperlyConfigured(f"EMAIL_PORT must be a port number, not {EMAIL_PORT!r}.")
EMAIL_PORT = int(EMAIL_PORT)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "yes")

# The cache is shared by every web process (the verification throttle counts there): Redis.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
}
# Sessions are read from the shared cache and written through to the database: a signed-in
# request costs no session query, and any web process can read a session another one made.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Behind a load balancer, REMOTE_ADDR is the balancer. Name the header it sets (for example
# HTTP_X_FORWARDED_FOR) and the throttle uses the address the balancer appended, the last one.
GROUNDWORK_CLIENT_ADDRESS_HEADER = os.environ.get("GROUNDWORK_CLIENT_ADDRESS_HEADER", "")
