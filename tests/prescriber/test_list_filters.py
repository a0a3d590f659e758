"""« Orientations suivies » filtered by author, status and the person's name, with the count
of each status, pages that keep the filters, the same queries for one page or many."""

import html
import re

import pytest

from tests.intake.people_factories import ReferralFactory
from tremplin.intake.referrals import withdraw_referral
from tremplin.www.prescriber import referrals as views

pytestmark = pytest.mark.django_db

LIST = "/prescripteur/orientations/"


def referral_by(user, world, **fields):
    return ReferralFactory(
        prescriber=user,
        prescriber_organisation=world.office,
        candidacy__training=world.couvin,
        **fields,
    )


def names(page) -> set[str]:
    return set(re.findall(r'/prescripteur/orientations/[0-9a-f-]{36}/">([^<]+)<', page))


def test_filters_by_author_status_and_name_with_counts(client, world):
    mine = referral_by(world.counsellor, world, candidacy__person__last_name="Lemaître")
    theirs = referral_by(
        world.colleague,
        world,
        candidacy__person__last_name="Dupont",
        candidacy__status="waiting_list",
    )
    gone = referral_by(world.counsellor, world, candidacy__person__last_name="Martin")
    withdraw_referral(gone, world.counsellor, "changed_mind")
    client.force_login(world.counsellor)
    page = html.unescape(client.get(LIST).content.decode())
    assert len(names(page)) == 3
    assert "En attente du centre</a> : <strong>1<" in page
    assert "Liste d'attente</a> : <strong>1<" in page
    assert "Retirée</a> : <strong>1<" in page
    assert "Orientation retirée par le prescripteur" in page
    page = html.unescape(client.get(LIST, {"whose": "mine"}).content.decode())
    assert names(page) == {mine.person.full_name, gone.person.full_name}
    assert "Liste d'attente</a> : <strong>0<" in page  # counts follow the other filters
    assert 'href="?whose=mine&status=withdrawn"' in page
    page = client.get(LIST, {"status": "waiting_list"}).content.decode()
    assert names(html.unescape(page)) == {theirs.person.full_name}
    # The name, accents and case ignored.
    page = html.unescape(client.get(LIST, {"q": "lemaitre"}).content.decode())
    assert names(page) == {mine.person.full_name}
    # An unknown status is shown as an error and filters nothing.
    response = client.get(LIST, {"status": "nope"})
    assert response.status_code == 400 and len(names(html.unescape(response.content.decode()))) == 3


def test_pages_keep_the_filters_and_make_the_same_queries(
    client, world, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    referral_by(world.counsellor, world)
    client.force_login(world.counsellor)
    filters = {"whose": "mine", "status": "waiting", "q": ""}
    client.get(LIST, filters)
    with django_assert_max_num_queries(40) as first:
        client.get(LIST, filters)
    for _ in range(4):
        referral_by(world.counsellor, world)
        referral_by(world.colleague, world)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(LIST, filters).content.decode()
    assert len(names(page)) == 2
    assert 'href="?whose=mine&amp;status=waiting&amp;q=&amp;page=2"' in page
    page = client.get(LIST, {**filters, "page": 3}).content.decode()
    assert "Page 3 sur 3" in page and len(names(page)) == 1
