"""Referrals by prescribers (``Referral``): operations in ``intake.referrals``."""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.accounts.models import Organisation, ReferralSharing, Team
from tremplin.intake.models.candidacies import Candidacy
from tremplin.intake.models.people import Person


class ConsentMethod(models.TextChoices):
    SIGNED_PAPER = "signed_paper", _("Document papier signé")
    EMAIL = "email", _("Par e-mail")
    IN_PERSON = "in_person", _("De vive voix, en entretien")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The referrals ``user`` may see and follow: in the prescriber organisations where
        they may refer people, their own, and their colleagues' when the organisation shares
        referrals with everyone, or with the referral's team (docs/privacy.md). A counsellor
        who leaves the organisation sees none of its referrals any more."""
        if not user.is_authenticated:
            return self.none()
        organisations = organisations_where(user, Capability.REFER_PEOPLE)
        return self.filter(prescriber_organisation__in=organisations).filter(
            Q(prescriber=user)
            | Q(prescriber_organisation__referral_sharing=ReferralSharing.ORGANISATION)
            | Q(team__in=Team.objects.filter(memberships__user=user))
        )


@pghistory.track()
class Referral(models.Model):
    """A prescriber's referral of a person to a training, with the person's consent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("personne")
    )
    candidacy = models.OneToOneField(
        Candidacy,
        on_delete=models.PROTECT,
        related_name="referral",
        verbose_name=_("candidature"),
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="referrals_made",
        verbose_name=_("conseiller ou conseillère"),
    )
    prescriber_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        related_name="referrals_made",
        verbose_name=_("organisme prescripteur"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("équipe qui suit l'orientation"),
    )
    consent_method = models.CharField(
        _("comment la personne a donné son accord"),
        max_length=20,
        choices=ConsentMethod.choices,
    )
    consent_given_on = models.DateField(_("accord donné le"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("accord noté par"),
    )
    reason = models.TextField(_("pourquoi cette orientation"))
    barriers_shared = models.BooleanField(
        _("la personne accepte de partager ses difficultés"), default=False
    )
    barriers = models.TextField(_("difficultés rencontrées"), blank=True)
    link_generation = models.PositiveSmallIntegerField(default=0, editable=False)
    link_sent_at = models.DateTimeField(_("lien envoyé le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse du centre le"), null=True, blank=True)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_method__in=ConsentMethod.values),
                name="referral_consent_method_required",
                violation_error_message=_("Indiquez comment la personne a donné son accord."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="referral_reason_required",
                violation_error_message=_("Expliquez pourquoi vous orientez cette personne."),
            ),
            models.CheckConstraint(
                condition=Q(barriers_shared=True) | Q(barriers=""),
                name="referral_barriers_only_with_agreement",
                violation_error_message=_(
                    "Les difficultés ne peuvent être notées que si la personne est d'accord."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.candidacy.training}"
