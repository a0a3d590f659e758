"""A group week of the register as JSON, and a PUT of the whole week.

The body of a PUT: ``{"version": 3, "cells": [{"contract": "<uuid>", "day": "2025-01-06",
"followed": "3,5", "assimilated": "0", "reason": "", "unjustified": "0"}, …]}``. The cells
replace the week: a cell not sent is emptied, as on the register page. The values go through
``register.save_sheet`` (same checks, locks and version as the page, all or nothing).
"""

import datetime

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.response import Response

from tremplin.training import register
from tremplin.training.models import format_hours

PARTS = ("followed", "assimilated", "reason", "unjustified")


class CellBody(serializers.Serializer):
    contract = serializers.UUIDField()
    day = serializers.DateField()
    followed = serializers.CharField(required=False, allow_blank=True, max_length=20)
    assimilated = serializers.CharField(required=False, allow_blank=True, max_length=20)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=30)
    unjustified = serializers.CharField(required=False, allow_blank=True, max_length=20)


class WeekBody(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    cells = CellBody(many=True, max_length=2000)


WEEK_BODY = WeekBody


def sheet_data(sheet) -> dict:
    return {
        "group_id": sheet.group.pk,
        "week_start": sheet.week_start,
        "version": sheet.version,
        "locked": sheet.is_locked,
        "days": sheet.days,
        "reasons": [
            {"code": r.code, "label": r.label, "counts_as_assimilated": r.counts_as_assimilated}
            for r in sheet.reasons
        ],
        "rows": [
            {
                "contract_id": row.contract.pk,
                "person": {
                    "id": row.contract.person.pk,
                    "first_name": row.contract.person.first_name,
                    "last_name": row.contract.person.last_name,
                },
                "warnings": row.warnings,
                "cells": [
                    {
                        "day": cell.day,
                        "planned": format_hours(cell.planned),
                        "closed_reason": cell.closed_reason,
                        "followed": cell.followed,
                        "assimilated": cell.assimilated,
                        "reason": cell.reason,
                        "unjustified": cell.unjustified,
                        **({"errors": cell.errors} if cell.errors else {}),
                    }
                    for cell in row.cells
                ],
            }
            for row in sheet.rows
        ],
    }


def _malformed(detail, errors=None) -> Response:
    body = {"detail": _("Semaine mal formée : %(detail)s") % {"detail": detail}}
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=400)


def fill_from_body(sheet, cells) -> str | None:
    """Put the body's values in the sheet's cells; a French problem, or ``None``."""
    by_key = {(str(c.contract.pk), c.day): c for row in sheet.rows for c in row.cells}
    for cell in by_key.values():
        cell.followed = cell.assimilated = cell.reason = cell.unjustified = ""
    seen = set()
    for given in cells:
        key = (str(given["contract"]), given["day"])
        if key in seen:
            return _("la case %(contract)s du %(day)s est envoyée deux fois.") % {
                "contract": key[0],
                "day": key[1].isoformat(),
            }
        seen.add(key)
        cell = by_key.get(key)
        if cell is None:
            if not sheet.week_start <= given["day"] < sheet.week_start + datetime.timedelta(7):
                return _("le %(day)s n'est pas dans cette semaine.") % {
                    "day": given["day"].isoformat()
                }
            return _("le contrat %(contract)s n'est pas dans ce groupe cette semaine.") % {
                "contract": key[0]
            }
        for part in PARTS:
            setattr(cell, part, given.get(part, ""))
    return None


def stale_week_message(saved_version: int) -> str:
    """The 409 of a version that is not the week's: the page shows the saved week again, the
    API does not, so it says which version to read and send."""
    if saved_version:
        return _(
            "Quelqu'un a enregistré cette semaine depuis votre lecture : la version enregistrée "
            "est %(version)s. Rien n'a été écrasé : relisez la semaine (GET) et renvoyez vos "
            "changements avec « version » %(version)s."
        ) % {"version": saved_version}
    return _(
        "Cette semaine n'a encore jamais été enregistrée : sa version est 0. Rien n'a été "
        "enregistré : renvoyez vos changements avec « version » 0."
    )


def apply_week_body(request, group, sheet) -> Response:
    body = WeekBody(data=request.data)
    if not body.is_valid():
        return _malformed(_("vérifiez « version » et « cells »."), body.errors)
    problem = fill_from_body(sheet, body.validated_data["cells"])
    if problem:
        return _malformed(problem)
    try:
        result = register.save_sheet(
            sheet, request.user, body.validated_data["version"], group.user_is_coordinator
        )
    except register.InvalidCells as refused:
        errors = [
            {"contract": cell.contract.pk, "day": cell.day, "messages": cell.errors}
            for row in sheet.rows
            for cell in row.cells
            if cell.errors
        ]
        return Response(
            {"detail": str(refused.message), "code": refused.code, "errors": errors},
            status=refused.status,
        )
    except register.StaleWeek as stale:
        return Response(
            {
                "detail": stale_week_message(stale.saved_version),
                "code": stale.code,
                "version": stale.saved_version,
            },
            status=stale.status,
        )
    # A locked week is a Conflict: the refusal handler answers 409 with its message.
    return Response({"saved": result.saved, "deleted": result.deleted, "version": result.version})
