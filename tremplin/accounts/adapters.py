from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from tremplin.audit.crypto import decrypt_text, encrypt_text


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by a coordinator or an admin, not by open sign-up."""

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
