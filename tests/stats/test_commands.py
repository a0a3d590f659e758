"""The report commands, and the pages when no statistics exist yet."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_member
from tremplin.accounts.models import Role


def test_sector_report_command_writes_every_format(dataset, tmp_path):
    for fmt in ("json", "html", "pdf", "xlsx", "csv"):
        path = tmp_path / f"secteur.{fmt}"
        call_command("sector_report", year=2024, fmt=fmt, output=str(path))
        assert path.stat().st_size > 0
    report = json.loads((tmp_path / "secteur.json").read_text())
    assert report["people_under_contract"]["total"]["value"]["people"] == 7
    assert (tmp_path / "secteur.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "secteur.csv").read_text(encoding="utf-8-sig").startswith("annee;indicateur")


def test_centre_report_command(dataset, tmp_path):
    path = tmp_path / "centre.json"
    centre = dataset.centres["B"]
    call_command("centre_report", centre=str(centre.pk), year=2024, fmt="json", output=str(path))
    report = json.loads(path.read_text())
    assert report["centre"]["name"] == centre.name
    assert [row["people"] for row in report["activity_by_training"]] == [2]
    with pytest.raises(CommandError, match="Aucun centre"):
        call_command("centre_report", centre="pas-un-uuid", year=2024, output=str(path))


def test_refresh_command_dry_run(db, capsys):
    call_command("refresh_stats", year=2024, dry_run=True)
    assert "rien n'a été enregistré" in capsys.readouterr().out


def test_pages_work_before_any_statistics(client, db):
    assert client.get("/chiffres-cles/").status_code == 200
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    assert client.get("/federation/statistiques/").status_code == 200
