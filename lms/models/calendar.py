"""A person's private calendar feed: one secret address, revocable (issue 15, item 6)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """The feed's secret is kept only as a digest: its address is shown once, when made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    @classmethod
    def start_for(cls, user) -> str:
        """A new secret for ``user``, replacing any earlier one (which stops working); the token."""
        token = secrets.token_urlsafe(24)
        cls.objects.update_or_create(
            user=user, defaults={"token_digest": digest(token), "created_at": timezone.now()}
        )
        return token

    @classmethod
    def owner_of(cls, token: str):
        feed = cls.objects.select_related("user").filter(token_digest=digest(token)).first()
        return feed.user if feed is not None and feed.user.is_active else None
