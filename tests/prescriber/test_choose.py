"""Choosing a training in the directory and referring from a result: distances from the
person's place, seats left, freshness; closed, full and already-referred trainings refused in
French with nothing half-saved."""

import datetime
import html
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from tests.directory.factories import BRAINES, listed_centres, walloon_places
from tests.intake.people_factories import VALID_NISS, PersonFactory
from tests.isolation import assert_only_allowed, visitors_for
from tests.prescriber.conftest import person_fields
from tests.training.factories import ContractFactory
from tremplin import formatting
from tremplin.directory.models import Centre
from tremplin.intake.models import Candidacy, Person, Referral

pytestmark = pytest.mark.django_db

SEARCH = "/prescripteur/orientations/nouvelle/"


def refer_url(training, near=""):
    return f"{SEARCH}{training.pk}/" + (f"?near={near}" if near else "")


def test_search_near_couvin_shows_distance_seats_freshness_and_refer_links(client, world):
    client.force_login(world.counsellor)
    page = client.get(SEARCH, {"near": "Couvin", "sector": "horeca"}).content.decode()
    assert "Atelier du Viroin" in page and "Cuisine des Fagnes" in page
    assert "Cuisine solidaire de Liège" not in page  # beyond the 25 km radius
    assert "de chez la personne" in page
    assert "10 places libres" in page
    updated = formatting.day(world.couvin.centre.updated_at)
    assert f"Fiche du centre mise à jour le {updated}." in page
    assert "Plus de six mois" not in page
    assert f'href="{refer_url(world.couvin, "Couvin")}"' in page
    # Couvin (0 km) comes before Chimay (13 km).
    assert page.index("Atelier du Viroin") < page.index("Cuisine des Fagnes")


def test_a_search_that_cannot_be_done_is_sent_back_with_its_mistake(client, world):
    client.force_login(world.counsellor)
    response = client.get(SEARCH, {"near": "Atlantide"})
    assert response.status_code == 400
    assert "Nous ne trouvons pas « Atlantide »." in response.content.decode()
    assert client.get(SEARCH).status_code == 200  # the empty form is no mistake


def test_a_place_several_municipalities_start_with_is_not_chosen(client, world):
    """« Braine »: the counsellor chooses the person's municipality, the search does not."""
    braines = walloon_places(BRAINES)
    listed_centres(1, braines["1420"])
    client.force_login(world.counsellor)
    response = client.get(SEARCH, {"near": "Braine", "sector": "horeca"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Plusieurs communes commencent par « Braine »." in page
    assert ">Orienter<" not in page
    for name in ("Braine-l’Alleud", "Braine-le-Château", "Braine-le-Comte"):
        assert f'href="?{urlencode({"near": name, "sector": "horeca"})}"' in page
    chosen = client.get(SEARCH, {"near": "Braine-l’Alleud"})
    assert chosen.status_code == 200 and "1 centre trouvé" in chosen.content.decode()


def test_refer_with_an_ambiguous_place_typed_in_the_address(client, world):
    client.force_login(world.counsellor)
    walloon_places(BRAINES)
    page = client.get(refer_url(world.chimay, "Braine")).content.decode()
    assert "Aide en cuisine de collectivité" in page and "km de " not in page


def test_search_results_warn_of_an_entry_older_than_six_months(client, world):
    old = timezone.now() - datetime.timedelta(days=200)
    Centre.objects.filter(pk=world.chimay.centre_id).update(updated_at=old)
    client.force_login(world.counsellor)
    page = client.get(SEARCH, {"near": "Couvin", "sector": "horeca"}).content.decode()
    assert f"Fiche du centre mise à jour le {formatting.day(old)}." in page
    assert page.count("Plus de six mois") == 1


def test_search_page_query_count_does_not_grow_with_results(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.counsellor)
    client.get(SEARCH, {"near": "Couvin"})  # warm the place lookup's reference lists
    with django_assert_max_num_queries(20) as before:
        client.get(SEARCH, {"near": "Couvin"})
    listed_centres(3, world.couvin.site.postal_code)
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(SEARCH, {"near": "Couvin"}).content.decode()
    assert page.count(">Orienter<") == 5


def test_refer_from_a_result(client, world):
    client.force_login(world.counsellor)
    page = client.get(refer_url(world.chimay, "Couvin")).content.decode()
    assert "Aide en cuisine de collectivité" in page
    assert "km de Couvin" in page and "10 places libres" in page
    assert 'value="5660"' in page  # the person's postal code, from the search
    response = client.post(refer_url(world.chimay), person_fields(near="Couvin"))
    referral = Referral.objects.get()
    assert response["Location"] == f"/prescripteur/orientations/{referral.pk}/"
    assert referral.candidacy.training == world.chimay
    assert referral.prescriber_organisation == world.office


def test_a_closed_training_is_refused_in_french(client, world):
    client.force_login(world.counsellor)
    world.couvin.is_active = False
    world.couvin.save()
    page = client.get(refer_url(world.couvin)).content.decode()
    assert "Cette formation est fermée" in page and '<form method="post"' not in page
    page = client.post(refer_url(world.couvin), person_fields()).content.decode()
    assert "Cette formation est fermée" in page
    Centre.objects.filter(pk=world.chimay.centre_id).update(status=Centre.Status.DRAFT)
    assert "Cette formation est fermée" in client.get(refer_url(world.chimay)).content.decode()
    assert not Person.objects.exists() and not Referral.objects.exists()


def test_a_full_training_needs_the_counsellor_to_confirm(client, world):
    world.couvin.places = 1
    world.couvin.save()
    ContractFactory(training=world.couvin, group=None)
    client.force_login(world.counsellor)
    page = client.get(refer_url(world.couvin)).content.decode()
    assert "Cette formation est complète pour le moment" in page
    page = client.post(refer_url(world.couvin), person_fields()).content.decode()
    assert "cochez « Orienter quand même »" in page
    assert not Referral.objects.exists() and not Person.objects.filter(first_name="Nadia").exists()
    response = client.post(refer_url(world.couvin), person_fields(even_if_full="on"))
    assert response.status_code == 302 and Referral.objects.count() == 1


def test_a_person_already_referred_by_a_colleague_is_told_who_and_when(client, world):
    client.force_login(world.colleague)
    client.post(refer_url(world.couvin), person_fields())
    client.force_login(world.counsellor)
    page = client.post(refer_url(world.couvin), person_fields(email="autre@exemple.test"))
    page = page.content.decode()
    day = formatting.day(timezone.localdate())
    assert (
        f"Anne Fictif, de votre organisme, a déjà orienté cette personne vers cette formation "
        f"le {day}"
    ) in page
    assert Referral.objects.count() == 1 and Candidacy.objects.count() == 1
    # The person's file was not completed with the refused referral's e-mail.
    assert Person.objects.get().email == "nadia@exemple.test"


def test_a_consent_date_in_the_future_is_refused(client, world):
    client.force_login(world.counsellor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.post(
        refer_url(world.couvin), person_fields(consent_given_on=tomorrow.isoformat())
    ).content.decode()
    assert "La date de l&#x27;accord ne peut pas être dans le futur." in page
    assert not Person.objects.exists()


def test_a_consent_date_more_than_a_year_ago_is_refused(client, world):
    """2000-01-01 was accepted: a year typed wrong made the agreement older than anything."""
    from tremplin.intake.referrals import CONSENT_MAX_AGE

    client.force_login(world.counsellor)
    for day in (
        "2000-01-01",
        (timezone.localdate() - CONSENT_MAX_AGE - datetime.timedelta(days=1)).isoformat(),
    ):
        response = client.post(refer_url(world.couvin), person_fields(consent_given_on=day))
        assert response.status_code == 400
        page = html.unescape(response.content.decode())
        assert "La date de l'accord a plus d'un an" in page and "vérifiez l'année" in page
    assert not Person.objects.exists()
    oldest = (timezone.localdate() - CONSENT_MAX_AGE).isoformat()
    client.post(refer_url(world.couvin), person_fields(consent_given_on=oldest))
    assert Referral.objects.get().consent_given_on.isoformat() == oldest


def test_a_wrong_niss_is_told_with_the_other_mistakes_at_once(client, world):
    client.force_login(world.counsellor)
    response = client.post(
        refer_url(world.couvin), person_fields(niss="85.07.30-033.29", consent_method="")
    )
    assert response.status_code == 400  # sent back with its mistakes (it answered 200)
    page = response.content.decode()
    assert "Ce numéro de registre national n&#x27;est pas valide" in page
    assert "Ce champ est obligatoire" in page  # the missing agreement, in the same answer
    assert not Person.objects.exists() and not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("phone", "abc", "Ce numéro de téléphone n&#x27;est pas valable. Exemple : 0470 12 34 56."),
        ("phone", "012 34 56 78 90", "Un numéro belge a 9 chiffres (fixe) ou 10 chiffres (GSM)"),
        ("postal_code", "9999", "Le code postal 9999 n&#x27;existe pas en Belgique."),
    ],
)
def test_a_mistyped_phone_or_postal_code_is_sent_back(client, world, field, typed, message):
    """A phone « abc » or a postal code 9999 reached the centre (the booking form and the
    simulator already refused them): the counsellor is told, with what was typed kept."""
    client.force_login(world.counsellor)
    email = "" if field == "phone" else "nadia@exemple.test"
    response = client.post(refer_url(world.couvin), person_fields(email=email, **{field: typed}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'name="{field}" value="{typed}"' in page and 'value="Nadia"' in page
    assert "Indiquez un e-mail ou un téléphone" not in page  # a phone was typed, wrongly
    assert not Person.objects.exists() and not Referral.objects.exists()


def test_the_phone_is_kept_in_one_form(client, world):
    client.force_login(world.counsellor)
    response = client.post(refer_url(world.couvin), person_fields(phone="0470/12.34.56"))
    assert response.status_code == 302
    assert Person.objects.get().phone == "+32470123456"


def test_a_wrong_niss_never_completes_the_centre_file_of_the_person(client, world):
    known = PersonFactory(
        holding_centre=world.couvin.centre,
        first_name="Nadia",
        last_name="Exemple",
        birth_date=datetime.date(1991, 4, 2),
    )
    client.force_login(world.counsellor)
    page = client.post(refer_url(world.couvin), person_fields(niss="85073003329"))
    assert "n&#x27;est pas valide" in page.content.decode()
    known.refresh_from_db()
    assert known.niss == "" and not Referral.objects.exists()


def test_a_niss_the_centre_knows_under_another_name_never_shows_that_file(client, world):
    """A counsellor who types the NISS of someone else in the centre must not see that
    person's name, nor refer them: the referral is refused, nothing is written."""
    PersonFactory(
        holding_centre=world.couvin.centre,
        first_name="Brahim",
        last_name="Autrepersonne",
        birth_date=datetime.date(1985, 7, 30),
        niss=VALID_NISS[0],
    )
    client.force_login(world.stranger)
    response = client.post(
        refer_url(world.couvin), person_fields(niss=VALID_NISS[0], birth_date="1985-07-30")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "déjà un dossier avec ce numéro de registre national" in page
    assert "Brahim" not in page and "Autrepersonne" not in page
    assert not Referral.objects.exists() and Person.objects.count() == 1
    # The name typed in the form stays for the counsellor to correct.
    assert 'value="Nadia"' in page


def test_the_same_person_with_the_same_niss_is_referred_on_the_centre_file(client, world):
    known = PersonFactory(
        holding_centre=world.couvin.centre,
        first_name="Nadia",
        last_name="Exémple",
        birth_date=datetime.date(1985, 7, 30),
        niss=VALID_NISS[0],
    )
    client.force_login(world.counsellor)
    response = client.post(
        refer_url(world.couvin), person_fields(niss=VALID_NISS[0], birth_date="1985-07-30")
    )
    assert response.status_code == 302
    assert Referral.objects.get().person == known and Person.objects.count() == 1


def test_only_prescribers_open_the_referral_pages(client, world):
    visitors = visitors_for(world.couvin.centre.organisation)
    for url in (SEARCH, refer_url(world.couvin)):
        assert_only_allowed(client, url, allowed={"prescriber"}, visitors=visitors)
