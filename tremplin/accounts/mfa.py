"""Enrolling and reading MFA authenticators outside the web flow (demo data, tests, support).

Everything goes through allauth's own models and helpers, so ``is_mfa_enabled(user)`` holds
and the login form accepts the codes.
"""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt, encrypt


def enrol_totp(user, secret: str | None = None) -> str:
    """Activate a TOTP authenticator for ``user`` (replacing an existing one); return the secret."""
    secret = secret or generate_totp_secret()
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    return secret


def enrol_recovery_codes(user, seed: str | None = None) -> RecoveryCodes:
    """Give ``user`` a fresh set of recovery codes, from ``seed`` if given (40 hex bytes)."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    instance = Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": encrypt(seed or RecoveryCodes.generate_seed()), "used_mask": 0},
    )
    return RecoveryCodes(instance)


def enrol_mfa(user, totp_secret: str | None = None, recovery_seed: str | None = None) -> str:
    """TOTP plus recovery codes, as a user who went through the enrolment pages has."""
    secret = enrol_totp(user, totp_secret)
    enrol_recovery_codes(user, recovery_seed)
    return secret


def totp_secret_of(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def current_totp_code(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now for ``secret`` (``offset`` periods later)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def unused_recovery_codes(user) -> list[str]:
    authenticator = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    if authenticator is None:
        return []
    return RecoveryCodes(authenticator).get_unused_codes()
