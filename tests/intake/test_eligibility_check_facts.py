"""The centre's eligibility check asks the equivalent social aid of the CPAS (D1, issue 10)."""

import datetime

import pytest

from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tremplin.accounts.models import Role
from tremplin.intake.eligibility_checks import ASKED_FACTS, record_check
from tremplin.www.centre.candidacies.forms import EligibilityForm

pytestmark = pytest.mark.django_db


def test_equivalent_social_aid_is_asked_and_decides_d1():
    assert "equivalent_social_aid" in ASKED_FACTS
    assert "equivalent_social_aid" in EligibilityForm.base_fields
    candidacy = CandidacyFactory()
    candidacy.person.birth_date = datetime.date(1990, 5, 1)
    candidacy.person.save(update_fields=["birth_date"])
    staff = make_member(Role.COORDINATOR, organisation=candidacy.training.centre.organisation)
    answers = {
        "forem_registered": False,
        "highest_certificate": "CEB",
        "integration_income": False,
        "equivalent_social_aid": True,
    }
    check = record_check(candidacy, staff, answers, [])
    assert (check.status, check.categories) == ("eligible", ["D1"])
    assert check.situation["equivalent_social_aid"] is True
