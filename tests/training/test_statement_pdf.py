"""The monthly statement PDF of a full month: the spreadsheet's lines, totals on one line,
no page left with a few rows, a signature block. Besides the text (pypdf), the pages are
rendered to images (pypdfium2) and looked at: the total is drawn on one line inside the
page, nothing is drawn in the right margin."""

import datetime
import io
import re
from decimal import Decimal

import pypdfium2
import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.training.factories import AttendanceDayFactory, ContractFactory
from tremplin.training.models import AbsenceReason

pytestmark = pytest.mark.django_db
POINTS_PER_CM = 72 / 2.54


@pytest.fixture
def pdf(client, group, coordinator):
    contract = ContractFactory(
        group=group,
        commute_km=Decimal("12"),
        childcare_monthly_cost=Decimal("200"),
        childcare_school_age=True,
    )
    day = datetime.date(2022, 12, 1)
    strike = AbsenceReason.objects.get(code="transport_strike")  # a long reason, one day
    while day.month == 12:
        if day.weekday() < 5:
            away = day == datetime.date(2022, 12, 5)
            AttendanceDayFactory(
                contract=contract,
                day=day,
                hours_followed=Decimal("0" if away else "6"),
                hours_assimilated=Decimal("6" if away else "0"),
                reason=strike if away else None,
            )
        day += datetime.timedelta(days=1)
    client.force_login(coordinator)
    url = reverse("centre:training:statement_pdf", args=[contract.pk])
    response = client.get(url, {"mois": "2022-12"})
    assert response.content.startswith(b"%PDF")
    return response.content


def test_the_spreadsheet_lines_totals_and_signatures(pdf):
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    text = " ".join(pages)
    # 22 working days in December 2022, one away: 126 h × 1,00 € (the rate of 2022).
    assert "Total brut 126,00 €" in text
    assert "Déplacements (aller-retour × jours de présence) 21 504 km barème du Forem" in text
    assert "Garde d'enfants 21 — barème du Forem non — estimation" in text
    assert "Pas de montant pour la garde d'enfants" in text
    assert "Total du mois 126 6 0" in text
    assert "Pour le centre" in text and "Date et signature" in text
    # One line per day (« lundi 05/12/2022 »): the month fits on two pages, the day table
    # moves whole with its heading, no page holds only a heading or a few rows.
    assert len(pages) == 2
    day_row = re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi) \d\d/12/2022")
    rows = [len(day_row.findall(page)) for page in pages]
    assert sum(rows) == 22
    for page, count in zip(pages, rows, strict=True):
        assert count == 0 or count >= 4, page
        assert ("Détail par jour" in page) == (count > 0), page


def test_pages_rendered_as_images(pdf):
    document = pypdfium2.PdfDocument(pdf)
    found_total = False
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        scale = 2
        image = page.render(scale=scale).to_pil().convert("L")
        assert image.getextrema()[0] < 100, "a page with nothing drawn on it"
        # Nothing drawn in the right margin (2 cm), above the page number at the foot.
        margin = image.crop(
            (
                int((width - 1.5 * POINTS_PER_CM) * scale),
                0,
                int(width * scale),
                int((height - 2 * POINTS_PER_CM) * scale),
            )
        )
        assert margin.getextrema()[0] > 240, "something is drawn past the right margin"
        text = page.get_textpage()
        searcher = text.search("126,00 €")
        match = searcher.get_next()
        if match is None:
            continue
        found_total = True
        start, count = match
        boxes = [text.get_charbox(i) for i in range(start, start + count)]
        bottoms = [box[1] for box in boxes]
        assert max(bottoms) - min(bottoms) < 2, "the total wraps onto two lines"
        right = max(box[2] for box in boxes)
        assert right < width - 1.9 * POINTS_PER_CM
        left = min(box[0] for box in boxes)
        top = max(box[3] for box in boxes)
        # The figures are drawn where the text layer says (dark pixels in that box).
        drawn = image.crop(
            (
                int(left * scale),
                int((height - top) * scale),
                int(right * scale),
                int((height - min(bottoms)) * scale),
            )
        )
        assert drawn.getextrema()[0] < 100
    assert found_total
