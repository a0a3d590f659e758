"""The API answers a domain refusal (``tremplin.refusals.Refused``) with its status (400, or 409
for a conflict) and ``{"detail": message, "code": code}``; anything else goes to DRF."""

from rest_framework.response import Response
from rest_framework.views import exception_handler

from tremplin.refusals import Refused


def refusal_handler(exc, context):
    if isinstance(exc, Refused):
        return Response({"detail": str(exc.message), "code": exc.code}, status=exc.status)
    return exception_handler(exc, context)
