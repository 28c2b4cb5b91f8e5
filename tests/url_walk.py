"""Every URL the project serves, built from its URL patterns and page tree rather than listed by hand.

``endpoints()`` walks ``get_resolver()`` (namespaces and included patterns, the Wagtail admin's
hooked-in ones too); ``fill()`` turns one pattern into concrete paths from a ``Values`` source that
knows the objects of a test world; ``page_paths()`` adds each live page and its RoutablePage
sub-routes. A pattern added later is walked without editing the test; one that cannot be filled
comes back as ``Unfillable``, so the test can refuse it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

MAX_FILLS_PER_PATTERN = 8  # a cap on the product of candidates, so one pattern cannot dominate the run
_ROUTE_PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?")


class Unfillable(Exception):
    """No value source knows this kwarg, or the filled path does not resolve back to the view."""


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern with the prefixes of the resolvers it is included under."""

    parts: tuple  # the patterns from the root resolver down to the view's own
    namespace: str
    name: str | None
    callback: object = field(compare=False)
    page: object = field(default=None, compare=False)  # set for a RoutablePage's sub-route

    @property
    def label(self) -> str:
        name = f"{self.namespace}:{self.name}" if self.namespace else (self.name or "(unnamed)")
        return f"{name} {''.join(str(p) for p in self.parts)}"

    @property
    def full_name(self) -> str:
        return f"{self.namespace}:{self.name}" if self.namespace else (self.name or "")

    @property
    def model(self):
        """The model a Wagtail viewset's view was built for, if it says."""
        model = getattr(self.callback, "view_initkwargs", {}).get("model")
        if model is None:
            model = getattr(getattr(self.callback, "view_class", None), "model", None)
        if isinstance(model, str):
            from django.apps import apps

            model = apps.get_model(model)
        return model if isinstance(model, type) else None

    def kwarg_names(self) -> list[str]:
        """Each kwarg's name; an unnamed regex group is "#0", "#1"… in order along the URL."""
        names = []
        for part in self.parts:
            if isinstance(part, RoutePattern):
                names += [m["name"] for m in _ROUTE_PART.finditer(part._route)]
            elif isinstance(part, RegexPattern):
                for match in _capturing_groups(part._regex):
                    names.append(match["name"] or f"#{sum(n.startswith('#') for n in names)}")
        return names


def _capturing_groups(regex: str) -> list:
    """The regex's capturing groups: not (?:…), not an escaped parenthesis."""
    return [
        m
        for m in _GROUP.finditer(regex)
        if not regex.startswith("(?:", m.start()) and (m.start() == 0 or regex[m.start() - 1] != "\\")
    ]


def endpoints(resolver: URLResolver | None = None, parts: tuple = (), namespace: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) if entry.namespace else namespace
            yield from endpoints(entry, (*parts, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Endpoint((*parts, entry.pattern), namespace, entry.name, entry.callback)


def _substitute_regex(regex: str, values: dict, positional) -> str:
    """The regex with each capturing group replaced by its value; anchors and escapes removed."""
    out, i = [], 0
    while i < len(regex):
        if regex[i] == "\\" and i + 1 < len(regex):
            out.append(regex[i + 1])
            i += 2
        elif regex[i] == "(" and not regex.startswith("(?:", i):
            match = _GROUP.match(regex, i)
            depth, j = 1, i + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            out.append(str(values[match["name"]] if match["name"] else next(positional)))
            i = j
        elif regex[i] in "^$":
            i += 1
        else:
            out.append(regex[i])
            i += 1
    return "".join(out)


def _render(parts, values: dict, positional: list) -> str:
    path, positional = "", iter(positional)
    for part in parts:
        if isinstance(part, RoutePattern):
            path += _ROUTE_PART.sub(lambda m: str(values[m["name"]]), part._route)
        else:
            path += _substitute_regex(part._regex, values, positional)
    return path


def fill(endpoint: Endpoint, source) -> list[str]:
    """Concrete paths for one endpoint: every combination of its kwargs' candidate values (capped),
    each checked to resolve back to the same view."""
    names = endpoint.kwarg_names()
    candidates = []
    for name in names:
        values = source.candidates(name, endpoint)
        if not values:
            raise Unfillable(f"no value for <{name}>")
        candidates.append([(name, v) for v in values])
    paths = []
    for combination in itertools.islice(itertools.product(*candidates), MAX_FILLS_PER_PATTERN):
        values = {k: v for k, v in combination if not k.startswith("#")}
        positional = [v for k, v in combination if k.startswith("#")]
        path = "/" + _render(endpoint.parts, values, positional)
        try:
            view = _resolve(endpoint, path)
        except Resolver404:
            raise Unfillable(f"{path} does not resolve") from None
        if view is not endpoint.callback and endpoint.page is not None:
            continue  # a sub-route shadowed by an earlier one (Wagtail's index_route): unreachable
        if view is not endpoint.callback:
            raise Unfillable(f"{path} resolves to {view}, not to this view")
        paths.append(path)
    return paths


def _resolve(endpoint: Endpoint, path: str):
    """The view ``path`` reaches: in the project's URLconf, or among a page's sub-routes."""
    if endpoint.page is None:
        return resolve(path).func
    view, _args, _kwargs = endpoint.page.resolve_subpage(path)
    return getattr(view, "__func__", view)


def page_paths(source) -> tuple[list[str], list[str]]:
    """(paths, unfillable): each live page's path and its RoutablePage sub-routes, filled from
    ``source`` and checked against the page's own resolver."""
    routes, unfillable = page_routes(source)
    return [path for _key, path in routes], unfillable


def page_routes(source) -> tuple[list[tuple[str, str]], list[str]]:
    """(routes, unfillable): each live page's path, keyed "page:<Class>", and each of its
    RoutablePage sub-routes, keyed "page:<Class>:<route name>"."""
    routes, unfillable = [], []
    for page in Page.objects.live().specific().order_by("path"):
        url = page.get_url()
        if url is None:
            continue
        key = f"page:{type(page).__name__}"
        routes.append((key, url))
        if not isinstance(page, RoutablePageMixin):
            continue
        for pattern in page.get_subpage_urls():
            endpoint = Endpoint((pattern.pattern,), key, pattern.name, pattern.callback, page)
            try:
                subpaths = fill(endpoint, source)
            except Unfillable as why:
                unfillable.append(f"{endpoint.label} on {url}: {why}")
                continue
            routes += [(endpoint.full_name, url + subpath.lstrip("/")) for subpath in subpaths]
    return routes, unfillable
