"""Every view says what it answers and who may open it (docs/decisions/0007-view-decorator.md).

``@staff_view("GET", "POST", capability=Capability.X)`` for member pages,
``@public_view("GET")`` for public ones. Both:

- answer 405 to any other method (HEAD comes with GET), with a page that says so (a POST-only
  address opened by hand, or by the language switch of its error page, was blank);
- run GET and HEAD read-only: a statement that writes raises ``WriteOnRead`` (a 500 in
  production, a failing test before), except the few tables a reading page may write to
  (``READING_MAY_WRITE``: the access log, the cache, the sessions) — the pattern of les
  emplois' ``http_methods(db_readonly=…)``.

``staff_view`` also answers 403 to a member who holds ``capability`` in none of their
organisations (the login and MFA middlewares already sent strangers away). Which objects the
member may open is the view's queryset (``visible_to(user)``) and ``can(user, capability,
organisation)``. ``capability=None`` is for the one page every logged-in person may open (the
"my space" redirect); the route inventory test lists where it is allowed.
"""

import re
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponseNotAllowed
from django.template.loader import render_to_string

from tremplin.accounts.capabilities import Capability, can

READ_METHODS = frozenset({"GET", "HEAD"})
# Tables a GET may write to: who opened which person file, the rate-limit cache, sessions.
READING_MAY_WRITE = frozenset({"audit_accesslog", "tremplin_cache", "django_session"})
READ_STATEMENTS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW"})
# pghistory puts its context in front of writing statements (``SELECT set_config(…); …``).
PGHISTORY_PREFIX = re.compile(r"^\s*SELECT set_config\('pghistory\.context_id'[^;]*;\s*", re.I)
WRITE_TARGET = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)


class WriteOnRead(RuntimeError):
    """A GET or HEAD tried to write to the database."""


@dataclass(frozen=True)
class Declaration:
    methods: frozenset[str]
    capability: Capability | None
    public: bool


def statement_may_run_on_read(sql) -> bool:
    statement = PGHISTORY_PREFIX.sub("", sql if isinstance(sql, str) else str(sql))
    words = statement.split(None, 1)
    if not words or words[0].upper() in READ_STATEMENTS:
        return True
    if words[0].upper() == "WITH":
        return not re.search(r"\b(INSERT|UPDATE|DELETE)\b", statement, re.I)
    target = WRITE_TARGET.match(statement)
    return bool(target) and target.group(1) in READING_MAY_WRITE


def _refuse_writes(execute, sql, params, many, context):
    if not statement_may_run_on_read(sql):
        raise WriteOnRead(f"Une page lue (GET) a tenté d'écrire : {str(sql)[:200]}")
    return execute(sql, params, many, context)


def method_not_allowed(request, allowed) -> HttpResponseNotAllowed:
    return HttpResponseNotAllowed(sorted(allowed), render_to_string("405.html", request=request))


def _declared(methods, capability, public):
    allowed = frozenset(method.upper() for method in methods)
    if not allowed:
        raise TypeError("Une vue déclare au moins une méthode HTTP.")
    if "GET" in allowed:
        allowed |= {"HEAD"}

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in allowed:
                return method_not_allowed(request, allowed)
            if capability is not None and not can(request.user, capability):
                raise PermissionDenied
            if request.method in READ_METHODS:
                with connection.execute_wrapper(_refuse_writes):
                    return view(request, *args, **kwargs)
            return view(request, *args, **kwargs)

        wrapped.declaration = Declaration(allowed, capability, public)
        return login_not_required(wrapped) if public else wrapped

    return decorator


def staff_view(*methods, capability: Capability | None):
    """A member page: ``methods`` it answers, the ``capability`` it needs somewhere."""
    return _declared(methods, capability, public=False)


def public_view(*methods):
    """A public page (no login): the ``methods`` it answers."""
    return _declared(methods, None, public=True)
