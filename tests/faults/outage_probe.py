"""Run by tests/faults/test_database_outage.py in its own process, against an embedded
PostgreSQL that the test stops and starts. Talks with the test through stdin/stdout lines:
prints READY, waits for DOWN, probes, prints a JSON line, waits for UP, probes, prints a JSON
line. Meanwhile a thread keeps booking seats and opening pages (the traffic)."""

import json
import os
import sys
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # e-mails go to mail.outbox


class ServerClient(Client):
    """The test client without its one shortcut: a real server (WSGIHandler) checks and renews
    the thread's database connection at the start and end of each request; the test client
    disconnects that handler (to keep test transactions), so it is called here."""

    def request(self, **request):
        close_old_connections()
        try:
            return super().request(**request)
        finally:
            close_old_connections()


call_command("migrate", verbosity=0)
call_command("createcachetable")

from tests.directory.factories import InfoSessionFactory, TrainingFactory  # noqa: E402
from tremplin.intake.models import SessionBooking  # noqa: E402

training = TrainingFactory()
session = InfoSessionFactory(centre=training.centre, site=training.site, training=training)
BOOK = f"/sessions/{session.pk}/inscription/"
statuses: list[int] = []
booked: list[str] = []
stop = threading.Event()


def book(n: int) -> int:
    client = ServerClient(raise_request_exception=False, REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}")
    email = f"personne{n}@exemple.test"
    response = client.post(
        BOOK,
        {
            "first_name": "Awa",
            "last_name": f"Trafic{n}",
            "email": email,
            "postal_code": "5000",
            "consent": "on",
        },
    )
    if response.status_code == 302:
        booked.append(email)
    return response.status_code


def traffic():
    n = 0
    while not stop.is_set():
        n += 1
        statuses.append(book(n))
        statuses.append(ServerClient(raise_request_exception=False).get(BOOK).status_code)
        time.sleep(0.2)


def probe() -> dict:
    client = ServerClient(raise_request_exception=False)
    page = client.get(BOOK)
    api = client.get("/api/v1/centres/")
    health = client.get("/healthz")
    return {
        "page": page.status_code,
        "page_text": page.content.decode()[:2000],
        "retry_after": page.get("Retry-After"),
        "api": api.status_code,
        "api_json": api.content.decode()[:500] if api.status_code == 503 else "",
        "healthz": health.status_code,
        "booking": book(100_000 + len(statuses)),
    }


assert ServerClient().get(BOOK).status_code == 200, "the booking page works before the outage"
worker = threading.Thread(target=traffic, daemon=True)
worker.start()
time.sleep(1)
print("READY", flush=True)
assert sys.stdin.readline().strip() == "DOWN"
time.sleep(2)
print(json.dumps(probe()), flush=True)
assert sys.stdin.readline().strip() == "UP"
time.sleep(1)
after = probe()
stop.set()
worker.join()
connection.close()  # outside a request nothing renews the main thread's connection
after["statuses"] = sorted(set(statuses))
after["booked"] = len(booked)
after["stored"] = SessionBooking.objects.filter(email__in=booked).count()
after["stored_total"] = SessionBooking.objects.count()
after["mails"] = len({to for message in mail.outbox for to in message.to})
print(json.dumps(after), flush=True)
