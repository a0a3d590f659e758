"""A counsellor's world near Couvin: two centres (Couvin, Chimay), a centre far away (Liège),
and two counsellors of the same Forem office plus one of another office."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tests.factories import OrganisationFactory, make_member
from tremplin.accounts.models import Role
from tremplin.directory.enums import Sector


@dataclass
class CounsellorWorld:
    couvin: object  # a training in Couvin
    chimay: object  # a training in Chimay
    liege: object  # a training in Liège
    office: object  # the Forem office of the counsellor and the colleague
    counsellor: object
    colleague: object
    stranger: object  # a counsellor of another office


def person_fields(**changes) -> dict:
    """The referral form's POST data for a fictitious person."""
    return {
        "first_name": "Nadia",
        "last_name": "Exemple",
        "birth_date": "1991-04-02",
        "email": "nadia@exemple.test",
        "consent_method": "in_person",
        "consent_given_on": timezone.localdate().isoformat(),
        "reason": "Veut apprendre un métier de la cuisine.",
        **changes,
    }


@pytest.fixture
def world(db):
    places = walloon_places()
    trainings = {}
    for code, centre_name, training_name in (
        ("5660", "Atelier du Viroin (fictif)", "Commis de cuisine"),
        ("6460", "Cuisine des Fagnes (fictif)", "Aide en cuisine de collectivité"),
        ("4000", "Cuisine solidaire de Liège (fictif)", "Cuisine de rue"),
    ):
        centre = CentreFactory(name=centre_name)
        site = SiteFactory(centre=centre, postal_code=places[code])
        trainings[code] = TrainingFactory(
            centre=centre, site=site, name=training_name, sector=Sector.HORECA
        )
        InfoSessionFactory(centre=centre, site=site, training=trainings[code])
    office = OrganisationFactory(name="Forem — bureau de Couvin (fictif)", prescriber=True)
    return CounsellorWorld(
        couvin=trainings["5660"],
        chimay=trainings["6460"],
        liege=trainings["4000"],
        office=office,
        counsellor=make_member(Role.PRESCRIBER, organisation=office, first_name="Paul"),
        colleague=make_member(Role.PRESCRIBER, organisation=office, first_name="Anne"),
        stranger=make_member(Role.PRESCRIBER, first_name="Marc"),
    )
