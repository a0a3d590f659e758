"""Find a person in the centre: by name (accents, case and typos ignored), birth date or NISS.

``find_people(user, text)`` reads the query, decides what it is (an 11-digit NISS, a date, or a
name) and returns the matching files among those the user may open, each with the page to open:

* coordinator, staff and social worker: the files their centre holds (candidates, trainees,
  former trainees), opened on the person's file;
* trainer: only the trainees of their own groups, opened on the trainee's contract page;
* NISS: looked up through its keyed digest (never decrypted), and only in the centres where the
  user may see the NISS (coordinator, social worker). Others get a French refusal.

Names are compared with ``unaccent`` + ``lower`` and ``pg_trgm``'s ``word_similarity``, so
« dupnt » finds « Jean Dupont ». See docs/decisions/0652-find-anyone.md.
"""

import datetime
import re
from dataclasses import dataclass

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.audit.niss import niss_digest, normalize_niss
from tremplin.intake.models import Candidacy, Person
from tremplin.intake.states import OPEN_STATES
from tremplin.refusals import Refused

MAX_RESULTS = 30
# word_similarity above which a name matches (pg_trgm's own default is 0.6; typos need less).
NAME_THRESHOLD = 0.4
DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d")

KIND_LABELS = {
    "trainee": gettext_lazy("Stagiaire"),
    "former": gettext_lazy("Formation terminée"),
    "candidate": gettext_lazy("Candidature en cours"),
    "file": gettext_lazy("Dossier"),
}


class SearchRefused(Refused):
    """A query the user may not run (a NISS without the right to see it) or cannot be read."""


@dataclass(frozen=True)
class Query:
    kind: str  # "niss", "birth_date" or "name"
    value: object


def read_query(text: str) -> Query:
    """What the person typed: a NISS (11 digits, separators allowed), a date, or a name."""
    text = (text or "").strip()
    digits = normalize_niss(text)
    if re.fullmatch(r"\d{11}", digits):
        return Query("niss", digits)
    for fmt in DATE_FORMATS:
        try:
            return Query("birth_date", datetime.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    if len(text) < 2:
        raise SearchRefused(
            _("Tapez au moins deux lettres du nom, une date de naissance ou un NISS."),
            code="query_too_short",
        )
    return Query("name", text)


def searchable_people(user):
    """Person files the user may find: ``visible_to`` limited to centres where they work."""
    centres = organisations_where(user, Capability.OPEN_CENTRE_SPACE)
    return Person.objects.visible_to(user).filter(holding_centre__organisation__in=centres)


def _name_expression():
    return Lower(Unaccent(Concat("first_name", Value(" "), "last_name")))


def _annotated(people, user):
    from tremplin.training.models import Contract

    contracts = Contract.objects.filter(person=OuterRef("pk"))
    file_centres = organisations_where(user, Capability.SEE_PERSON_FILE)
    return people.annotate(
        has_current_contract=Exists(contracts.current()),
        has_contract=Exists(contracts),
        has_open_candidacy=Exists(
            Candidacy.objects.filter(person=OuterRef("pk"), status__in=OPEN_STATES)
        ),
        opens_file=Exists(file_centres.filter(pk=OuterRef("holding_centre__organisation_id"))),
        contract_id=Subquery(
            Contract.objects.visible_to(user)
            .filter(person=OuterRef("pk"))
            .order_by("-start_date")
            .values("pk")[:1]
        ),
    ).select_related("holding_centre")


def find_people(user, text: str) -> tuple[Query, list[Person]]:
    """The files matching ``text`` that ``user`` may open (at most ``MAX_RESULTS``), best match
    first. Each person has ``kind`` (see ``KIND_LABELS``), ``opens_file`` (the user opens the
    person's file) and ``contract_id`` (the contract page a trainer opens)."""
    query = read_query(text)
    people = searchable_people(user)
    if query.kind == "niss":
        sensitive = organisations_where(user, Capability.SEE_NISS)
        if not sensitive.exists():
            raise SearchRefused(
                _(
                    "La recherche par numéro de registre national est réservée à la "
                    "coordination et au service social. Cherchez par nom ou date de naissance."
                ),
                code="niss_not_allowed",
            )
        people = people.filter(
            holding_centre__organisation__in=sensitive, niss_hash=niss_digest(query.value)
        ).order_by("last_name", "first_name")
    elif query.kind == "birth_date":
        people = people.filter(birth_date=query.value).order_by("last_name", "first_name")
    else:
        words = Lower(Unaccent(Value(query.value)))
        people = (
            people.annotate(
                similarity=TrigramWordSimilarity(words, _name_expression()),
                name=_name_expression(),
            )
            .filter(Q(similarity__gte=NAME_THRESHOLD) | Q(name__contains=words))
            .order_by("-similarity", "last_name", "first_name")
        )
    found = list(_annotated(people, user)[:MAX_RESULTS])
    for person in found:
        person.kind = _kind(person)
        person.kind_label = KIND_LABELS[person.kind]
    return query, found


def _kind(person) -> str:
    if person.has_current_contract:
        return "trainee"
    if person.has_contract:
        return "former"
    if person.has_open_candidacy:
        return "candidate"
    return "file"
