"""API tokens of the centres' tools: create, use, revoke; scopes; cross-centre refusal; the
register week through the API with the register's checks."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.training.factories import ContractFactory, GroupFactory
from tremplin.accounts.models import Role
from tremplin.api.centre import CentrePages
from tremplin.api.models import ApiToken, Scope
from tremplin.audit.models import AccessLog
from tremplin.training.models import AttendanceDay, AttendanceWeek

WEEK = "2022-12-05"
API = "/api/v1/centre/"
NOBODY = "00000000-0000-0000-0000-000000000000"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2023, 1, 15))


def issue(user, organisation, scopes=(Scope.READ, Scope.ATTENDANCE), by=None):
    token, secret = ApiToken.issue(
        name="Tablette", user=user, organisation=organisation, scopes=scopes, created_by=by or user
    )
    return token, Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def week_body(client, group):
    data = client.get(f"{API}groups/{group}/attendance/{WEEK}/").json()
    cells = [
        {"contract": row["contract_id"], "day": cell["day"], "followed": "6"}
        for row in data["rows"]
        for cell in row["cells"]
        if not cell["closed_reason"] and cell["planned"] != "0"
    ]
    return {"version": data["version"], "cells": cells}


def results(client, url):
    """The rows of a list of one page."""
    page = client.get(API + url).json()
    assert page["next"] is None
    return page["results"]


def test_without_a_token_401_in_french(db):
    for url in ("trainings/", "groups/", "trainees/", "contracts/"):
        response = Client().get(API + url)
        assert response.status_code == 401
        assert response.json()["detail"].startswith("Authentification requise")
        assert response["WWW-Authenticate"].startswith("Bearer")
    bad = Client(HTTP_AUTHORIZATION="Bearer trp_inconnu").get(API + "groups/")
    assert bad.status_code == 401 and "Jeton inconnu" in bad.json()["detail"]


def test_token_errors_in_french_for_an_english_browser(db):
    """The English catalogue translates these messages (for the documentation page): the
    answers of the API stay French, as every API error (tremplin/api/errors.py)."""
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = english.get(API + "groups/")
    assert response.json()["detail"].startswith("Authentification requise")
    assert response["Content-Language"] == "fr"
    bad = english.get(API + "groups/", HTTP_AUTHORIZATION="Bearer trp_inconnu")
    assert "Jeton inconnu" in bad.json()["detail"]


def test_token_reads_its_centre_and_logs_each_person(db, coordinator, centre_org, group, contracts):
    token, client = issue(coordinator, centre_org)
    assert [g["id"] for g in results(client, "groups/")] == [str(group.pk)]
    assert len(results(client, "contracts/")) == 3
    trainees = results(client, "trainees/")
    assert len(trainees) == 3 and all("niss" not in str(t).lower() for t in trainees)
    response = client.get(API + "trainings/")
    assert response.json()["results"][0]["id"] == str(group.training_id)
    assert "no-store" in response["Cache-Control"]
    logged = AccessLog.objects.filter(api_token=token.pk)
    assert logged.filter(view_name="api-centre-trainees").count() == 3
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_lists_come_in_pages(db, coordinator, centre_org, contracts, monkeypatch):
    """The lists answered every row at once and ignored ?page=abc."""
    monkeypatch.setattr(CentrePages, "page_size", 2)
    token, client = issue(coordinator, centre_org)
    first = client.get(API + "trainees/").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == f"http://testserver{API}trainees/?page=2"
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"] == f"http://testserver{API}trainees/"
    shown = {p["id"] for p in first["results"] + second["results"]}
    assert shown == {str(c.person_id) for c in contracts}
    assert AccessLog.objects.filter(api_token=token.pk).count() == 3  # each person once
    for url in ("trainings/", "groups/", "trainees/", "contracts/"):
        for page in ("3", "abc", "0", "-1", "1.0"):
            response = client.get(API + url, {"page": page})
            assert response.status_code == 404, (url, page)
            assert response.json() == {"detail": "Cette page de résultats n'existe pas."}
    assert client.get(API + "contracts/", {"page": "2"}).status_code == 200


@pytest.mark.parametrize("url", ["trainings/", "groups/", "trainees/", "contracts/"])
def test_a_list_page_takes_the_same_queries_whatever_its_rows(
    db, coordinator, centre_org, group, contracts, url
):
    _token, client = issue(coordinator, centre_org)
    client.get(API + url)  # the token's last use is written at most once a minute
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(API + url).json()["results"]) in (1, 3)
    for _ in range(4):
        TrainingFactory(centre=group.training.centre)
        ContractFactory(group=GroupFactory(training=group.training))
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(API + url).json()["results"]) in (5, 7)
    assert len(more) == len(few)


def test_another_centres_token_gets_404(db, group, contracts):
    other = GroupFactory()
    coordinator = make_member(Role.COORDINATOR, organisation=other.training.centre.organisation)
    _token, client = issue(coordinator, other.training.centre.organisation)
    url = f"{API}groups/{group.pk}/attendance/{WEEK}/"
    assert client.get(url).status_code == 404
    assert client.put(url, {}, "application/json").status_code == 404
    assert results(client, "contracts/") == []


def test_token_of_a_member_of_two_centres_sees_only_its_centre(db, group, contracts):
    other = ContractFactory()
    user = make_member(Role.COORDINATOR, organisation=group.training.centre.organisation)
    make_member_in = other.centre.organisation
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, organisation=make_member_in, role=Role.COORDINATOR)
    _token, client = issue(user, group.training.centre.organisation)
    ids = {c["id"] for c in results(client, "contracts/")}
    assert str(other.pk) not in ids and len(ids) == 3


def test_revoked_expired_or_departed_tokens_stop_working(db, coordinator, centre_org, contracts):
    token, client = issue(coordinator, centre_org)
    assert client.get(API + "groups/").status_code == 200
    token.revoke(coordinator)
    assert client.get(API + "groups/").status_code == 401
    token, client = issue(coordinator, centre_org)
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=now - datetime.timedelta(days=91), expires_at=now - datetime.timedelta(days=1)
    )
    assert client.get(API + "groups/").status_code == 401
    token, client = issue(coordinator, centre_org)
    coordinator.memberships.update(is_active=False)  # the member left the centre
    assert client.get(API + "groups/").status_code == 401


def test_only_a_hash_is_stored_and_default_expiry_is_90_days(db, coordinator, centre_org):
    token, secret = ApiToken.issue(
        name="x", user=coordinator, organisation=centre_org, scopes=["read"], created_by=coordinator
    )
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert (token.expires_at - token.created_at).days == 90


def test_read_scope_cannot_write(db, coordinator, centre_org, group, contracts):
    _token, client = issue(coordinator, centre_org, scopes=[Scope.READ])
    body = week_body(client, group.pk)
    response = client.put(f"{API}groups/{group.pk}/attendance/{WEEK}/", body, "application/json")
    assert response.status_code == 403
    assert "attendance" in response.json()["detail"]


def test_put_a_week_then_stale_version_then_locked(
    db, coordinator, trainer, centre_org, group, contracts
):
    _token, client = issue(trainer, centre_org)
    url = f"{API}groups/{group.pk}/attendance/{WEEK}/"
    body = week_body(client, group.pk)
    response = client.put(url, body, "application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["saved"] == 15
    assert AttendanceDay.objects.count() == 15
    stale = client.put(url, body, "application/json")  # same version again
    assert stale.status_code == 409
    assert stale.json() == {
        "detail": "Quelqu'un a enregistré cette semaine depuis votre lecture : la version "
        "enregistrée est 1. Rien n'a été écrasé : relisez la semaine (GET) et renvoyez vos "
        "changements avec « version » 1.",
        "code": "stale_week",
        "version": 1,
    }
    AttendanceWeek.objects.filter(group=group).update(
        locked_at=datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC), locked_by=coordinator
    )
    locked = client.put(url, week_body(client, group.pk), "application/json")
    assert locked.status_code == 409
    assert locked.json()["detail"] == (
        "Cette semaine est verrouillée : seule la coordination peut la modifier."
    )


@pytest.mark.parametrize("version", [1, 10**30])
def test_a_version_not_read_on_a_never_saved_week_is_a_conflict(
    db, trainer, centre_org, group, contracts, version
):
    """Any version saved a week never saved: a client that read nothing overwrote it. The
    409 says the week was never saved (no « voici la version enregistrée »: there is none)."""
    _token, client = issue(trainer, centre_org)
    url = f"{API}groups/{group.pk}/attendance/{WEEK}/"
    body = week_body(client, group.pk)
    assert body["version"] == 0
    response = client.put(url, {**body, "version": version}, "application/json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Cette semaine n'a encore jamais été enregistrée : sa version est 0. Rien "
        "n'a été enregistré : renvoyez vos changements avec « version » 0.",
        "code": "stale_week",
        "version": 0,
    }
    assert not AttendanceDay.objects.exists() and not AttendanceWeek.objects.exists()


def test_hours_above_the_limits_save_nothing(db, trainer, centre_org, group, contracts):
    _token, client = issue(trainer, centre_org)
    url = f"{API}groups/{group.pk}/attendance/{WEEK}/"
    body = week_body(client, group.pk)
    body["cells"][0]["followed"] = "25"
    response = client.put(url, body, "application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Rien n'a été enregistré : corrigez les cases signalées."
    assert "pas plus de 12 heures par jour" in str(response.json()["errors"])
    assert not AttendanceDay.objects.exists()


def test_hours_sent_as_a_time(db, trainer, centre_org, group, contracts):
    """« 7:30 » from a time clock was refused as « not a number of hours »."""
    _token, client = issue(trainer, centre_org)
    url = f"{API}groups/{group.pk}/attendance/{WEEK}/"
    body = week_body(client, group.pk)
    body["cells"][0]["followed"] = "5:30"
    response = client.put(url, body, "application/json")
    assert response.status_code == 200, response.json()
    assert AttendanceDay.objects.filter(hours_followed=Decimal("5.5")).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        "pas du json",
        {"cells": []},
        {"version": 0, "cells": [{"contract": "x", "day": "hier"}]},
        {"version": 0, "cells": [{"contract": NOBODY, "day": WEEK}]},
        {"version": 0, "cells": [{"contract": NOBODY, "day": "2022-12-20"}]},
    ],
)
def test_malformed_weeks_are_400(db, trainer, centre_org, group, contracts, body):
    _token, client = issue(trainer, centre_org)
    url = f"{API}groups/{group.pk}/attendance/{WEEK}/"
    response = client.put(url, body, "application/json")
    assert response.status_code == 400
    assert not AttendanceDay.objects.exists()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ("null", None),
        ("[]", None),
        (
            {"version": None, "cells": []},
            {"version": ["Ce champ ne peut pas être null : donnez une valeur."]},
        ),
        (
            {"version": "trois", "cells": {}},
            {
                "version": ["Donnez un nombre entier, sans virgule."],
                "cells": {"non_field_errors": ["Envoyez une liste, entre crochets [ ]."]},
            },
        ),
        (
            {"version": -1, "cells": [3, {"contract": "x", "day": "hier", "followed": 5}]},
            {
                "version": ["Donnez un nombre de 0 au moins."],
                "cells": {
                    "0": {"non_field_errors": ["Envoyez un objet JSON, entre accolades { }."]},
                    "1": {
                        "contract": [
                            "Ce n'est pas un identifiant : reprenez l'id (UUID) donné par l'API."
                        ],
                        "day": [
                            "Écrivez la date sous la forme AAAA-MM-JJ, par exemple 2025-01-06."
                        ],
                    },
                },
            },
        ),
        (
            {"cells": [{"contract": NOBODY, "day": WEEK, "followed": "1" * 21}]},
            {
                "version": ["Ce champ manque : ajoutez-le."],
                "cells": {"0": {"followed": ["Écrivez au plus 20 caractères."]}},
            },
        ),
    ],
)
def test_a_malformed_week_is_told_in_french(db, trainer, centre_org, group, body, errors, language):
    """A null body was « No data provided », and DRF's messages followed Accept-Language."""
    _token, client = issue(trainer, centre_org)
    url = f"{API}groups/{group.pk}/attendance/{WEEK}/"
    response = client.put(url, body, "application/json", headers={"Accept-Language": language})
    assert response.status_code == 400
    if errors is None:
        assert response.json() == {
            "detail": "Envoyez un objet JSON, entre accolades { } : pas null, ni une liste, "
            "ni un nombre, ni un texte."
        }
    else:
        assert response.json() == {
            "detail": "Semaine mal formée : vérifiez « version » et « cells ».",
            "errors": errors,
        }


def test_not_a_monday_is_404(db, trainer, centre_org, group):
    """The tool was told « Introuvable. » and not what to send."""
    _token, client = issue(trainer, centre_org)
    for monday in ("2022-12-06", "lundi", "2022-13-05"):
        response = client.get(f"{API}groups/{group.pk}/attendance/{monday}/")
        assert response.status_code == 404
        assert response.json()["detail"] == (
            f"« {monday} » : une semaine se donne par la date de son lundi, AAAA-MM-JJ "
            "(par exemple 2025-01-06)."
        )


def test_a_method_the_address_does_not_take_is_405_not_a_missing_right(db, coordinator, centre_org):
    """A POST on a list answered 403 « Ce jeton n'a pas le droit « POST » »."""
    _token, client = issue(coordinator, centre_org)
    for url in ("trainings/", "groups/", "trainees/", "contracts/"):
        response = client.post(API + url, {}, "application/json")
        assert response.status_code == 405
        assert response.json()["detail"] == "La méthode POST n'est pas acceptée à cette adresse."


def test_openapi_documents_the_token_scheme(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    assert schema["components"]["securitySchemes"]["jetonCentre"]["scheme"] == "bearer"
    assert "/api/v1/centre/groups/{id}/attendance/{monday}/" in schema["paths"]
    trainees = schema["paths"]["/api/v1/centre/trainees/"]["get"]
    assert trainees["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedStagiaireDuCentreList"
    }
    assert trainees["parameters"][0]["description"] == "Numéro de page (100 résultats par page)."
    assert "404" in trainees["responses"]


def test_openapi_documents_both_week_conflicts(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    put = schema["paths"]["/api/v1/centre/groups/{id}/attendance/{monday}/"]["put"]
    conflict = put["responses"]["409"]
    assert "n'a encore jamais été enregistrée" in conflict["description"]
    assert "la version enregistrée est N" in conflict["description"]
    fields = schema["components"]["schemas"]["ConflitSemaine"]["properties"]
    assert set(fields) == {"detail", "code", "version"}
