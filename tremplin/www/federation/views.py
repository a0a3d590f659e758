"""The federation's entry page: directory validation and freshness, sector statistics."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Role
from tremplin.accounts.permissions import role_required
from tremplin.directory.models import Centre
from tremplin.www.entry_links import EntryLink, Section, render_entry_page

ANALYST = frozenset({Role.FEDERATION_ANALYST})

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
                ANALYST,
                "directory",
            ),
            EntryLink(
                "federation:directory_import",
                _("Importer l'annuaire"),
                _(
                    "Charger ou rafraîchir les centres, sites et formations depuis le fichier "
                    "de la fédération (XLSX ou CSV), avec un essai avant d'appliquer."
                ),
                ANALYST,
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
                ANALYST,
            ),
            EntryLink(
                "federation:staff_training:figures",
                _("Heures de formation continue du secteur"),
                _("Par thème et par fonction, pour une année."),
                ANALYST,
            ),
            EntryLink(
                "federation:library:list",
                _("Documents de référence"),
                _(
                    "Publier un document ou une nouvelle version ; "
                    "les centres qui le suivent sont prévenus."
                ),
                ANALYST,
            ),
            EntryLink(
                "federation:contract_template",
                _("Modèle du contrat de formation"),
                _("Les clauses que les centres impriment dans chaque contrat, et leur historique."),
                ANALYST,
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
                ANALYST,
            ),
        ),
    ),
)


@role_required(Role.FEDERATION_ANALYST)
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
