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

DATABASES = {"default": database_from_environment(conn_max_age=600)}  # noqa: F405

DEBUG = False
DEMO_ACCOUNTS_ENABLED = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
GROUNDWORK_STAFF_2FA = os.environ.get("GROUNDWORK_STAFF_2FA", "").strip().lower() or "required"
if GROUNDWORK_STAFF_2FA not in ("required", "optional"):
    raise ImproperlyConfigured("GROUNDWORK_STAFF_2FA must be 'required' or 'optional'.")
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
# Behind a load balancer, REMOTE_ADDR is the balancer. Name the header it sets (for example
# HTTP_X_FORWARDED_FOR) and the throttle uses the address the balancer appended, the last one.
GROUNDWORK_CLIENT_ADDRESS_HEADER = os.environ.get("GROUNDWORK_CLIENT_ADDRESS_HEADER", "")
