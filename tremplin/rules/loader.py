"""Read the rule files once per process and fingerprint them.

The files are data shipped with the code, so a process-wide cache is safe: they only change
with a deployment. ``rules_version()`` is a hash of their bytes; every result carries it so that
an answer can be traced back to the exact rules that produced it.
"""

import functools
import hashlib
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent
PARAMETERS_DIR = RULES_DIR / "parameters"
CATEGORIES_FILE = RULES_DIR / "categories.yaml"
CASES_DIR = RULES_DIR / "cases"


def rule_files() -> list[Path]:
    """Every file whose content can change an answer, in a stable order."""
    return [CATEGORIES_FILE, *sorted(PARAMETERS_DIR.glob("*.yaml"))]


@functools.cache
def rules_version() -> str:
    digest = hashlib.sha256()
    for path in rule_files():
        digest.update(path.relative_to(RULES_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


@functools.cache
def raw_parameters() -> dict[str, dict]:
    """``{"file.name": definition}`` for every parameter of every file."""
    found = {}
    for path in sorted(PARAMETERS_DIR.glob("*.yaml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, definition in content.items():
            found[f"{path.stem}.{name}"] = definition
    return found


@functools.cache
def raw_categories() -> dict:
    return yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))
