"""The NISS is validated (mod 97) and never stored in clear: not in the person table, not in
its history, not in the access log, not anywhere in the database. Only the coordinator and the
social worker of the holding centre see it in clear; everyone else sees it masked."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import make_member
from tests.intake.people_factories import VALID_NISS, CandidacyFactory
from tremplin.accounts.models import Role
from tremplin.intake.models import Person

pytestmark = pytest.mark.django_db

NISS = VALID_NISS[0]  # 85073003328
CLEAR_FORMS = [NISS, "85.07.30-033.28", "850730-033-28", "85073003328"[:6] + "-" + NISS[6:]]


def text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND data_type IN ('text', 'character varying', 'jsonb', 'json')
            """
        )
        return cursor.fetchall()


def tables_holding(value: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1',  # noqa: S608
                [f"%{value}%"],
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


def test_the_niss_column_holds_ciphertext(client):
    candidacy = CandidacyFactory(person__niss=NISS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT niss, niss_hash FROM intake_person WHERE id = %s", [candidacy.person.pk]
        )
        stored, digest = cursor.fetchone()
    assert stored and NISS not in stored and digest and NISS not in digest
    assert Person.objects.get(pk=candidacy.person.pk).niss == NISS


def test_the_niss_appears_nowhere_in_clear_after_the_pages_are_used(client):
    candidacy = CandidacyFactory(person__niss=VALID_NISS[1])
    person = candidacy.person
    social = make_member(Role.SOCIAL_WORKER, organisation=person.holding_centre.organisation)
    client.force_login(social)
    # Open and edit the file (history rows, access log, request context).
    assert client.get(f"/centre/personnes/{person.pk}/").status_code == 200
    edit = client.get(f"/centre/personnes/{person.pk}/modifier/")
    assert edit.status_code == 200
    form = edit.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["niss"] = NISS
    response = client.post(f"/centre/personnes/{person.pk}/modifier/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.niss == NISS
    for value in [NISS, "85.07.30-033.28", VALID_NISS[1]]:
        assert tables_holding(value) == [], value


def test_an_invalid_niss_is_refused_by_the_model():
    person = CandidacyFactory().person
    person.niss = "85073003329"  # check digits wrong
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "niss" in error.value.message_dict


@pytest.mark.parametrize(
    "role, clear",
    [
        (Role.COORDINATOR, True),
        (Role.SOCIAL_WORKER, True),
        (Role.CENTRE_STAFF, False),
    ],
)
def test_pages_show_the_niss_masked_to_those_who_should_not_see_it(client, role, clear):
    candidacy = CandidacyFactory(person__niss=NISS)
    user = make_member(role, organisation=candidacy.training.centre.organisation)
    client.force_login(user)
    for url in [
        f"/centre/personnes/{candidacy.person.pk}/",
        f"/centre/candidatures/{candidacy.pk}/",
    ]:
        page = client.get(url).content.decode()
        assert ("85.07.30-033.28" in page or NISS in page) is clear, url
    edit = client.get(f"/centre/personnes/{candidacy.person.pk}/modifier/").content.decode()
    if not clear:
        assert NISS not in edit and "85.07.30-033.28" not in edit


def test_a_trainee_export_carries_no_niss(client, world):
    contract = world["contract"]
    contract.person.niss = NISS
    contract.person.save()
    client.force_login(world["visitors"]["own:coordinator"])
    for url in ["/centre/stagiaires/?format=xlsx", "/centre/releves/?mois=2022-12&format=xlsx"]:
        content = client.get(url).content
        assert NISS.encode() not in content, url
