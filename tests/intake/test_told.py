"""After an action that notifies someone, the confirmation says who was told and how, from the
message registry's own decision (address, opt-out, SMS text), not from a guess."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tremplin.accounts.models import Role
from tremplin.intake import messages
from tremplin.intake.states import CandidacyStatus, RefusalReason
from tremplin.www.told import sentence

pytestmark = pytest.mark.django_db
REASON = RefusalReason.values[0]


def act(client, candidacy, name, **fields):
    staff = make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    client.force_login(staff)
    data = {"name": name, f"{name}-name": name, f"{name}-version": candidacy.version}
    data.update({f"{name}-{key}": value for key, value in fields.items()})
    url = reverse("centre:candidacy_transition", args=[candidacy.pk])
    return client.post(url, data, follow=True).content.decode()


def test_an_email_was_sent_to_the_person(client, django_capture_on_commit_callbacks):
    candidacy = CandidacyFactory(person__first_name="Awa", person__last_name="Diallo")
    with django_capture_on_commit_callbacks(execute=True):
        page = act(client, candidacy, "refuse", refusal_reason=REASON)
    email = candidacy.person.email
    assert f"Un e-mail a été envoyé à Awa Diallo ({email})." in page
    assert [m.to for m in mail.outbox] == [[email]]


def test_no_address_no_sms_text_says_to_phone(client, django_capture_on_commit_callbacks):
    candidacy = CandidacyFactory(
        person__first_name="Noé", person__last_name="Lambert", person__email="", person__phone=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = act(client, candidacy, "refuse", refusal_reason=REASON)
    assert "Pas d&#x27;e-mail connu pour Noé Lambert : prévenez la personne par téléphone." in page
    assert mail.outbox == []
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.REFUSED


def test_a_phone_without_address_gets_the_sms_where_the_message_has_one():
    with_sms = messages.CandidacyInvited("", {}, phone="+32470000000")
    assert with_sms.delivery("X").phone == "+32470000000"
    without_sms = messages.CandidacyDecision("", {}, phone="+32470000000")
    decision = without_sms.delivery("X")
    assert (decision.sent, decision.reason) == (False, "no_contact")


def test_an_opt_out_is_told():
    message = messages.CandidacyExpired("lea@exemple.test", {})
    messages.opt_out("lea@exemple.test", message.name)
    decision = message.delivery("Léa Renard")
    assert (decision.sent, decision.reason) == (False, "opted_out")
    assert sentence(decision) == (
        "Léa Renard a demandé à ne plus recevoir ce message : rien n'a été envoyé. "
        "Prévenez la personne par téléphone."
    )
