"""Recompute the stored NISS digests after the lookup digest key changed (decision 0802).

``Person.niss_hash`` is an HMAC of the NISS under ``settings.LOOKUP_DIGEST_KEY``: it finds
duplicates, enforces one file per NISS in a centre and links a person's statistics key across
centres. When the key changes, every stored digest must be recomputed from the decrypted
NISS, in one transaction, or none.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import pghistory
from django.db import transaction

from tremplin.audit.niss import niss_digest
from tremplin.intake.models import Person
from tremplin.refusals import Refused


class DigestCollision(Refused):
    """Two files of one centre hold the same NISS: merge them before recomputing."""


@dataclass
class DigestReport:
    checked: int = 0
    changed: int = 0
    collisions: dict = field(default_factory=dict)  # (centre id, digest) -> [person ids]


def _stale_digests(report: DigestReport) -> list[Person]:
    stale = []
    by_centre_digest = defaultdict(list)
    people = Person.objects.exclude(niss_hash="").only("id", "holding_centre", "niss", "niss_hash")
    for person in people.order_by("pk").iterator(chunk_size=2000):
        if not person.niss:
            continue
        report.checked += 1
        digest = niss_digest(person.niss)
        by_centre_digest[(person.holding_centre_id, digest)].append(person.pk)
        if digest != person.niss_hash:
            person.niss_hash = digest
            stale.append(person)
    report.collisions = {key: ids for key, ids in by_centre_digest.items() if len(ids) > 1}
    return stale


def recompute_niss_digests(*, dry_run: bool = False) -> DigestReport:
    """Recompute every ``Person.niss_hash`` under the current key; returns what changed.

    Refuses (``DigestCollision``, nothing written) when two files of the same centre turn out to
    hold the same NISS — which happens when files were added after the key changed and before
    this command ran: the centre merges them first (the duplicates page finds them by name and
    birth date).
    """
    report = DigestReport()
    with transaction.atomic(), pghistory.context(command="recompute_digests"):
        stale = _stale_digests(report)
        if report.collisions:
            raise DigestCollision(
                "Des dossiers d'un même centre ont le même NISS ; fusionnez-les puis relancez : "
                + "; ".join(", ".join(str(pk) for pk in ids) for ids in report.collisions.values()),
                code="niss_digest_collision",
            )
        report.changed = len(stale)
        if not dry_run:
            Person.objects.bulk_update(stale, ["niss_hash"], batch_size=1000)
    return report
