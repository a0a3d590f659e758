"""Symmetric encryption of personal data at rest (Fernet, keys from settings).

``settings.FIELD_ENCRYPTION_KEY`` (environment ``TREMPLIN_FIELD_KEY``) holds one Fernet key, or
several separated by commas for a rotation: the first one encrypts, all of them decrypt.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet_for(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])
    except ValueError as error:
        raise ImproperlyConfigured(
            "TREMPLIN_FIELD_KEY doit contenir une ou plusieurs clés Fernet "
            "(32 octets en base64 url-safe), séparées par des virgules."
        ) from error


def fernet() -> MultiFernet:
    return _fernet_for(settings.FIELD_ENCRYPTION_KEY)


def encrypt_text(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Impossible de déchiffrer une donnée : la clé TREMPLIN_FIELD_KEY a changé "
            "sans garder l'ancienne clé en seconde position."
        ) from error


def keyed_digest(value: str, purpose: str, key: str | None = None) -> str:
    """A stable HMAC-SHA256 of ``value`` (for lookups on encrypted data, or hashing IPs).

    The key is derived from ``settings.LOOKUP_DIGEST_KEY`` (``TREMPLIN_DIGEST_KEY``, never the
    rotating field keys) and ``purpose``, so two purposes never share a digest. ``key``
    overrides the setting (to compare with an old key). Changing the digest key changes every
    digest: ``manage.py recompute_digests`` recomputes the stored NISS digests (0802).
    """
    secret = (key if key is not None else settings.LOOKUP_DIGEST_KEY).strip()
    derived = hashlib.sha256(f"{purpose}:{secret}".encode()).digest()
    return hmac.new(derived, value.encode("utf-8"), hashlib.sha256).hexdigest()
