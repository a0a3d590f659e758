"""The demo worlds give their trainees a plausible profile at entry (no blank field), drawn
from the world's seed in the shares the sector publishes."""

import datetime
import io
import random
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.directory.factories import TrainingFactory, walloon_places
from tests.training.test_contract_document import pdf_text
from tremplin.accounts.models import Membership, Role
from tremplin.demo import DemoWorld, build_world
from tremplin.directory.models import Site
from tremplin.intake.demo_addresses import NEARBY, STREETS, Addresses
from tremplin.intake.models import (
    Candidacy,
    CandidacyTransition,
    Person,
    Referral,
    SessionBooking,
)
from tremplin.territory.models import PostalCode
from tremplin.training.contract_templates import clauses_of
from tremplin.training.demo import build
from tremplin.training.demo_people import entry_profile
from tremplin.training.models import Contract, ContractTemplate

START = datetime.date(2024, 9, 2)


def shares(profiles, key):
    counts = Counter(profile[key] for profile in profiles)
    return {value: count / len(profiles) for value, count in counts.items()}


def test_the_profile_follows_the_published_shares():
    rng = random.Random(1)
    profiles = [entry_profile(rng, START) for _ in range(20_000)]
    certificates = shares(profiles, "highest_certificate")
    at_most_ce2d = sum(certificates[c] for c in ("none", "CEB", "CE1D", "CE2D"))
    assert at_most_ce2d == pytest.approx(0.70, abs=0.02)
    incomes = shares(profiles, "income_at_entry")
    assert incomes["unemployment_benefit"] == pytest.approx(0.41, abs=0.02)
    assert incomes["integration_income"] == pytest.approx(0.33, abs=0.02)
    assert incomes["none"] == pytest.approx(0.24, abs=0.02)
    assert incomes["other"] == pytest.approx(0.02, abs=0.01)
    assert shares(profiles, "nationality_group")["non_eu"] == pytest.approx(0.32, abs=0.02)
    assert set(shares(profiles, "gender")) == {"female", "male", "other"}
    assert all(p["forem_registration_date"] < START for p in profiles)


def test_same_seed_same_people():
    first = [entry_profile(random.Random(3), START) for _ in range(3)]
    again = [entry_profile(random.Random(3), START) for _ in range(3)]
    assert first == again


@pytest.mark.django_db
def test_demo_trainees_have_every_entry_field():
    TrainingFactory()
    TrainingFactory()
    world = DemoWorld(seed=1, scale="demo", years=2, stdout=io.StringIO())
    build(world)
    trainees = Person.objects.filter(contracts__isnull=False).distinct()
    assert trainees.count() > 20
    for name in ("gender", "highest_certificate", "income_at_entry", "nationality_group"):
        assert not trainees.filter(**{name: ""}).exists(), name
    assert not trainees.filter(forem_registration_date__isnull=True).exists()
    assert trainees.filter(nationality_group="non_eu").exists()
    # The loaded tables were analysed: the planner knows their size.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'training_attendanceday'")
        assert cursor.fetchone()[0] > 0


def demo_world() -> DemoWorld:
    """The world ``make run`` shows, with the trainings' follow-up."""
    walloon_places()
    world = DemoWorld(seed=1, scale="demo", stdout=io.StringIO())
    modules = ["directory", "accounts", "intake", "training"]
    build_world(world, [f"tremplin.{name}.demo" for name in modules])
    return world


@pytest.mark.django_db
def test_a_referred_person_at_contrat_signe_has_a_contract_the_counsellor_can_follow():
    """In the demo, the people whose referral reached « contrat signé » are in a group with a
    contract of that candidacy: with their agreement, the counsellor reads how the training
    goes (it read « En formation » only: no demo contract was linked to a candidacy)."""
    from tremplin.intake.states import CandidacyStatus
    from tremplin.training.referral_outcomes import outcome, standing_consent, with_outcome

    world = demo_world()
    signed = Referral.objects.filter(candidacy__status=CandidacyStatus.CONTRACT_SIGNED)
    assert signed.exists()
    for referral in with_outcome(signed.select_related("candidacy")):
        contract = Contract.objects.get(candidacy=referral.candidacy)
        assert contract.person_id == referral.person_id
        told = outcome(referral, world.today)
        if standing_consent(referral) is None:
            assert told == "En formation"
        else:
            assert told.startswith(("En formation depuis le", "Formation terminée", "Sortie"))


@pytest.mark.django_db
def test_every_demo_contract_is_signed_before_it_starts_after_its_referral():
    """Demo contracts are signed at or before their start, with the clauses version then in
    force; a referral, the candidacy it opened, its admission and the contract's signing
    come in that order (a demo contract read « aucun modèle de clauses » and « signé » today,
    and a referral was dated after the start of the contract it led to)."""
    demo_world()
    versions = list(ContractTemplate.objects.order_by("-version"))
    contracts = Contract.objects.select_related("template", "candidacy")
    assert contracts.filter(candidacy__isnull=False).exists()
    for contract in contracts:
        signed = contract.signed_at
        assert signed is not None and timezone.localdate(signed) <= contract.start_date
        in_force = next(v for v in versions if v.created_at <= signed)
        assert contract.template == in_force
        assert clauses_of(contract).signed_with
        if contract.candidacy is not None:
            assert contract.candidacy.updated_at == signed
    for candidacy in Candidacy.objects.all():
        admitted = candidacy.admitted_at or candidacy.created_at
        assert candidacy.created_at <= admitted <= candidacy.updated_at
    for transition in CandidacyTransition.objects.filter(candidacy__contracts__isnull=False):
        assert transition.at <= transition.candidacy.contracts.get().signed_at
    referrals = Referral.objects.filter(candidacy__contracts__isnull=False)
    assert referrals.exists()
    for referral in referrals.select_related("candidacy").prefetch_related("outcome_consents"):
        candidacy = referral.candidacy
        contract = candidacy.contracts.get()
        assert referral.created_at <= candidacy.created_at <= candidacy.admitted_at
        assert candidacy.admitted_at <= contract.signed_at
        assert referral.consent_given_on <= contract.start_date
        for consent in referral.outcome_consents.all():
            assert consent.given_on <= contract.start_date


def test_same_seed_same_addresses_near_the_site(db):
    places = walloon_places()
    site = Site(latitude=50.4669, longitude=4.8675, postal_code=places["5000"])
    first = [Addresses(random.Random(3)).draw(site) for _ in range(5)]
    assert first == [Addresses(random.Random(3)).draw(site) for _ in range(5)]
    nearest = Addresses(random.Random(3)).near(site)
    assert len(nearest) == min(NEARBY, PostalCode.objects.count())
    assert nearest[0]["code"] == "5000"


@pytest.mark.django_db
def test_demo_people_live_somewhere_have_a_file_as_old_as_their_story_and_a_signatory(client):
    """Every demo person has a fictitious home near their training (the contract read
    « domicile : adresse inconnue »), a file opened at or before their first candidacy,
    referral or signing (it read « créé le » the day of the demo), and every demo contract is
    signed by the coordination of its centre (``signed_by`` was empty)."""
    world = demo_world()
    people = Person.objects.annotate(
        first_candidacy=Min("candidacies__created_at"),
        first_referral=Min("referrals__created_at"),
        first_signing=Min("contracts__signed_at"),
    ).select_related("municipality")
    places = set(PostalCode.objects.values_list("code", "municipality_id"))
    assert people.count() > 100
    codes = {code for code, _municipality in places}
    for person in people:
        if person.created_from_booking:  # only what the booking asks: no street
            assert person.postal_code in codes and not person.street
        else:
            assert person.street.startswith(STREETS) and person.street[-1].isdigit()
            assert (person.postal_code, person.municipality_id) in places
        events = [person.first_candidacy, person.first_referral, person.first_signing]
        assert any(events)
        assert person.created_at <= min(e for e in events if e is not None)
    assert people.filter(contracts__isnull=False, candidacies__isnull=True).exists()
    assert people.filter(created_from_booking=True).exists()
    for booking in SessionBooking.objects.select_related("session"):
        assert booking.consent_given_at <= booking.created_at < booking.session.starts_at
    coordinators = set(
        Membership.objects.filter(role=Role.COORDINATOR).values_list("user", "organisation")
    )
    contracts = Contract.objects.select_related("centre", "person__municipality", "signed_by")
    for contract in contracts:
        assert (contract.signed_by_id, contract.centre.organisation_id) in coordinators
    # The demo coordinator reads it on the person file, the contract's page and its PDF.
    claire = world.objects["demo_users"]["coordinator"]
    contract = contracts.filter(signed_by=claire).order_by("start_date", "pk").first()
    person = contract.person
    client.force_login(claire)
    file = client.get(reverse("centre:person_detail", args=[person.pk])).text
    assert escape(person.street) in file and person.municipality.name_fr in file
    page = client.get(reverse("centre:training:contract", args=[contract.pk])).text
    assert "Signature enregistrée par" in page and "Claire Démo" in page
    pdf = client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content
    home = f"{person.street}, {person.postal_code} {person.municipality.name_fr}"
    assert f"domicile : {home}" in " ".join(pdf_text(pdf).split())
