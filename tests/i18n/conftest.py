"""Fixtures for the English pages: an up-to-date compiled catalogue and an English visitor."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.test.signals import setting_changed

from tests.directory.conftest import directory, places  # noqa: F401 — reused fixtures

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="session", autouse=True)
def _compiled_english_catalogue():
    """Compile django.po into django.mo when the .mo is missing or older (as `make install`
    does), then make Django reload its catalogues (as when LOCALE_PATHS changes)."""
    mo_file = PO_FILE.with_suffix(".mo")
    if not mo_file.exists() or mo_file.stat().st_mtime < PO_FILE.stat().st_mtime:
        polib.pofile(str(PO_FILE)).save_as_mofile(str(mo_file))
        setting_changed.send(
            sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
        )


@pytest.fixture
def english(db) -> Client:
    """A visitor whose browser asks for English (Accept-Language: en) on every request."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
