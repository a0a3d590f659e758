"""The English catalogue is exactly what `make messages` writes (decision 0901): entries
appended by hand drift (line numbers, strings of the code missing, obsolete entries kept)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

from tests.i18n.conftest import PO_FILE

BASE_DIR = Path(settings.BASE_DIR)
# What makemessages reads: the code, the templates and the settings (not tests, not .venv).
SOURCES = ("config", "tremplin", "manage.py")


def _messages_options() -> list[str]:
    """The options of `make messages`, from the Makefile (one place for the command)."""
    match = re.search(r"^MESSAGES_OPTIONS := (.+)$", (BASE_DIR / "Makefile").read_text(), re.M)
    assert match, "Makefile: MESSAGES_OPTIONS is missing"
    return match[1].split()


def _without_creation_date(text: str) -> str:
    return re.sub(r'^"POT-Creation-Date: .*\n', "", text, flags=re.M)


def test_catalogue_has_file_only_locations_and_no_obsolete_entry():
    catalogue = polib.pofile(str(PO_FILE))
    with_line_numbers = [e.msgid for e in catalogue for _path, line in e.occurrences if line]
    without_source = [e.msgid for e in catalogue if not e.obsolete and not e.occurrences]
    obsolete = [e.msgid for e in catalogue.obsolete_entries()]
    assert with_line_numbers == []
    assert without_source == []
    assert obsolete == []


def test_make_messages_would_not_change_the_catalogue(tmp_path):
    """Runs makemessages on a copy of the catalogue (the sources are linked, not copied): a
    string added to the code after the last `make messages`, or an entry added by hand, makes
    a difference. Fix: `make messages`, translate the new entries, commit."""
    for name in SOURCES:
        (tmp_path / name).symlink_to(BASE_DIR / name)
    copy = tmp_path / PO_FILE.relative_to(BASE_DIR)
    copy.parent.mkdir(parents=True)
    shutil.copy(PO_FILE, copy)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *_messages_options(), "--symlinks"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    assert _without_creation_date(copy.read_text()) == _without_creation_date(PO_FILE.read_text())
