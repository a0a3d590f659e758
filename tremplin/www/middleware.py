"""Two guards over every request: personal pages are never kept by the browser cache, and an
oversized form field is refused before any form sees it (decision 0803)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class NoStoreForMembersMiddleware:
    """Every response to a signed-in user — pages, PDFs, spreadsheets, redirects — carries
    ``Cache-Control: no-store``: a shared centre computer must not keep a person's file in its
    cache. Public pages that show a person's own data (secret-token links) use ``never_cache``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


def _too_long(request) -> bool:
    limit = settings.FORM_FIELD_MAX_CHARS
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.content_type or ""
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return False
    return any(len(value) > limit for values in request.POST.lists() for value in values[1])


class FormFieldLengthMiddleware:
    """Refuse (400, French message) a form with a field longer than
    ``settings.FORM_FIELD_MAX_CHARS`` characters, without echoing it back. Each form also has
    its own ``max_length``; this is the floor for every form, the admin's and allauth's too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _too_long(request):
            message = _(
                "Un des champs envoyés est trop long (plus de %(limit)s caractères). "
                "Raccourcissez-le et envoyez à nouveau le formulaire."
            ) % {"limit": f"{settings.FORM_FIELD_MAX_CHARS:,}".replace(",", " ")}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "field_too_long"}, status=400)
            return render(request, "www/field_too_long.html", {"message": message}, status=400)
        return self.get_response(request)
