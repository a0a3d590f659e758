from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from tremplin.audit.crypto import decrypt_text, encrypt_text


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by a coordinator or an admin, not by open sign-up.

    Login errors never say whether the e-mail address exists (no account enumeration).
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "L'adresse e-mail ou le mot de passe est incorrect. Vérifiez-les et réessayez."
        ),
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion échouées. Pour protéger les comptes, attendez "
            "5 minutes avant de réessayer, ou choisissez « Mot de passe oublié ? »."
        ),
    }

    def is_open_for_signup(self, request):
        return False


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery seeds are encrypted at rest with the field key."""

    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff cannot switch their second factor off; they can replace it by re-enrolling."""
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.requires_mfa:
            return False
        return super().can_delete_authenticator(authenticator)
