"""The lists of the training area (contracts, exits, six-month follow-ups, statements), each
sorted by its columns and filtered by what people ask of it, all in the URL, with its count;
the XLSX takes the same filters and order."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from tremplin.training.models import Contract, ExitReason, FollowUp
from tremplin.www.listing import Column, FromRows, ListFilterForm, Listing, date_filter


class ContractFilterForm(ListFilterForm):
    FROM_ROWS = {
        "formation": FromRows("training", _("Formation"), _("Toutes")),
        "groupe": FromRows("group", _("Groupe"), _("Tous")),
    }
    LOOKUPS = {
        "statut": "status",
        "debut_du": "start_date__gte",
        "debut_au": "start_date__lte",
    }
    statut = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *Contract.Status.choices]
    )
    debut_du = date_filter(_("Début à partir du"))
    debut_au = date_filter(_("Début jusqu'au"))


class ExitFilterForm(ListFilterForm):
    FROM_ROWS = {"formation": FromRows("contract__training", _("Formation"), _("Toutes"))}
    LOOKUPS = {
        "motif": "reason",
        "sortie_du": "date__gte",
        "sortie_au": "date__lte",
    }
    motif = forms.ChoiceField(
        label=_("Motif"), required=False, choices=[("", _("Tous")), *ExitReason.choices]
    )
    sortie_du = date_filter(_("Sortie à partir du"))
    sortie_au = date_filter(_("Sortie jusqu'au"))


CONTRACTS = Listing(
    columns=[
        Column("stagiaire", _("Stagiaire"), ("person__last_name", "person__first_name")),
        Column("formation", _("Formation"), ("training__name",)),
        Column("groupe", _("Groupe"), ("group__name",)),
        Column("debut", _("Période"), ("start_date",)),
        Column("statut", _("Statut"), ("status",)),
    ],
    default="stagiaire",
    form=ContractFilterForm,
)
EXITS = Listing(
    columns=[
        Column(
            "stagiaire",
            _("Stagiaire"),
            ("contract__person__last_name", "contract__person__first_name"),
        ),
        Column("formation", _("Formation"), ("contract__training__name",)),
        Column("date", _("Date"), ("date",)),
        Column("motif", _("Motif"), ("reason",)),
        Column("etape", _("Étape suivante"), ("next_step",)),
    ],
    default="-date",
    form=ExitFilterForm,
)


class FollowUpFilterForm(ListFilterForm):
    FROM_ROWS = {"formation": FromRows("exit__contract__training", _("Formation"), _("Toutes"))}
    LOOKUPS = {
        "situation": "situation",
        "prevu_du": "due_on__gte",
        "prevu_au": "due_on__lte",
    }
    ANSWERED = {"oui": False, "non": True}  # value → answered_at__isnull
    reponse = forms.ChoiceField(
        label=_("Réponse"),
        required=False,
        choices=[("", _("Toutes")), ("non", _("Sans réponse")), ("oui", _("Avec réponse"))],
    )
    situation = forms.ChoiceField(
        label=_("Situation"),
        required=False,
        choices=[("", _("Toutes")), *FollowUp._meta.get_field("situation").choices],
    )
    prevu_du = date_filter(_("Prévu à partir du"))
    prevu_au = date_filter(_("Prévu jusqu'au"))

    def filter(self, queryset):
        queryset = super().filter(queryset)
        if self.is_valid() and self.cleaned_data["reponse"]:
            answered = self.ANSWERED[self.cleaned_data["reponse"]]
            queryset = queryset.filter(answered_at__isnull=answered)
        return queryset


FOLLOW_UPS = Listing(
    columns=[
        Column(
            "personne",
            _("Personne"),
            ("exit__contract__person__last_name", "exit__contract__person__first_name"),
        ),
        Column("formation", _("Formation"), ("exit__contract__training__name",)),
        Column("prevu", _("Prévu le"), ("due_on",)),
        Column("envoi", _("Envoi"), (F("sent_at"),)),
        # Without an answer first: those are the people to call.
        Column("reponse", _("Réponse"), (F("answered_at"), "due_on")),
    ],
    default="reponse",
    form=FollowUpFilterForm,
)


class StatementFilterForm(ListFilterForm):
    """Filters the month's contracts; the month itself is ``?mois=``."""

    FROM_ROWS = {
        "formation": FromRows("training", _("Formation"), _("Toutes")),
        "groupe": FromRows("group", _("Groupe"), _("Tous")),
    }


STATEMENTS = Listing(
    columns=[
        Column("stagiaire", _("Stagiaire"), ("person__last_name", "person__first_name")),
        Column("formation", _("Formation"), ("training__name",)),
        Column("suivies", _("Heures suivies"), ("m_followed",), numeric=True),
        Column("assimilees", _("Heures assimilées"), ("m_assimilated",), numeric=True),
        Column("injustifiees", _("Absence injustifiée"), ("m_unjustified",), numeric=True),
        Column("jours", _("Jours de présence"), ("m_days_present",), numeric=True),
        Column("allocation", _("Allocation"), numeric=True),
        Column("releve", _("Relevé")),
    ],
    default="stagiaire",
    form=StatementFilterForm,
)
