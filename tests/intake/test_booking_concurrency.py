"""Two people booking the last seat at the same moment: one seat, one waiting list."""

import threading

import pytest
from django.db import connection

from tests.directory.factories import InfoSessionFactory
from tremplin.intake import booking
from tremplin.intake.models import SessionBooking


@pytest.mark.django_db(transaction=True)
def test_last_seat_goes_to_one_person_only():
    session = InfoSessionFactory(capacity=1)
    barrier = threading.Barrier(4)
    errors = []

    def book(n):
        try:
            barrier.wait()
            booking.book(
                session.pk,
                booking.Applicant(
                    first_name=f"P{n}",
                    last_name="Test",
                    email=f"p{n}@exemple.test",
                    phone="",
                    postal_code="5000",
                ),
            )
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = sorted(SessionBooking.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting_list", "waiting_list", "waiting_list"]
