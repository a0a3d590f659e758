"""Build the anonymised facts from the register with INSERT … SELECT (decision record 0701).

Idempotent: running it twice gives the same facts. Facts of contracts that no longer exist
(their person was erased after the retention period) are kept as they are: they are the
archive that keeps past years' figures stable.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from tremplin.stats.models import (
    AgeBand,
    ContractFact,
    ExitKind,
    HoursFact,
    PersonKey,
    RegistrationBand,
)


@dataclass
class RefreshResult:
    person_keys: int
    contract_facts: int
    hours_facts: int
    hours_deleted: int


def _table(label: str) -> str:
    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


def _tables() -> dict:
    return {
        "person": _table("intake.Person"),
        "contract": _table("training.Contract"),
        "exit": _table("training.Exit"),
        "followup": _table("training.FollowUp"),
        "attendance": _table("training.AttendanceDay"),
        "training": _table("directory.Training"),
        "site": _table("directory.Site"),
        "postalcode": _table("territory.PostalCode"),
        "municipality": _table("territory.Municipality"),
        "personkey": connection.ops.quote_name(PersonKey._meta.db_table),
        "erasure": _table("audit.ErasureRecord"),
        "contractfact": connection.ops.quote_name(ContractFact._meta.db_table),
        "hoursfact": connection.ops.quote_name(HoursFact._meta.db_table),
    }


def _period(year: int | None) -> tuple[datetime.date, datetime.date]:
    if year is None:
        return datetime.date(1900, 1, 1), datetime.date(9999, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _sql_list(values) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


PERSON_KEYS_SQL = """
WITH new AS (
    SELECT DISTINCT p.id, p.niss_hash
    FROM {person} p JOIN {contract} c ON c.person_id = p.id
    WHERE c.start_date <= %(end)s
      AND COALESCE(c.actual_end_date, c.planned_end_date) >= %(start)s
      AND NOT EXISTS (SELECT 1 FROM {personkey} k WHERE k.person_id = p.id)
),
existing AS (
    SELECT DISTINCT ON (p.niss_hash) p.niss_hash, k.key
    FROM {personkey} k JOIN {person} p ON p.id = k.person_id
    WHERE p.niss_hash <> ''
    ORDER BY p.niss_hash, k.key
),
fresh AS MATERIALIZED (
    SELECT h.niss_hash, gen_random_uuid() AS key
    FROM (SELECT DISTINCT niss_hash FROM new WHERE niss_hash <> '') h
    WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.niss_hash = h.niss_hash)
)
INSERT INTO {personkey} (person_id, key)
SELECT n.id, COALESCE(e.key, f.key, gen_random_uuid())
FROM new n
LEFT JOIN existing e ON n.niss_hash <> '' AND e.niss_hash = n.niss_hash
LEFT JOIN fresh f ON n.niss_hash <> '' AND f.niss_hash = n.niss_hash
"""

CONTRACT_FACTS_SQL = """
INSERT INTO {contractfact} (
    contract_id, person_key, centre_id, training_id, objective, method, sector,
    province_code, ibefe_code, residence_province_code, residence_ibefe_code,
    birth_year, age_band, gender, certificate, registration_band, income_at_entry,
    nationality_group, start_month, end_month, exit_month, exit_kind, exit_reason,
    followup_answered, followup_situation, refreshed_at
)
SELECT
    c.id, k.key, c.centre_id, c.training_id, t.objective, t.method, t.sector,
    COALESCE(sm.province_id, ''), COALESCE(sm.ibefe_area_id, ''),
    COALESCE(pm.province_id, ''), COALESCE(pm.ibefe_area_id, ''),
    EXTRACT(YEAR FROM p.birth_date)::int,
    CASE
        WHEN p.birth_date IS NULL THEN '{age_unknown}'
        WHEN date_part('year', age(c.start_date, p.birth_date)) < 25 THEN '{age_under_25}'
        WHEN date_part('year', age(c.start_date, p.birth_date)) < 35 THEN '{age_25_34}'
        WHEN date_part('year', age(c.start_date, p.birth_date)) < 45 THEN '{age_35_44}'
        WHEN date_part('year', age(c.start_date, p.birth_date)) < 55 THEN '{age_45_54}'
        ELSE '{age_55_plus}'
    END,
    p.gender, p.highest_certificate,
    CASE
        WHEN p.forem_registration_date IS NULL OR p.forem_registration_date > c.start_date
            THEN '{reg_none}'
        WHEN (date_part('year', age(c.start_date, p.forem_registration_date)) * 12
              + date_part('month', age(c.start_date, p.forem_registration_date))) < 6
            THEN '{reg_under_6}'
        WHEN (date_part('year', age(c.start_date, p.forem_registration_date)) * 12
              + date_part('month', age(c.start_date, p.forem_registration_date))) < 12
            THEN '{reg_6_11}'
        WHEN (date_part('year', age(c.start_date, p.forem_registration_date)) * 12
              + date_part('month', age(c.start_date, p.forem_registration_date))) < 24
            THEN '{reg_12_23}'
        ELSE '{reg_24_plus}'
    END,
    p.income_at_entry, p.nationality_group,
    date_trunc('month', c.start_date)::date,
    date_trunc('month', COALESCE(c.actual_end_date, c.planned_end_date))::date,
    date_trunc('month', e.date)::date,
    CASE
        WHEN e.reason IN ({positive}) THEN '{kind_positive}'
        WHEN e.reason IN ({interruptions}) THEN '{kind_interruption}'
        WHEN e.reason IS NOT NULL THEN '{kind_completed}'
        ELSE ''
    END,
    COALESCE(e.reason, ''),
    f.answered_at IS NOT NULL,
    CASE WHEN f.answered_at IS NOT NULL THEN COALESCE(f.situation, '') ELSE '' END,
    now()
FROM {contract} c
JOIN {personkey} k ON k.person_id = c.person_id
JOIN {person} p ON p.id = c.person_id
JOIN {training} t ON t.id = c.training_id
JOIN {site} s ON s.id = t.site_id
JOIN {postalcode} spc ON spc.id = s.postal_code_id
JOIN {municipality} sm ON sm.nis_code = spc.municipality_id
LEFT JOIN {municipality} pm ON pm.nis_code = p.municipality_id
LEFT JOIN {exit} e ON e.contract_id = c.id
LEFT JOIN {followup} f ON f.exit_id = e.id
WHERE c.start_date <= %(end)s
  AND COALESCE(c.actual_end_date, c.planned_end_date) >= %(start)s
  -- A pseudonymised person's facts were taken before (apply_retention, 0804): frozen.
  AND NOT EXISTS (
      SELECT 1 FROM {erasure} r
      WHERE r.kind = 'person' AND r.action = 'pseudonymised' AND r.object_id = c.person_id::text
  )
ON CONFLICT (contract_id) DO UPDATE SET
    person_key = EXCLUDED.person_key, centre_id = EXCLUDED.centre_id,
    training_id = EXCLUDED.training_id, objective = EXCLUDED.objective,
    method = EXCLUDED.method, sector = EXCLUDED.sector,
    province_code = EXCLUDED.province_code, ibefe_code = EXCLUDED.ibefe_code,
    residence_province_code = EXCLUDED.residence_province_code,
    residence_ibefe_code = EXCLUDED.residence_ibefe_code,
    birth_year = EXCLUDED.birth_year, age_band = EXCLUDED.age_band,
    gender = EXCLUDED.gender, certificate = EXCLUDED.certificate,
    registration_band = EXCLUDED.registration_band,
    income_at_entry = EXCLUDED.income_at_entry,
    nationality_group = EXCLUDED.nationality_group,
    start_month = EXCLUDED.start_month, end_month = EXCLUDED.end_month,
    exit_month = EXCLUDED.exit_month, exit_kind = EXCLUDED.exit_kind,
    exit_reason = EXCLUDED.exit_reason, followup_answered = EXCLUDED.followup_answered,
    followup_situation = EXCLUDED.followup_situation, refreshed_at = EXCLUDED.refreshed_at
"""

# Hours of contracts that still exist are rebuilt; those of erased contracts stay.
DELETE_HOURS_SQL = """
DELETE FROM {hoursfact} h
WHERE h.month BETWEEN %(start)s AND %(end)s
  AND EXISTS (SELECT 1 FROM {contract} c WHERE c.id = h.contract_id)
"""

HOURS_FACTS_SQL = """
INSERT INTO {hoursfact} (
    contract_id, person_key, centre_id, training_id, objective, method, sector,
    province_code, ibefe_code, month, hours_followed, hours_assimilated
)
SELECT m.contract_id, f.person_key, f.centre_id, f.training_id, f.objective, f.method,
       f.sector, f.province_code, f.ibefe_code, m.month, m.followed, m.assimilated
FROM (
    SELECT a.contract_id, date_trunc('month', a.day)::date AS month,
           SUM(a.hours_followed) AS followed, SUM(a.hours_assimilated) AS assimilated
    FROM {attendance} a
    WHERE a.day BETWEEN %(start)s AND %(end)s
    GROUP BY a.contract_id, date_trunc('month', a.day)
) m
JOIN {contractfact} f ON f.contract_id = m.contract_id
"""


def _format(sql: str) -> str:
    from tremplin.training.models import INTERRUPTIONS, POSITIVE_EXITS

    return sql.format(
        **_tables(),
        positive=_sql_list(POSITIVE_EXITS),
        interruptions=_sql_list(INTERRUPTIONS),
        kind_positive=ExitKind.POSITIVE,
        kind_interruption=ExitKind.INTERRUPTION,
        kind_completed=ExitKind.COMPLETED,
        age_unknown=AgeBand.UNKNOWN,
        age_under_25=AgeBand.UNDER_25,
        age_25_34=AgeBand.FROM_25_TO_34,
        age_35_44=AgeBand.FROM_35_TO_44,
        age_45_54=AgeBand.FROM_45_TO_54,
        age_55_plus=AgeBand.OVER_55,
        reg_none=RegistrationBand.NOT_REGISTERED,
        reg_under_6=RegistrationBand.UNDER_6,
        reg_6_11=RegistrationBand.FROM_6_TO_11,
        reg_12_23=RegistrationBand.FROM_12_TO_23,
        reg_24_plus=RegistrationBand.OVER_24,
    )


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def refresh(year: int | None = None, dry_run: bool = False) -> RefreshResult:
    """Build the facts of the contracts running in ``year`` (all years when ``None``) and the
    hours of that year. With ``dry_run`` everything is rolled back: the result says what would
    have been written."""
    start, end = _period(year)
    params = {"start": start, "end": end}
    result = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_format(PERSON_KEYS_SQL), params)
            keys = cursor.rowcount
            cursor.execute(_format(CONTRACT_FACTS_SQL), params)
            contracts = cursor.rowcount
            cursor.execute(_format(DELETE_HOURS_SQL), params)
            deleted = cursor.rowcount
            cursor.execute(_format(HOURS_FACTS_SQL), params)
            result = RefreshResult(keys, contracts, cursor.rowcount, deleted)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return result
