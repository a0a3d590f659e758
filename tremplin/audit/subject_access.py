"""Everything held about a person, for an access request (RGPD art. 15 and 20; decision 0806).

The sections follow the register of processing: every field classified as personal data
(``tremplin/<app>/personal_data.py``) of every row about the person is included, so a new
classified field appears in the answer without touching this module. The answer is a ZIP with
``donnees.json`` (machine-readable, art. 20) and ``donnees.pdf`` (readable).

Staff names (who opened the file, who wrote a step) are left out unless ``staff_names`` is set
by the centre's policy: the Court of Justice (C-579/21, Pankki S, 22/06/2023) does not in
principle require them — à confirmer avec le DPO. Social notes withheld by the social worker are
replaced by the reason recorded.
"""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tremplin import formatting
from tremplin.audit.consultations import purpose_of, role_label
from tremplin.audit.models import AccessLog
from tremplin.audit.register import classification
from tremplin.intake.models import (
    Candidacy,
    CandidacyTransition,
    EligibilityCheck,
    Interview,
    OutcomeConsent,
    Person,
    Referral,
    ReferralEligibility,
    SessionBooking,
)
from tremplin.rules.describe import situation_in_words
from tremplin.rules.texts import CATEGORY_LABELS, DOCUMENT_LABELS, STATUS_LABELS
from tremplin.training.models import (
    AttendanceDay,
    Barrier,
    Contract,
    ContractExtension,
    ContractSuspension,
    Exit,
    FollowUp,
    SocialAction,
    SocialFollowUp,
    SocialNote,
)

STAFF_FIELDS = {"by_label", "referent"}  # fields that name a member of staff


@dataclass(frozen=True)
class Coded:
    """A value kept as codes: the codes for a program (``donnees.json``), their words for a
    person (the PDF)."""

    codes: object
    words: object


def _labels(labels):
    return lambda codes: [str(labels.get(code, code)) for code in codes]


# The fields of an eligibility check that hold the rules engine's codes, and their words.
CHECK_WORDS = {
    "situation": situation_in_words,
    "status": lambda code: str(STATUS_LABELS.get(code, code)),
    "categories": _labels(CATEGORY_LABELS),
    "documents": _labels(DOCUMENT_LABELS),
    "result": lambda _answer: "la réponse complète des règles est dans donnees.json",
}
CHECKS = (EligibilityCheck, ReferralEligibility)


def _value(obj, field):
    if isinstance(obj, CHECKS) and field.name in CHECK_WORDS:
        codes = getattr(obj, field.name)
        return Coded(codes, CHECK_WORDS[field.name](codes))
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value)
    if isinstance(value, (datetime.date, Decimal)):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None:
        return ""
    return value if isinstance(value, (str, int, list, dict)) else str(value)


def _rows(queryset, staff_names: bool, extra=None) -> list[dict]:
    model = queryset.model
    fields = classification().get(model._meta.label, {})
    shown = [
        model._meta.get_field(name)
        for name, personal in fields.items()
        if personal is not None and (staff_names or name not in STAFF_FIELDS)
    ]
    rows = []
    for obj in queryset:
        row = {str(field.verbose_name): _value(obj, field) for field in shown}
        if extra:
            row.update(extra(obj))
        rows.append(row)
    return rows


def _section(title, queryset, staff_names, extra=None):
    return {"titre": title, "lignes": _rows(queryset, staff_names, extra)}


WITHHELD_NOTICE = (
    "{count} note(s) de suivi social ne sont pas dans cette copie : le service social les a "
    "retenues parce qu'elles parlent aussi d'autres personnes ou que les remettre nuirait à "
    "leurs droits (RGPD, article 15.4). Vous pouvez en parler au "
    "centre, et introduire une plainte auprès de l'Autorité de protection des données "
    "(www.autoriteprotectiondonnees.be) si vous n'êtes pas d'accord."
)


def _notes(person, staff_names):
    """The social notes, without those the social worker withheld (art. 15.4): the copy says
    how many were withheld and why in general terms, never their content or the reason
    recorded (which may itself speak of the other person)."""
    notes = SocialNote.objects.filter(follow_up__contract__person=person).order_by("date")
    handed = notes.filter(withheld_reason="")
    rows = [
        {k: v for k, v in row.items() if not k.startswith("retenue")}
        for row in _rows(handed, staff_names)
    ]
    withheld = notes.exclude(withheld_reason="").count()
    section = {"titre": "Notes de suivi social", "lignes": rows}
    if withheld:
        section["remarque"] = WITHHELD_NOTICE.format(count=withheld)
    return section


def _monthly_hours(person):
    months = (
        AttendanceDay.objects.filter(contract__person=person)
        .annotate(mois=TruncMonth("day"))
        .values("mois", "contract__training__name")
        .annotate(suivies=Sum("hours_followed"), assimilees=Sum("hours_assimilated"))
        .order_by("mois")
    )
    return {
        "titre": "Relevés d'heures par mois",
        "lignes": [
            {
                "mois": formatting.month(row["mois"]),
                "formation": row["contract__training__name"],
                "heures suivies": row["suivies"],
                "heures assimilées": row["assimilees"],
            }
            for row in months
        ],
    }


def _messages(person):
    """Tremplin keeps no copy of each message sent; the dates it knows."""
    rows = [
        {"message": "lien de réponse à l'orientation", "envoyé le": _fmt(r.link_sent_at)}
        for r in Referral.objects.filter(person=person, link_sent_at__isnull=False)
    ]
    rows += [
        {"message": f"suivi à 6 mois ({f.get_channel_display()})", "envoyé le": _fmt(f.sent_at)}
        for f in FollowUp.objects.filter(exit__contract__person=person, sent_at__isnull=False)
    ]
    return {"titre": "Messages envoyés (dates connues)", "lignes": rows}


def _fmt(moment):
    return timezone.localtime(moment)


def _access_log(person, staff_names):
    logs = (
        AccessLog.objects.about_person(person)
        .with_role()
        .select_related("organisation", "user")
        .order_by("accessed_at")
    )
    rows = []
    for log in logs:
        row = {
            "consulté le": _fmt(log.accessed_at),
            "rôle": role_label(log),
            "organisation": str(log.organisation or ""),
            "page (finalité)": purpose_of(log.view_name),
        }
        if staff_names:
            row["par"] = log.user.get_full_name() or log.user.email
        rows.append(row)
    return {"titre": "Consultations du dossier", "lignes": rows}


def collect(person: Person, *, staff_names: bool = False) -> dict:
    """Everything held about ``person`` as sections of rows: texts, numbers and dates (dates
    and local times as Python values; ``build_zip`` writes them for a program and for a
    person)."""
    contracts = Q(contract__person=person)
    sections = [
        _section("Identité et situation", Person.objects.filter(pk=person.pk), staff_names),
        _section(
            "Candidatures",
            Candidacy.objects.filter(person=person),
            staff_names,
            lambda c: {"formation": c.training.name},
        ),
        _section(
            "Historique des candidatures",
            CandidacyTransition.objects.filter(candidacy__person=person).order_by("at"),
            staff_names,
        ),
        _section("Orientations et accords", Referral.objects.filter(person=person), staff_names),
        _section(
            "Éligibilité vérifiée à l'orientation",
            ReferralEligibility.objects.filter(referral__person=person),
            staff_names,
        ),
        _section(
            "Accords pour la suite après le contrat",
            OutcomeConsent.objects.filter(referral__person=person).order_by("given_on"),
            staff_names,
        ),
        _section(
            "Inscriptions aux séances et accords",
            SessionBooking.objects.filter(candidacies__person=person).distinct(),
            staff_names,
        ),
        _section("Entretiens", Interview.objects.filter(candidacy__person=person), staff_names),
        _section(
            "Vérifications d'éligibilité",
            EligibilityCheck.objects.filter(candidacy__person=person),
            staff_names,
        ),
        _section(
            "Contrats de formation",
            Contract.objects.filter(person=person),
            staff_names,
            lambda c: {"formation": c.training.name},
        ),
        _section("Prolongations", ContractExtension.objects.filter(contracts), staff_names),
        _section("Suspensions", ContractSuspension.objects.filter(contracts), staff_names),
        _section("Présences", AttendanceDay.objects.filter(contracts).order_by("day"), staff_names),
        _monthly_hours(person),
        _section("Sorties", Exit.objects.filter(contracts), staff_names),
        _section(
            "Suivis à 6 mois", FollowUp.objects.filter(exit__contract__person=person), staff_names
        ),
        _section("Suivi social", SocialFollowUp.objects.filter(contracts), staff_names),
        _notes(person, staff_names),
        _section(
            "Difficultés relevées",
            Barrier.objects.filter(follow_up__contract__person=person),
            staff_names,
        ),
        _section(
            "Démarches",
            SocialAction.objects.filter(follow_up__contract__person=person),
            staff_names,
        ),
        _messages(person),
        _access_log(person, staff_names),
    ]
    data = {
        "personne": str(person.pk),
        "centre": person.holding_centre.name,
        "produit_le": _fmt(timezone.now()),
        "sections": sections,
    }
    withheld = [s["remarque"] for s in sections if s.get("remarque")]
    if withheld:
        data["donnees_retenues"] = withheld
    return data


def _for_machines(value):
    """Dates in the JSON: ISO 8601 (``2026-10-05``, ``2026-10-05T14:30:00+02:00``); numbers
    with their exact decimals (``"7.50"``); the rules' codes as they are kept."""
    if isinstance(value, Coded):
        return value.codes
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} n'a pas de forme JSON")


def _for_reading(data: dict) -> dict:
    """The same data as a person reads it (the PDF): dates in figures in the tables
    (``05/10/2026 14:30``) and in words in a sentence (the copy's own date), numbers as
    French writes them (``7,5``), the rules' codes in words, a list or a set of answers one
    per line."""
    sections = [
        {
            **section,
            "lignes": [
                {label: _cell(value) for label, value in row.items()} for row in section["lignes"]
            ],
        }
        for section in data["sections"]
    ]
    return {**data, "produit_le": formatting.moment(data["produit_le"]), "sections": sections}


def _cell(value):
    if isinstance(value, Coded):
        value = value.words
    if isinstance(value, datetime.datetime):
        return formatting.short_moment(value)
    if isinstance(value, datetime.date):
        return formatting.short_day(value)
    if isinstance(value, Decimal):
        return formatting.number(value, 2, trim=True)
    if isinstance(value, dict):
        return "\n".join(f"{key} : {_cell(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "\n".join(str(_cell(item)) for item in value)
    return value


def build_zip(person: Person, *, staff_names: bool = False) -> bytes:
    """The ZIP handed to the person: ``donnees.json`` (dates in ISO 8601, for a program) and
    ``donnees.pdf`` (dates as a person reads them)."""
    from weasyprint import HTML

    data = collect(person, staff_names=staff_names)
    with translation.override("fr"):
        html = render_to_string(
            "audit/subject_access.html", {"data": _for_reading(data), "person": person}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(data, ensure_ascii=False, indent=2, default=_for_machines)
        archive.writestr("donnees.json", text)
        archive.writestr("donnees.pdf", HTML(string=html).write_pdf())
    return buffer.getvalue()
