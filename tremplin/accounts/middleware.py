"""Staff must enrol MFA before they reach anything but the account pages."""

from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse

ALWAYS_ALLOWED_PREFIXES = ("/comptes/", "/static/", "/healthz", "/i18n/", "/media/")


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES)
            and user.requires_mfa
            and not is_mfa_enabled(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.get_full_path())
        return self.get_response(request)
