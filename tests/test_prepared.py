"""The public search's statements are really prepared by PostgreSQL (tremplin/prepared.py).

Django turns psycopg's prepared statements off unless the connection's OPTIONS ask for them:
without ``prepare_threshold`` the helper's ``prepare=True`` is silently ignored and every
search is planned again (it was, for a whole session, before this test)."""

import pytest
from django.db import connection

from tremplin.prepared import fetch_all

pytestmark = pytest.mark.django_db


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_statement_is_prepared_once_and_reused():
    sql = "SELECT %(n)s::int + 1 AS answer_of_the_prepared_test"
    assert fetch_all(sql, {"n": 1}) == [(2,)]
    assert fetch_all(sql, {"n": 41}) == [(42,)]
    matching = [s for s in prepared_statements() if "answer_of_the_prepared_test" in s]
    assert len(matching) == 1


def test_django_own_queries_are_not_prepared():
    """Django's cursor binds parameters on the client: prepared statements stay the helper's."""
    before = len(prepared_statements())
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT 1 AS django_own")
    assert len(prepared_statements()) == before
