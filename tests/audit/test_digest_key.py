"""The NISS digest has its own key (0802): rotating the field key keeps it; changing the digest
key needs ``recompute_digests``, after which duplicates, the one-NISS-per-centre rule and the
statistics person keys work again."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings

from tests.intake.people_factories import VALID_NISS
from tests.training.factories import ContractFactory, PersonFactory
from tremplin.audit.niss import niss_digest
from tremplin.intake.duplicates import find_duplicates
from tremplin.intake.models import Person
from tremplin.stats.models import ContractFact
from tremplin.stats.refresh import refresh

pytestmark = pytest.mark.django_db
NISS = VALID_NISS[0]
NEW_DIGEST_KEY = "une-autre-cle-d-empreinte-pour-le-test-0802"


def find_by_niss(person):
    return find_duplicates(
        person.holding_centre, first_name="x", last_name="y", birth_date=None, niss=NISS
    )


def test_rotating_the_field_key_keeps_the_digest(settings):
    before = niss_digest(NISS)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{settings.FIELD_ENCRYPTION_KEY}"
    assert niss_digest(NISS) == before


def test_the_digest_follows_its_own_key(settings):
    before = niss_digest(NISS)
    settings.LOOKUP_DIGEST_KEY = NEW_DIGEST_KEY
    assert niss_digest(NISS) != before
    assert niss_digest(NISS, key=NEW_DIGEST_KEY) == niss_digest(NISS)


def test_recompute_restores_lookups_constraint_and_statistics_keys():
    first = ContractFactory(person=PersonFactory(niss=NISS))
    refresh()
    first_key = ContractFact.objects.get(contract_id=first.pk).person_key
    with override_settings(LOOKUP_DIGEST_KEY=NEW_DIGEST_KEY):
        assert list(find_by_niss(first.person)) == []  # stale digests find nothing
        call_command("recompute_digests", "--dry-run")
        assert Person.objects.get(pk=first.person.pk).niss_hash != niss_digest(NISS)
        call_command("recompute_digests")
        person = Person.objects.get(pk=first.person.pk)
        assert person.niss_hash == niss_digest(NISS)
        assert list(find_by_niss(person)) == [person]
        with pytest.raises(IntegrityError), transaction.atomic():
            PersonFactory(holding_centre=person.holding_centre, niss=NISS)
        # The same human in another centre shares the statistics key of the first file.
        second = ContractFactory(person=PersonFactory(niss=NISS))
        refresh()
        assert ContractFact.objects.get(contract_id=second.pk).person_key == first_key
        assert ContractFact.objects.get(contract_id=first.pk).person_key == first_key
        call_command("recompute_digests")  # idempotent
        assert Person.objects.get(pk=person.pk).niss_hash == niss_digest(NISS)


def test_files_added_with_the_new_key_before_recompute_are_reported_not_overwritten():
    old = PersonFactory(niss=NISS)
    with override_settings(LOOKUP_DIGEST_KEY=NEW_DIGEST_KEY):
        # Not caught: the old file's digest is stale.
        PersonFactory(holding_centre=old.holding_centre, niss=NISS)
        with pytest.raises(CommandError, match="même NISS"):
            call_command("recompute_digests")
        assert Person.objects.get(pk=old.pk).niss_hash != niss_digest(NISS)
