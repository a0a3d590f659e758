"""Demo candidacies: every state for the first centre's trainings, referrals, idempotent."""

import io

import pytest

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tremplin.accounts.models import Role
from tremplin.audit.niss import validate_niss
from tremplin.demo import DemoWorld
from tremplin.intake.demo_candidacies import build_candidacies
from tremplin.intake.models import Candidacy, Person, Referral
from tremplin.intake.states import CandidacyStatus

pytestmark = pytest.mark.django_db


def test_demo_has_candidacies_in_every_state_and_referrals():
    training = TrainingFactory()
    world = DemoWorld(seed=1, stdout=io.StringIO())
    world.objects["demo_users"] = {
        "coordinator": make_member(Role.COORDINATOR, organisation=training.centre.organisation),
        "prescriber_forem": make_member(Role.PRESCRIBER),
    }
    build_candidacies(world, training.centre)
    states = set(Candidacy.objects.filter(training=training).values_list("status", flat=True))
    assert states == set(CandidacyStatus.values)
    assert Referral.objects.exists()
    for person in Person.objects.all()[:20]:
        validate_niss(person.niss)
    count = Candidacy.objects.count()
    build_candidacies(world, training.centre)
    assert Candidacy.objects.count() == count
