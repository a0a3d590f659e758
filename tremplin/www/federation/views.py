"""The federation's entry page: directory validation and freshness, sector statistics."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability
from tremplin.directory.models import Centre
from tremplin.www.decorators import staff_view
from tremplin.www.entry_links import EntryLink, Section, render_entry_page

SECTIONS = (
    Section(
        _("Annuaire des centres"),
        (
            EntryLink(
                "federation:directory_entries",
                _("Fiches à valider et fraîcheur"),
                _(
                    "Valider les nouvelles fiches et les changements d'agrément. "
                    "Voir les fiches pas mises à jour."
                ),
                Capability.REVIEW_DIRECTORY,
                "directory",
            ),
            EntryLink(
                "federation:directory_import",
                _("Importer l'annuaire"),
                _(
                    "Charger ou rafraîchir les centres, sites et formations depuis le fichier "
                    "de la fédération (XLSX ou CSV), avec un essai avant d'appliquer."
                ),
                Capability.REVIEW_DIRECTORY,
            ),
        ),
    ),
    Section(
        _("Formation continue et documents"),
        (
            EntryLink(
                "federation:staff_training:catalogue",
                _("Catalogue de formation continue"),
                _("Modules, sessions, inscriptions, présences, exports."),
                Capability.RUN_STAFF_TRAINING,
            ),
            EntryLink(
                "federation:staff_training:figures",
                _("Heures de formation continue du secteur"),
                _("Par thème et par fonction, pour une année."),
                Capability.RUN_STAFF_TRAINING,
            ),
            EntryLink(
                "federation:library:list",
                _("Documents de référence"),
                _(
                    "Publier un document ou une nouvelle version ; "
                    "les centres qui le suivent sont prévenus."
                ),
                Capability.MANAGE_LIBRARY,
            ),
            EntryLink(
                "federation:contract_template",
                _("Modèle du contrat de formation"),
                _("Les clauses que les centres impriment dans chaque contrat, et leur historique."),
                Capability.EDIT_CONTRACT_TEMPLATE,
            ),
        ),
    ),
    Section(
        _("Statistiques"),
        (
            EntryLink(
                "federation:stats",
                _("Statistiques du secteur"),
                _("Les chiffres de tous les centres, et les rapports à télécharger."),
                Capability.SEE_SECTOR_STATS,
            ),
        ),
    ),
)


@staff_view("GET", capability=Capability.SEE_SECTOR_STATS)
def dashboard(request):
    memberships = list(request.user.memberships.active().select_related("organisation"))
    counts = {
        "awaiting_validation": Centre.objects.awaiting_validation().count(),
        "stale_entries": Centre.objects.stale(timezone.localdate()).count(),
    }
    return render_entry_page(
        request,
        title=_("Espace fédération"),
        sections=SECTIONS,
        memberships=memberships,
        counts=counts,
        count_template="www/federation/_entry_count.html",
    )
