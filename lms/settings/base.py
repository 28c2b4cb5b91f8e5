"""Settings shared by every environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "lms",
    "courses",
    "assessments",
    "ledger",
    "certificates",
    "outbox",
    "access_log",
    "core",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lms.two_factor",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.content_policy.ContentPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The site, its root page and the organisation settings from the cache, not three queries.
    "core.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lms.two_factor.gate.TwoFactorGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def database_from_environment(conn_max_age: int) -> dict:
    """SQLite beside the code by default; the database in DATABASE_URL when it is set."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # Writers queue for the lock from the start of a transaction (and wait up to 20 s)
            # instead of failing with "database is locked" when two requests write at once;
            # WAL lets pages be read while the task worker writes.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    try:
        return dj_database_url.parse(url, conn_max_age=conn_max_age)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc


DATABASES = {"default": database_from_environment(conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "learning:home"  # sends each person on to their own home (lms.views)
LOGOUT_REDIRECT_URL = "/"

# Pause sign-in for 30 minutes after five failures, counted per account (from any address) and
# per address (across accounts, so one address cannot try a password on every account). The
# address is the one the trusted proxy reports (core.client). A success or a password reset
# clears only that account's failures (lms.accounts), never the address's count: axes' own reset
# on success would let a sprayer clear it by signing in to an account of their own.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"
AXES_LOCKOUT_CALLABLE = "lms.accounts.locked_out"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Certificates (PDFs, ZIP exports) hold personal data: they live outside MEDIA_ROOT, are never
# served at a URL, and reach people only through views that check who is asking. In production
# point this at a private bucket (django-storages) instead.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "certificates.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

WAGTAIL_SITE_NAME = "Groundwork"
# The organisation settings model, read by the lower layers through core.organisation.
ORGANISATION_SETTINGS_MODEL = "lms.OrganisationSettings"
# Who supervises whom, answered by the people side for the apps below it (core.supervision).
SUPERVISION_POLICY = "lms.supervision"
# Which recertification rule applies to a completion, for certificates (core.recertification).
RECERTIFICATION_POLICY = "lms.assignments"
# Printed and emailed links: the public address in production; by default the address `make run`
# serves on (PORT, which make passes to the server and the task worker alike).
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Groundwork <noreply@groundwork.invalid>")
# A send that hangs would hold its outbox claim; the sweep takes stale claims back after an hour.
EMAIL_TIMEOUT = 30

# Two-step sign-in (lms.two_factor): "required" makes administrators, editors and supervisors set
# up an authenticator app before anything else; "optional" leaves it to each person.
GROUNDWORK_STAFF_2FA = os.environ.get("GROUNDWORK_STAFF_2FA", "").strip().lower() or "optional"
if GROUNDWORK_STAFF_2FA not in ("required", "optional"):
    raise ImproperlyConfigured("GROUNDWORK_STAFF_2FA must be 'required' or 'optional'.")
OTP_TOTP_ISSUER = "Groundwork"

# Requests allowed per client address: (count, window in seconds).
GROUNDWORK_THROTTLES = {
    "verify": (30, 60),
    "password_reset": (5, 15 * 60),  # per address
    "password_reset_account": (3, 60 * 60),  # per email address asked about
}
GROUNDWORK_CLIENT_ADDRESS_HEADER = ""  # e.g. "HTTP_X_FORWARDED_FOR" behind a trusted proxy

# The organisation's Ed25519 key (PEM) for signing Open Badges credentials. When empty, one is
# generated on first use and kept in the database (certificates.SigningKey), never in the repository.
GROUNDWORK_SIGNING_KEY_PEM = os.environ.get("GROUNDWORK_SIGNING_KEY_PEM", "").replace("\\n", "\n")

# Content-Security-Policy (django-csp, through core.content_policy). Learner and supervisor pages
# run no inline script or style: scripts and styles come from static/ only. Videos embed from
# the providers below; add an oEmbed provider here before using it in a lesson.
GROUNDWORK_VIDEO_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["'self'", *GROUNDWORK_VIDEO_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Nothing in the admin calls out to third parties: no Gravatar (it would send a hash of each
# staff email address), no check for new Wagtail releases (updates come through pyproject.toml).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The Wagtail admin ships inline scripts and style attributes, and frames its own previews.
GROUNDWORK_ADMIN_CSP_PREFIXES = ["/admin/"]
GROUNDWORK_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-ancestors": ["'self'"],
    }
}

# Single sign-on with the organisation's OpenID Connect provider (lms.sso, mozilla-django-oidc).
# Set the client and the provider's four endpoints to turn it on; the sign-in page then offers
# "Sign in with <GROUNDWORK_OIDC_PROVIDER_NAME>". Password sign-in stays for everyone. Only people
# an administrator added (or invited) can sign in this way, unless GROUNDWORK_OIDC_CREATE_USERS=true.
OIDC_RP_CLIENT_ID = os.environ.get("GROUNDWORK_OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("GROUNDWORK_OIDC_CLIENT_SECRET", "").strip()
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("GROUNDWORK_OIDC_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("GROUNDWORK_OIDC_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = os.environ.get("GROUNDWORK_OIDC_USERINFO_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = os.environ.get("GROUNDWORK_OIDC_JWKS_ENDPOINT", "").strip()
OIDC_RP_SIGN_ALGO = os.environ.get("GROUNDWORK_OIDC_SIGN_ALGO", "").strip() or "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/sso/refused/"
GROUNDWORK_OIDC_ENABLED = all(
    (OIDC_RP_CLIENT_ID, OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT)
) and bool(OIDC_OP_JWKS_ENDPOINT or not OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")))
GROUNDWORK_OIDC_PROVIDER_NAME = (
    os.environ.get("GROUNDWORK_OIDC_PROVIDER_NAME", "").strip() or "your organisation"
)
GROUNDWORK_OIDC_BUTTON_LABEL = f"Sign in with {GROUNDWORK_OIDC_PROVIDER_NAME}"
_create_users = os.environ.get("GROUNDWORK_OIDC_CREATE_USERS", "").strip().lower() or "false"
if _create_users not in ("true", "false"):
    raise ImproperlyConfigured("GROUNDWORK_OIDC_CREATE_USERS must be 'true' or 'false'.")
GROUNDWORK_OIDC_CREATE_USERS = _create_users == "true"
if GROUNDWORK_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "lms.sso.InvitedPeopleBackend"]
