"""The links of the staff entry pages (``/centre/``, ``/prescripteur/``, ``/federation/``).

Each link says which roles may use the page behind it (the same roles as the view's own
check), so a dashboard shows only what the reader can open. The roles come from the memberships
loaded once by the dashboard view.
"""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.urls import reverse


@dataclass(frozen=True)
class EntryLink:
    url_name: str
    label: object  # lazy translated text
    help: object
    roles: frozenset
    count_key: str = ""  # key of the dashboard's live counts shown next to the link


@dataclass(frozen=True)
class Section:
    title: object
    links: tuple[EntryLink, ...] = field(default_factory=tuple)


def roles_of(memberships) -> set[str]:
    return {membership.role for membership in memberships}


def organisations_with(memberships, roles) -> list:
    """Ids of the organisations where one of the memberships has one of ``roles``."""
    return sorted({m.organisation_id for m in memberships if m.role in roles}, key=str)


def visible_sections(sections, roles: set[str], counts: dict) -> list[dict]:
    """The sections and links ``roles`` may use, with their URL and live count; empty sections
    are left out."""
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
            if roles & link.roles
        ]
        if links:
            shown.append({"title": section.title, "links": links})
    return shown


def render_entry_page(request, *, title, sections, memberships, counts, count_template, **extra):
    """The entry page of a space: its title, the reader's memberships and the sections their
    roles open; ``count_template`` shows a link's live count."""
    return render(
        request,
        "www/entry_page.html",
        {
            "title": title,
            "my_memberships": memberships,
            "sections": visible_sections(sections, roles_of(memberships), counts),
            "counts": counts,
            "count_template": count_template,
            **extra,
        },
    )
