"""Append-only records (audit trails): rows are added, never changed or deleted through the ORM.

Refusing in the queryset stops bulk ``update()`` and ``delete()`` too, not only single ones.
Deleting the person a row is about still removes it (Django's deletion collector does not go
through the queryset), so that erasing someone erases their trail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit events are never changed.")

    def delete(self):
        raise PermissionDenied("Audit events are never deleted.")


class AppendOnlyModel(models.Model):
    """A model whose rows are written once: saving a saved row or deleting one is refused."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionDenied("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit events are never deleted.")
