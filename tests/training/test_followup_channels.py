import datetime

import pytest
from django.core import mail

from tests.training.factories import ExitFactory
from tremplin.intake.messages import LoggingSmsProvider
from tremplin.training.followups import send_due_followups
from tremplin.training.models import FollowUp

TODAY = datetime.date(2024, 1, 15)


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    LoggingSmsProvider.outbox.clear()


def exit_of(email="", phone=""):
    exit_ = ExitFactory()
    person = exit_.contract.person
    person.email, person.phone = email, phone
    person.save(update_fields=["email", "phone"])
    return exit_


@pytest.mark.django_db
def test_follow_up_goes_by_email_else_by_sms_else_is_listed_for_a_call(
    django_capture_on_commit_callbacks,
):
    by_email = exit_of(email="ancien@exemple.test", phone="+32470000001")
    by_sms = exit_of(phone="+32470000002")
    no_contact = exit_of()

    with django_capture_on_commit_callbacks(execute=True):
        report = send_due_followups(TODAY, log=lambda message: None)

    channels = {f.exit_id: f.channel for f in FollowUp.objects.all()}
    assert channels == {
        by_email.pk: FollowUp.Channel.EMAIL,
        by_sms.pk: FollowUp.Channel.SMS,
        no_contact.pk: FollowUp.Channel.NONE,
    }
    assert [message.to for message in mail.outbox] == [["ancien@exemple.test"]]
    assert len(LoggingSmsProvider.outbox) == 1
    phone, text = LoggingSmsProvider.outbox[0]
    assert phone == "+32470000002"
    assert "/suivi/" in text
    assert (report.sent, report.without_contact) == (2, 1)


@pytest.mark.django_db
def test_sending_twice_sends_nothing_more(django_capture_on_commit_callbacks):
    exit_of(phone="+32470000003")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_followups(TODAY, log=lambda message: None)
        send_due_followups(TODAY, log=lambda message: None)
    assert len(LoggingSmsProvider.outbox) == 1
