"""Private reflections: saving, sharing a copy with one's supervisors, revoking, exporting.

A reflection is its author's alone. The only thing anyone else can ever read is a
SharedReflection copy, made when the author asks, and deleted when they revoke it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core import clock
from core.supervision import supervised_by, supervisors_of

from .models import Reflection, SharedReflection

MAX_LENGTH = 10_000


class ReflectionRejected(Exception):
    """The request cannot be carried out; nothing was changed."""


def save_reflection(
    user, *, prompt: str, text: str, source_title: str, source_page: Page, source_key: str
) -> Reflection:
    """Create or update the learner's reflection on one prompt."""
    text = text.strip()
    if not text:
        raise ReflectionRejected(
            _("There was nothing to save. Reflecting is optional: you can leave this empty.")
        )
    if len(text) > MAX_LENGTH:
        raise ReflectionRejected(_("Please keep a reflection under 10,000 characters."))
    if "\x00" in text:
        raise ReflectionRejected(_("The text contains a character that cannot be saved. Please retype it."))
    source_title = source_title[:255]
    reflection, created = Reflection.objects.get_or_create(
        user=user,
        source_page=source_page,
        source_key=source_key,
        defaults={"prompt": prompt, "text": text, "source_title": source_title},
    )
    if not created:
        reflection.text, reflection.updated_at = text, timezone.now()
        reflection.save(update_fields=["text", "updated_at"])
    return reflection


def share(reflection: Reflection) -> SharedReflection:
    """Share a copy with the author's current supervisors; sharing again refreshes the copy."""
    readers = list(supervisors_of(reflection.user))
    if not readers:
        raise ReflectionRejected(
            _("You are not in a team with a supervisor yet, so there is nobody to share this with.")
        )
    with transaction.atomic():
        copy, _created = SharedReflection.objects.update_or_create(
            reflection=reflection,
            defaults={
                "user": reflection.user,
                "prompt": reflection.prompt,
                "text": reflection.text,
                "source_title": reflection.source_title,
                "shared_at": timezone.now(),
            },
        )
        copy.readers.set(readers)
    return copy


def revoke(reflection: Reflection) -> None:
    """Stop sharing: the copy is deleted, so no supervisor can read it any more."""
    SharedReflection.objects.filter(reflection=reflection).delete()


def shared_with(supervisor):
    """The shared copies a supervisor may read: those shared with them, while the learner is still
    in a team they supervise."""
    return (
        SharedReflection.objects.filter(readers=supervisor, user__in=supervised_by(supervisor))
        .select_related("user")
        .distinct()
        .order_by("-shared_at")
    )


def as_markdown(user, reflections) -> str:
    """The learner's reflections as one Markdown document, for them to keep."""
    name = user.get_full_name() or user.get_username()
    lines = [
        f"# {_('Reflections')} — {name}",
        "",
        _("Exported on %(date)s.") % {"date": f"{clock.today():%Y-%m-%d}"},
        "",
    ]
    for reflection in reflections:
        lines += [
            f"## {reflection.source_title}",
            "",
            f"*{reflection.updated_at:%Y-%m-%d}*",
            "",
            *(f"> {line}" for line in reflection.prompt.splitlines()),
            "",
            reflection.text,
            "",
        ]
    return "\n".join(lines)
