"""Checks that a scenario's steps and endings form a playable graph, before it is published.

Pure functions over plain data: ``steps`` is a list of ``{"key", "choices": [{"label", "next"}]}``
with the start first, ``endings`` a list of ``{"key"}``. Each problem is a sentence naming the
step, so an editor knows where to look.
"""

from __future__ import annotations

from collections import deque

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_CHOICES, MAX_CHOICES = 2, 4


def _short(label: str, length: int = 40) -> str:
    label = " ".join(label.split())
    return label if len(label) <= length else label[: length - 1] + "…"


def _key_problems(steps: list[dict], endings: list[dict]) -> list[str]:
    problems, seen = [], set()
    for kind, items in ((_("step"), steps), (_("ending"), endings)):
        for number, item in enumerate(items, 1):
            key = item["key"]
            if not key:
                problems.append(
                    _("%(kind)s %(number)s has no key.") % {"kind": kind.capitalize(), "number": number}
                )
            elif key in seen:
                problems.append(_("The key “%(key)s” is used more than once.") % {"key": key})
            seen.add(key)
    return problems


def _choice_problems(steps: list[dict], targets: set[str]) -> list[str]:
    problems = []
    for step in steps:
        count = len(step["choices"])
        if not MIN_CHOICES <= count <= MAX_CHOICES:
            problems.append(
                ngettext(
                    "Step “%(key)s” offers %(count)s choice; offer between 2 and 4.",
                    "Step “%(key)s” offers %(count)s choices; offer between 2 and 4.",
                    count,
                )
                % {"key": step["key"], "count": count}
            )
        for number, choice in enumerate(step["choices"], 1):
            if choice["next"] not in targets:
                problems.append(
                    _(
                        "Step “%(key)s”, choice %(number)s (“%(label)s”) points to “%(next)s”, which is neither a step nor an ending."
                    )
                    % {
                        "key": step["key"],
                        "number": number,
                        "label": _short(choice["label"]),
                        "next": choice["next"],
                    }
                    if choice["next"]
                    else _("Step “%(key)s”, choice %(number)s (“%(label)s”) does not say where it leads.")
                    % {"key": step["key"], "number": number, "label": _short(choice["label"])}
                )
    return problems


def reachable_from(start: str, edges: dict[str, set[str]]) -> set[str]:
    """Every node reachable from ``start`` by following ``edges`` (breadth first)."""
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def route_to(steps: list[dict], goals: set[str]) -> list[str]:
    """The choice ids of a shortest path from the first step to any of ``goals`` (keys), or []."""
    by_key = {step["key"]: step for step in steps}
    start = steps[0]["key"]
    queue, seen = deque([(start, [])]), {start}
    while queue:
        key, route = queue.popleft()
        for choice in by_key[key]["choices"]:
            if choice["next"] in goals:
                return [*route, choice["id"]]
            if choice["next"] in by_key and choice["next"] not in seen:
                seen.add(choice["next"])
                queue.append((choice["next"], [*route, choice["id"]]))
    return []


def _reach_problems(steps: list[dict], endings: list[dict]) -> list[str]:
    step_keys = [s["key"] for s in steps]
    ending_keys = {e["key"] for e in endings}
    forward = {s["key"]: {c["next"] for c in s["choices"]} for s in steps}
    reachable = reachable_from(step_keys[0], forward)
    problems = [
        _("Step “%(key)s” cannot be reached from the first step “%(start)s”.")
        % {"key": key, "start": step_keys[0]}
        for key in step_keys
        if key not in reachable
    ]
    backward: dict[str, set[str]] = {}
    for source, targets in forward.items():
        for target in targets:
            backward.setdefault(target, set()).add(source)
    can_finish = (
        set().union(*(reachable_from(key, backward) for key in ending_keys)) if ending_keys else set()
    )
    problems += [
        _("From step “%(key)s” no ending can be reached: every path from it loops back.") % {"key": key}
        for key in step_keys
        if key not in can_finish
    ]
    return problems


def graph_problems(steps: list[dict], endings: list[dict]) -> list[str]:
    """Everything that stops a scenario being played from start to an ending; empty when fine."""
    problems = []
    if not steps:
        problems.append(_("The scenario has no steps."))
    if not endings:
        problems.append(_("The scenario has no ending: add at least one."))
    problems += _key_problems(steps, endings)
    if not steps:
        return problems
    problems += _choice_problems(steps, {s["key"] for s in steps} | {e["key"] for e in endings})
    return problems + _reach_problems(steps, endings)
