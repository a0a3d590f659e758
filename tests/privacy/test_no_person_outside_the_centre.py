"""The federation and the public see aggregates, never a person: the pages the statistics tests
leave out (federation dashboard and directory review, public key-figure files, the public API)
show no name, NISS, e-mail, phone or birth date of the hand-built register."""

import pytest

from tests.factories import make_member
from tests.stats.conftest import dataset  # noqa: F401 (fixture)
from tremplin.accounts.models import Role

pytestmark = pytest.mark.django_db


def _texts(client, dataset):  # noqa: F811
    analyst = make_member(Role.FEDERATION_ANALYST)
    client.force_login(analyst)
    pages = {path: client.get(path) for path in ["/federation/", "/federation/annuaire/"]}
    for centre in dataset.centres.values():
        path = f"/federation/annuaire/{centre.pk}/"
        pages[path] = client.get(path)
    client.logout()
    for path in [
        "/",
        "/chiffres-cles/",
        "/api/v1/centres/",
        "/api/v1/info-sessions/",
        "/api/v1/schema/",
        *(f"/centres/{centre.pk}/" for centre in dataset.centres.values()),
    ]:
        pages[path] = client.get(path)
    for fmt in ("csv", "json"):
        for year in (2023, 2024, 2025):
            path = f"/chiffres-cles/{year}.{fmt}"
            response = client.get(path)
            if response.status_code == 200:
                pages[path] = response
    return {path: r.content.decode("utf-8-sig", errors="replace") for path, r in pages.items()}


def test_federation_and_public_pages_show_no_person(client, dataset):  # noqa: F811
    texts = _texts(client, dataset)
    forbidden = dataset.personal_strings()
    assert forbidden
    leaks = [
        f"{value!r} dans {path}"
        for path, text in texts.items()
        for value in forbidden
        if value in text
    ]
    assert not leaks, "\n".join(leaks)


def _public_part(schema: dict) -> str:
    """The public paths of the OpenAPI schema and every component they refer to (the centre
    API under /api/v1/centre/ needs a centre member's token: decision record 1003)."""
    import json
    import re

    public = {p: ops for p, ops in schema["paths"].items() if not p.startswith("/api/v1/centre/")}
    text = json.dumps(public)
    seen, todo = set(), set(re.findall(r"#/components/schemas/(\w+)", text))
    while todo:
        name = todo.pop()
        seen.add(name)
        part = json.dumps(schema["components"]["schemas"][name])
        text += part
        todo |= set(re.findall(r"#/components/schemas/(\w+)", part)) - seen
    return text


def test_the_public_api_has_no_personal_field():
    from django.test import Client

    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    public = _public_part(schema).lower()
    # ``birth_date`` is an input of the anonymous simulator; ``phone``/``email`` are the centres'.
    for field in ["niss", "first_name", "last_name"]:
        assert field not in public, field
    assert "first_name" in str(schema).lower()  # the centre API (token) has them
