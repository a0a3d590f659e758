"""Authentication of the centres' tools by API token: ``Authorization: Bearer trp_…``.

Without a valid token the API answers 401 with a French JSON ``detail`` and a
``WWW-Authenticate: Bearer`` header. A token acts as its member, in its centre only (the views
filter by ``request.auth.organisation`` on top of ``visible_to``), within its scopes, throttled
per token (``centre_token`` rate).
"""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from tremplin.api.models import ApiToken

SCHEME = "Bearer"


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != SCHEME.lower() or not secret.strip():
            raise exceptions.AuthenticationFailed(
                _("En-tête Authorization attendu : « Bearer <jeton> ».")
            )
        token = ApiToken.authenticate(secret.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Jeton inconnu, expiré ou révoqué, ou son membre a quitté le centre.")
            )
        return token.user, token

    def authenticate_header(self, request):
        return f'{SCHEME} realm="tremplin"'


class TokenAuthScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "jetonCentre"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Jeton d'API d'un membre du centre (créé par la coordination, "
            "montré une fois, valable 90 jours par défaut) : « Authorization: Bearer trp_… ».",
        }


class HasScope(BasePermission):
    """A token, with the view's ``required_scope`` for reading, ``write_scope`` for writing."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        if not hasattr(view, request.method.lower()):
            return True  # the view answers 405 (this address does not take the method)
        safe = request.method in ("GET", "HEAD", "OPTIONS")
        scope = view.required_scope if safe else getattr(view, "write_scope", None)
        if scope is None or scope not in token.scopes:
            self.message = _("Ce jeton n'a pas le droit « %(scope)s ».") % {
                "scope": scope or request.method
            }
            return False
        return True


class TokenRateThrottle(SimpleRateThrottle):
    scope = "centre_token"

    def get_cache_key(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
