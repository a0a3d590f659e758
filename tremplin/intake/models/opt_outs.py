"""Opt-outs from the messages that are not required (``intake.messages``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageOptOut(models.Model):
    """Someone does not want a kind of (non-required) message any more.

    Stores a keyed hash of the e-mail address, never the address itself.
    """

    email_hash = models.CharField(max_length=64)
    message_name = models.CharField(_("message"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("désinscription d'un message")
        verbose_name_plural = _("désinscriptions des messages")
        constraints = [
            models.UniqueConstraint(
                fields=["email_hash", "message_name"],
                name="messageoptout_unique",
                violation_error_message=_("Cette adresse est déjà désinscrite de ce message."),
            ),
        ]

    def __str__(self):
        return self.message_name
