"""The public key figures' files are laid out when the facts are rebuilt and served as stored
(docs/decisions/0703): at once, with an ETag, the same content as a file laid out on demand."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_member
from tremplin.accounts.models import Role
from tremplin.stats.exports import render
from tremplin.stats.indicators import sector_report
from tremplin.stats.models import PUBLIC_FORMATS, PublishedFile
from tremplin.stats.published import publish_key_figures

Y = 2024


@pytest.fixture(autouse=True)
def _frozen_year(monkeypatch):
    """Pretend we are in 2025: the last complete year is 2024, the dataset's year."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 3, 1))


@pytest.fixture
def laid_out_on_demand(monkeypatch):
    """Counts the files the download view lays out itself (none when they are stored)."""
    import tremplin.www.public.key_figures as view

    calls = []
    original = view.download_response

    def counted(*args, **kwargs):
        calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(view, "download_response", counted)
    return calls


def test_every_format_in_every_language_replacing_other_years(dataset):
    PublishedFile.objects.create(
        year=Y - 1,
        format="csv",
        language="fr",
        content=b"old",
        content_type="text/csv",
        file_name="old.csv",
        digest="0" * 64,
        built_at=timezone.now(),
    )
    assert publish_key_figures() == 2 * len(PUBLIC_FORMATS)
    stored = set(PublishedFile.objects.values_list("year", "format", "language"))
    assert stored == {(Y, fmt, lang) for fmt in PUBLIC_FORMATS for lang in ("fr", "en")}
    assert publish_key_figures() == 8  # again: replaced, not doubled
    assert PublishedFile.objects.count() == 8


def test_download_serves_the_stored_file_with_its_etag(
    client, dataset, laid_out_on_demand, django_assert_max_num_queries
):
    publish_key_figures()
    with django_assert_max_num_queries(2):
        response = client.get(f"/chiffres-cles/{Y}.csv")
    assert response.status_code == 200
    assert laid_out_on_demand == []
    expected, content_type, _ext = render(sector_report(Y), "csv", "fr")
    assert response.content == expected
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == 'attachment; filename="chiffres-cles-cisp-2024.csv"'
    assert response["Cache-Control"] == "public, max-age=3600"
    again = client.get(f"/chiffres-cles/{Y}.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    pdf = client.get(f"/chiffres-cles/{Y}.pdf")
    assert pdf.content.startswith(b"%PDF") and pdf["ETag"] != response["ETag"]


def test_english_visitor_gets_the_english_file(client, dataset, laid_out_on_demand):
    publish_key_figures()
    french = client.get(f"/chiffres-cles/{Y}.json").json()
    english = client.get(f"/chiffres-cles/{Y}.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert laid_out_on_demand == []
    assert french != english
    expected = json.loads(render(_english_report(), "json", "en")[0])
    assert english.pop("generated_at") <= expected.pop("generated_at")  # laid out before
    assert english == expected


def _english_report():
    from django.utils import translation

    with translation.override("en"):
        return sector_report(Y)


def test_a_signed_in_member_gets_it_uncached(client, dataset):
    publish_key_figures()
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    response = client.get(f"/chiffres-cles/{Y}.xlsx")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_not_laid_out_yet_is_laid_out_on_demand(client, dataset, laid_out_on_demand):
    response = client.get(f"/chiffres-cles/{Y}.csv")
    assert response.status_code == 200 and laid_out_on_demand == ["csv"]
    assert "ETag" not in response
    assert client.get(f"/chiffres-cles/{Y - 1}.csv").status_code == 404
    assert client.get(f"/chiffres-cles/{Y}.html").status_code == 404


def test_refresh_stats_lays_them_out_and_a_dry_run_does_not(dataset, capsys):
    call_command("refresh_stats", "--dry-run")
    assert not PublishedFile.objects.exists()
    call_command("refresh_stats", "--year", str(Y))
    assert PublishedFile.objects.filter(year=Y).count() == 8
    assert "8 fichiers préparés" in capsys.readouterr().out


def test_the_database_refuses_another_format_or_a_bad_digest(db):
    from django.db import IntegrityError, transaction

    fields = {
        "year": Y,
        "language": "fr",
        "content": b"x",
        "content_type": "text/html",
        "file_name": "x.html",
        "built_at": timezone.now(),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedFile.objects.create(format="html", digest="0" * 64, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedFile.objects.create(format="csv", digest="not a digest", **fields)
