"""A supervisor's choice about the weekly digest email."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestChoice(models.Model):
    """Whether a supervisor wants the weekly digest (no row: they do)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_choice"
    )
    wants_digest = models.BooleanField(_("send me the weekly digest"), default=True)

    def __str__(self) -> str:
        return f"{self.user}: {'digest' if self.wants_digest else 'no digest'}"
