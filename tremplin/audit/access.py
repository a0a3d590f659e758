"""``log_access``: call it in every view that shows a person's data."""

import uuid

from django.contrib.contenttypes.models import ContentType

from tremplin.audit.crypto import keyed_digest
from tremplin.audit.models import AccessLog


def client_ip(request) -> str:
    """The client address. Behind the reverse proxy, ``REMOTE_ADDR`` is set by it (see
    docs/operations.md: gunicorn ``--forwarded-allow-ips``); forwarded headers are not trusted
    here."""
    return request.META.get("REMOTE_ADDR", "")


def acting_organisation(user, obj):
    """The organisation on whose behalf ``user`` opens ``obj``.

    The object's own ``organisation`` (or ``centre.organisation``) when the user is a member of
    it, else the user's only active organisation, else ``None``.
    """
    member_of = {m.organisation_id: m.organisation for m in user.memberships.active()}
    for candidate in (
        getattr(obj, "organisation", None),
        getattr(getattr(obj, "centre", None), "organisation", None),
    ):
        if candidate is not None and getattr(candidate, "pk", None) in member_of:
            return member_of[candidate.pk]
    if len(member_of) == 1:
        return next(iter(member_of.values()))
    return None


def api_token_id(request):
    """The id of the API token of a call of a centre's tool (DRF's ``request.auth``)."""
    return getattr(getattr(request, "auth", None), "pk", None)


def log_access(request, obj, view_name: str, organisation=None) -> AccessLog:
    """Record that ``request.user`` was shown ``obj`` (whose primary key is a UUID).

    ``view_name`` is the URL name, e.g. ``"centre:person_detail"``. One row per call: call it
    once per page, not once per row of a list (log the list's people in a loop only when the
    page really shows each person's data).
    """
    if not isinstance(obj.pk, uuid.UUID):
        raise TypeError(f"log_access attend un objet à clé UUID, reçu {type(obj).__name__}.")
    ip = client_ip(request)
    return AccessLog.objects.create(
        user=request.user,
        organisation=organisation or acting_organisation(request.user, obj),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        view_name=view_name[:100],
        path=request.path[:500],
        ip_hash=keyed_digest(ip, "access-log-ip") if ip else "",
        api_token=api_token_id(request),
    )


def log_list_access(request, people, view_name: str, organisation=None) -> int:
    """Record that ``request.user`` was shown each of ``people`` on a list page or in an
    export (one row per person, one INSERT). ``people``: person objects with UUID keys
    (duplicates are logged once). ``organisation`` (or its id): on whose behalf, when the page
    knows it (else the user's only active organisation, else none). Returns the number of rows."""
    unique = {person.pk: person for person in people}
    if not unique:
        return 0
    if organisation is None:
        member_of = list(request.user.memberships.active().values_list("organisation", flat=True))
        organisation_id = member_of[0] if len(member_of) == 1 else None
    else:
        organisation_id = getattr(organisation, "pk", organisation)
    ip = client_ip(request)
    ip_hash = keyed_digest(ip, "access-log-ip") if ip else ""
    token = api_token_id(request)
    content_type = ContentType.objects.get_for_model(
        next(iter(unique.values())), for_concrete_model=True
    )
    rows = [
        AccessLog(
            user=request.user,
            organisation_id=organisation_id,
            content_type=content_type,
            object_id=pk,
            view_name=view_name[:100],
            path=request.path[:500],
            ip_hash=ip_hash,
            api_token=token,
        )
        for pk in unique
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
