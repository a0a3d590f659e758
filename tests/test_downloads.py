"""File names of the downloads: what, whose or which, in ASCII; and their header."""

import datetime

from django.http import HttpResponse

from tremplin.downloads import disposition, file_name


def test_a_file_name_is_a_plain_ascii_slug_with_its_date():
    day = datetime.date(2026, 11, 30)
    assert file_name("attestation", "Dupont-Évrard", "Marie José", ext="pdf", day=day) == (
        "attestation-dupont-evrard-marie-jose-2026-11-30.pdf"
    )
    assert file_name("contrats", "CISP « Le Trieu » / Liège", ext="xlsx", day=day) == (
        "contrats-cisp-le-trieu-liege-2026-11-30.xlsx"
    )
    # A period as a part, empty parts left out, a long name cut.
    assert file_name("releve-heures", "", "2026-11", ext="xlsx") == "releve-heures-2026-11.xlsx"
    assert file_name("chiffres-cles-cisp", 2025, ext="csv") == "chiffres-cles-cisp-2025.csv"
    long = file_name("contrats", "Centre " * 20, ext="xlsx")
    assert len(long) < 60 and "--" not in long and long.isascii()


def test_the_header_is_safe_for_any_name():
    assert disposition("contrats-cisp-2026-11-30.xlsx") == (
        'attachment; filename="contrats-cisp-2026-11-30.xlsx"'
    )
    assert disposition("a.pdf", inline=True) == 'inline; filename="a.pdf"'
    # A stored name that is not ASCII (an older document) is encoded, never sent raw.
    header = disposition("relevé « été ».pdf")
    assert header.isascii() and "filename*=utf-8''" in header
    response = HttpResponse()
    response["Content-Disposition"] = header  # Django refuses a header it cannot send
