"""A small training world shared by the privacy tests: a group of a centre, its trainer (the
visitors' ``own:trainer``), a trainer of another group, a current contract, an ended contract
with its exit and 6-month follow-up, an admitted candidacy."""

import datetime

import pytest

from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tests.isolation import visitors_for
from tests.training.factories import ContractFactory, ExitFactory, GroupFactory
from tremplin.accounts.models import Role
from tremplin.intake.states import CandidacyStatus
from tremplin.training.models import Contract, FollowUp

GROUP_TRAINER = "own:trainer"


@pytest.fixture
def world():
    group = GroupFactory()
    centre = group.training.centre
    visitors = visitors_for(centre.organisation)
    group.trainer = visitors[GROUP_TRAINER]
    group.save(update_fields=["trainer"])
    other_trainer = make_member(Role.TRAINER, organisation=centre.organisation)
    GroupFactory(training=group.training, trainer=other_trainer)
    visitors["trainer_of_another_group"] = other_trainer
    contract = ContractFactory(group=group)
    ended = ContractFactory(
        group=group, status=Contract.Status.ENDED, actual_end_date=datetime.date(2023, 6, 30)
    )
    exit_ = ExitFactory(contract=ended)
    follow_up = FollowUp.objects.create(exit=exit_, due_on=datetime.date(2023, 12, 30))
    candidacy = CandidacyFactory(training=group.training, status=CandidacyStatus.ADMITTED)
    return {
        "group": group,
        "visitors": visitors,
        "contract": contract,
        "ended": ended,
        "follow_up": follow_up,
        "candidacy": candidacy,
    }
