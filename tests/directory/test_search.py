import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tremplin.directory.ranking import ZERO_UUID, Links
from tremplin.directory.search import DirectorySearchForm, search_directory
from tremplin.territory.models import IbefeArea, Province, Region

pytestmark = pytest.mark.django_db
LINKS = Links(f"/centres/{ZERO_UUID}/", f"/sessions/{ZERO_UUID}/inscription/")


def results(search) -> list[dict]:
    """The centres of the search's first page (100 a page), as the API gives them."""
    assert search.is_valid, search.form.errors
    return json.loads(search.page(1, 100, LINKS).results)


def names(data, today=None):
    return [centre["name"] for centre in results(search_directory(data, today=today))]


def test_postal_code_gives_nearest_first_with_distance(directory):
    search = search_directory({"near": "5000", "radius_km": "100"})
    centres = results(search)
    assert [c["name"] for c in centres[:2]] == [
        "Les Ateliers de la Meuse (fictif)",
        "Espace Lire à Jambes (fictif)",
    ]
    distances = [c["distance_km"] for c in centres]
    assert distances == sorted(distances)
    assert distances[0] == 0 and distances[1] == 1
    assert "Centre brouillon (fictif)" not in [c["name"] for c in centres]


@pytest.mark.parametrize("text", ["Liège", "liege", "LIEGE", "4000"])
def test_commune_with_or_without_accents(directory, text):
    assert names({"near": text, "radius_km": "10"}) == ["Cuisine solidaire de Liège (fictif)"]


def test_a_village_name_two_municipalities_share_is_not_chosen(places):
    walloon_places(
        [
            ("5001", "Hameau", "92094", "Namur", "90000", "namur", 50.47, 4.87),
            ("5501", "Hameau", "91034", "Dinant", "90000", "namur", 50.26, 4.91),
        ]
    )
    form = search_directory({"near": "hameau"}).form
    assert not form.is_valid()
    assert form.errors["near"] == ["Plusieurs lieux s'appellent « hameau ». Choisissez le vôtre."]
    assert [place.label for place in form.place_suggestions] == [
        "5001 Hameau (Namur)",
        "5501 Hameau (Dinant)",
    ]
    assert search_directory({"near": "5501 Hameau (Dinant)"}).place.municipality.name_fr == "Dinant"


def test_radius_limits_results(directory):
    assert names({"near": "Namur", "radius_km": "5"}) == [
        "Les Ateliers de la Meuse (fictif)",
        "Espace Lire à Jambes (fictif)",
    ]


def test_province_and_ibefe_choices_are_walloon_by_name(directory):
    brussels = Region.objects.create(nis_code="04000", name_fr="Bruxelles")
    Province.objects.create(
        nis_code="21000", name_fr="Arrondissement de Bruxelles", region=brussels
    )
    form = DirectorySearchForm()
    walloon = Province.objects.filter(region_id="03000").order_by("name_fr")
    assert list(form.fields["province"].choices) == [
        ("", "Toutes les provinces"),
        *((p.nis_code, p.name_fr) for p in walloon),
    ]
    assert list(form.fields["ibefe"].choices) == [
        ("", "Tous les bassins"),
        *((a.code, a.name) for a in IbefeArea.objects.order_by("name")),
    ]
    assert len(list(form.fields["ibefe"].choices)) > 2


def test_province_and_ibefe(directory):
    assert set(names({"province": "90000"})) == {
        "Les Ateliers de la Meuse (fictif)",
        "Espace Lire à Jambes (fictif)",
    }
    assert names({"ibefe": "hainaut-sud"}) == ["Tremplin numérique de Charleroi (fictif)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("maçon", "Les Ateliers de la Meuse (fictif)"),
        ("macon", "Les Ateliers de la Meuse (fictif)"),
        ("cuisine", "Cuisine solidaire de Liège (fictif)"),
        ("alphabétisation", "Espace Lire à Jambes (fictif)"),
        ("Alphabetisation", "Espace Lire à Jambes (fictif)"),
    ],
)
def test_free_text(directory, text, expected):
    assert names({"q": text}) == [expected]


def test_filters(directory):
    assert names({"sector": "horeca"}) == ["Cuisine solidaire de Liège (fictif)"]
    assert names({"objective": "orientation"}) == ["Tremplin numérique de Charleroi (fictif)"]
    assert set(names({"method": "EFT"})) == {
        "Les Ateliers de la Meuse (fictif)",
        "Cuisine solidaire de Liège (fictif)",
    }
    assert names({"language": "ar"}) == ["Espace Lire à Jambes (fictif)"]


def test_public_filter_keeps_trainings_open_to_everyone(directory):
    found = set(names({"public": "newcomers"}))
    assert "Espace Lire à Jambes (fictif)" in found  # names newcomers
    assert "Les Ateliers de la Meuse (fictif)" in found  # open to everyone
    assert "Cuisine solidaire de Liège (fictif)" not in found  # young people only


def test_next_info_session_within_weeks(directory):
    assert names({"session_within_weeks": "2"}) == ["Espace Lire à Jambes (fictif)"]
    assert names({"session_within_weeks": "2"}, today=date.today() + timedelta(days=30)) == []


def test_session_of_one_training_counts_for_that_training_only(directory):
    liege = directory["liege"]
    kitchen = liege.trainings.get()
    other = TrainingFactory(centre=liege, site=kitchen.site, name="Aide en salle")
    InfoSessionFactory(centre=liege, site=kitchen.site, training=kitchen)
    assert set(names({"session_within_weeks": "2"})) == {
        "Espace Lire à Jambes (fictif)",  # a session for all its trainings
        "Cuisine solidaire de Liège (fictif)",
    }
    (liege_found,) = [
        c
        for c in results(search_directory({"session_within_weeks": "2", "near": "4000"}))
        if c["name"] == liege.name
    ]
    assert [t["name"] for t in liege_found["trainings"]] == [kitchen.name]
    assert other.name not in {t["name"] for t in liege_found["trainings"]}


def test_cancelled_or_past_sessions_do_not_count(directory):
    jambes = directory["jambes"]
    jambes.info_sessions.update(status="cancelled", cancellation_note="Formatrice malade")
    assert names({"session_within_weeks": "4"}) == []


def test_shown_trainings_are_the_matching_ones(directory, places):
    centre = directory["namur"]
    TrainingFactory(
        centre=centre, site=centre.sites.first(), name="Cuisine de collectivité", sector="horeca"
    )
    search = search_directory({"q": "maçonnerie"})
    (found,) = results(search)
    assert [t["name"] for t in found["trainings"]] == ["Ouvrier ou ouvrière en maçonnerie"]


def test_ties_rotate_daily_but_are_stable_within_a_day(places):
    for n in range(8):
        centre = CentreFactory(name=f"Centre égal {n} (fictif)")
        SiteFactory(centre=centre, postal_code=places["5000"])
    orders = {
        names({"near": "5000"}, today=date(2026, 1, 1) + timedelta(days=d))[0] for d in range(10)
    }
    assert len(orders) > 1, "the same centre came first ten days in a row"
    day = date(2026, 3, 3)
    assert names({"near": "5000"}, today=day) == names({"near": "5000"}, today=day)


def test_ties_never_beat_a_nearer_centre(places):
    near = CentreFactory(name="Proche (fictif)")
    SiteFactory(centre=near, postal_code=places["5000"])
    far = CentreFactory(name="Loin (fictif)")
    SiteFactory(centre=far, postal_code=places["5300"])
    for d in range(5):
        assert names({"near": "5000"}, today=date(2026, 1, 1) + timedelta(days=d)) == [
            "Proche (fictif)",
            "Loin (fictif)",
        ]


def test_distance_is_to_the_nearest_site(places):
    centre = CentreFactory()
    SiteFactory(centre=centre, postal_code=places["4000"])
    SiteFactory(centre=centre, postal_code=places["5100"])
    (found,) = results(search_directory({"near": "5000"}))
    assert found["distance_km"] == 1


def test_zero_results_explain_radius(directory):
    search = search_directory({"near": "Dinant", "radius_km": "10"})
    assert results(search) == []
    (suggestion,) = search.explain_empty()
    assert "Aucun centre à moins de 10 km. Le plus proche est à 22 km" in suggestion.message
    assert suggestion.params["radius_km"] == 25


def test_zero_results_far_from_everything(directory):
    search = search_directory({"near": "Arlon", "radius_km": "50"})
    assert results(search) == []
    (suggestion,) = search.explain_empty()
    assert "cherchez sans commune" in suggestion.message


def test_zero_results_explain_filter(directory):
    search = search_directory({"near": "Liège", "radius_km": "10", "sector": "construction"})
    assert results(search) == []
    messages = [s.message for s in search.explain_empty()]
    assert any("Secteur" in m and "1 centre" in m for m in messages)


def test_zero_results_without_any_way_out(db, places):
    search = search_directory({"q": "astronaute"})
    assert results(search) == []
    assert "Aucun centre ne correspond" in search.explain_empty()[0].message


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"near": "50"}, "near", "4 chiffres"),
        ({"near": "9999"}, "near", "n'existe pas"),
        ({"near": "Atlantide"}, "near", "Nous ne trouvons pas"),
        ({"near": "x" * 200}, "near", "plus court"),
        ({"radius_km": "0"}, "radius_km", "au moins 1 km"),
        ({"radius_km": "100000"}, "radius_km", "dépasser"),
        ({"radius_km": "beaucoup"}, "radius_km", "nombre"),
        ({"q": "a" * 500}, "q", "au plus 100"),
        ({"q": "!!! ???"}, "q", "au moins un mot"),
        ({"sector": "'; DROP TABLE directory_centre; --"}, "sector", "n'existe pas"),
        ({"session_within_weeks": "abc"}, "session_within_weeks", "n'existe pas"),
    ],
)
def test_bad_input_gives_french_message(places, data, field, message):
    search = search_directory(data)
    assert not search.is_valid
    assert message in search.form.errors[field][0]


def test_sql_and_html_in_the_box_are_just_text(directory):
    assert names({"q": "'; DROP TABLE directory_centre; --"}) == []
    assert names({"q": "<script>alert(1)</script> cuisine"}) == []
    assert names({"q": "cuisine"}) == ["Cuisine solidaire de Liège (fictif)"]


def test_one_statement_whatever_the_number_of_results(places, django_assert_num_queries):
    def run():
        search = search_directory({"near": "5000", "radius_km": "100", "q": "cuisine"})
        for centre in results(search):
            assert centre["sites"]
            assert centre["trainings"]
            assert centre["next_info_session"]

    def add_centres(n):
        for _ in range(n):
            centre = CentreFactory()
            site = SiteFactory(centre=centre, postal_code=places["5100"])
            TrainingFactory(centre=centre, site=site, name="Cuisine", sector="horeca")
            InfoSessionFactory(
                centre=centre, site=site, starts_at=timezone.now() + timedelta(days=3)
            )

    add_centres(1)
    # place lookup, then one statement: count, ranking, cards, trainings, next session
    with django_assert_num_queries(2):
        run()
    add_centres(10)
    with django_assert_num_queries(2):  # nothing is remembered between searches
        run()


def test_words_are_parsed_once_per_search(directory):
    """``to_tsquery`` on each row made PostgreSQL's generic plan of the statement look dear, so
    it planned every search with words anew (a third of its time, docs/decisions/0316). Each
    ``to_tsquery`` of the statement is a scalar subquery: computed once, whatever the plan."""
    search = search_directory({"near": "Namur", "radius_km": "100", "q": "maçonnerie"})
    sql = search.query().page_sql()
    calls = sql.count("to_tsquery(")
    assert calls >= 2
    assert sql.count("(SELECT to_tsquery('french', %(tsquery)s))") == calls
    assert results(search)


def test_each_form_has_its_own_fields():
    """The search form's fields are copied lightly (their choices are shared): what one form
    changes in its fields, widgets or messages stays out of the next form."""
    first, second = DirectorySearchForm(), DirectorySearchForm()
    first.fields["q"].widget.attrs["data-changed"] = "1"
    first.fields["sector"].error_messages["required"] = "changed"
    first.fields["sector"].validators.append(print)
    assert "data-changed" not in second.fields["q"].widget.attrs
    assert second.fields["sector"].error_messages["required"] != "changed"
    assert print not in second.fields["sector"].validators
    assert second.fields["q"] is not DirectorySearchForm.base_fields["q"]
    assert list(second.fields["sector"].choices)[0] == ("", "Tous les secteurs")
