"""The anonymous satisfaction survey at exit.

A ``SurveyInvitation`` is a single-use link tied to a centre and a training only; a
``SatisfactionResponse`` keeps the centre, the training and the month, never the person, the
contract or even the exact time of the answer.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, centres_where

SCORE_QUESTIONS = (
    ("score_welcome", _("J'ai reçu un bon accueil au centre.")),
    ("score_content", _("La formation m'a appris des choses utiles.")),
    ("score_support", _("J'ai reçu de l'aide quand j'avais un problème.")),
    ("score_future", _("Je sais mieux ce que je veux faire après.")),
)
OPEN_QUESTION = _("Voulez-vous nous dire autre chose ?")


class SurveyInvitation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey("directory.Centre", on_delete=models.CASCADE, related_name="+")
    training = models.ForeignKey("directory.Training", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation à l'enquête de satisfaction")
        verbose_name_plural = _("invitations à l'enquête de satisfaction")

    def __str__(self):
        return f"{self.training} — {self.expires_at:%Y-%m-%d}"


class SatisfactionResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(centre__in=centres_where(user, Capability.RECORD_EXITS))


def score_field(label):
    return models.PositiveSmallIntegerField(label)


def score_between_1_and_5(field):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=f"satisfaction_{field}_1_5",
        violation_error_message=_("Chaque réponse est une note de 1 à 5."),
    )


class SatisfactionResponse(models.Model):
    class Channel(models.TextChoices):
        LINK = "link", _("Lien")
        TABLET = "tablet", _("Tablette au centre")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "directory.Centre", on_delete=models.CASCADE, related_name="satisfaction_responses"
    )
    training = models.ForeignKey(
        "directory.Training", on_delete=models.CASCADE, related_name="satisfaction_responses"
    )
    month = models.DateField(_("mois"), help_text=_("Premier jour du mois de la réponse."))
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    score_welcome = score_field(SCORE_QUESTIONS[0][1])
    score_content = score_field(SCORE_QUESTIONS[1][1])
    score_support = score_field(SCORE_QUESTIONS[2][1])
    score_future = score_field(SCORE_QUESTIONS[3][1])
    open_answer = models.TextField(OPEN_QUESTION, blank=True, max_length=2000)

    objects = SatisfactionResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("réponse à l'enquête de satisfaction")
        verbose_name_plural = _("réponses à l'enquête de satisfaction")
        constraints = [
            *(score_between_1_and_5(name) for name, _label in SCORE_QUESTIONS),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="satisfaction_month_first_day",
                violation_error_message=_("Le mois est enregistré au premier jour."),
            ),
        ]

    def __str__(self):
        return f"{self.training} — {self.month:%Y-%m}"
