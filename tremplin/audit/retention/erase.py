"""Erase a person (every row about them and every history copy) or pseudonymise them.

Erasing deletes the person file and everything that hangs from it — candidacies, referrals,
interviews, contracts, attendance, exits, follow-ups, social follow-up — then the pghistory
event rows of each deleted row (insert, update and delete events copy the data). The access
log keeps only ids and stays. Statistics facts have no link to these rows and stay (0701).

Pseudonymising keeps what subsidy control needs (contracts, attendance, hours, exits, the
follow-up situation) and removes or coarsens the rest (and the documents prepared about the
person, « Mes documents »), in the rows and in their history:
no name, NISS, contact, street, postal code or free text; birth date → 1 January of the birth
year, Forem registration → first day of its month; the commune stays. It is *pseudonymised*,
not anonymous: the centre could still link the rows to a person with outside information.
"""

import datetime

from django.db import models
from django.db.models.deletion import Collector

from tremplin.documents.models import GeneratedDocument
from tremplin.intake.models import (
    Candidacy,
    CandidacyTransition,
    EligibilityCheck,
    Interview,
    Person,
    Referral,
)
from tremplin.training.models import ContractSuspension, Exit, FollowUp, SocialFollowUp

PSEUDONYM = "Pseudonymisé"
BLOCKING = (models.PROTECT, models.RESTRICT)


def _blocking_children(queryset):
    """Querysets of rows that point at ``queryset`` with PROTECT/RESTRICT (deleted first)."""
    for relation in queryset.model._meta.related_objects:
        if relation.on_delete in BLOCKING and not relation.many_to_many:
            manager = relation.related_model._base_manager
            yield manager.filter(**{f"{relation.field.name}__in": queryset.values("pk")})


def _delete_tree(queryset, deleted: dict) -> None:
    for children in _blocking_children(queryset):
        if children.exists():
            _delete_tree(children, deleted)
    collector = Collector(using=queryset.db)
    collector.collect(list(queryset))
    for model, instances in collector.data.items():
        deleted.setdefault(model, set()).update(obj.pk for obj in instances)
    for qs in collector.fast_deletes:
        deleted.setdefault(qs.model, set()).update(qs.values_list("pk", flat=True))
    collector.delete()


def forget_history(model, pks) -> int:
    """Delete the pghistory events of ``model`` rows ``pks`` (all trackers, delete included)."""
    count = 0
    for event_model in getattr(model, "pgh_event_models", {}).values():
        count += event_model.objects.filter(pgh_obj_id__in=list(pks)).delete()[0]
    return count


def forget_documents(person: Person) -> int:
    """Delete the documents prepared about ``person`` (« Mes documents »: the copy of their
    data): they hold everything the erasure removes."""
    return GeneratedDocument.objects.about(person).delete()[0]


def erase_person(person: Person) -> dict[str, int]:
    """Delete ``person`` and everything about them, history included. Returns counts by
    model label. Call inside a transaction."""
    deleted: dict = {}
    forget_documents(person)
    _delete_tree(Person.objects.filter(pk=person.pk), deleted)
    counts = {}
    for model, pks in deleted.items():
        counts[model._meta.label] = len(pks)
        forget_history(model, pks)
    return counts


def _coarse(person: Person) -> dict:
    birth = person.birth_date
    registered = person.forem_registration_date
    return {
        "first_name": "",
        "last_name": PSEUDONYM,
        "niss": "",
        "niss_hash": "",
        "email": "",
        "phone": "",
        "street": "",
        "postal_code": "",
        "birth_date": datetime.date(birth.year, 1, 1) if birth else None,
        "forem_registration_date": registered.replace(day=1) if registered else None,
    }


# Free text (and special-category detail) blanked in each kept row and in its history.
FREE_TEXT = (
    (Candidacy, "person", {"decision_message": ""}),
    (EligibilityCheck, "candidacy__person", {"situation": {}, "result": {}}),
    (Referral, "person", {"reason": PSEUDONYM, "barriers": ""}),
    (CandidacyTransition, "candidacy__person", {"reason": ""}),
    (ContractSuspension, "contract__person", {"reason": PSEUDONYM}),
    (Exit, "contract__person", {"next_step": "", "partner": "", "interview_note": ""}),
    (FollowUp, "exit__contract__person", {"comment": ""}),
)


def _blank(model, queryset, values: dict) -> int:
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    model._base_manager.filter(pk__in=pks).update(**values)
    for event_model in getattr(model, "pgh_event_models", {}).values():
        fields = {f.name for f in event_model._meta.fields}
        event_model.objects.filter(pgh_obj_id__in=pks).update(
            **{k: v for k, v in values.items() if k in fields}
        )
    return len(pks)


def pseudonymise_person(person: Person) -> dict[str, int]:
    """Keep the subsidy evidence of ``person``, remove who they are. Idempotent."""
    counts = {GeneratedDocument._meta.label: forget_documents(person)}
    values = _coarse(person)
    counts[Person._meta.label] = _blank(Person, Person.objects.filter(pk=person.pk), values)
    for model, path, blanks in FREE_TEXT:
        counts[model._meta.label] = _blank(
            model, model._base_manager.filter(**{path: person}), blanks
        )
    # Interviews and social follow-up are free text and special-category data: deleted.
    for queryset in (
        Interview.objects.filter(candidacy__person=person),
        SocialFollowUp.objects.filter(contract__person=person),
    ):
        deleted: dict = {}
        _delete_tree(queryset, deleted)
        for model, pks in deleted.items():
            counts[model._meta.label] = len(pks)
            forget_history(model, pks)
    return counts
