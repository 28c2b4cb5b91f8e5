"""The verification page's throttle is the project's one throttle, per client address."""

from core.throttling import allow

__all__ = ["allow"]
