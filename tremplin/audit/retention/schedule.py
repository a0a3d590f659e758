"""The retention schedule: one rule per kind of record, as dated parameters.

Each rule says why the data is kept (purpose, legal basis), how long after which event, what
happens then (erase, pseudonymise, deactivate) and how sure we are of the period. No period is
fixed by a text verified here: every one is ``TO_CONFIRM`` and explained in docs/privacy.md
("à confirmer avec le DPO"). A rule marked to confirm is applied (retention is a duty), but the
report says it rests on a proposal.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

TO_CONFIRM = "à confirmer"
VERIFIED = "vérifié"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` calendar months (31 March − 1 month → 28/29 February)."""
    return day + relativedelta(months=months)


class Action:
    ERASE = "erase"
    PSEUDONYMISE = "pseudonymise"
    DEACTIVATE = "deactivate"


@dataclass(frozen=True)
class RetentionRule:
    code: str
    record: str
    purpose: str
    legal_basis: str
    months: int
    after: str
    action: str
    confidence: str
    source: str
    valid_from: datetime.date

    def limit(self, today: datetime.date) -> datetime.date:
        """Records whose starting event is before this day are due."""
        return add_months(today, -self.months)

    @property
    def period_label(self) -> str:
        years, months = divmod(self.months, 12)
        if not self.months:
            return "délai court"
        if not months:
            return f"{years} an" if years == 1 else f"{years} ans"
        return f"{self.months} mois"


SINCE = datetime.date(2026, 11, 29)
GDPR_6_1_E = "RGPD art. 6.1.e (mission d'intérêt public confiée par le décret CISP du 10/07/2013)"
GDPR_6_1_C = "RGPD art. 6.1.c (obligation légale : preuve des heures pour le contrôle du subside)"
PROPOSAL = "proposition de l'équipe Tremplin, aucun texte vérifié ne fixe ce délai"

SCHEDULE = (
    RetentionRule(
        code="booking",
        record="Inscription à une séance d'information",
        purpose="Organiser la séance d'information",
        legal_basis="RGPD art. 6.1.a (accord donné à l'inscription, texte seance-info-2026-11)",
        months=6,
        after="fin de la séance",
        action=Action.ERASE,
        confidence=VERIFIED,
        source="texte d'accord de l'inscription (décision 0350) : 183 jours",
        valid_from=datetime.date(2026, 1, 1),
    ),
    RetentionRule(
        code="file_without_contract",
        record="Dossier d'une personne sans contrat (candidatures refusées, retirées, expirées)",
        purpose="Traiter la candidature, répondre à une nouvelle demande",
        legal_basis=GDPR_6_1_E,
        months=24,
        after="dernière action sur le dossier",
        action=Action.ERASE,
        confidence=TO_CONFIRM,
        source=PROPOSAL,
        valid_from=SINCE,
    ),
    RetentionRule(
        code="trainee_identity",
        record=(
            "Identité, coordonnées, NISS et textes libres des stagiaires "
            "(notes sociales, entretiens, remarques)"
        ),
        purpose="Suivre la formation, la sortie et le suivi à 6 mois",
        legal_basis=GDPR_6_1_E + " ; art. 9.2.b et 9.2.g pour les notes sociales",
        months=24,
        after="fin du dernier contrat",
        action=Action.PSEUDONYMISE,
        confidence=TO_CONFIRM,
        source=PROPOSAL + " (suivi à 6 mois fini, enquête annuelle publiée)",
        valid_from=SINCE,
    ),
    RetentionRule(
        code="trainee_records",
        record="Contrats, présences, relevés d'heures, sorties (pseudonymisés)",
        purpose="Prouver les heures subsidiées lors d'un contrôle (SPW, Forem)",
        legal_basis=GDPR_6_1_C,
        months=120,
        after="fin du dernier contrat",
        action=Action.ERASE,
        confidence=TO_CONFIRM,
        source=(
            "délai de contrôle des subsides non vérifié : 10 ans proposés par prudence "
            "(délai de prescription de droit commun, art. 2262bis C. civ., à confirmer)"
        ),
        valid_from=SINCE,
    ),
    RetentionRule(
        code="generated_document",
        record="Document préparé en arrière-plan (« Mes documents » : PDF, exports)",
        purpose="Remettre un long rapport ou un export au membre qui l'a demandé",
        legal_basis="celle des données qu'il contient (voir les autres règles)",
        months=0,
        after="7 jours après sa préparation (purge_documents, décision 0654)",
        action=Action.ERASE,
        confidence=VERIFIED,
        source="décision 0654 (KEEP_FOR = 7 jours), appliquée par purge_documents",
        valid_from=datetime.date(2026, 11, 29),
    ),
    RetentionRule(
        code="import_upload",
        record="Fichier envoyé par un centre pour importer ses données (et l'essai)",
        purpose="Garder le fichier entre les étapes de l'import (colonnes, essai, application)",
        legal_basis="celle des données qu'il contient (voir les autres règles)",
        months=0,
        after=(
            "son application (le fichier est effacé aussitôt) ou 1 jour après l'envoi s'il "
            "n'est pas appliqué (purge_centre_imports, décision 1005)"
        ),
        action=Action.ERASE,
        confidence=VERIFIED,
        source="décision 1005 (KEEP_UPLOADS = 1 jour), appliquée par purge_centre_imports",
        valid_from=datetime.date(2026, 11, 30),
    ),
    RetentionRule(
        code="access_log",
        record="Journal des consultations de dossiers",
        purpose="Sécurité : savoir qui a consulté un dossier (RGPD art. 32)",
        legal_basis="RGPD art. 6.1.c et art. 32",
        months=24,
        after="consultation",
        action=Action.ERASE,
        confidence=TO_CONFIRM,
        source=PROPOSAL + " (répondre à « qui a vu mon dossier ? » sur deux ans)",
        valid_from=SINCE,
    ),
    RetentionRule(
        code="staff_training_registration",
        record=(
            "Inscription d'un membre à une formation continue (demande, accord ou refus, "
            "présence, attestation)"
        ),
        purpose=(
            "Organiser la formation continue, attester la présence, compter les heures de "
            "formation du personnel du secteur"
        ),
        legal_basis="RGPD art. 6.1.b/6.1.f (formation du membre, demandée par son employeur)",
        months=60,
        after="fin de la session",
        action=Action.ERASE,
        confidence=TO_CONFIRM,
        source=PROPOSAL
        + " (5 ans : une attestation redemandée, les heures de formation des rapports "
        "annuels sur plusieurs années)",
        valid_from=SINCE,
    ),
    RetentionRule(
        code="unused_account",
        record="Compte d'un membre non utilisé",
        purpose="Accès des membres à la plateforme",
        legal_basis="RGPD art. 6.1.b/6.1.f (accès au service, sécurité)",
        months=12,
        after="dernière connexion (ou création si jamais connecté)",
        action=Action.DEACTIVATE,
        confidence=TO_CONFIRM,
        source=PROPOSAL,
        valid_from=SINCE,
    ),
)

RULES = {rule.code: rule for rule in SCHEDULE}
