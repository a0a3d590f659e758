"""Who may do what: the one place that maps roles to capabilities.

A capability is something a member may do in an organisation ("see the NISS", "lock the
register"). ``GRANTED_TO`` says which roles hold it everywhere; ``CENTRE_CHOICES`` which role
holds it only where the centre chose so (an ``Organisation`` field, tracked in its history).
"Who may see social notes?" is answered here and nowhere else.

Querysets start from ``organisations_where`` / ``centres_where`` (``visible_to(user)``), views
declare their capability with ``tremplin.www.decorators.staff_view`` and check an object's
organisation with ``can``; dashboards show a link when the reader ``can`` open it
(docs/decisions/0006-capabilities.md).
"""

from enum import StrEnum

from django.db.models import Q

from tremplin.accounts.models import Membership, Organisation, Role


class Capability(StrEnum):
    # Centre.
    OPEN_CENTRE_SPACE = "open_centre_space"  # the centre's pages (each then filters its rows)
    SEE_PERSON_FILE = "see_person_file"  # every person file and candidacy of the centre
    TEACH_GROUPS = "teach_groups"  # the register and trainees of the groups one teaches
    SEE_NISS = "see_niss"  # the NISS in clear (others see it masked)
    SEE_SOCIAL_NOTES = "see_social_notes"  # social follow-up, notes of the needs assessment
    MANAGE_CONTRACTS = "manage_contracts"  # sign, suspend, extend; statements, agreed hours
    LOCK_REGISTER = "lock_register"  # fill any group's register, lock and unlock a week
    MANAGE_BOOKINGS = "manage_bookings"  # information sessions: who booked, attendance
    RECORD_EXITS = "record_exits"  # exits, 6-month follow-ups, satisfaction survey
    SEE_MESSAGES = "see_messages"  # the messages Tremplin sends to people, with previews
    EDIT_DIRECTORY_ENTRY = "edit_directory_entry"  # the centre's public directory entry
    SET_DEROGATION_QUOTA = "set_derogation_quota"  # a training's derogation quota
    SEE_CENTRE_STATS = "see_centre_stats"  # the centre's statistics and activity report
    CHOOSE_CENTRE_SETTINGS = "choose_centre_settings"  # the centre's choices (below)
    APPROVE_STAFF_TRAINING = "approve_staff_training"  # the team's continuing-training requests
    MANAGE_API_TOKENS = "manage_api_tokens"  # API tokens of the centre's tools
    IMPORT_CENTRE_DATA = "import_centre_data"  # import persons, contracts, attendance; undo
    READ_LIBRARY = "read_library"  # the sector's whole library of reference documents
    FOLLOW_LIBRARY = "follow_library"  # follow the library's new documents for the centre
    # Personal data over time (issue 14, docs/privacy.md).
    ANSWER_ACCESS_REQUESTS = "answer_access_requests"  # record, prepare, answer art. 15 requests
    READ_ACCESS_LOG = "read_access_log"  # who opened a file; what a member opened
    ERASE_PERSON = "erase_person"  # erase (or pseudonymise) a person file on request (art. 17)
    WITHHOLD_SOCIAL_NOTE = "withhold_social_note"  # keep a social note out of the copy
    # Prescriber.
    REFER_PEOPLE = "refer_people"  # the prescriber's space: refer people, follow referrals
    # Federation.
    SEE_SECTOR_STATS = "see_sector_stats"  # the federation's space and sector statistics
    REVIEW_DIRECTORY = "review_directory"  # publish, refuse and import directory entries
    RUN_STAFF_TRAINING = "run_staff_training"  # the sector's continuing training, attendance
    MANAGE_LIBRARY = "manage_library"  # publish the library's documents
    EDIT_CONTRACT_TEMPLATE = "edit_contract_template"  # the clauses of the training contract


COORDINATOR, STAFF, TRAINER, SOCIAL_WORKER = (
    Role.COORDINATOR,
    Role.CENTRE_STAFF,
    Role.TRAINER,
    Role.SOCIAL_WORKER,
)
CENTRE_WIDE = frozenset({COORDINATOR, STAFF, SOCIAL_WORKER})

# Which roles hold each capability, in every organisation where they hold the role.
GRANTED_TO: dict[Capability, frozenset[str]] = {
    Capability.OPEN_CENTRE_SPACE: CENTRE_WIDE | {TRAINER},
    Capability.SEE_PERSON_FILE: CENTRE_WIDE,
    Capability.TEACH_GROUPS: frozenset({TRAINER}),
    Capability.SEE_NISS: frozenset({COORDINATOR, SOCIAL_WORKER}),
    Capability.SEE_SOCIAL_NOTES: frozenset({SOCIAL_WORKER}),
    Capability.MANAGE_CONTRACTS: frozenset({COORDINATOR, STAFF}),
    Capability.LOCK_REGISTER: frozenset({COORDINATOR}),
    Capability.MANAGE_BOOKINGS: frozenset({COORDINATOR, STAFF}),
    Capability.RECORD_EXITS: CENTRE_WIDE,
    Capability.SEE_MESSAGES: CENTRE_WIDE,
    Capability.EDIT_DIRECTORY_ENTRY: frozenset({COORDINATOR}),
    Capability.SET_DEROGATION_QUOTA: frozenset({COORDINATOR}),
    Capability.SEE_CENTRE_STATS: frozenset({COORDINATOR}),
    Capability.CHOOSE_CENTRE_SETTINGS: frozenset({COORDINATOR}),
    Capability.APPROVE_STAFF_TRAINING: frozenset({COORDINATOR}),
    Capability.MANAGE_API_TOKENS: frozenset({COORDINATOR}),
    Capability.IMPORT_CENTRE_DATA: frozenset({COORDINATOR}),
    Capability.READ_LIBRARY: CENTRE_WIDE | {TRAINER, Role.FEDERATION_ANALYST},
    Capability.FOLLOW_LIBRARY: frozenset({COORDINATOR, STAFF}),
    Capability.ANSWER_ACCESS_REQUESTS: frozenset({COORDINATOR}),
    Capability.READ_ACCESS_LOG: frozenset({COORDINATOR}),
    Capability.ERASE_PERSON: frozenset({COORDINATOR}),
    Capability.WITHHOLD_SOCIAL_NOTE: frozenset({SOCIAL_WORKER}),
    Capability.REFER_PEOPLE: frozenset({Role.PRESCRIBER}),
    Capability.SEE_SECTOR_STATS: frozenset({Role.FEDERATION_ANALYST}),
    Capability.REVIEW_DIRECTORY: frozenset({Role.FEDERATION_ANALYST}),
    Capability.RUN_STAFF_TRAINING: frozenset({Role.FEDERATION_ANALYST}),
    Capability.MANAGE_LIBRARY: frozenset({Role.FEDERATION_ANALYST}),
    Capability.EDIT_CONTRACT_TEMPLATE: frozenset({Role.FEDERATION_ANALYST}),
}

# Capabilities a role holds only where its organisation chose so: role → Organisation field.
# The coordinator reads the social notes only when the centre decided it (social workers'
# professional secrecy; off by default).
CENTRE_CHOICES: dict[Capability, dict[str, str]] = {
    Capability.SEE_SOCIAL_NOTES: {COORDINATOR: "coordinator_reads_social_notes"},
}


def granting(capability: Capability) -> Q:
    """The condition on a ``Membership`` that grants ``capability``."""
    condition = Q(role__in=GRANTED_TO[capability])
    for role, field in CENTRE_CHOICES.get(capability, {}).items():
        condition |= Q(role=role, **{f"organisation__{field}": True})
    return condition


def organisations_where(user, capability: Capability):
    """The organisations in which ``user`` holds ``capability`` (a lazy queryset)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    memberships = Membership.objects.active().filter(granting(capability), user=user)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def centres_where(user, capability: Capability):
    """The directory centres in which ``user`` holds ``capability``."""
    from tremplin.directory.models import Centre

    return Centre.objects.filter(organisation__in=organisations_where(user, capability))


def _organisation_id(organisation):
    """An ``Organisation``, a ``Centre`` (its organisation) or a primary key."""
    if isinstance(organisation, Organisation):
        return organisation.pk
    return getattr(organisation, "organisation_id", organisation)


def can(user, capability: Capability, organisation=None) -> bool:
    """Whether ``user`` holds ``capability`` in ``organisation`` (an ``Organisation``, a
    ``Centre`` or a primary key), or in at least one organisation when it is ``None``."""
    organisations = organisations_where(user, capability)
    if organisation is not None:
        organisations = organisations.filter(pk=_organisation_id(organisation))
    return organisations.exists()


def _held(role: str, chosen) -> set[Capability]:
    """The capabilities of ``role`` in an organisation; ``chosen(field)`` reads one of its
    ``CENTRE_CHOICES`` fields."""
    mine = {capability for capability, roles in GRANTED_TO.items() if role in roles}
    for capability, choice in CENTRE_CHOICES.items():
        field = choice.get(role)
        if field and chosen(field):
            mine.add(capability)
    return mine


def capabilities_by_organisation(user) -> dict:
    """``{organisation id: {capability, …}}`` for all of ``user``'s active memberships, in one
    query (for pages that show many links, like the dashboards)."""
    if not user.is_authenticated:
        return {}
    fields = sorted({f for choice in CENTRE_CHOICES.values() for f in choice.values()})
    rows = (
        Membership.objects.active()
        .filter(user=user)
        .values("organisation_id", "role", *(f"organisation__{field}" for field in fields))
    )
    held: dict = {}
    for row in rows:
        held.setdefault(row["organisation_id"], set()).update(
            _held(row["role"], lambda field, row=row: row[f"organisation__{field}"])
        )
    return held


def capabilities_of_memberships(memberships) -> set[Capability]:
    """The capabilities held in any organisation through ``memberships`` (active ones, already
    loaded with their organisation: no query). For links that do not depend on one centre, such
    as a menu."""
    held: set[Capability] = set()
    for membership in memberships:
        organisation = membership.organisation
        held |= _held(membership.role, lambda field, o=organisation: getattr(o, field))
    return held
