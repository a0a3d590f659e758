"""Documents prepared in the background: progress, the file to its owner only (no-store),
failure told in French, expiry, and « Mes documents »."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_member
from tests.isolation import assert_only_allowed
from tremplin.accounts.models import Role
from tremplin.documents import builders
from tremplin.documents.models import GeneratedDocument
from tremplin.documents.service import prepare_document, request_document

pytestmark = pytest.mark.django_db

SEEN = []


def fake_builder(params, progress):
    """Records what the progress page would show at each step."""
    for percent in (10, 60):
        progress(percent, f"étape {percent}")
        SEEN.append(GeneratedDocument.objects.values_list("status", "progress", "step").get())
    return b"%PDF-fake " + params["text"].encode(), "application/pdf", "essai.pdf"


def failing_builder(params, progress):
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _test_kinds(monkeypatch):
    monkeypatch.setitem(builders.BUILDERS, "test", f"{__name__}.fake_builder")
    monkeypatch.setitem(builders.BUILDERS, "failing", f"{__name__}.failing_builder")
    SEEN.clear()


@pytest.fixture
def owner():
    return make_member(Role.COORDINATOR)


def test_prepared_after_commit_with_its_progress(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(owner, "test", "Essai", {"text": "bonjour"})
        assert GeneratedDocument.objects.get().status == "pending"
    assert SEEN == [("running", 10, "étape 10"), ("running", 60, "étape 60")]
    document.refresh_from_db()
    assert (document.status, document.progress, document.filename) == ("ready", 100, "essai.pdf")
    assert bytes(document.content) == b"%PDF-fake bonjour"
    prepare_document.call(str(document.pk))  # a second run does nothing
    assert GeneratedDocument.objects.get().finished_at == document.finished_at


def test_failure_is_told_in_french(owner, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(owner, "failing", "Essai", {})
    document.refresh_from_db()
    assert document.status == "failed"
    client.force_login(owner)
    page = client.get(reverse("document_status", args=[document.pk])).content.decode()
    assert "Échec" in page and "Demandez le document à nouveau" in page


def test_file_only_to_its_owner_never_cached(owner, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(owner, "test", "Essai", {"text": "x"})
    file_url = reverse("document_file", args=[document.pk])
    client.force_login(owner)
    response = client.get(file_url)
    assert response.content == b"%PDF-fake x"
    assert "no-store" in response["Cache-Control"]
    assert 'filename="essai.pdf"' in response["Content-Disposition"]
    status = client.get(reverse("document_status", args=[document.pk]))
    assert "no-store" in status["Cache-Control"]
    assert file_url in status.content.decode()
    for url in (file_url, reverse("document_status", args=[document.pk])):
        assert_only_allowed(
            client,
            url,
            allowed={"owner"},
            centre=owner.memberships.get().organisation,
            extra={"owner": owner},
        )


def test_my_documents_lists_mine_until_they_expire(owner, client):
    mine = GeneratedDocument.objects.create(owner=owner, kind="test", title="Mon rapport")
    GeneratedDocument.objects.create(
        owner=owner,
        kind="test",
        title="Ancien rapport",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    GeneratedDocument.objects.create(
        owner=make_member(Role.COORDINATOR), kind="test", title="Rapport d'un autre"
    )
    client.force_login(owner)
    page = client.get(reverse("my_documents")).content.decode()
    assert "Mon rapport" in page
    assert "Ancien rapport" not in page and "Rapport d&#x27;un autre" not in page
    # The status fragment polled by htmx while the document is prepared.
    fragment = client.get(reverse("document_status", args=[mine.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_purge_removes_expired_documents(owner):
    from django.core.management import call_command

    GeneratedDocument.objects.create(owner=owner, kind="test", title="Récent")
    GeneratedDocument.objects.create(
        owner=owner,
        kind="test",
        title="Ancien",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    call_command("purge_documents", "--dry-run")
    assert GeneratedDocument.objects.count() == 2
    call_command("purge_documents")
    assert list(GeneratedDocument.objects.values_list("title", flat=True)) == ["Récent"]


class Abandoned(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_preparation_queued_with_the_request_only_if_it_commits(run_queued_tasks):
    """With either task backend, a request rolled back leaves no document and nothing
    prepared; a committed one is prepared (the database backend writes its task in the
    request's transaction, tremplin/queued.py)."""
    owner = make_member(Role.COORDINATOR)
    with pytest.raises(Abandoned), transaction.atomic():
        request_document(owner, "test", "Essai", {"text": "annulé"})
        assert SEEN == []  # not before the commit
        # The database backend's task is written now, in the transaction (nothing to write
        # once it has committed); the immediate backend waits for the commit.
        assert DBTaskResult.objects.exists() == run_queued_tasks.writes_in_transaction
        raise Abandoned
    run_queued_tasks()
    assert not GeneratedDocument.objects.exists() and SEEN == []

    document = request_document(owner, "test", "Essai", {"text": "garde"})
    run_queued_tasks()
    document.refresh_from_db()
    assert document.status == "ready" and bytes(document.content) == b"%PDF-fake garde"
