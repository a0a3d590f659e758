"""The erasure journal: every tombstone also appended, as one JSON line of ids, to a file kept
outside the database (``settings.ERASURE_JOURNAL``). After a restore from a backup, the next
``apply_retention`` reads it and erases again what the backup brought back (decision 0804)."""

import json
from pathlib import Path

from django.conf import settings


def journal_path() -> Path:
    return Path(settings.ERASURE_JOURNAL)


def append(records) -> None:
    if not records:
        return
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as journal:
        for record in records:
            entry = {
                "kind": record.kind,
                "object_id": record.object_id,
                "action": record.action,
                "rule": record.rule,
                "applied_at": record.applied_at.isoformat(),
            }
            journal.write(json.dumps(entry) + "\n")


def entries() -> list[dict]:
    path = journal_path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
