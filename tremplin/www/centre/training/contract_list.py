"""« Stagiaires et contrats » : the list sorted by its columns and filtered by training,
group, status and start dates (all in the URL), with its count; the XLSX takes the same."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.directory.models import Training
from tremplin.training.models import Contract, Group
from tremplin.www.listing import Column, sort_columns

COLUMNS = [
    Column("stagiaire", _("Stagiaire"), ("person__last_name", "person__first_name")),
    Column("formation", _("Formation"), ("training__name",)),
    Column("groupe", _("Groupe"), ("group__name",)),
    Column("debut", _("Période"), ("start_date",)),
    Column("statut", _("Statut"), ("status",)),
]
DEFAULT_SORT = "stagiaire"


class ContractFilterForm(forms.Form):
    formation = forms.ModelChoiceField(
        Training.objects.none(), label=_("Formation"), required=False, empty_label=_("Toutes")
    )
    groupe = forms.ModelChoiceField(
        Group.objects.none(), label=_("Groupe"), required=False, empty_label=_("Tous")
    )
    statut = forms.ChoiceField(label=_("Statut"), required=False)
    debut_du = forms.DateField(
        label=_("Début à partir du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    debut_au = forms.DateField(
        label=_("Début jusqu'au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, data, contracts):
        super().__init__(data)
        self.fields["formation"].queryset = Training.objects.filter(
            pk__in=contracts.values("training")
        ).order_by("name")
        self.fields["groupe"].queryset = Group.objects.filter(
            pk__in=contracts.values("group")
        ).order_by("name")
        self.fields["statut"].choices = [("", _("Tous")), *Contract.Status.choices]
        for name in ("formation", "groupe", "statut"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filter(self, contracts):
        if not self.is_valid():
            return contracts
        data = self.cleaned_data
        if data["formation"]:
            contracts = contracts.filter(training=data["formation"])
        if data["groupe"]:
            contracts = contracts.filter(group=data["groupe"])
        if data["statut"]:
            contracts = contracts.filter(status=data["statut"])
        if data["debut_du"]:
            contracts = contracts.filter(start_date__gte=data["debut_du"])
        if data["debut_au"]:
            contracts = contracts.filter(start_date__lte=data["debut_au"])
        return contracts


def contract_list_state(request, contracts):
    """``(contracts filtered and sorted, form, headers)``."""
    form = ContractFilterForm(request.GET, contracts)
    order_by, headers = sort_columns(request, COLUMNS, DEFAULT_SORT)
    return form.filter(contracts).order_by(*order_by), form, headers
