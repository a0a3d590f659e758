"""The rooms keep their doors (docs/architecture.md): the ways in (``www/``, ``api/``) import
the domain apps, never the reverse; the old homes of shared concerns stay empty."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "tremplin"
WAYS_IN = ("www", "api")
IMPORT = re.compile(r"^\s*(?:from|import)\s+tremplin\.(\w+)", re.M)


def python_files(folder: Path):
    return [p for p in folder.rglob("*.py") if "migrations" not in p.parts]


def test_no_domain_app_imports_a_way_in():
    wrong = []
    for app in ROOT.iterdir():
        if not app.is_dir() or app.name in WAYS_IN or app.name.startswith("_"):
            continue
        for path in python_files(app):
            for target in IMPORT.findall(path.read_text()):
                if target in WAYS_IN:
                    wrong.append(f"{path.relative_to(ROOT)} → tremplin.{target}")
    assert not wrong, "Une application métier importe www/ ou api/ :\n" + "\n".join(wrong)


def test_role_tuples_and_ad_hoc_checks_are_gone():
    """Who may do what is ``tremplin.accounts.capabilities`` (decision 0006)."""
    old = re.compile(
        r"\b(role_required|where_user_has_role|has_role|roles_in|sees_sensitive_data"
        r"|PERSON_FILE_ROLES|SENSITIVE_ROLES|BOOKING_ROLES|MANAGE_ROLES|CENTRE_WIDE_ROLES"
        r"|SOCIAL_ROLES|LOCK_ROLES|EXIT_ROLES|INTAKE_ROLES|FEDERATION_ROLES|APPROVER_ROLES"
        r"|READER_ROLES|FOLLOW_ROLES)\b"
    )
    found = []
    for path in python_files(ROOT):
        for line_number, line in enumerate(path.read_text().splitlines(), 1):
            match = old.search(line)
            if match:
                found.append(f"{path.relative_to(ROOT)}:{line_number}: {match.group(1)}")
    assert not found, "\n".join(found)
