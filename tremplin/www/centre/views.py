"""The centre's entry page: every page the reader's roles open, with a few live counts."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, capabilities_by_organisation
from tremplin.audit.models import AccessRequest
from tremplin.directory.models import InfoSession
from tremplin.intake.models import STALE_AFTER, Candidacy
from tremplin.intake.states import OPEN_STATES, CandidacyStatus
from tremplin.staff_training.models import Registration
from tremplin.training.models import Contract
from tremplin.www.decorators import staff_view
from tremplin.www.entry_links import (
    EntryLink,
    Section,
    held_anywhere,
    organisations_holding,
    render_entry_page,
)

SECTIONS = (
    Section(
        _("Candidatures"),
        (
            EntryLink(
                "centre:inbox_index",
                _("Boîte des candidatures"),
                _("Les candidatures reçues, par formation : inviter, recevoir, décider."),
                Capability.SEE_PERSON_FILE,
                "new_candidacies",
            ),
            EntryLink(
                "centre:candidacy_new",
                _("Accueillir une personne"),
                _("Une personne vient au centre : créer son dossier et sa candidature."),
                Capability.SEE_PERSON_FILE,
            ),
            EntryLink(
                "centre:booking_sessions",
                _("Séances d'information et inscriptions"),
                _("Qui est inscrit, liste de présence, export."),
                Capability.MANAGE_BOOKINGS,
                "upcoming_sessions",
            ),
            EntryLink(
                "centre:message_list",
                _("Messages envoyés aux personnes"),
                _("Les e-mails que Tremplin envoie à chaque étape, et leur texte."),
                Capability.SEE_MESSAGES,
            ),
        ),
    ),
    Section(
        _("Stagiaires"),
        (
            EntryLink(
                "centre:training:groups",
                _("Groupes et présences"),
                _("Le registre des présences de chaque groupe, semaine par semaine."),
                Capability.OPEN_CENTRE_SPACE,
            ),
            EntryLink(
                "centre:training:contracts",
                _("Stagiaires et contrats"),
                _("Les contrats de formation : suspendre, prolonger, terminer."),
                Capability.OPEN_CENTRE_SPACE,
                "current_contracts",
            ),
            EntryLink(
                "centre:training:statements",
                _("Relevés mensuels"),
                _("Les heures du mois de chaque stagiaire, pour le Forem."),
                Capability.MANAGE_CONTRACTS,
            ),
            EntryLink(
                "centre:training:agreed_hours",
                _("Heures agréées"),
                _("Les heures faites par rapport aux heures agréées du centre."),
                Capability.MANAGE_CONTRACTS,
            ),
            EntryLink(
                "centre:training:exits",
                _("Sorties"),
                _("Les fins de formation et leurs raisons."),
                Capability.RECORD_EXITS,
            ),
            EntryLink(
                "centre:training:followups",
                _("Suivis après la sortie"),
                _("Les nouvelles des anciens stagiaires, après 3 et 6 mois."),
                Capability.RECORD_EXITS,
            ),
            EntryLink(
                "centre:training:survey_results",
                _("Enquête de satisfaction"),
                _("Ce que les stagiaires pensent de leur formation."),
                Capability.RECORD_EXITS,
            ),
        ),
    ),
    Section(
        _("Formation continue et documents du secteur"),
        (
            EntryLink(
                "centre:staff_training:mine",
                _("Ma formation continue"),
                _("Les formations de la fédération : demander une place, mes inscriptions."),
                Capability.OPEN_CENTRE_SPACE,
            ),
            EntryLink(
                "centre:staff_training:approvals",
                _("Demandes de formation de l'équipe"),
                _("Accepter ou refuser les demandes de place de votre équipe."),
                Capability.APPROVE_STAFF_TRAINING,
                "staff_training_requests",
            ),
            EntryLink(
                "centre:library:list",
                _("Documents de référence"),
                _("Procédures, modèles de lettres, clauses types et circulaires."),
                Capability.OPEN_CENTRE_SPACE,
            ),
        ),
    ),
    Section(
        _("Le centre"),
        (
            EntryLink(
                "centre:stats",
                _("Statistiques du centre"),
                _("Les chiffres de l'année, et le rapport à télécharger."),
                Capability.SEE_CENTRE_STATS,
            ),
            EntryLink(
                "centre:directory_entries",
                _("Fiche du centre dans l'annuaire"),
                _("Adresse, formations et séances que le public voit."),
                Capability.EDIT_DIRECTORY_ENTRY,
            ),
            EntryLink(
                "centre:settings",
                _("Choix du centre"),
                _("Qui lit les notes sociales, et l'historique de ces choix."),
                Capability.CHOOSE_CENTRE_SETTINGS,
            ),
            EntryLink(
                "centre:access_requests",
                _("Demandes d'accès aux données"),
                _("Ce qu'une personne demande de ses données : délai, copie, réponse."),
                Capability.ANSWER_ACCESS_REQUESTS,
                "open_access_requests",
            ),
            EntryLink(
                "centre:member_list",
                _("Journal des consultations"),
                _("Qui a ouvert quel dossier, membre par membre."),
                Capability.READ_ACCESS_LOG,
            ),
            EntryLink(
                "centre:data_import",
                _("Importer les données du centre"),
                _("Vos stagiaires, contrats et présences depuis vos propres tableaux."),
                Capability.IMPORT_CENTRE_DATA,
            ),
            EntryLink(
                "centre:api_tokens",
                _("Jetons d'API des logiciels du centre"),
                _("Laisser un logiciel du centre lire ses données et encoder les présences."),
                Capability.MANAGE_API_TOKENS,
            ),
        ),
    ),
)


def live_counts(user, held: dict) -> dict:
    """A few counts for the links, one query each, only for the readers who see them."""
    counts = {}
    intake_orgs = organisations_holding(held, Capability.SEE_PERSON_FILE)
    if intake_orgs:
        counts.update(
            Candidacy.objects.filter(training__centre__organisation__in=intake_orgs).aggregate(
                new_candidacies=Count("pk", filter=Q(status=CandidacyStatus.NEW)),
                stale_candidacies=Count(
                    "pk",
                    filter=Q(status__in=OPEN_STATES, updated_at__lt=timezone.now() - STALE_AFTER),
                ),
            )
        )
    booking_orgs = organisations_holding(held, Capability.MANAGE_BOOKINGS)
    if booking_orgs:
        counts["upcoming_sessions"] = (
            InfoSession.objects.upcoming().filter(centre__organisation__in=booking_orgs).count()
        )
    if Capability.APPROVE_STAFF_TRAINING in held_anywhere(held):
        counts["staff_training_requests"] = (
            Registration.objects.to_approve_by(user).filter(status="pending").count()
        )
    access_orgs = organisations_holding(held, Capability.ANSWER_ACCESS_REQUESTS)
    if access_orgs:
        counts["open_access_requests"] = AccessRequest.objects.filter(
            organisation__in=access_orgs, answered_at__isnull=True
        ).count()
    if Capability.OPEN_CENTRE_SPACE in held_anywhere(held):
        counts["current_contracts"] = Contract.objects.visible_to(user).current().count()
    return counts


@staff_view("GET", capability=Capability.OPEN_CENTRE_SPACE)
def dashboard(request):
    memberships = list(request.user.memberships.active().select_related("organisation"))
    held = capabilities_by_organisation(request.user)
    counts = live_counts(request.user, held)
    return render_entry_page(
        request,
        title=_("Espace centre"),
        sections=SECTIONS,
        memberships=memberships,
        counts=counts,
        held=held,
        count_template="www/centre/_entry_count.html",
        stale_days=STALE_AFTER.days,
    )
