"""« Stagiaires et contrats » and « Sorties » : sorted by their columns and filtered (training,
group, status or reason, dates), all in the URL, with their count; the XLSX takes the same."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.directory.models import Training
from tremplin.training.models import Contract, ExitReason, Group
from tremplin.www.listing import Column, ListFilterForm, date_filter, listed

CONTRACT_COLUMNS = [
    Column("stagiaire", _("Stagiaire"), ("person__last_name", "person__first_name")),
    Column("formation", _("Formation"), ("training__name",)),
    Column("groupe", _("Groupe"), ("group__name",)),
    Column("debut", _("Période"), ("start_date",)),
    Column("statut", _("Statut"), ("status",)),
]
EXIT_COLUMNS = [
    Column(
        "stagiaire", _("Stagiaire"), ("contract__person__last_name", "contract__person__first_name")
    ),
    Column("formation", _("Formation"), ("contract__training__name",)),
    Column("date", _("Date"), ("date",)),
    Column("motif", _("Motif"), ("reason",)),
    Column("etape", _("Étape suivante"), ("next_step",)),
]


def _trainings(ids):
    return forms.ModelChoiceField(
        Training.objects.filter(pk__in=ids).order_by("name"),
        label=_("Formation"),
        required=False,
        empty_label=_("Toutes"),
    )


class ContractFilterForm(ListFilterForm):
    LOOKUPS = {
        "formation": "training",
        "groupe": "group",
        "statut": "status",
        "debut_du": "start_date__gte",
        "debut_au": "start_date__lte",
    }
    statut = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *Contract.Status.choices]
    )
    debut_du = date_filter(_("Début à partir du"))
    debut_au = date_filter(_("Début jusqu'au"))

    def __init__(self, data, contracts):
        self.base_fields = {
            "formation": _trainings(contracts.values("training")),
            "groupe": forms.ModelChoiceField(
                Group.objects.filter(pk__in=contracts.values("group")).order_by("name"),
                label=_("Groupe"),
                required=False,
                empty_label=_("Tous"),
            ),
            **type(self).base_fields,
        }
        super().__init__(data)


class ExitFilterForm(ListFilterForm):
    LOOKUPS = {
        "formation": "contract__training",
        "motif": "reason",
        "sortie_du": "date__gte",
        "sortie_au": "date__lte",
    }
    motif = forms.ChoiceField(
        label=_("Motif"), required=False, choices=[("", _("Tous")), *ExitReason.choices]
    )
    sortie_du = date_filter(_("Sortie à partir du"))
    sortie_au = date_filter(_("Sortie jusqu'au"))

    def __init__(self, data, exits):
        self.base_fields = {
            "formation": _trainings(exits.values("contract__training")),
            **type(self).base_fields,
        }
        super().__init__(data)


def contract_list_state(request, contracts):
    """``(contracts filtered and sorted, form, headers)``."""
    form = ContractFilterForm(request.GET, contracts)
    return (*listed(request, form, contracts, CONTRACT_COLUMNS, "stagiaire"), form)


def exit_list_state(request, exits):
    form = ExitFilterForm(request.GET, exits)
    return (*listed(request, form, exits, EXIT_COLUMNS, "-date"), form)
