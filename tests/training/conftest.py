import pytest

from tests.factories import make_member
from tests.training.factories import ContractFactory, GroupFactory
from tremplin.accounts.models import Role


@pytest.fixture
def group(db):
    return GroupFactory()


@pytest.fixture
def centre_org(group):
    return group.training.centre.organisation


@pytest.fixture
def coordinator(centre_org):
    return make_member(Role.COORDINATOR, organisation=centre_org)


@pytest.fixture
def trainer(group, centre_org):
    user = make_member(Role.TRAINER, organisation=centre_org)
    group.trainer = user
    group.save(update_fields=["trainer"])
    return user


@pytest.fixture
def contracts(group):
    return [ContractFactory(group=group) for _ in range(3)]
