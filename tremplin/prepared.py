"""Statements that PostgreSQL plans once per connection: the public search's.

A search never asked before runs a few fixed shapes of statement; planning one cost as much as
running it (the place lookup: 5 ms of planning for 1 ms of work). ``fetch_all`` sends the
statement with server-side parameters and asks psycopg to prepare it, through Django's cursor
wrapper (query log, execute wrappers, database errors translated). A statement that starts
with SELECT: pghistory adds no context to it (a second command).

Django turns psycopg's prepared statements off (``prepare_threshold`` None) unless the
database OPTIONS ask for them, and then ``prepare=True`` is silently ignored:
config/database.py sets the threshold (``DB_PREPARE_THRESHOLD``), tests/test_prepared.py
checks that PostgreSQL really holds the statement. Django's own cursor binds parameters on
the client and never prepares.
"""

import functools

import psycopg
from django.db import connection


class _PreparedCursor(psycopg.Cursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


@functools.lru_cache(maxsize=256)
def _compact(sql: str) -> str:
    """The statement on one line, single spaces: short enough for psycopg to keep its
    conversion to PostgreSQL's ``$n`` placeholders (it re-parses statements over 4,096
    characters at every call). The literals of these statements hold no double spaces, and
    they hold no ``--`` comment (it would run to the end of the line)."""
    return f"SELECT * FROM ({' '.join(sql.split())}) AS answer"


def fetch_all(sql: str, params: dict) -> list[tuple]:
    connection.ensure_connection()
    with connection._prepare_cursor(_PreparedCursor(connection.connection)) as cursor:
        cursor.execute(_compact(sql), params)
        return cursor.fetchall()
