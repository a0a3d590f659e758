"""The centre's entry page: every page the reader's roles open, with a few live counts."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import CENTRE_ROLES, Role
from tremplin.accounts.permissions import role_required
from tremplin.directory.models import InfoSession
from tremplin.intake.models import BOOKING_ROLES, PERSON_FILE_ROLES, STALE_AFTER, Candidacy
from tremplin.intake.states import OPEN_STATES, CandidacyStatus
from tremplin.staff_training.models import Registration
from tremplin.training.access import CENTRE_WIDE_ROLES, EXIT_ROLES, MANAGE_ROLES
from tremplin.training.models import Contract
from tremplin.www.entry_links import (
    EntryLink,
    Section,
    organisations_with,
    render_entry_page,
    roles_of,
)

ALL = frozenset(CENTRE_ROLES)
INTAKE = frozenset(PERSON_FILE_ROLES)
COORDINATOR = frozenset({Role.COORDINATOR})

SECTIONS = (
    Section(
        _("Candidatures"),
        (
            EntryLink(
                "centre:inbox_index",
                _("Boîte des candidatures"),
                _("Les candidatures reçues, par formation : inviter, recevoir, décider."),
                INTAKE,
                "new_candidacies",
            ),
            EntryLink(
                "centre:candidacy_new",
                _("Accueillir une personne"),
                _("Une personne vient au centre : créer son dossier et sa candidature."),
                INTAKE,
            ),
            EntryLink(
                "centre:booking_sessions",
                _("Séances d'information et inscriptions"),
                _("Qui est inscrit, liste de présence, export."),
                frozenset(BOOKING_ROLES),
                "upcoming_sessions",
            ),
            EntryLink(
                "centre:message_list",
                _("Messages envoyés aux personnes"),
                _("Les e-mails que Tremplin envoie à chaque étape, et leur texte."),
                INTAKE,
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
                ALL,
            ),
            EntryLink(
                "centre:training:contracts",
                _("Stagiaires et contrats"),
                _("Les contrats de formation : suspendre, prolonger, terminer."),
                ALL,
                "current_contracts",
            ),
            EntryLink(
                "centre:training:statements",
                _("Relevés mensuels"),
                _("Les heures du mois de chaque stagiaire, pour le Forem."),
                frozenset(MANAGE_ROLES),
            ),
            EntryLink(
                "centre:training:agreed_hours",
                _("Heures agréées"),
                _("Les heures faites par rapport aux heures agréées du centre."),
                frozenset(MANAGE_ROLES),
            ),
            EntryLink(
                "centre:training:exits",
                _("Sorties"),
                _("Les fins de formation et leurs raisons."),
                frozenset(CENTRE_WIDE_ROLES),
            ),
            EntryLink(
                "centre:training:followups",
                _("Suivis après la sortie"),
                _("Les nouvelles des anciens stagiaires, après 3 et 6 mois."),
                frozenset(EXIT_ROLES),
            ),
            EntryLink(
                "centre:training:survey_results",
                _("Enquête de satisfaction"),
                _("Ce que les stagiaires pensent de leur formation."),
                frozenset(EXIT_ROLES),
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
                ALL,
            ),
            EntryLink(
                "centre:staff_training:approvals",
                _("Demandes de formation de l'équipe"),
                _("Accepter ou refuser les demandes de place de votre équipe."),
                COORDINATOR,
                "staff_training_requests",
            ),
            EntryLink(
                "centre:library:list",
                _("Documents de référence"),
                _("Procédures, modèles de lettres, clauses types et circulaires."),
                ALL,
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
                COORDINATOR,
            ),
            EntryLink(
                "centre:directory_entries",
                _("Fiche du centre dans l'annuaire"),
                _("Adresse, formations et séances que le public voit."),
                COORDINATOR,
            ),
            EntryLink(
                "centre:api_tokens",
                _("Jetons d'API des logiciels du centre"),
                _("Laisser un logiciel du centre lire ses données et encoder les présences."),
                COORDINATOR,
            ),
        ),
    ),
)


def live_counts(user, memberships, roles: set[str]) -> dict:
    """A few counts for the links, one query each, only for the roles that see them."""
    counts = {}
    intake_orgs = organisations_with(memberships, INTAKE)
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
    booking_orgs = organisations_with(memberships, BOOKING_ROLES)
    if booking_orgs:
        counts["upcoming_sessions"] = (
            InfoSession.objects.upcoming().filter(centre__organisation__in=booking_orgs).count()
        )
    if Role.COORDINATOR in roles:
        counts["staff_training_requests"] = (
            Registration.objects.to_approve_by(user).filter(status="pending").count()
        )
    if roles & ALL:
        counts["current_contracts"] = Contract.objects.visible_to(user).current().count()
    return counts


@role_required(*CENTRE_ROLES)
def dashboard(request):
    memberships = list(request.user.memberships.active().select_related("organisation"))
    roles = roles_of(memberships)
    counts = live_counts(request.user, memberships, roles)
    return render_entry_page(
        request,
        title=_("Espace centre"),
        sections=SECTIONS,
        memberships=memberships,
        counts=counts,
        count_template="www/centre/_entry_count.html",
        stale_days=STALE_AFTER.days,
    )
