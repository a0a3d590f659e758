"""Who was told and how, after an action that notifies someone.

The sentences come from the message registry's own decision (``Message.delivery``: e-mail
address, opt-out, SMS text and phone), never from a guess: a confirmation that says an e-mail
left when none did would leave a person uninformed.
"""

from django.contrib import messages as flash
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def sentence(delivery) -> str:
    values = {"who": delivery.recipient, "email": delivery.email, "phone": delivery.phone}
    if delivery.email and delivery.phone:
        return _("Un e-mail a été envoyé à %(who)s (%(email)s) et un SMS au %(phone)s.") % values
    if delivery.email:
        return _("Un e-mail a été envoyé à %(who)s (%(email)s).") % values
    if delivery.phone:
        return _("Pas d'e-mail connu : un SMS a été envoyé à %(who)s au %(phone)s.") % values
    if delivery.reason == "opted_out":
        return (
            _(
                "%(who)s a demandé à ne plus recevoir ce message : rien n'a été envoyé. "
                "Prévenez la personne par téléphone."
            )
            % values
        )
    return _("Pas d'e-mail connu pour %(who)s : prévenez la personne par téléphone.") % values


def tell_who_was_told(request, deliveries) -> None:
    """One flash message per delivery: success when something left, warning otherwise."""
    for delivery in deliveries or ():
        level = flash.SUCCESS if delivery.sent else flash.WARNING
        flash.add_message(request, level, sentence(delivery))


def tell_who_was_told_in_batch(request, deliveries) -> None:
    """After a batch action: how many were told, by name those nobody could reach."""
    deliveries = list(deliveries)
    sent = [d for d in deliveries if d.sent]
    unreached = [d.recipient for d in deliveries if not d.sent]
    if sent:
        flash.success(
            request,
            ngettext(
                "%(n)s message envoyé (e-mail ou SMS).",
                "%(n)s messages envoyés (e-mail ou SMS).",
                len(sent),
            )
            % {"n": len(sent)},
        )
    if unreached:
        flash.warning(
            request,
            _("Pas d'e-mail connu ou message refusé : prévenez par téléphone %(names)s.")
            % {"names": ", ".join(unreached)},
        )
