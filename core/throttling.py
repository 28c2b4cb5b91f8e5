"""A fixed-window request limit kept in the cache (Redis, shared by every process, in production):
per client address by default, or per anything else named (an account), so that codes cannot be
enumerated and inboxes cannot be flooded."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .client import client_address


def allow(request: HttpRequest, scope: str, *, about: str | None = None) -> bool:
    """Count this request; False once its address (or ``about``) has made too many in the window.

    ``about`` is hashed, so an email address never becomes a cache key in clear.
    """
    limit, window = settings.GROUNDWORK_THROTTLES[scope]
    subject = client_address(request) if about is None else hashlib.sha256(about.encode()).hexdigest()
    key = f"throttle:{scope}:{subject}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
