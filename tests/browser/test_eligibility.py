"""The "Suis-je éligible ?" simulator in a real browser, from the first question to the result."""

import pytest

from tests.directory.factories import walloon_places


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _places(transactional_db):
    walloon_places()  # the postal code typed at the last step exists


def next_question(page):
    page.get_by_role("button", name="Continuer").click()


def test_questionnaire_to_an_eligible_result(page, live_server, assert_accessible):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Suis-je éligible ?").first.click()
    assert page.get_by_text("Question 1 sur 9").is_visible()
    assert_accessible(page)

    page.get_by_label("Date de naissance").fill("1990-05-01")
    next_question(page)
    page.get_by_label("Oui").check()
    next_question(page)
    page.get_by_label("Nombre de mois (de 0 à 24)").fill("30")
    next_question(page)
    # A French error, linked to the field, and the same question again.
    assert page.get_by_role("alert").get_by_text("au plus 24 mois").is_visible()
    assert page.get_by_text("Question 3 sur 9").is_visible()
    assert_accessible(page)
    page.get_by_label("Nombre de mois (de 0 à 24)").fill("6")
    next_question(page)
    page.get_by_label("CEB : certificat d'études de base").check()
    next_question(page)
    # Back button: the previous answer is still there.
    page.get_by_role("button", name="Retour à la question précédente").click()
    assert page.get_by_label("CEB : certificat d'études de base").is_checked()
    next_question(page)
    page.get_by_label("Non").check()
    next_question(page)
    page.get_by_label("Aucune de ces situations").check()
    next_question(page)
    page.get_by_label("Heures par semaine").fill("20")
    page.get_by_label("Nombre de semaines").fill("10")
    next_question(page)
    page.get_by_label("Nombre d'enfants à faire garder pendant la formation").fill("1")
    next_question(page)
    assert page.get_by_text("Question 9 sur 9").is_visible()
    page.get_by_label("Code postal").fill("5000")
    page.get_by_role("button", name="Voir mon résultat").click()

    assert page.get_by_role("heading", name="Oui, vous pouvez entrer dans un CISP.").is_visible()
    assert "400,00\xa0€ brut" in page.locator("#allowance-estimate").inner_text()
    assert page.get_by_text("Attention : ceci est une estimation.").is_visible()
    link = page.get_by_role("link", name="Voir les formations près de 5000")
    assert link.get_attribute("href") == "/trouver/?near=5000"
    assert_accessible(page)

    page.get_by_role("button", name="Modifier mes réponses").click()
    assert page.get_by_label("Code postal").input_value() == "5000"


def test_how_we_calculate_is_accessible(page, live_server, assert_accessible):
    page.goto(live_server.url + "/comment-nous-calculons/?date=2022-12-31")
    assert page.get_by_role("heading", name="Comment nous calculons").is_visible()
    assert "1,00\xa0€" in page.locator("table").inner_text()
    assert_accessible(page)


def test_a_result_with_a_rule_being_checked_is_accessible(page, live_server, assert_accessible):
    """CESS and 18 months: a derogation, the B ceiling being checked, and its sources."""
    page.goto(live_server.url + "/suis-je-eligible/")
    page.get_by_label("Date de naissance").fill("1990-05-01")
    next_question(page)
    page.get_by_label("Oui").check()
    next_question(page)
    page.get_by_label("Nombre de mois (de 0 à 24)").fill("18")
    next_question(page)
    page.get_by_label("CESS : diplôme de fin de secondaire").check()
    next_question(page)
    page.get_by_label("Non").check()
    page.get_by_label("Taux d'incapacité de travail").fill("0")
    next_question(page)
    page.get_by_label("Aucune de ces situations").check()
    for _step in range(3):
        next_question(page)
    page.get_by_role("button", name="Voir mon résultat").click()
    assert page.locator("#being-checked").get_by_text("en cours de vérification").first.is_visible()
    assert page.get_by_role("heading", name="D'où viennent ces règles ?").is_visible()
    assert_accessible(page)
