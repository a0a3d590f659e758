"""The sector's indicators, one function each, computed from the anonymised facts.

Every function takes the ``year``, an optional ``centre`` (the centre's own figures) and
``protect`` (apply the small-cell rule, for the federation and the public). It returns a
JSON-able dict with the total and the breakdowns by province, IBEFE area, objective, method
and sector (``tremplin.stats.publish``). ``sector_report`` and ``centre_report`` gather them.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from tremplin.stats import labels
from tremplin.stats.models import ContractFact, ExitKind, HoursFact
from tremplin.stats.privacy import THRESHOLD, is_small, suppress_line
from tremplin.stats.publish import clean, publish
from tremplin.stats.queries import DIMENSIONS, grouped, grouped_many, queryset_sql

# 6-month situations that count as "in a job or a qualifying training".
POSITIVE_SITUATIONS = ("job", "training")
SCORES = ("score_welcome", "score_content", "score_support", "score_future")

INDICATORS = (
    "centres",
    "trainings",
    "people_under_contract",
    "hours",
    "profile_at_entry",
    "interruptions",
    "exits",
    "situation_6_months",
    "satisfaction",
    "staff_training",
)


def _contracts(year, centre=None):
    facts = ContractFact.objects.under_contract_in(year)
    return facts.for_centre(centre) if centre else facts


def _exits(year, centre=None):
    facts = ContractFact.objects.exited_in(year)
    return facts.for_centre(centre) if centre else facts


def _columns(queryset, *extra):
    return queryset.values(*DIMENSIONS.values(), *extra)


# --- offer -----------------------------------------------------------------------------------


def centres(year: int, centre=None, protect: bool = True) -> dict:
    """Centres with at least one trainee under contract in the year, by method (DéFI only, EFT
    only, both) and legal form, and by the dimensions of their trainings. Centres are not
    people: no small-cell rule."""
    from tremplin.directory.models import Centre

    facts = _contracts(year, centre)
    result = publish(
        grouped(_columns(facts, "centre_id"), {"people": "COUNT(DISTINCT centre_id)"}),
        labels=labels.dimension_labels(),
        protect=False,
    )
    active = Centre.objects.filter(pk__in=facts.values("centre_id")).values_list(
        "methods", "legal_form"
    )
    by_method, by_legal_form = Counter(), Counter()
    for methods, legal_form in active:
        by_method["both" if len(set(methods)) > 1 else methods[0]] += 1
        by_legal_form[legal_form] += 1
    result["by_method"] = [
        {"key": k, "label": str(v), "value": by_method.get(k, 0)}
        for k, v in labels.CENTRE_METHODS.items()
    ]
    result["by_legal_form"] = [
        {"key": k, "label": str(v), "value": by_legal_form.get(k, 0)}
        for k, v in labels.legal_form_labels().items()
    ]
    return result


def trainings(year: int, centre=None, protect: bool = True) -> dict:
    """Trainings (filières) with at least one trainee under contract in the year."""
    facts = _contracts(year, centre)
    return publish(
        grouped(_columns(facts, "training_id"), {"people": "COUNT(DISTINCT training_id)"}),
        labels=labels.dimension_labels(),
        protect=False,
    )


# --- people and hours ----------------------------------------------------------------------------


def people_under_contract(year: int, centre=None, protect: bool = True) -> dict:
    """People with a contract running at some point of the year, counted once however many
    contracts (``people``), and the number of contracts."""
    facts = _contracts(year, centre)
    return publish(
        grouped(
            _columns(facts, "person_key"),
            {"people": "COUNT(DISTINCT person_key)", "contracts": "COUNT(*)"},
        ),
        labels=labels.dimension_labels(),
        protect=protect,
    )


def hours(year: int, centre=None, protect: bool = True) -> dict:
    """Hours followed and *assimilées* in the year, summed from the attendance register."""
    facts = HoursFact.objects.in_year(year)
    if centre:
        facts = facts.for_centre(centre)
    # Sum the months of each contract first (a contract has one set of dimensions): the
    # grouping sets then count distinct people over four times fewer rows.
    per_contract = (
        _columns(facts, "person_key", "contract_id")
        .order_by()
        .annotate(followed=Sum("hours_followed"), assimilated=Sum("hours_assimilated"))
    )
    return publish(
        grouped(
            per_contract,
            {
                "people": "COUNT(DISTINCT person_key)",
                "followed": "COALESCE(SUM(followed), 0)",
                "assimilated": "COALESCE(SUM(assimilated), 0)",
                "total": "COALESCE(SUM(followed + assimilated), 0)",
            },
        ),
        labels=labels.dimension_labels(),
        protect=protect,
    )


def profile_at_entry(year: int, centre=None, protect: bool = True) -> dict:
    """Profile of the people under contract in the year, at the entry of their first contract
    of the year: one distribution per attribute, with the cross tables by dimension."""
    facts = _contracts(year, centre)
    sql, params = queryset_sql(
        _columns(facts, "person_key", "start_month", "contract_id", *labels.profile_labels())
    )
    attributes = labels.profile_labels()
    dimension_columns = ", ".join(f"c.{column}" for column in DIMENSIONS.values())
    attribute_columns = ", ".join(f"p.{attribute}" for attribute in attributes)
    per_person = (
        f"WITH c AS ({sql}), p AS MATERIALIZED ("
        f"SELECT DISTINCT ON (person_key) person_key, {', '.join(attributes)} FROM c "
        f"ORDER BY person_key, start_month, contract_id) "
        f"SELECT {dimension_columns}, c.person_key, {attribute_columns} "
        f"FROM c JOIN p ON p.person_key = c.person_key"
    )
    measured = grouped_many(
        (per_person, params), {"people": "COUNT(DISTINCT person_key)"}, list(attributes)
    )
    dimension_labels = labels.dimension_labels()
    return {
        attribute: {
            "title": str(title),
            **publish(
                measured[attribute],
                labels=dimension_labels,
                category_labels=names,
                protect=protect,
            ),
        }
        for attribute, (title, names) in attributes.items()
    }


# --- exits and outcomes ----------------------------------------------------------------------


def exits(year: int, centre=None, protect: bool = True) -> dict:
    """Exits in the year by destination (the exit reason), with the share of positive exits."""
    facts = _exits(year, centre)
    measured = grouped(
        _columns(facts, "person_key", "exit_reason", "exit_kind"),
        {
            "people": "COUNT(DISTINCT person_key)",
            "exits": "COUNT(*)",
            "positive": f"COUNT(*) FILTER (WHERE exit_kind = '{ExitKind.POSITIVE}')",
        },
        category="exit_reason",
    )
    return publish(
        measured,
        labels=labels.dimension_labels(),
        category_labels=labels.exit_reason_labels(),
        protect=protect,
    )


def interruptions(year: int, centre=None, protect: bool = True) -> dict:
    """Interruptions in the year by reason, and their share of all exits."""
    facts = _exits(year, centre).filter(exit_kind=ExitKind.INTERRUPTION)
    measured = grouped(
        _columns(facts, "person_key", "exit_reason"),
        {"people": "COUNT(DISTINCT person_key)", "interruptions": "COUNT(*)"},
        category="exit_reason",
    )
    result = publish(
        measured,
        labels=labels.dimension_labels(),
        category_labels=labels.exit_reason_labels(ExitKind.INTERRUPTION),
        protect=protect,
    )
    all_exits = _exits(year, centre).count()
    count = measured.total.get("interruptions") or 0
    shown = result["total"]["value"] is not None
    result["share_of_exits"] = round(count / all_exits, 4) if all_exits and shown else None
    return result


def situation_6_months(year: int, centre=None, protect: bool = True) -> dict:
    """Situation 6 months after the exits of the year: the share in a job or a training, and
    the number of answers it rests on."""
    facts = _exits(year, centre).filter(followup_answered=True)
    positive = ", ".join(f"'{s}'" for s in POSITIVE_SITUATIONS)
    measured = grouped(
        _columns(facts, "person_key", "followup_situation"),
        {
            "people": "COUNT(DISTINCT person_key)",
            "answers": "COUNT(*)",
            "in_job_or_training": f"COUNT(*) FILTER (WHERE followup_situation IN ({positive}))",
        },
        category="followup_situation",
    )
    result = publish(
        measured,
        labels=labels.dimension_labels(),
        category_labels=labels.situation_labels(),
        protect=protect,
    )
    for cell in [result["total"], *(c for rows in result["by"].values() for c in rows)]:
        value = cell["value"]
        if value is not None:
            answers = value["answers"]
            value["share"] = round(value["in_job_or_training"] / answers, 4) if answers else None
    result["exits"] = _exits(year, centre).count()
    return result


def satisfaction(year: int, centre=None, protect: bool = True) -> dict:
    """Mean scores (1 to 5) of the anonymous satisfaction survey, and the number of answers."""
    from tremplin.training.models import SatisfactionResponse

    responses = SatisfactionResponse.objects.filter(month__year=year)
    if centre:
        responses = responses.filter(centre=centre)
    municipality = "training__site__postal_code__municipality__"
    responses = responses.annotate(
        province_code=F(f"{municipality}province_id"),
        ibefe_code=F(f"{municipality}ibefe_area_id"),
        objective=F("training__objective"),
        method=F("training__method"),
        sector=F("training__sector"),
    ).values(*DIMENSIONS.values(), *SCORES)
    measures = {"people": "COUNT(*)"} | {
        f"mean_{score}": f"ROUND(AVG({score}), 2)" for score in SCORES
    }
    result = publish(
        grouped(responses, measures), labels=labels.dimension_labels(), protect=protect
    )
    from tremplin.training.models import SCORE_QUESTIONS

    result["questions"] = [
        {"key": f"mean_{k}", "label": str(label)} for k, label in SCORE_QUESTIONS
    ]
    return result


def staff_training(year: int, centre=None, protect: bool = True) -> dict:
    """Hours of continuing training of the centres' staff by theme and role (issue 16)."""
    from tremplin.staff_training.figures import hours_by_theme_and_role

    return hours_by_theme_and_role(year, centre.organisation if centre else None, protect)


# --- reports ------------------------------------------------------------------------------------

FUNCTIONS = {
    "centres": centres,
    "trainings": trainings,
    "people_under_contract": people_under_contract,
    "hours": hours,
    "profile_at_entry": profile_at_entry,
    "interruptions": interruptions,
    "exits": exits,
    "situation_6_months": situation_6_months,
    "satisfaction": satisfaction,
    "staff_training": staff_training,
}


def activity_by_training(year: int, centre, protect: bool = False) -> list[dict]:
    """The centre's filières for its annual activity report: agreed hours, hours followed and
    *assimilées*, people and contracts in the year. With ``protect`` (the version sent to the
    administration) the small-cell rule hides the people of a filière, and its contracts and
    hours with them (``suppressed``: "small" or "secondary")."""
    hours_by_training = {
        row["training_id"]: row
        for row in HoursFact.objects.in_year(year)
        .for_centre(centre)
        .values("training_id")
        .annotate(followed=Sum("hours_followed"), assimilated=Sum("hours_assimilated"))
    }
    people_by_training = {
        row["training_id"]: row
        for row in _contracts(year, centre)
        .values("training_id")
        .annotate(people=Count("person_key", distinct=True), contracts=Count("pk"))
    }
    rows = []
    for training in centre.trainings.order_by("name"):
        hours_row = hours_by_training.get(training.pk, {})
        people_row = people_by_training.get(training.pk, {})
        if not hours_row and not people_row and not training.is_active:
            continue
        rows.append(
            {
                "training": training.name,
                "objective": training.get_objective_display(),
                "method": labels.METHOD_SHORT.get(training.method, training.method),
                "sector": training.get_sector_display(),
                "agreed_hours": training.agreed_hours_per_year,
                "followed": clean(hours_row.get("followed") or 0),
                "assimilated": clean(hours_row.get("assimilated") or 0),
                "people": people_row.get("people", 0),
                "contracts": people_row.get("contracts", 0),
            }
        )
    if protect and rows:
        total = _contracts(year, centre).aggregate(people=Count("person_key", distinct=True))
        flags, _total_flag = suppress_line([row["people"] for row in rows], total["people"])
        for row, flag in zip(rows, flags, strict=True):
            row["suppressed"] = flag
            if flag:
                row.update(people=None, contracts=None, followed=None, assimilated=None)
    return rows


def key_figures(year: int, centre=None, protect: bool = True) -> dict:
    """The few totals compared from one year to the next (a total of fewer than 5 people is
    hidden when ``protect``)."""
    contracts = _contracts(year, centre).aggregate(
        people=Count("person_key", distinct=True),
        contracts=Count("pk"),
        centres=Count("centre_id", distinct=True),
        trainings=Count("training_id", distinct=True),
    )
    hour_facts = HoursFact.objects.in_year(year)
    if centre:
        hour_facts = hour_facts.for_centre(centre)
    hour_totals = hour_facts.aggregate(
        people=Count("person_key", distinct=True),
        followed=Sum("hours_followed"),
        assimilated=Sum("hours_assimilated"),
    )
    people_hidden = protect and is_small(contracts["people"])
    hours_hidden = protect and is_small(hour_totals["people"])
    return {
        "year": year,
        "centres": contracts["centres"],
        "trainings": contracts["trainings"],
        "people_under_contract": None if people_hidden else contracts["people"],
        "contracts": None if people_hidden else contracts["contracts"],
        "hours_followed": None if hours_hidden else clean(hour_totals["followed"] or 0),
        "hours_assimilated": None if hours_hidden else clean(hour_totals["assimilated"] or 0),
    }


def _report(year: int, centre, protect: bool) -> dict:
    report = {
        "year": year,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "small_cell_threshold": THRESHOLD if protect else None,
        "dimensions": {k: str(v) for k, v in labels.DIMENSION_LABELS.items()},
    }
    for name, function in FUNCTIONS.items():
        report[name] = function(year, centre, protect)
    report["previous_year"] = key_figures(year - 1, centre, protect)
    return report


def sector_report(year: int) -> dict:
    """The sector's figures for ``year``, small cells suppressed (federation and public)."""
    return {"scope": "sector", **_report(year, None, protect=True)}


def centre_report(centre, year: int, for_administration: bool = False) -> dict:
    """One centre's own figures for ``year`` (no small-cell rule: the centre knows its
    trainees; still no person in it). ``for_administration``: the version that leaves the
    centre, under the same small-cell rule as the federation's."""
    return {
        "scope": "centre",
        "for_administration": for_administration,
        "centre": {
            "id": str(centre.pk),
            "name": centre.name,
            "agrement_number": centre.agrement_number,
            "legal_form": centre.get_legal_form_display(),
            "methods": centre.get_methods_display(),
        },
        **_report(year, centre, protect=for_administration),
        "activity_by_training": activity_by_training(year, centre, protect=for_administration),
    }


def evolution(current, previous) -> float | None:
    """Relative change from ``previous`` to ``current`` (``0.119`` for +11.9 %)."""
    if current is None or not previous:
        return None
    return clean((current - previous) / previous)


def latest_complete_year(today=None) -> int:
    return (today or timezone.localdate()).year - 1


# --- what the sector figures rest on ------------------------------------------------------------


def coverage(year: int) -> dict:
    """Centres whose register is on Tremplin for ``year`` (at least one contract in the year)
    out of the centres agreed (every centre of the directory has an agreement number): the
    sector figures describe those centres only."""
    from tremplin.directory.models import Centre

    agreed = Centre.objects.exclude(agrement_number="").count()
    reporting = (
        ContractFact.objects.under_contract_in(year)
        .order_by()
        .values("centre_id")
        .distinct()
        .count()
    )
    return {
        "reporting": reporting,
        "agreed": agreed,
        "share": clean(reporting / agreed) if agreed else None,
    }


def completeness(year: int) -> list[dict]:
    """Per centre reporting in ``year``: its contracts, those without the highest diploma or
    the income at entry, and its exits without a reason (one query each, whatever the number
    of centres). Centres are not people: no small-cell rule."""
    from tremplin.directory.models import Centre

    contracts = {
        row["centre_id"]: row
        for row in ContractFact.objects.under_contract_in(year)
        .order_by()
        .values("centre_id")
        .annotate(
            contracts=Count("pk"),
            without_certificate=Count("pk", filter=Q(certificate="")),
            without_income=Count("pk", filter=Q(income_at_entry="")),
        )
    }
    exits = dict(
        ContractFact.objects.exited_in(year)
        .order_by()
        .values("centre_id")
        .annotate(without_reason=Count("pk", filter=Q(exit_reason="")))
        .values_list("centre_id", "without_reason")
    )
    names = dict(Centre.objects.filter(pk__in=contracts).values_list("pk", "name"))
    rows = [
        {
            "centre": names.get(centre_id, ""),
            "contracts": row["contracts"],
            "without_certificate": row["without_certificate"],
            "without_income": row["without_income"],
            "exits_without_reason": exits.get(centre_id, 0),
        }
        for centre_id, row in contracts.items()
    ]
    return sorted(rows, key=lambda row: row["centre"])
