"""A GET never writes: every GET route of ``tremplin.www``, opened on real objects by every
visitor who may open it (the others stop at the decorator's 403), changes no table but the
access log, the cache and the sessions.

The counters of ``pg_stat_xact_user_tables`` (rows inserted, updated, deleted by the current
transaction, per table) are read before and after each route. ``staff_view``/``public_view``
also refuse a writing statement during a GET (``WriteOnRead``); this test catches what that
guard allows and what would happen outside it.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client

from tests.intake.factories import SessionBookingFactory
from tests.intake.people_factories import ReferralFactory, future_session
from tests.privacy.routes import all_routes, filled
from tremplin.accounts.capabilities import can
from tremplin.intake.messages import REGISTRY
from tremplin.intake.person import personal_token
from tremplin.training.exits import invite_to_survey
from tremplin.www.decorators import READING_MAY_WRITE

pytestmark = pytest.mark.django_db

COUNTERS = """
    SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables
"""


def written_tables() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(COUNTERS)
        return dict(cursor.fetchall())


def _objects(world) -> dict:
    contract = world["contract"]
    training = world["group"].training
    session = future_session(training)
    SessionBookingFactory(session=session)
    referral = ReferralFactory(
        candidacy__training=training,
        prescriber=world["visitors"]["prescriber"],
    )
    return {
        "contract": contract,
        "group": world["group"],
        "training": training,
        "centre": training.centre,
        "site": training.site,
        "session": session,
        "candidacy": world["candidacy"],
        "person": world["candidacy"].person,
        "referral": referral,
        "follow_up": world["follow_up"],
        "ended": world["ended"],
    }


# The object behind ``<uuid:pk>`` for the routes that have one (a contract otherwise).
PK_OF = {
    "centre:training:register": "group",
    "centre:training:sign": "candidacy",
    "centre:training:attestation": "ended",
    "centre:training:followup_phone": "follow_up",
    "centre:training:survey_tablet": "training",
    "public:centre_detail": "centre",
}


def _url(route, objects, world) -> str:
    values = {
        "pk": objects[PK_OF.get(route.name, "contract")].pk,
        "centre_id": objects["centre"].pk,
        "site_id": objects["site"].pk,
        "training_id": objects["training"].pk,
        "session_id": objects["session"].pk,
        "candidacy_id": objects["candidacy"].pk,
        "person_id": objects["person"].pk,
        "referral_id": objects["referral"].pk,
        "day": world["contract"].start_date
        - datetime.timedelta(days=world["contract"].start_date.weekday()),
        "name": sorted(REGISTRY)[0],
    }
    if route.name.startswith("public:my_candidacy"):
        values["token"] = personal_token(objects["candidacy"])
    if route.name == "public:survey":
        values["token"] = invite_to_survey(objects["centre"], objects["training"])
    return filled(route, values)  # what is left: random samples


def _visitors(route, visitors):
    """Who gets past the decorator: anonymous and a centre member on a public page; on a member
    page, every visitor holding its capability somewhere (all logged-in ones when none)."""
    declared = route.declaration
    if declared.public:
        return [("anonymous", None), ("own:coordinator", visitors["own:coordinator"])]
    return [
        (key, user)
        for key, user in visitors.items()
        if user is not None
        and not key.startswith("other:")  # another centre's members stop at a 404
        and (declared.capability is None or can(user, declared.capability))
    ]


def test_no_get_route_writes_for_any_visitor(world):
    objects = _objects(world)
    routes = [
        r
        for r in all_routes()
        if r.module.startswith("tremplin.www.") and r.declaration and "GET" in r.declaration.methods
    ]
    assert len(routes) > 40
    client = Client(raise_request_exception=False)
    failures = []
    for route in routes:
        url = _url(route, objects, world)
        for key, user in _visitors(route, world["visitors"]):
            client.logout()
            if user is not None:
                client.force_login(user)
            before = written_tables()
            queries = ["", "?format=xlsx"] if key == "own:coordinator" else [""]
            for query in queries:
                response = client.get(url + query)
                if response.status_code >= 500:
                    failures.append(f"{route.name} {key}{query}: {response.status_code}")
            changed = {
                table
                for table, count in written_tables().items()
                if count != before.get(table, 0) and table not in READING_MAY_WRITE
            }
            if changed:
                failures.append(f"{route.name} {key}: {sorted(changed)}")
    assert not failures, "GET qui écrit ou qui plante :\n" + "\n".join(failures)
