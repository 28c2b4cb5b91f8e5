"""How far a learner has got through modules, and recording steps as done.

Modules are taken as plain pages here (anything with live child steps), so the page types can
build on this module without it knowing them.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field
from os.path import commonprefix

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.functions import Length, Substr
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page

from .models.records import Enrolment, ModuleCompletion, Path, StepProgress

module_completed = Signal()  # sent with completion= and module= when a module is completed
FULL, REFRESHER = Path.FULL, Path.REFRESHER


@dataclass
class ModuleProgress:
    """One learner's progress through one module's live steps."""

    module: Page
    step_ids: list[int]
    known_steps: dict[int, Page] = field(default_factory=dict)  # pages the caller already loaded
    done_ids: set[int] = field(default_factory=set)
    enrolled: bool = False
    cycle: int = 1
    path: str = FULL  # the way this cycle takes through the module: its steps are ``step_ids``
    completion: ModuleCompletion | None = None
    earlier_completions: list[ModuleCompletion] = field(default_factory=list)
    last_active: datetime.datetime | None = None  # the latest enrolment or step done, in any cycle

    @property
    def total(self) -> int:
        return len(self.step_ids)

    @property
    def done(self) -> int:
        return sum(1 for pk in self.step_ids if pk in self.done_ids)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.completion is not None

    @property
    def is_started(self) -> bool:
        return self.enrolled or bool(self.done)

    def is_done(self, step: Page) -> bool:
        return step.pk in self.done_ids

    def position_of(self, step: Page) -> int | None:
        """1-based position of a step in the module, or None if it is not a live step."""
        try:
            return self.step_ids.index(step.pk) + 1
        except ValueError:
            return None

    def step_after(self, step: Page | None = None) -> Page | None:
        """Where to go after ``step``: the first step after it not yet done, else the first one not
        done before it; without ``step``, where the learner left off. None when every step is done.
        Every "continue" and "next" link in a module comes from here."""
        position = self.position_of(step) if step is not None else None
        later = self.step_ids[position:] + self.step_ids[:position] if position else self.step_ids
        next_id = next((pk for pk in later if pk not in self.done_ids), None)
        if next_id is None:
            return None
        return self.known_steps.get(next_id) or Page.objects.filter(pk=next_id).first()


def live_step_ids(modules: list[Page]) -> dict[int, list[int]]:
    """Map each module's id to its live child page ids, in tree order, in one query.

    The children are found by their parent's path among the modules' (one ``IN``, so a
    thousand modules make one short query), under the modules' shared ancestor."""
    if not modules:
        return {}
    by_path = {m.path: m.pk for m in modules}
    shared = commonprefix(list(by_path))  # noqa: RUF071 (tree paths compare character by character)
    shared = shared[: len(shared) - len(shared) % Page.steplen]
    result: dict[int, list[int]] = {m.pk: [] for m in modules}
    rows = (  # a lesson written for the refresher path is not a step of the full module
        Page.objects.live()
        .filter(path__startswith=shared, depth__in={m.depth + 1 for m in modules})
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=list(by_path))
        .exclude(lessonpage__refresher_only=True)
        .order_by("path")
        .values_list("pk", "path")
    )
    for pk, path in rows:
        result[by_path[path[: -Page.steplen]]].append(pk)
    return result


def progress_for_modules(
    user, modules: list[Page], step_ids: dict[int, list[int]] | None = None
) -> dict[int, ModuleProgress]:
    """Progress for many modules in a constant number of queries (none when the learner's
    records since their last change are in the cache).

    ``step_ids`` (module id → live step ids in tree order) saves a query when the caller
    has already fetched the steps.
    """
    step_ids = step_ids if step_ids is not None else live_step_ids(modules)
    progress = {m.pk: ModuleProgress(module=m, step_ids=step_ids[m.pk]) for m in modules}
    if not user.is_authenticated or not modules:
        return progress
    for module_id, record in _learner_records(user.pk, sorted(progress)).items():
        state = progress[module_id]
        state.enrolled, state.cycle, state.done_ids = record["enrolled"], record["cycle"], record["done"]
        state.path, state.last_active = record["path"], record["last_active"]
        if state.path == REFRESHER and hasattr(state.module, "refresher_step_ids"):
            state.step_ids = state.module.refresher_step_ids()
        for completion in record["completions"]:
            state.earlier_completions.append(completion)
            if completion.cycle == state.cycle:
                state.completion = completion
    return progress


# A learner's own records change only when they act (or are renewed), so they are kept in the
# cache under a token that every change replaces once its transaction has committed. The token
# is read before the records: a read that races a change stores what it read under the old
# token, which nobody asks for again. Inside a transaction the cache is not used at all, since
# what the transaction itself wrote is not there yet (nor, in tests, what is rolled back later).
PROGRESS_CACHE_SECONDS = 600


def _token_key(user_id: int) -> str:
    return f"groundwork:progress:{user_id}"


def _learner_records(user_id: int, module_ids: list[int]) -> dict[int, dict]:
    if connection.in_atomic_block:
        return _records_from_database(user_id, module_ids)
    token = cache.get(_token_key(user_id))
    if token is None:
        token = uuid.uuid4().hex
        cache.add(_token_key(user_id), token, PROGRESS_CACHE_SECONDS)
    modules = hashlib.blake2b(",".join(map(str, module_ids)).encode(), digest_size=8).hexdigest()
    key = f"{_token_key(user_id)}:{token}:{modules}"
    records = cache.get(key)
    if records is None:
        records = _records_from_database(user_id, module_ids)
        cache.set(key, records, PROGRESS_CACHE_SECONDS)
    return records


def _records_from_database(user_id: int, module_ids: list[int]) -> dict[int, dict]:
    records = {
        pk: {
            "enrolled": False,
            "cycle": 1,
            "path": FULL,
            "done": set(),
            "completions": [],
            "last_active": None,
        }
        for pk in module_ids
    }

    def touched(record: dict, when) -> None:
        if record["last_active"] is None or when > record["last_active"]:
            record["last_active"] = when

    for module_id, cycle, path, started_at in Enrolment.objects.filter(
        user_id=user_id, module_id__in=module_ids
    ).values_list("module_id", "cycle", "path", "started_at"):
        records[module_id].update(enrolled=True, cycle=cycle, path=path)
        touched(records[module_id], started_at)
    for step_id, module_id, cycle, completed_at in StepProgress.objects.filter(
        user_id=user_id, module_id__in=module_ids
    ).values_list("step_id", "module_id", "cycle", "completed_at"):
        if cycle == records[module_id]["cycle"]:
            records[module_id]["done"].add(step_id)
        touched(records[module_id], completed_at)
    for completion in ModuleCompletion.objects.filter(user_id=user_id, module_id__in=module_ids).order_by(
        "cycle"
    ):
        records[completion.module_id]["completions"].append(completion)
    return records


@receiver(post_save, sender=Enrolment)
@receiver(post_save, sender=StepProgress)
@receiver(post_save, sender=ModuleCompletion)
@receiver(post_delete, sender=Enrolment)
@receiver(post_delete, sender=StepProgress)
@receiver(post_delete, sender=ModuleCompletion)
def forget_progress(sender, instance, **kwargs) -> None:
    """A learner's records changed: once committed, their cached progress is no longer read."""
    key = _token_key(instance.user_id)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, PROGRESS_CACHE_SECONDS))


def module_progress(user, module: Page, steps: list[Page] | None = None) -> ModuleProgress:
    known = None if steps is None else {module.pk: [step.pk for step in steps]}
    progress = progress_for_modules(user, [module], known)[module.pk]
    progress.known_steps = {step.pk: step for step in steps or ()}
    return progress


def enrol(user, module: Page, *, lock: bool = False) -> Enrolment:
    """Start a module; starting twice keeps the first enrolment. ``lock`` (inside a transaction)
    holds the learner's enrolment row until it ends, in the same one query."""
    enrolments = Enrolment.objects.select_for_update() if lock else Enrolment.objects
    enrolment, _ = enrolments.get_or_create(user=user, module=module, defaults={"module_title": module.title})
    return enrolment


def record_step_complete(user, step: Page, module: Page) -> ModuleProgress:
    """Record a step as done (once) and complete the module when every step is done."""
    with transaction.atomic():
        # Lock the learner's enrolment so two steps finished at the same moment (two tabs) are
        # counted one after the other, and the second sees the first: the module completes once.
        cycle = enrol(user, module, lock=True).cycle
        StepProgress.objects.get_or_create(
            user=user,
            step=step,
            cycle=cycle,
            defaults={
                "module": module,
                "step_title": step.title,
                "revision_id": step.live_revision_id,
            },
        )
        progress = module_progress(user, module)
        if progress.done == progress.total and progress.completion is None:
            progress.completion = complete_module(user, module, cycle, progress.path)
    return progress


def complete_module(user, module: Page, cycle: int = 1, path: str = FULL) -> ModuleCompletion:
    """Record a module as completed on its live revision, once per cycle, and announce it.

    Listeners of ``module_completed`` (certificates) run inside the same transaction, so a
    completion and what it earns are written together or not at all.
    """
    with transaction.atomic():
        # get_or_create retries the read when a concurrent insert wins the unique constraint.
        completion, created = ModuleCompletion.objects.get_or_create(
            user=user,
            module=module,
            cycle=cycle,
            defaults={
                "module_title": module.title,
                "revision_id": module.live_revision_id,
                "revision_number": module.live_revision_id,
                "path": path,
            },
        )
        if created:
            module_completed.send(sender=ModuleCompletion, completion=completion, module=module)
    return completion


def renew(user, module: Page, path: str = FULL) -> Enrolment:
    """Start the next cycle of a completed module by ``path`` (the whole module, or its refresher
    path): its steps are to be done again, while every earlier record stays. Renewing twice in a
    row (a double click) starts one new cycle; choosing the other path mid-cycle switches to it."""
    with transaction.atomic():
        enrolment = enrol(user, module, lock=True)
        if ModuleCompletion.objects.filter(user=user, module=module, cycle=enrolment.cycle).exists():
            enrolment.cycle += 1
            enrolment.path = path
            enrolment.save(update_fields=["cycle", "path"])
        elif enrolment.cycle > 1 and enrolment.path != path:
            enrolment.path = path
            enrolment.save(update_fields=["path"])
    return enrolment
