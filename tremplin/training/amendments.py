"""The changes to a signed contract, each told by its amendment (« avenant »), decision 0658.

A contract is printed as it was signed: its planned end is the one before the first extension
(or the current one if it was never extended). Each change since — an extension
(``ContractExtension``) or a suspension (``ContractSuspension``) — is an ``Amendment``: a line
on the contract page and a PDF the centre and the trainee sign.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin import formatting
from tremplin.training.models import Contract, ContractExtension, ContractSuspension

KIND_LABELS = {
    "extension": gettext_lazy("Prolongation"),
    "suspension": gettext_lazy("Suspension"),
    "cancelled_suspension": gettext_lazy("Suspension annulée"),
}


@dataclass(frozen=True)
class Amendment:
    """One change to a signed contract: an extension or a suspension row."""

    row: ContractExtension | ContractSuspension

    @property
    def kind(self) -> str:
        return "extension" if isinstance(self.row, ContractExtension) else "suspension"

    @property
    def pk(self):
        return self.row.pk

    @property
    def label(self) -> str:
        if self.cancelled:
            return str(KIND_LABELS["cancelled_suspension"])
        return str(KIND_LABELS[self.kind])

    @property
    def cancelled(self) -> bool:
        """A suspension cancelled before it began (decision 0659)."""
        return self.kind == "suspension" and self.row.cancelled

    @property
    def changed_on(self) -> datetime.date:
        """The day the change was recorded: the date of the amendment."""
        return timezone.localdate(self.row.created_at)

    @property
    def created_by(self):
        return self.row.created_by

    @property
    def shortened(self) -> bool:
        return self.kind == "suspension" and self.row.shortened

    def sentences(self) -> list[str]:
        """What changes, in plain words (in the active language)."""
        row = self.row
        if self.kind == "extension":
            return [
                _("La fin prévue du contrat passe du %(before)s au %(after)s.")
                % {
                    "before": formatting.day(row.previous_end_date),
                    "after": formatting.day(row.new_end_date),
                }
            ]
        dates = {
            "start": formatting.day(row.starts_on),
            "end": formatting.day(row.ends_on),
            "reason": row.reason,
        }
        if row.cancelled:
            return [
                _("Le contrat devait être suspendu du %(start)s au %(end)s. Motif : %(reason)s")
                % dates,
                _(
                    "Suspension annulée le %(date)s, avant son début : le contrat n'a pas été "
                    "suspendu."
                )
                % {"date": formatting.day(timezone.localdate(row.cancelled_at))},
            ]
        said = [_("Le contrat est suspendu du %(start)s au %(end)s. Motif : %(reason)s") % dates]
        if row.shortened:
            said.append(
                _(
                    "La suspension était prévue jusqu'au %(planned)s. Elle a été raccourcie : "
                    "la formation a repris le %(back)s."
                )
                % {
                    "planned": formatting.day(row.planned_ends_on),
                    "back": formatting.day(row.ends_on + datetime.timedelta(days=1)),
                }
            )
        return said


def amendments_of(contract: Contract) -> list[Amendment]:
    """The changes to ``contract``, oldest first (two queries, whatever their number)."""
    rows = [
        *ContractExtension.objects.filter(contract=contract).select_related("created_by"),
        *ContractSuspension.objects.filter(contract=contract).select_related(
            "created_by", "cancelled_by"
        ),
    ]  # cancelled suspensions too: their amendment may be signed (decision 0659)
    return [Amendment(row) for row in sorted(rows, key=lambda row: row.created_at)]


def amendment_of(contract: Contract, pk) -> Amendment | None:
    """The change ``pk`` of ``contract`` (an extension or a suspension), or None."""
    for model in (ContractExtension, ContractSuspension):
        row = model.objects.filter(contract=contract, pk=pk).select_related("created_by").first()
        if row is not None:
            return Amendment(row)
    return None


def signed_end_date(contract: Contract, amendments: list[Amendment]) -> datetime.date:
    """The planned end the contract was signed with: the end before its first extension, or
    the current planned end if it was never extended (contracts extended before 0658 have no
    extension row: they print their current end)."""
    extensions = [a.row for a in amendments if a.kind == "extension"]
    if not extensions:
        return contract.planned_end_date
    return min(extension.previous_end_date for extension in extensions)
