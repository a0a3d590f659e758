"""Reading the access log: "who looked at this file?" and "what did this member open?"
(RGPD art. 15 and 32; decision 0806).

Each row says when, in which role (the reader's role in the organisation on whose behalf they
opened it) and for what purpose (the page). Staff names only when the centre's policy says so
(``Organisation.access_log_names_staff``, off by default): the Court of Justice (C-579/21,
Pankki S, 22/06/2023) requires the dates and purposes of the consultations, not in principle
the identity of the employees — à confirmer avec le DPO.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog
from tremplin.intake.models import Candidacy, Person, SessionBooking
from tremplin.training.models import Contract

# Pages (URL names) that log an opening → what for, in plain French.
PURPOSES = {
    "centre:person_detail": gettext_lazy("Fiche de la personne"),
    "centre:person_edit": gettext_lazy("Modification de la fiche"),
    "centre:person_merge": gettext_lazy("Fusion de deux fiches en double"),
    "centre:candidacy_detail": gettext_lazy("Candidature"),
    "centre:eligibility_new": gettext_lazy("Vérification de l'éligibilité"),
    "centre:interview_edit": gettext_lazy("Entretien d'accueil"),
    "centre:search": gettext_lazy("Recherche d'une personne (liste de résultats)"),
    "centre:training_inbox": gettext_lazy("Liste des candidatures"),
    "centre:session_bookings": gettext_lazy(
        "Liste des personnes inscrites à une séance d'information"
    ),
    "centre:session_bookings_export": gettext_lazy(
        "Export des personnes inscrites à une séance d'information"
    ),
    "prescriber:referral_detail": gettext_lazy("Orientation (prescripteur)"),
    "prescriber:referral_list": gettext_lazy("Liste des orientations (prescripteur)"),
    "prescriber:referral_consent": gettext_lazy("Accord de la personne (prescripteur)"),
    "api-centre-trainees": gettext_lazy("Logiciel du centre (API) : stagiaires"),
    "api-centre-contracts": gettext_lazy("Logiciel du centre (API) : contrats"),
    "api-centre-attendance": gettext_lazy("Logiciel du centre (API) : présences"),
}
AREAS = {
    "centre": gettext_lazy("Espace du centre"),
    "prescriber": gettext_lazy("Espace prescripteur"),
    "public": gettext_lazy("Lien personnel"),
}


def purpose_of(view_name: str) -> str:
    """The purpose of an opening, from the page that logged it."""
    if view_name in PURPOSES:
        return str(PURPOSES[view_name])
    area, _sep, page = view_name.partition(":")
    if page and area in AREAS:
        return f"{AREAS[area]} ({page.replace('_', ' ')})"
    return view_name


def role_label(log: AccessLog) -> str:
    """The reader's role (``AccessLog.objects.with_role()`` annotates it)."""
    role = getattr(log, "role", None)
    if role:
        return str(Role(role).label)
    if log.organisation_id is None:
        return _("administration de la plateforme")
    return _("personne qui n'est plus membre")


def about_person(person):
    """Every opening of ``person``'s file, newest first, with the role annotated — by the
    centre's members, the prescribers who referred the person and the platform
    administration: the person asks the centre, the centre tells all of them."""
    return (
        AccessLog.objects.about_person(person)
        .with_role()
        .select_related("organisation", "user")
        .order_by("-accessed_at", "-id")
    )


def by_member(user, *, organisation):
    """What ``user`` opened on behalf of ``organisation``, newest first."""
    return (
        AccessLog.objects.by_user(user)
        .filter(organisation=organisation)
        .with_role()
        .select_related("organisation", "user", "content_type")
        .order_by("-accessed_at", "-id")
    )


def people_opened(logs, *, organisation) -> dict:
    """``{object id: person}`` for a page of ``logs`` (persons, candidacies, contracts and
    bookings of the files ``organisation`` holds), in five queries at most, whatever the page
    size."""
    ids = {log.object_id for log in logs}
    if not ids:
        return {}
    held = Person.objects.filter(holding_centre__organisation=organisation)
    found = {p.pk: p for p in held.filter(pk__in=ids)}
    for model, path in ((Candidacy, "person"), (Contract, "person")):
        rows = model.objects.filter(pk__in=ids - found.keys(), person__in=held)
        found.update({row.pk: row.person for row in rows.select_related(path)})
    bookings = (
        SessionBooking.objects.filter(pk__in=ids - found.keys())
        .filter(candidacies__person__in=held)
        .values_list("pk", "candidacies__person")
    )
    by_pk = {row[1] for row in bookings}
    people = {p.pk: p for p in held.filter(pk__in=by_pk)}
    found.update({pk: people[person] for pk, person in bookings if person in people})
    return found
