"""``staff_view`` and ``public_view``: methods, capability, and a GET that cannot write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from tests.factories import OrganisationFactory, make_member
from tremplin.accounts.capabilities import Capability
from tremplin.accounts.models import Role
from tremplin.www.decorators import (
    WriteOnRead,
    public_view,
    staff_view,
    statement_may_run_on_read,
)

pytestmark = pytest.mark.django_db


@staff_view("GET", "POST", capability=Capability.LOCK_REGISTER)
def renames_the_organisation(request):
    OrganisationFactory._meta.model.objects.update(name="Écrit")
    return HttpResponse("ok")


@public_view("GET")
def public_page(request):
    return HttpResponse("ok")


def _request(method, user):
    request = getattr(RequestFactory(), method.lower())("/")
    request.user = user
    return request


def test_a_get_that_writes_fails_and_a_post_may_write():
    coordinator = make_member(Role.COORDINATOR)
    with pytest.raises(WriteOnRead), transaction.atomic():
        renames_the_organisation(_request("GET", coordinator))
    assert renames_the_organisation(_request("POST", coordinator)).status_code == 200


def test_other_methods_get_405_and_head_comes_with_get():
    coordinator = make_member(Role.COORDINATOR)
    assert renames_the_organisation(_request("PUT", coordinator)).status_code == 405
    assert public_page(_request("POST", AnonymousUser())).status_code == 405
    assert public_page(_request("HEAD", AnonymousUser())).status_code == 200


def test_a_member_without_the_capability_gets_403():
    with pytest.raises(PermissionDenied):
        renames_the_organisation(_request("POST", make_member(Role.CENTRE_STAFF)))


def test_public_views_skip_the_login_and_staff_views_do_not():
    assert public_page.login_required is False
    assert getattr(renames_the_organisation, "login_required", True) is True


@pytest.mark.parametrize(
    "sql, allowed",
    [
        ('SELECT "x" FROM "accounts_user"', True),
        ('INSERT INTO "audit_accesslog" ("id") VALUES (%s)', True),
        ('INSERT INTO "intake_candidacy" ("id") VALUES (%s)', False),
        ('UPDATE "accounts_organisation" SET "name" = %s', False),
        ('DELETE FROM "training_attendanceday"', False),
        (
            "SELECT set_config('pghistory.context_id', %s, true), "
            "set_config('pghistory.context_metadata', %s, true); "
            'UPDATE "accounts_organisation" SET "name" = %s',
            False,
        ),
        ("WITH moved AS (DELETE FROM t RETURNING *) SELECT 1", False),
    ],
)
def test_which_statements_a_reading_page_may_run(sql, allowed):
    assert statement_may_run_on_read(sql) is allowed
