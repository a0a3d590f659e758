"""Walk every URL pattern of the project and build a concrete URL for each.

``all_routes()`` returns one ``Route`` per pattern (recursively through includes and
namespaces, the admin and the API included): its full name (``centre:training:contract``), its
pattern as text, a sample URL with every converter filled (a random UUID, an int, a slug, a
date…), whether the view opted out of ``LoginRequiredMiddleware``, its module and what it
declares (``staff_view``/``public_view``).
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    url: str | None
    login_not_required: bool
    module: str = ""
    declaration: object = None  # ``tremplin.www.decorators.Declaration`` of the view, if any

    def __str__(self):
        return f"{self.name} ({self.pattern})"


SAMPLE_BY_CONVERTER = {
    "uuid": lambda: str(uuid.uuid4()),
    "int": lambda: "2024",
    "slug": lambda: "exemple-fictif",
    "str": lambda: "exemple-fictif",
    "path": lambda: "exemple/fictif",
}
# Samples for regex groups (the admin's and allauth's ``re_path`` patterns).
SAMPLE_BY_GROUP = {
    "app_label": "accounts",
    "object_id": lambda: str(uuid.uuid4()),
    "content_type_id": "1",
    "key": "cle-fictive",
    "uidb36": "1z",
    "url": "inexistant/",
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _sample_for_route(text: str) -> str:
    def fill(match):
        converter = match.group("converter") or "str"
        name = match.group("name")
        if name in {"day", "date"}:
            return datetime.date(2023, 1, 9).isoformat()
        if name == "fmt":
            return "pdf"
        return SAMPLE_BY_CONVERTER.get(converter, SAMPLE_BY_CONVERTER["str"])()

    return ROUTE_PARAMETER.sub(fill, text)


def _sample_for_regex(text: str) -> str | None:
    text = text.removeprefix("^").removesuffix("$").replace("\\Z", "")

    def fill(match):
        value = SAMPLE_BY_GROUP.get(match.group(1), "exemple")
        return value() if callable(value) else value

    filled = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, text)
    filled = filled.replace("^", "").replace("$", "")
    if re.search(r"[()\[\]*+?\\|]", filled):
        return None
    return filled


def filled(route: Route, values: dict) -> str:
    """``route``'s URL with the given parameter values (``{"pk": …, "day": …}``), a sample for
    each parameter left."""
    url = "/" + route.pattern
    for name, value in values.items():
        for converter in ("uuid:", "str:", "slug:", "int:", ""):
            url = url.replace(f"<{converter}{name}>", str(value))
    return _sample_for_route(url)


def _sample(segment) -> str | None:
    if isinstance(segment, RoutePattern):
        return _sample_for_route(str(segment))
    if isinstance(segment, RegexPattern):
        return _sample_for_regex(str(segment))
    return None


def _walk(resolver, prefix_text, prefix_url, namespace):
    for entry in resolver.url_patterns:
        text = prefix_text + str(entry.pattern)
        sample = _sample(entry.pattern)
        url = None if prefix_url is None or sample is None else prefix_url + sample
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, text, url, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<sans nom> {text}"
            full_name = f"{namespace}:{name}" if namespace else name
            yield Route(
                name=full_name,
                pattern=text,
                url=None if url is None else "/" + url,
                login_not_required=getattr(entry.callback, "login_required", True) is False,
                module=getattr(entry.callback, "__module__", "") or "",
                declaration=getattr(entry.callback, "declaration", None),
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver(), "", "", ""))
