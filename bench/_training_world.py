"""Shared setup of the training benchmarks: Django on ``DATABASE_URL``, work in a transaction
that is rolled back at the end (nothing stays in the database)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


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
