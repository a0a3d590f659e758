"""The "Suis-je éligible ?" simulator without JavaScript: plain form posts, nothing stored."""

import datetime
import html as html_lib
import re

import pytest
from django.core import signing

from tests.directory.factories import walloon_places

URL = "/suis-je-eligible/"
# The last step checks that the postal code exists (5000 in the answers).
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _places():
    walloon_places()


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


ANSWERS = [
    {"birth_date": "1990-05-01"},
    {"forem_registered": "yes"},
    {"months_registered_last_24": "6"},
    {"highest_certificate": "CEB"},
    {"disability_recognised": "no", "incapacity_percent": ""},
    {"situations": ["none"]},
    {"planned_hours_per_week": "20", "planned_weeks": "10"},
    {"commute_km": "12", "children_in_childcare": "0"},
    {"postal_code": "5000"},
]


def post(client, response, data, action="next"):
    payload = {
        "state": response.context["state"],
        "step": response.context.get("index", response.context.get("result_index")),
        "action": action,
        **data,
    }
    return client.post(URL, payload)


def walk(client, answers=ANSWERS):
    response = client.get(URL)
    for data in answers:
        assert response.status_code == 200
        response = post(client, response, data)
    return response


def test_first_question_with_progress_why_and_no_back_button(client):
    response = client.get(URL)
    html = text(response)
    assert response.status_code == 200
    assert "Question 1 sur 9" in html
    assert "Pourquoi on vous demande ça ?" in html
    assert "Retour à la question précédente" not in html
    assert 'name="birth_date"' in html


def test_walk_to_an_eligible_result_with_allowance_and_directory_link(client):
    response = walk(client)
    html = text(response)
    assert response.status_code == 200
    assert "Oui, vous pouvez entrer dans un CISP." in html
    assert "avec au maximum le CE2D (4e année du secondaire réussie)" in html
    assert "Attention : ceci est une estimation." in html
    assert "400,00\xa0€ brut" in html
    assert "2,00\xa0€ brut" in html
    assert "AGW du 1er décembre 2022" in html
    assert 'href="/trouver/?near=5000"' in html
    assert "Votre carte d'identité" in html


def test_each_step_shows_its_number(client):
    response = client.get(URL)
    for number, data in enumerate(ANSWERS[:-1], start=2):
        response = post(client, response, data)
        assert f"Question {number} sur 9" in text(response)


def test_back_button_keeps_previous_answers(client):
    response = walk(client, ANSWERS[:3])  # now on question 4
    assert "Question 4 sur 9" in text(response)
    response = post(client, response, {}, action="back")
    html = text(response)
    assert "Question 3 sur 9" in html
    assert 'value="6"' in html  # months answered before
    response = post(client, response, {"months_registered_last_24": "6"}, action="back")
    assert "Question 2 sur 9" in text(response)
    assert re.search(r'value="yes"[^>]*checked', text(response))


def test_change_answers_from_the_result_page(client):
    response = walk(client)
    response = post(client, response, {}, action="back")
    assert "Question 9 sur 9" in text(response)
    assert 'value="5000"' in text(response)


def test_unknown_answers_lead_to_incomplete_with_what_is_missing(client):
    answers = [
        {"birth_date": ""},
        {"forem_registered": "unknown"},
        {"months_registered_last_24": ""},
        {"highest_certificate": "unknown"},
        {"disability_recognised": "unknown", "incapacity_percent": ""},
        {"situations": ["unknown"]},
        {"planned_hours_per_week": "", "planned_weeks": ""},
        {"commute_km": "", "children_in_childcare": ""},
        {"postal_code": ""},
    ]
    html = text(walk(client, answers))
    assert "Nous ne pouvons pas encore répondre." in html
    assert "votre date de naissance" in html
    assert 'href="/trouver/"' in html


def test_minor_is_told_why_not_and_what_to_do(client):
    birth = datetime.date.today().replace(day=1) - datetime.timedelta(days=365 * 16)
    answers = [{"birth_date": birth.isoformat()}, *ANSWERS[1:]]
    html = text(walk(client, answers))
    assert "Non, pas pour le moment." in html
    assert "Vous devez encore aller à l'école : jusqu'à la fin de l'année scolaire" in html
    assert "Ce que vous pourriez recevoir" not in html


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        (0, {"birth_date": "2999-01-01"}, "ne peut pas être dans le futur"),
        # Said as the step's example writes it (31/05/1990), not as the API wants it.
        (0, {"birth_date": "31/02/1990"}, "Écrivez-la comme ceci : 31/05/1990."),
        (0, {"birth_date": "1890-01-01"}, "la date de naissance est en 1900 ou après"),
        (1, {}, "Choisissez une réponse"),
        (2, {"months_registered_last_24": "30"}, "au plus 24 mois"),
        (2, {"months_registered_last_24": "-2"}, "ne peut pas être négatif"),
        (4, {"disability_recognised": "no", "incapacity_percent": "150"}, "entre 0 et 100"),
        (5, {"situations": ["none", "integration_income"]}, "ne vont pas avec une autre case"),
        (8, {"postal_code": "50"}, "4 chiffres"),
    ],
)
def test_bad_answers_show_french_errors_linked_to_the_field(client, step, data, message):
    response = walk(client, ANSWERS[:step])
    response = post(client, response, data)
    html = text(response)
    assert response.status_code == 400  # sent back with its mistakes (it answered 200)
    assert f"Question {step + 1} sur 9" in html
    assert message in html
    assert 'role="alert"' in html
    assert re.search(r'aria-describedby="[^"]*_error', html)


def test_tampered_state_starts_again(client):
    response = client.post(URL, {"state": "forged", "step": "3", "action": "next"})
    assert response.status_code == 400
    assert "Recommencer le questionnaire" in text(response)


def test_state_is_signed_and_nothing_is_stored_in_the_session(client):
    response = walk(client, ANSWERS[:2])
    answers = signing.loads(response.context["state"], salt="tremplin.eligibility.answers")
    assert answers == {"birth_date": "1990-05-01", "forem_registered": True}
    assert "sessionid" not in response.cookies


def test_how_we_calculate_for_a_date_before_the_new_rate(client):
    html = text(client.get("/comment-nous-calculons/", {"date": "2022-12-31"}))
    assert "1,00\xa0€" in html
    assert "AGW du 8 février 2002" in html
    assert "vérifié" in html and "à confirmer" in html
    assert "Version des règles" in html


def test_how_we_calculate_today_and_bad_date(client):
    html = text(client.get("/comment-nous-calculons/"))
    assert "2,00\xa0€" in html
    response = client.get("/comment-nous-calculons/", {"date": "2023-02-30"})
    assert response.status_code == 200
    assert "Cette date n'existe pas. Écrivez-la comme ceci : 31/05/1990." in text(response)


def test_how_we_calculate_shows_categories_not_yet_in_force(client):
    html = text(client.get("/comment-nous-calculons/", {"date": "2015-06-01"}))
    assert "Pas encore en vigueur à cette date" in html


def test_an_answer_resting_on_a_rule_to_confirm_says_so_with_its_sources(client):
    """A CESS holder registered for 18 months: derogation, and the ceiling of category B is
    being checked (issue 10)."""
    answers = [
        ANSWERS[0],
        ANSWERS[1],
        {"months_registered_last_24": "18"},
        {"highest_certificate": "CESS"},
        {"disability_recognised": "no", "incapacity_percent": "0"},
        *ANSWERS[5:],
    ]
    html = text(walk(client, answers))
    assert "Peut-être : un centre peut vous accepter par dérogation." in html
    assert "Cette réponse repose sur une règle en cours de vérification :" in html
    assert (
        "Diplôme le plus élevé accepté (catégorie B). "
        "Cette règle est en cours de vérification : le centre la vérifiera avec vous." in html
    )
    assert "D'où viennent ces règles ?" in html
    assert "question écrite n° 238 (2016-2017)" in html


def test_equivalent_social_aid_is_a_situation_of_the_simulator(client):
    answers = [
        ANSWERS[0],
        {"forem_registered": "no"},
        {"months_registered_last_24": "0"},
        ANSWERS[3],
        ANSWERS[4],
        {"situations": ["equivalent_social_aid"]},
        *ANSWERS[6:],
    ]
    html = text(walk(client, answers))
    assert "Oui, vous pouvez entrer dans un CISP." in html
    assert "le revenu d'intégration ou une aide sociale équivalente" in html
    assert "Cette règle est en cours de vérification" in html


def test_the_rules_page_explains_the_end_of_compulsory_schooling(client):
    html = text(client.get("/comment-nous-calculons/", {"date": "2026-07-04"}))
    assert "le premier vendredi de juillet" in html
    assert "Une personne née le 25 novembre 2008 peut donc entrer dès l'été 2026" in html
    assert "SIEP et Infor Jeunes" in html
    assert "Interfédé" in html and "ALEAP" in html  # the note of category B's ceiling
    assert "6 juin 2024" in html


def test_a_condition_points_to_its_parameter_in_words(client):
    """A condition resting on a dated parameter links to the row that gives its value and its
    sources, named in words (it printed « (paramètre certificates.max_category_a) »)."""
    response = client.get("/comment-nous-calculons/")
    html = text(response)
    assert "(paramètre " not in html
    assert "(voir plus bas : « Diplôme le plus élevé accepté (catégorie A) »)" in html
    page = response.content.decode()
    assert 'href="#parametre-certificates.max_category_a"' in page
    assert 'id="parametre-certificates.max_category_a"' in page


def test_allowance_over_a_rate_change_says_its_days_and_amounts_in_words(client, monkeypatch):
    """A training that starts before the 2023 rate is paid in two periods, each said in words
    with the site's money format (it read « du 2022-11-01 au 2022-12-31 : 1,00 € »)."""
    monkeypatch.setattr(
        "tremplin.www.public.eligibility.timezone.localdate", lambda: datetime.date(2022, 11, 1)
    )
    html = text(walk(client))
    assert "Le montant par heure change pendant votre formation" in html
    assert "du 1er novembre 2022 au 31 décembre 2022 : 1,00\xa0€ par heure" in html
    assert "du 1er janvier 2023 au 9 janvier 2023 : 2,00\xa0€ par heure" in html
    assert "du 2022-11-01" not in html


def test_percentages_in_the_site_format_in_both_languages(client):
    """« 30 % » with the narrow no-break space of the formatting helper in French, « 30% » in
    English, as the other percentages of the page (they read « 30 % » with a plain space in
    both languages, next to « 60% » in English)."""
    html = text(client.get("/comment-nous-calculons/"))
    assert "au moins 30\u202f%\n" in html and "<strong>30\u202f%</strong>" in html
    english = text(client.get("/comment-nous-calculons/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "at least 30%\n" in english and "<strong>30%</strong>" in english
    assert "<strong>60%</strong>" in english and "<strong>30 %</strong>" not in english
    childcare = {"commute_km": "12", "children_in_childcare": "1"}
    result = text(walk(client, [*ANSWERS[:7], childcare, ANSWERS[8]]))
    assert "60\u202f% pour un enfant" in result


def test_a_postal_code_that_does_not_exist_is_refused_at_its_step(client):
    """9999 was kept, and the result offered a search of centres near it that failed."""
    response = walk(client, [*ANSWERS[:8], {"postal_code": "9999"}])
    assert response.status_code == 400
    assert "Le code postal 9999 n'existe pas en Belgique." in text(response)
