"""Plain words (FALC, issue 12 step 3; decision 0313): no middle-dot forms (inscrit·e,
demandeur·euse, né·e) anywhere in the interface — public pages, e-mails, trainees' documents,
staff pages, role and model labels, error messages, command output. Both forms (« inscrit ou
inscrite ») or a neutral word (« personne inscrite », « le service social ») instead.

Two checks: the sources (every template, Python and text file of the project, and every msgid
of the catalogue) and the pages as a person gets them (the whole public path, rendered, and the
e-mails it sends). Migrations are history: they keep the labels of their time."""

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.directory.factories import walloon_places
from tests.i18n.conftest import PO_FILE
from tests.rules.test_simulator import walk

# A middle dot between two letters: « inscrit·e », « demandeur·euse ». A separator between
# words (« 12 heures · Namur ») is fine, and so is the name of a product, « data·inclusion ».
MIDDLE_DOT_FORM = re.compile(r"[^\W\d_]·[^\W\d_]")
PRODUCT_NAMES = re.compile(r"data·inclusion")
BASE_DIR = Path(settings.BASE_DIR)
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".js", ".css", ".yaml"}
NOT_SOURCES = {"migrations", "vendor", "__pycache__"}  # history, third-party files


def middle_dot_forms(text: str) -> list[str]:
    text = PRODUCT_NAMES.sub("", text)
    return [text[max(0, m.start() - 20) : m.end() + 20] for m in MIDDLE_DOT_FORM.finditer(text)]


def sources() -> list[Path]:
    """Every file of the project a reader's words come from."""
    return sorted(
        path
        for folder in ("tremplin", "config")
        for path in (BASE_DIR / folder).rglob("*")
        if path.suffix in SOURCE_SUFFIXES and not NOT_SOURCES & set(path.parts)
    )


def test_the_pattern():
    assert middle_dot_forms("Vous êtes inscrit·e")
    assert middle_dot_forms("demandeur·euse d'emploi")
    assert middle_dot_forms("né·e le")
    assert middle_dot_forms("Travailleur·euse social·e")
    assert middle_dot_forms("seul·es les professionnel·les")
    assert not middle_dot_forms("9 h · Namur · 2 places")
    assert not middle_dot_forms("12 heures · Namur")
    assert not middle_dot_forms("le schéma data·inclusion (« structures »)")


def test_the_scan_reads_staff_pages_labels_and_commands():
    """Not only the public pages: a wrong folder or suffix would make the next test pass empty."""
    scanned = {path.relative_to(BASE_DIR).as_posix() for path in sources()}
    assert {
        "tremplin/accounts/models.py",  # role labels
        "tremplin/www/templates/www/centre/training/groups.html",  # a staff page
        "tremplin/staff_training/attendance.py",  # error messages
        "tremplin/intake/management/commands/expire_candidacies.py",  # command help
        "tremplin/www/templates/www/public/home.html",  # a public page
    } <= scanned
    assert {path.suffix for path in sources()} >= {".py", ".html", ".txt"}


def test_no_middle_dot_form_in_the_sources():
    found = {
        str(path.relative_to(BASE_DIR)): forms
        for path in sources()
        if (forms := middle_dot_forms(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_no_middle_dot_form_in_the_catalogue():
    """What the French reader gets is the msgid: none is a middle-dot form (and none of the
    English ones has a dot either)."""
    catalogue = polib.pofile(str(PO_FILE))
    found = [
        form
        for entry in catalogue
        for text in (entry.msgid, entry.msgid_plural, entry.msgstr)
        for form in middle_dot_forms(text)
    ]
    assert found == []


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
