import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.directory.factories import BRAINES, listed_centres, walloon_places

pytestmark = pytest.mark.django_db


def test_search_page_without_criteria_shows_the_form(client, places):
    response = client.get("/trouver/")
    assert response.status_code == 200
    assert "Code postal ou commune" in response.text
    assert "centres trouvés" not in response.text


def test_search_page_lists_results_with_distance_and_booking_link(client, directory):
    response = client.get("/trouver/", {"near": "5000", "radius_km": "5"})
    text = response.text
    assert response.status_code == 200
    assert "2 centres trouvés" in text
    assert text.index("Les Ateliers de la Meuse") < text.index("Espace Lire à Jambes")
    assert "À 1 km" in text
    session = directory["jambes"].info_sessions.get()
    assert f"/sessions/{session.pk}/inscription/" in text
    assert 'id="directory-map-points"' in text


def test_search_page_explains_zero_results(client, directory):
    response = client.get("/trouver/", {"near": "Dinant", "radius_km": "10"})
    assert "Aucun centre ne correspond à tous vos critères." in response.text
    assert "Aucun centre trouvé" in response.text and "0 centres" not in response.text
    assert "élargissez la distance à 25 km" in response.text
    assert "radius_km=25" in response.text


def test_search_page_bad_input_is_a_french_message_not_a_500(client, places):
    response = client.get("/trouver/", {"near": "9999", "q": "<script>alert(1)</script>"})
    assert response.status_code == 400  # the form sent back with its mistake
    assert "Le code postal 9999 n&#x27;existe pas en Belgique." in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert 'aria-describedby="id_near_helptext id_near_error"' in response.text


def test_search_page_suggests_places_for_typos(client, places):
    response = client.get("/trouver/", {"near": "Nammur"})
    assert response.status_code == 400
    assert "Vouliez-vous dire" in response.text
    assert "near=Namur" in response.text


def test_search_page_does_not_choose_among_places_that_start_alike(client, places):
    """« Braine » starts three municipalities: the search is not made around one of them
    chosen silently (it was Braine-le-Comte); each choice runs the same search near it."""
    braines = walloon_places(BRAINES)
    listed_centres(1, braines["7090"])
    response = client.get("/trouver/", {"near": "Braine", "radius_km": "5"})
    assert response.status_code == 400
    assert "Plusieurs communes commencent par « Braine »." in response.text
    assert "centre trouvé" not in response.text
    alert = response.text[response.text.index('role="alert"') :]
    links = {
        html.unescape(label): html.unescape(query)
        for query, label in re.findall(r'<a href="\?([^"]+)">([^<]+)</a>', alert)
    }
    assert list(links) == ["Braine-l’Alleud", "Braine-le-Château", "Braine-le-Comte"]
    chosen = client.get(f"/trouver/?{links['Braine-le-Comte']}")
    assert chosen.status_code == 200
    assert "1 centre trouvé" in chosen.text and "à moins de 5 km de Braine-le-Comte" in chosen.text
    assert client.get(f"/trouver/?{links['Braine-l’Alleud']}").status_code == 200


def test_search_page_query_count_does_not_grow(client, places, django_assert_num_queries):
    listed_centres(2, places["5000"])
    # place, the page in one statement, province and IBEFE choices in one
    with django_assert_num_queries(3):
        client.get("/trouver/", {"near": "5000"})
    listed_centres(10, places["5000"])
    with django_assert_num_queries(3):
        client.get("/trouver/", {"near": "5000"})


def test_centre_page_shows_everything(client, directory):
    centre = directory["jambes"]
    response = client.get(f"/centres/{centre.pk}/")
    text = response.text
    assert response.status_code == 200
    for expected in [
        centre.name,
        centre.agrement_number,
        "ASBL",
        "CAIPS",
        "Apprendre à lire et à écrire",
        "Formation de base",
        "Personnes arrivées récemment en Belgique",
        "Arabe",
        "30 semaines, 30 heures par semaine",
        "inscrire<",
        "10 places libres",
    ]:
        assert expected in text, expected


def test_centre_page_hides_drafts_and_cancelled_sessions(client, directory):
    assert client.get(f"/centres/{directory['draft'].pk}/").status_code == 404
    jambes = directory["jambes"]
    jambes.info_sessions.update(status="cancelled", cancellation_note="Salle indisponible")
    assert "inscrire<" not in client.get(f"/centres/{jambes.pk}/").text


def test_centre_page_flags_stale_entries(client, directory):
    centre = directory["namur"]
    centre.updated_at = timezone.now() - timedelta(days=200)
    centre.save()
    assert "Plus de 6 mois" in client.get(f"/centres/{centre.pk}/").text


def test_nav_links_to_the_search(client, places):
    assert 'href="/trouver/"' in client.get("/").text


@pytest.mark.parametrize("page", ["search", "centre"])
def test_the_map_names_its_marker_images(client, directory, page):
    """Leaflet guessed its marker images' folder from its CSS file's name; with the hashed
    static names (make run, production) the guess failed and every marker was a broken image
    (/trouver/marker-icon.png, 404). The map carries the images' own static addresses."""
    from django.templatetags.static import static

    url = "/trouver/?near=5000" if page == "search" else f"/centres/{directory['jambes'].pk}/"
    text = client.get(url).text
    for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert f'="{static(f"vendor/leaflet/images/{name}")}"' in text


def test_a_centre_page_leads_back_to_the_same_results(client, directory):
    """« Retour à la recherche » on a centre page reached from the results gives the same
    search again (it led to an empty search form: the person typed everything again)."""
    results = client.get("/trouver/", {"near": "5000", "radius_km": "5", "sector": "", "x": "1"})
    jambes = directory["jambes"]
    link = re.search(rf'href="(/centres/{jambes.pk}/[^"]*)"', results.text).group(1)
    centre = client.get(html.unescape(link))
    assert centre.status_code == 200
    back = re.search(r'href="([^"]*)">Retour à la recherche', centre.text).group(1)
    assert html.unescape(back) == "/trouver/?near=5000&radius_km=5"  # only the search's own
    assert "2 centres trouvés" in client.get(html.unescape(back)).text
    # Reached from elsewhere (a shared link), the page leads to the search form.
    plain = client.get(f"/centres/{jambes.pk}/")
    assert 'href="/trouver/">Retour à la recherche' in plain.text
