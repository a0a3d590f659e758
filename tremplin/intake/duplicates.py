"""Finding the files of the same person in a centre, and merging them.

A file is a probable duplicate of another in the same centre when they share the NISS (by its
keyed hash) or the same name and birth date (case and accents ignored on the name).
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from tremplin.audit.niss import niss_digest
from tremplin.intake.models import Candidacy, Person, PersonMerge, Referral
from tremplin.intake.states import ACTIVE_STATES
from tremplin.refusals import Refused


class MergeRefused(Refused):
    """Two files that cannot be merged."""


def find_duplicates(centre, *, first_name, last_name, birth_date, niss="", exclude=None):
    """Files of ``centre`` that probably belong to the same person."""
    match = Q(
        first_name__unaccent__iexact=first_name.strip(),
        last_name__unaccent__iexact=last_name.strip(),
        birth_date=birth_date,
    )
    if niss:
        match |= Q(niss_hash=niss_digest(niss))
    found = Person.objects.held_by(centre).filter(match)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.order_by(Lower("last_name"), "created_at")


def duplicates_of(person: Person):
    return find_duplicates(
        person.holding_centre,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        niss=person.niss,
        exclude=person,
    )


# Fields copied from the merged file when the kept file has no value.
FILLABLE = (
    "niss",
    "email",
    "phone",
    "street",
    "postal_code",
    "municipality",
    "gender",
    "nationality_group",
    "highest_certificate",
    "forem_registration_date",
    "income_at_entry",
)


def merge(kept: Person, merged: Person, by) -> PersonMerge:
    """Move the candidacies and referrals of ``merged`` to ``kept``, fill the empty fields of
    ``kept`` from ``merged``, delete ``merged`` and log the merge."""
    if kept.pk == merged.pk:
        raise MergeRefused(_("Choisissez deux dossiers différents."))
    if kept.holding_centre_id != merged.holding_centre_id:
        raise MergeRefused(_("On ne peut fusionner que deux dossiers du même centre."))
    with transaction.atomic():
        kept = Person.objects.select_for_update().get(pk=kept.pk)
        merged = Person.objects.select_for_update().get(pk=merged.pk)
        clash = (
            Candidacy.objects.filter(person=merged, status__in=ACTIVE_STATES)
            .filter(
                training__in=kept.candidacies.filter(status__in=ACTIVE_STATES).values("training")
            )
            .exists()
        )
        if clash:
            raise MergeRefused(
                _(
                    "Les deux dossiers ont une candidature en cours pour la même formation. "
                    "Clôturez l'une des deux (retrait ou refus) avant de fusionner."
                )
            )
        candidacies = Candidacy.objects.filter(person=merged).update(person=kept)
        referrals = Referral.objects.filter(person=merged).update(person=kept)
        others = move_related(merged, kept)
        filled = [name for name in FILLABLE if fill(kept, merged, name)]
        merged_id = merged.pk
        # Free the NISS of the merged file first (one NISS per centre).
        Person.objects.filter(pk=merged_id).update(niss="", niss_hash="")
        merged.delete()
        kept.save()
        return PersonMerge.objects.create(
            kept=kept,
            merged_id=merged_id,
            moved={
                "candidacies": candidacies,
                "referrals": referrals,
                "others": others,
                "filled": filled,
            },
            by=by,
        )


def fill(kept: Person, merged: Person, name: str) -> bool:
    if getattr(kept, name) in (None, "") and getattr(merged, name) not in (None, ""):
        setattr(kept, name, getattr(merged, name))
        return True
    return False


def move_related(merged: Person, kept: Person) -> dict:
    """Move every other row that points to the merged file (training contracts, follow-ups…
    of the other apps) to the kept file. Return the counts by model."""
    moved = {}
    for rel in Person._meta.related_objects:
        model = rel.related_model
        if rel.one_to_one or model in (Candidacy, Referral, PersonMerge):
            continue
        count = model._base_manager.filter(**{rel.field.name: merged}).update(
            **{rel.field.name: kept}
        )
        if count:
            moved[model._meta.label] = count
    return moved
