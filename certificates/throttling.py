"""A fixed-window request limit per client address, kept in the cache (Redis, shared by every process, in production),
so that certificate codes cannot be enumerated by brute force."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: the last one a trusted proxy appended to its header, when one is
    configured (addresses earlier in that header are the client's to forge), else REMOTE_ADDR."""
    header = settings.GROUNDWORK_CLIENT_ADDRESS_HEADER
    forwarded = request.META.get(header, "") if header else ""
    if forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request: HttpRequest, scope: str) -> bool:
    """Count this request; False once the address has made too many in the current window."""
    limit, window = settings.GROUNDWORK_THROTTLES[scope]
    key = f"throttle:{scope}:{client_address(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
