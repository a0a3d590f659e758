"""The links of the staff entry pages (``/centre/``, ``/prescripteur/``, ``/federation/``).

Each link names the capability of the page behind it (the one its ``staff_view`` declares), so
a dashboard shows only what the reader can open. The reader's capabilities are read once per
page (``capabilities_by_organisation``).
"""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.urls import reverse

from tremplin.accounts.capabilities import Capability, capabilities_by_organisation


@dataclass(frozen=True)
class EntryLink:
    url_name: str
    label: object  # lazy translated text
    help: object
    capability: Capability
    count_key: str = ""  # key of the dashboard's live counts shown next to the link


@dataclass(frozen=True)
class Section:
    title: object
    links: tuple[EntryLink, ...] = field(default_factory=tuple)


def held_anywhere(held: dict) -> set[Capability]:
    """The capabilities of ``capabilities_by_organisation(user)``, in any organisation."""
    return set().union(*held.values())


def organisations_holding(held: dict, capability: Capability) -> list:
    """Ids of the organisations where ``capability`` is held."""
    return sorted((pk for pk, capabilities in held.items() if capability in capabilities), key=str)


def visible_sections(sections, capabilities: set[Capability], counts: dict) -> list[dict]:
    """The sections and links the reader may use, with their URL and live count; empty
    sections are left out."""
    shown = []
    for section in sections:
        links = [
            {
                "url": reverse(link.url_name),
                "label": link.label,
                "help": link.help,
                "count": counts.get(link.count_key),
                "count_key": link.count_key,
            }
            for link in section.links
            if link.capability in capabilities
        ]
        if links:
            shown.append({"title": section.title, "links": links})
    return shown


def render_entry_page(
    request, *, title, sections, memberships, counts, count_template, held=None, **extra
):
    """The entry page of a space: its title, the reader's memberships and the sections their
    capabilities open (``held``: ``capabilities_by_organisation``, read when not given);
    ``count_template`` shows a link's live count."""
    if held is None:
        held = capabilities_by_organisation(request.user)
    return render(
        request,
        "www/entry_page.html",
        {
            "title": title,
            "my_memberships": memberships,
            "sections": visible_sections(sections, held_anywhere(held), counts),
            "counts": counts,
            "count_template": count_template,
            **extra,
        },
    )
