"""Shared by the benchmarks that work in a transaction rolled back at the end (nothing stays in
the database): the rollback signal and fresh factory sequences."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Rollback(Exception):
    pass


def fresh_sequences():
    """Start the test factories' sequences past any row already in the database."""
    import time

    from tests.directory.factories import CentreFactory, TrainingFactory
    from tests.factories import OrganisationFactory, UserFactory
    from tests.training.factories import ContractFactory, GroupFactory, PersonFactory

    start = int(time.time() * 1000) % 10**9
    for factory_class in (
        CentreFactory,
        TrainingFactory,
        OrganisationFactory,
        UserFactory,
        ContractFactory,
        GroupFactory,
        PersonFactory,
    ):
        factory_class.reset_sequence(start)
