"""The API documentation page: the OpenAPI schema read as a page of the site (issue 12).

Swagger UI (1.5 MB of script, its own colours, no ``lang``, buttons inside buttons) did not
load on a slow phone and failed axe-core. This page is rendered on the server from the same
schema as ``/api/v1/schema/``, in the site's layout: every address, its parameters, its body and
its answers, grouped by tag, with a link to the schema for tools. The schema is built once per
process and language (it only changes with the code).
"""

import functools

from django.shortcuts import render
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from tremplin.www.decorators import public_view

METHODS = ("get", "post", "put", "patch", "delete")


@functools.lru_cache(maxsize=4)
def _schema(language: str) -> dict:
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


def _type(schema: dict) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"] if value not in ("", None))
    kind = schema.get("type", "")
    if kind == "array":
        return f"[{_type(schema.get('items', {}))}]"
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def operations(schema: dict) -> list[dict]:
    """The operations grouped by tag, in the schema's order."""
    groups: dict[str, list[dict]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            groups.setdefault((operation.get("tags") or ["API"])[0], []).append(
                {
                    "anchor": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter.get("in", ""),
                            "required": parameter.get("required", False),
                            "type": _type(parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": [
                        {"media_type": media_type, "type": _type(content.get("schema", {}))}
                        for media_type, content in body.items()
                    ],
                    "responses": [
                        {"status": status, "description": response.get("description", "")}
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
    return [{"tag": tag, "operations": items} for tag, items in groups.items()]


@public_view("GET")
def api_docs(request):
    schema = _schema(translation.get_language() or "fr")
    return render(
        request,
        "api/docs.html",
        {"info": schema.get("info", {}), "groups": operations(schema)},
    )
