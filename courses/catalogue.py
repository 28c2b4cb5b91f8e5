"""The catalogue's live modules, each with its live steps and its card, from the shared cache.

A learner's dashboard lists every module, and with sixty of them half its time went to reading
the modules and their steps and to drawing the same cards for every learner. What a card says
(title, link, CPD value, length, summary) changes only when an editor publishes, so the list,
the steps and the cards (in each language) are kept under one key per language and dropped
with the cached sites whenever a page, a site or the settings change (``core.sites``). Only a
request outside a transaction fills it, for the same reason as the sites: what it read is
committed. The learner's own progress is never kept here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.sites import content_changed, site_cache_seconds
from courses.models import CoursePage
from courses.progress import live_step_ids

KEY = "groundwork:catalogue:v1:{language}"
CARD_HEAD = "includes/module_card_head.html"


@dataclass(frozen=True)
class Catalogue:
    modules: list[CoursePage]  # live and public, in tree order
    step_ids: dict[int, list[int]]  # module id → its live steps' ids, in tree order
    card_heads: dict[int, SafeString]  # module id → the card's heading, CPD line and summary


def live_catalogue() -> Catalogue:
    """Every live module a learner may open, with its steps and card, in this request's language."""
    key = KEY.format(language=get_language() or settings.LANGUAGE_CODE)
    found = cache.get(key)
    if found is None:
        found = _read()
        if not connection.in_atomic_block and site_cache_seconds():
            cache.set(key, found, site_cache_seconds())
    return found


def _read() -> Catalogue:
    # The objectives and the refresher path are read when a module's own page is shown, not here.
    modules = list(CoursePage.objects.live().public().order_by("path").defer("objectives", "refresher_path"))
    heads = {module.pk: render_to_string(CARD_HEAD, {"module": module}) for module in modules}
    return Catalogue(modules, live_step_ids(modules), heads)


@receiver(content_changed, dispatch_uid="forget_catalogue")
def forget_catalogue(**kwargs) -> None:
    cache.delete_many([KEY.format(language=code) for code, _name in settings.LANGUAGES])
