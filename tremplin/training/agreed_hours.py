"""Agreed hours per training and year: agreed, delivered so far, projection to year end.

Delivered = hours followed + hours assimilées recorded in the year up to ``today``. The
projection adds, for every contract still running, the hours its weekly schedule plans from
tomorrow to the earlier of its end and 31 December (suspensions left out).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from tremplin.directory.models import Training
from tremplin.training.models import Contract, ContractSuspension
from tremplin.training.periods import ZERO


@dataclass
class AgreedHoursLine:
    training: Training
    agreed: Decimal
    delivered: Decimal
    planned_rest: Decimal

    @property
    def projected(self) -> Decimal:
        return self.delivered + self.planned_rest

    @property
    def falls_short(self) -> bool:
        return self.agreed > 0 and self.projected < self.agreed

    @property
    def exceeds(self) -> bool:
        """The projection goes beyond the agreed hours (above 100 %)."""
        return self.agreed > 0 and self.projected > self.agreed

    @property
    def share(self) -> Decimal:
        return (self.projected / self.agreed * 100) if self.agreed else ZERO


def agreed_hours_report(centre, year: int, today: datetime.date) -> list[AgreedHoursLine]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    until = min(today, last)
    in_year = Q(contracts__attendance__day__gte=first, contracts__attendance__day__lte=until)
    trainings = (
        Training.objects.filter(centre=centre)
        .annotate(
            delivered=Coalesce(Sum("contracts__attendance__hours_followed", filter=in_year), ZERO)
            + Coalesce(Sum("contracts__attendance__hours_assimilated", filter=in_year), ZERO)
        )
        .order_by("name")
    )
    start_rest = max(until + datetime.timedelta(days=1), first)
    running = (
        Contract.objects.filter(centre=centre)
        .current()
        .overlapping(start_rest, last)
        .prefetch_related(
            Prefetch(
                "suspensions",
                queryset=ContractSuspension.objects.in_force().filter(ends_on__gte=start_rest),
            )
        )
    )
    rest = {}
    for contract in running:
        rest[contract.training_id] = rest.get(
            contract.training_id, ZERO
        ) + contract.planned_hours_between(start_rest, last)
    return [
        AgreedHoursLine(
            training=t,
            agreed=Decimal(t.agreed_hours_per_year),
            delivered=t.delivered,
            planned_rest=rest.get(t.pk, ZERO),
        )
        for t in trainings
    ]
