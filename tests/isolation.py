"""Who may open a URL? Check every role of the owning centre, of another centre, a prescriber,
a federation analyst and an anonymous visitor, in one call.

Usage, in a test (``client`` is pytest-django's fixture)::

    from tests.isolation import OWN_CENTRE, assert_only_allowed

    def test_only_the_centre_team_sees_a_person(client):
        person = PersonFactory(centre=centre)          # an object owned by ``centre``
        assert_only_allowed(
            client,
            f"/centre/personnes/{person.pk}/",
            allowed=OWN_CENTRE - {"own:trainer"},     # keys of the visitors who get 200
            centre=centre.organisation,                # the owning centre's Organisation
        )

Visitor keys (see ``visitor_keys()``):

* ``own:<role>`` for each centre role (``own:coordinator``, ``own:centre_staff``,
  ``own:trainer``, ``own:social_worker``) — members of ``centre``;
* ``other:<role>`` for the same roles in ANOTHER centre;
* ``prescriber`` (a Forem counsellor with no link to the object), ``federation_analyst``;
* ``anonymous``;
* plus any ``extra={"key": user}`` you pass (e.g. the prescriber who made the referral).

Every visitor has MFA enrolled. An allowed visitor must get ``allowed_status`` (200). A denied
visitor must get 403 or 404, or, when anonymous, a redirect to the login page; a redirect
elsewhere for a logged-in visitor counts as a failure (a leak through a redirect is still a
leak), unless you widen ``denied_statuses``. All mismatches are reported together.

``visitors_for(centre)`` returns the visitors dictionary, to reuse it for several URLs::

    visitors = visitors_for(centre)
    for url in urls:
        assert_only_allowed(client, url, allowed=OWN_CENTRE, visitors=visitors)
"""

from tests.factories import OrganisationFactory, make_member
from tremplin.accounts.models import CENTRE_ROLES, Role

OWN_CENTRE = frozenset(f"own:{role}" for role in CENTRE_ROLES)
OTHER_CENTRE = frozenset(f"other:{role}" for role in CENTRE_ROLES)
LOGIN_PATH = "/comptes/login/"


def visitor_keys() -> list[str]:
    return [*sorted(OWN_CENTRE), *sorted(OTHER_CENTRE), "prescriber", "federation_analyst"] + [
        "anonymous"
    ]


def visitors_for(centre=None, extra=None) -> dict:
    """Users for every visitor key (``anonymous`` maps to ``None``)."""
    centre = centre or OrganisationFactory()
    other_centre = OrganisationFactory(name="Autre centre (fictif)")
    visitors = {}
    for role in CENTRE_ROLES:
        visitors[f"own:{role}"] = make_member(role, organisation=centre)
        visitors[f"other:{role}"] = make_member(role, organisation=other_centre)
    visitors["prescriber"] = make_member(Role.PRESCRIBER)
    visitors["federation_analyst"] = make_member(Role.FEDERATION_ANALYST)
    visitors["anonymous"] = None
    visitors.update(extra or {})
    return visitors


def _outcome(response) -> str:
    location = response.get("Location", "")
    return f"{response.status_code} {location}".strip()


def _is_denied(response, anonymous: bool, denied_statuses) -> bool:
    if response.status_code in denied_statuses:
        return True
    return anonymous and response.status_code == 302 and LOGIN_PATH in response["Location"]


def assert_only_allowed(
    client,
    url: str,
    allowed,
    *,
    centre=None,
    visitors=None,
    extra=None,
    method: str = "get",
    data=None,
    allowed_status: int = 200,
    denied_statuses=(403, 404),
) -> dict[str, str]:
    """Assert that exactly the visitors in ``allowed`` can open ``url``; return the outcomes.

    ``allowed``: visitor keys (see the module docstring). ``centre``: the owning centre's
    ``Organisation`` (a new one when omitted). ``method``/``data``: for a POST endpoint, e.g.
    ``method="post", data={...}`` (an allowed POST that redirects after success: pass
    ``allowed_status=302``). Unknown keys in ``allowed`` raise ``ValueError``.
    """
    visitors = visitors or visitors_for(centre, extra)
    unknown = set(allowed) - set(visitors)
    if unknown:
        raise ValueError(f"Visiteurs inconnus : {sorted(unknown)}")
    outcomes, failures = {}, []
    for key, user in visitors.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url, data or {})
        outcomes[key] = _outcome(response)
        if key in allowed:
            if response.status_code != allowed_status:
                failures.append(f"{key}: attendu {allowed_status}, reçu {outcomes[key]}")
        elif not _is_denied(response, user is None, denied_statuses):
            failures.append(f"{key}: attendu un refus, reçu {outcomes[key]}")
    client.logout()
    assert not failures, f"{method.upper()} {url}\n" + "\n".join(failures)
    return outcomes
