"""Who the fictional trainees of the demo worlds are: a plausible profile at entry drawn from
the sector's published shares (domain.md §2.3, Interfédé "Données précarité 2021", CESEP
2024), so the statistics dashboards show a realistic spread instead of "Non renseigné".

Every draw comes from the world's seeded ``rng``: a seed gives the same people. Pure Python,
no query: the caller bulk-creates the persons.
"""

import datetime

from tremplin.intake.models import Certificate, Gender, IncomeAtEntry, NationalityGroup

# About 70 % hold at most the CE2D (CESDD).
CERTIFICATES = (
    (Certificate.NONE, 14),
    (Certificate.CEB, 20),
    (Certificate.CE1D, 16),
    (Certificate.CE2D, 20),
    (Certificate.CQ6, 12),
    (Certificate.CESS, 13),
    (Certificate.HIGHER, 5),
)
# 40.8 % unemployment or insertion benefits, 32.7 % CPAS integration income, 24.2 % nothing,
# 2.3 % other (sickness fund, social security).
INCOMES = (
    (IncomeAtEntry.UNEMPLOYMENT_BENEFIT, 41),
    (IncomeAtEntry.INTEGRATION_INCOME, 33),
    (IncomeAtEntry.NONE, 24),
    (IncomeAtEntry.OTHER, 2),
)
# About 32 % non-EU nationals (2025 written question, from a federation).
NATIONALITIES = (
    (NationalityGroup.BELGIAN, 60),
    (NationalityGroup.EU, 8),
    (NationalityGroup.NON_EU, 32),
)
# No published split: roughly balanced, a few people not saying.
GENDERS = ((Gender.MALE, 50), (Gender.FEMALE, 48), (Gender.OTHER, 2))
# Time registered at the Forem before the contract starts, in days (bands of the statistics:
# under 6 months, 6–12, 12–24, 24 months and more — most trainees are long-term job seekers).
REGISTRATION_DAYS = (((14, 181), 20), ((182, 364), 25), ((365, 729), 30), ((730, 2900), 25))


def _weighted(rng, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def entry_profile(rng, starts_on: datetime.date) -> dict:
    """The profile at entry of a person whose contract starts on ``starts_on``: keyword
    arguments for ``Person``."""
    low, high = _weighted(rng, REGISTRATION_DAYS)
    return {
        "gender": _weighted(rng, GENDERS),
        "highest_certificate": _weighted(rng, CERTIFICATES),
        "income_at_entry": _weighted(rng, INCOMES),
        "nationality_group": _weighted(rng, NATIONALITIES),
        "forem_registration_date": starts_on - datetime.timedelta(days=rng.randint(low, high)),
    }
