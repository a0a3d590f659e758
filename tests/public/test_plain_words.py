"""Plain words (FALC, issue 12 step 3): no middle-dot forms (inscrit·e, demandeur·euse, né·e)
on public pages, in the e-mails to people and in the documents given to trainees. Both forms
("inscrit ou inscrite") or a neutral word instead.

Two checks: the sources (public templates, e-mail templates, trainee documents) and the pages
as a person gets them (the whole public path, rendered, and the e-mails it sends)."""

import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.directory.factories import walloon_places
from tests.rules.test_simulator import walk

# A middle dot between two letters: « inscrit·e », « demandeur·euse ». A separator between
# words (« 9 h · Namur ») is fine.
MIDDLE_DOT_FORM = re.compile(r"[^\W\d_]·[^\W\d_]")
TREMPLIN = Path(settings.BASE_DIR) / "tremplin"
PUBLIC_SOURCES = [
    TREMPLIN / "www" / "templates" / "base.html",
    TREMPLIN / "www" / "templates" / "www" / "_nav.html",
    *(TREMPLIN / "www" / "templates").glob("[45]0[0-9].html"),
    *(TREMPLIN / "www" / "templates" / "www" / "public").rglob("*.html"),
    *(TREMPLIN / "www" / "jinja2" / "www" / "public").rglob("*.html"),
    # E-mails to people (booking, candidacy, referral answers).
    *(TREMPLIN / "intake" / "templates").rglob("*.txt"),
    *(TREMPLIN / "intake" / "templates").rglob("*.html"),
    # Documents given to trainees (contract, statement, attestation).
    *(TREMPLIN / "training" / "templates" / "training" / "pdf").rglob("*.html"),
    # Words of the simulator and the rules page.
    TREMPLIN / "rules" / "texts.py",
    TREMPLIN / "rules" / "yaml_notes.py",
    TREMPLIN / "www" / "public" / "eligibility_forms.py",
    TREMPLIN / "intake" / "booking.py",
    TREMPLIN / "intake" / "messages.py",
]


def middle_dot_forms(text: str) -> list[str]:
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in MIDDLE_DOT_FORM.finditer(text)]


def test_the_pattern():
    assert middle_dot_forms("Vous êtes inscrit·e")
    assert middle_dot_forms("demandeur·euse d'emploi")
    assert middle_dot_forms("né·e le")
    assert not middle_dot_forms("9 h · Namur · 2 places")


@pytest.mark.parametrize("path", PUBLIC_SOURCES, ids=lambda p: str(p.relative_to(TREMPLIN)))
def test_no_middle_dot_form_in_the_public_sources(path):
    assert middle_dot_forms(path.read_text(encoding="utf-8")) == []


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_no_middle_dot_form_on_the_public_path_and_in_its_emails(
    client, directory, django_capture_on_commit_callbacks
):
    centre = directory["jambes"]
    session = centre.info_sessions.get()
    pages = {
        "home": client.get("/"),
        "about data": client.get("/a-propos-des-donnees/"),
        "search": client.get("/trouver/", {"near": "5000"}),
        "centre": client.get(f"/centres/{centre.pk}/"),
        "booking form": client.get(reverse("public:session_booking", args=[session.pk])),
        "simulator": client.get("/suis-je-eligible/"),
        "simulator result": walk(client),
        "how we calculate": client.get("/comment-nous-calculons/"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        booked = client.post(
            reverse("public:session_booking", args=[session.pk]),
            {
                "first_name": "Awa",
                "last_name": "Diallo",
                "email": "awa@exemple.test",
                "postal_code": "5000",
                "consent": "on",
            },
        )
    assert booked.status_code == 302
    pages["confirmation"] = client.get(booked["Location"])
    found = {name: middle_dot_forms(page_text(response)) for name, response in pages.items()}
    found["e-mails"] = [
        form for message in mail.outbox for form in middle_dot_forms(message.subject + message.body)
    ]
    assert mail.outbox
    assert {name: forms for name, forms in found.items() if forms} == {}


LEGAL_WORDS = re.compile(r"\bAGW\b|\bM\.?B\.?\b|Moniteur belge|version des règles|Texte légal")


@pytest.mark.django_db
def test_simulator_result_keeps_legal_references_for_the_sources_section(client):
    walloon_places()  # the postal code of the answers exists
    page = page_text(walk(client))
    main, sources = page.split('id="sources"', 1)
    assert LEGAL_WORDS.findall(main) == []
    assert "D'où viennent ces règles ?" in sources
    assert "AGW" in sources and "version des règles" in sources


@pytest.mark.django_db
def test_no_middle_dot_form_in_the_key_figures_and_their_files_nor_in_the_survey(client):
    """The annual key figures are public (page and open-data files), and a trainee answers
    the satisfaction survey from a link: both read plain words."""
    from tests.directory.factories import TrainingFactory
    from tests.stats.factories import build_dataset
    from tests.training.factories import survey_link
    from tremplin.stats.refresh import refresh

    build_dataset()
    refresh()
    page = client.get("/chiffres-cles/")
    year = page.context["year"]
    found = {"key figures": middle_dot_forms(page_text(page))}
    for fmt in ("csv", "json"):
        file = client.get(f"/chiffres-cles/{year}.{fmt}")
        found[fmt] = middle_dot_forms(page_text(file))
    training = TrainingFactory()
    raw = survey_link(training)
    found["survey"] = middle_dot_forms(page_text(client.get(reverse("public:survey", args=[raw]))))
    assert {name: forms for name, forms in found.items() if forms} == {}
