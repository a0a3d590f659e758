"""Intake: people coming in. Bookings of information sessions (``SessionBooking``), person
files (``Person``), candidacies and their workflow log, referrals by prescribers, interviews
and eligibility checks. One module per topic; everything is importable from here.

Business operations live in ``tremplin.intake.booking`` (bookings), ``person`` (files),
``duplicates``, ``workflow`` (candidacy transitions), ``referrals``, ``interviews`` and
``eligibility_checks``.
"""

from tremplin.intake.models.bookings import (
    CANCEL_TOKEN_SALT,
    SessionBooking,
    SessionBookingQuerySet,
)
from tremplin.intake.models.candidacies import (
    STALE_AFTER,
    Candidacy,
    CandidacyQuerySet,
    CandidacyTransition,
    DerogationQuota,
    DerogationQuotaQuerySet,
)
from tremplin.intake.models.interviews import (
    NEEDS,
    EligibilityCheck,
    EligibilityEvidence,
    EvidenceType,
    Interview,
    NeedLevel,
    need_level_field,
    need_notes_field,
)
from tremplin.intake.models.opt_outs import (
    MessageOptOut,
)
from tremplin.intake.models.people import (
    PERSON_MAX_AGE,
    PERSON_MIN_AGE,
    Certificate,
    Gender,
    IncomeAtEntry,
    NationalityGroup,
    Person,
    PersonMerge,
    PersonQuerySet,
    age_on,
    trainer_person_ids,
)
from tremplin.intake.models.referral_records import (
    OutcomeConsent,
    ReferralEligibility,
)
from tremplin.intake.models.referrals import (
    ConsentMethod,
    Referral,
    ReferralQuerySet,
)

__all__ = [
    "CANCEL_TOKEN_SALT",
    "Candidacy",
    "CandidacyQuerySet",
    "CandidacyTransition",
    "Certificate",
    "ConsentMethod",
    "DerogationQuota",
    "DerogationQuotaQuerySet",
    "EligibilityCheck",
    "EligibilityEvidence",
    "EvidenceType",
    "Gender",
    "IncomeAtEntry",
    "Interview",
    "MessageOptOut",
    "NEEDS",
    "NationalityGroup",
    "OutcomeConsent",
    "NeedLevel",
    "PERSON_MAX_AGE",
    "PERSON_MIN_AGE",
    "Person",
    "PersonMerge",
    "PersonQuerySet",
    "Referral",
    "ReferralEligibility",
    "ReferralQuerySet",
    "STALE_AFTER",
    "SessionBooking",
    "SessionBookingQuerySet",
    "age_on",
    "need_level_field",
    "need_notes_field",
    "trainer_person_ids",
]
