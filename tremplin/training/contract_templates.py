"""Publishing a new version of the training contract's clauses (the federation)."""

from django.db import IntegrityError, transaction
from django.db.models import Max

from tremplin.training.models.contract_template import ContractTemplate


def publish_template(*, clauses: str, validated: bool, note: str, by) -> ContractTemplate:
    """A new version after the latest one (never an edit of an old one: contracts signed with
    it keep their text). Two people publishing at once get two versions, never one lost."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = ContractTemplate.objects.aggregate(last=Max("version"))["last"] or 0
                return ContractTemplate.objects.create(
                    version=last + 1,
                    clauses=clauses.strip(),
                    validated=validated,
                    note=note.strip(),
                    created_by=by,
                )
        except IntegrityError:
            continue
    raise RuntimeError("Impossible de numéroter la nouvelle version du modèle.")
