"""Who is asking: the client's network address, the one rule for the throttles and sign-in lockout."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: the last one the trusted proxy appended to its header, when one is
    configured (addresses earlier in that header are the client's to forge), else REMOTE_ADDR.

    Behind a load balancer REMOTE_ADDR is the balancer, shared by everyone: counting it would let
    five bad tries lock everyone out, so production names the balancer's header.
    """
    header = settings.GROUNDWORK_CLIENT_ADDRESS_HEADER
    forwarded = request.META.get(header, "") if header else ""
    if forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address when it is an IP address, else None: django-axes keeps it in an IP
    address column, which PostgreSQL would refuse anything else for."""
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None
