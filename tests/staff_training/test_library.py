"""The library: numbered versions with a change note, old versions readable, followers told,
staff see everything, the public only what is marked public."""

import pytest
from django.core import mail
from django.db import IntegrityError, ProgrammingError, transaction

from tests.factories import make_member
from tests.staff_training.factories import team
from tremplin.accounts.models import Role
from tremplin.library import services
from tremplin.library.models import Document, DocumentVersion, Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def federation():
    return make_member(Role.FEDERATION_ANALYST)


def make_document(author, public=False, **fields):
    document = Document.objects.create(
        title=fields.pop("title", "Procédure d'accueil (fictive)"),
        kind=fields.pop("kind", Kind.PROCEDURE),
        summary="Les étapes de l'accueil.",
        is_public=public,
        **fields,
    )
    services.publish_version(document.pk, "Texte de la version 1.", "Première version.", author)
    return document


def test_versions_are_numbered_and_followers_are_told(
    federation, django_capture_on_commit_callbacks
):
    namur = team()
    document = make_document(federation)
    services.follow(document, namur.centre)
    services.follow(document, namur.centre)  # twice: still one follow
    with django_capture_on_commit_callbacks(execute=True):
        version = services.publish_version(
            document.pk, "Texte de la version 2.", "Délai de réponse ajouté.", federation
        )
    assert version.number == 2
    assert [m.to for m in mail.outbox] == [[namur.coordinator.email]]
    assert "Délai de réponse ajouté." in mail.outbox[0].body
    assert "version 2" in mail.outbox[0].body


def test_a_version_needs_a_text_and_a_note_and_is_never_rewritten(federation):
    document = make_document(federation)
    with pytest.raises(services.LibraryRefused):
        services.publish_version(document.pk, "Texte", " ", federation)
    assert document.versions.count() == 1
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        DocumentVersion.objects.filter(document=document).update(body="réécrit")


def test_a_circular_has_its_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(title="Circulaire", kind=Kind.CIRCULAR, summary="…")


def test_staff_read_everything_the_public_only_public_documents(client, federation):
    public = make_document(federation, public=True, title="Lettre type publique (fictive)")
    private = make_document(federation, title="Clauses réservées (fictives)")
    services.publish_version(private.pk, "Texte v2.", "Relecture.", federation)
    page = client.get("/documents/").content.decode()
    assert public.title in page and private.title not in page
    assert client.get(f"/documents/{private.pk}/").status_code == 404
    assert client.get(f"/documents/{public.pk}/").status_code == 200
    namur = team()
    client.force_login(namur.trainer)
    page = client.get("/centre/documents/").content.decode()
    assert public.title in page and private.title in page
    old = client.get(f"/centre/documents/{private.pk}/v1/").content.decode()
    assert "Texte de la version 1." in old and "remplacée depuis" in old
    assert client.get(f"/centre/documents/{private.pk}/v9/").status_code == 404
    client.force_login(make_member(Role.PRESCRIBER))
    assert client.get("/centre/documents/").status_code == 403


def test_only_the_federation_writes_the_library(client, federation):
    namur = team()
    for user, status in [(namur.coordinator, 403), (federation, 302)]:
        client.force_login(user)
        response = client.post(
            "/federation/documents/nouveau/",
            {
                "doc-title": "Modèle de courrier (fictif)",
                "doc-kind": "model_letter",
                "doc-summary": "Un courrier.",
                "version-body": "Madame, Monsieur,",
                "version-change_note": "Première version.",
            },
        )
        assert response.status_code == status
    assert Document.objects.get().versions.get().number == 1


def test_following_from_the_centre_page(client, federation):
    namur = team()
    document = make_document(federation)
    client.force_login(namur.staff)
    client.post(f"/centre/documents/{document.pk}/suivre/", {"follow": "1"})
    assert document.follows.filter(organisation=namur.centre).exists()
    client.post(f"/centre/documents/{document.pk}/suivre/", {"follow": "0"})
    assert not document.follows.exists()
    client.force_login(namur.trainer)  # trainers read, they do not follow for the centre
    response = client.post(f"/centre/documents/{document.pk}/suivre/", {"follow": "1"})
    assert response.status_code == 403
