import pytest
from django.db import ProgrammingError, transaction
from django.db.models import RestrictedError
from django.test import RequestFactory

from tests.factories import OrganisationFactory, make_member, make_platform_admin
from tremplin.accounts.models import Organisation, Role
from tremplin.audit.access import log_access
from tremplin.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def request_by(user, path="/centre/personnes/x/"):
    request = RequestFactory().get(path, REMOTE_ADDR="203.0.113.7")
    request.user = user
    return request


def test_log_access_records_who_what_where_and_hashes_the_ip():
    centre = OrganisationFactory()
    worker = make_member(Role.SOCIAL_WORKER, organisation=centre)
    entry = log_access(request_by(worker), centre, "centre:person_detail")
    assert entry.user == worker
    assert entry.organisation == centre
    assert entry.object_id == centre.pk
    assert entry.path == "/centre/personnes/x/"
    assert entry.ip_hash and "203.0.113.7" not in entry.ip_hash
    assert list(AccessLog.objects.for_object(centre)) == [entry]
    assert list(AccessLog.objects.by_user(worker)) == [entry]


def test_log_access_refuses_objects_without_uuid():
    worker = make_member(Role.TRAINER)
    with pytest.raises(TypeError):
        log_access(request_by(worker), worker, "centre:whatever")


def test_the_log_is_append_only_and_keeps_its_users():
    worker = make_member(Role.TRAINER)
    entry = log_access(request_by(worker), worker.memberships.get().organisation, "v")
    with pytest.raises(ProgrammingError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(view_name="autre")
    with pytest.raises(RestrictedError), transaction.atomic():
        worker.delete()


def test_admin_shows_the_log_read_only(client):
    admin = make_platform_admin()
    worker = make_member(Role.TRAINER)
    log_access(request_by(worker), worker.memberships.get().organisation, "centre:x")
    client.force_login(admin)
    response = client.get("/admin/audit/accesslog/")
    assert response.status_code == 200
    assert "centre:x" in response.content.decode()
    assert client.get("/admin/audit/accesslog/add/").status_code == 403


def test_history_records_changes_with_the_user_and_url(client):
    admin = make_platform_admin()
    organisation = OrganisationFactory(name="Avant")
    client.force_login(admin)
    url = f"/admin/accounts/organisation/{organisation.pk}/change/"
    response = client.post(
        url,
        {
            "name": "Après",
            "kind": "centre",
            "prescriber_type": "",
            "email": "",
            "is_active_on_platform": "on",
            "referral_sharing": "organisation",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = organisation.events.order_by("-pgh_id").first()
    assert event.name == "Après"
    assert event.pgh_context.metadata["user"] == admin.pk
    assert event.pgh_context.metadata["url"] == url
    assert Organisation.objects.get().name == "Après"
