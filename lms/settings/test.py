"""The test suite: fast hashing, in-memory email, tasks run at once."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-groundwork"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEMO_ACCOUNTS_ENABLED = True
AXES_ENABLED = True
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private"  # noqa: F405
# No collected static files in tests: serve from the app and project folders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file rather than memory: the browser tests' live server then gives each request thread
    # its own connection, with SQLite's real locking, instead of sharing one connection between
    # threads (two requests at once, such as an autosave and a page load, could then interleave
    # their savepoints and fail).
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / ".test-db.sqlite3"}  # noqa: F405
else:
    # A test that leaves a connection holding a lock (a thread still waiting after its test gave
    # up) must fail, not hang the run: the flush between tests waits at most two minutes for a lock.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c lock_timeout=120000"  # noqa: F405
