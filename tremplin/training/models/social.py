"""Social follow-up (accompagnement psychosocial): a referent per trainee, dated notes,
barriers worked on and solved, actions with due dates. Social worker and coordinator only."""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, centres_where


class SocialFollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only who sees the social notes of the trainee's centre (the social workers, and the
        coordinators where the centre chose so)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(contract__centre__in=centres_where(user, Capability.SEE_SOCIAL_NOTES))


@pghistory.track()
class SocialFollowUp(models.Model):
    """The social file of a trainee for one contract."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.OneToOneField(
        "training.Contract",
        on_delete=models.CASCADE,
        related_name="social_follow_up",
        verbose_name=_("contrat"),
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne de référence"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SocialFollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("suivi social")
        verbose_name_plural = _("suivis sociaux")

    def __str__(self):
        return str(self.contract)


@pghistory.track()
class SocialNote(models.Model):
    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Entretien")
        HOME_VISIT = "home_visit", _("Visite à domicile")
        CALL = "call", _("Appel téléphonique")
        PARTNER = "partner", _("Rendez-vous avec un partenaire")
        OTHER = "other", _("Autre")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    follow_up = models.ForeignKey(SocialFollowUp, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # RGPD art. 15.4 / 23: a note withheld from the person's access request, and why (0806).
    withheld_reason = models.CharField(
        _("retenue de la copie remise à la personne, parce que"), max_length=300, blank=True
    )
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retenue par"),
    )
    withheld_at = models.DateTimeField(_("retenue le"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("note de suivi social")
        verbose_name_plural = _("notes de suivi social")

    def __str__(self):
        return f"{self.date} — {self.get_kind_display()}"


@pghistory.track()
class Barrier(models.Model):
    """A barrier (frein) worked on with the trainee, and when it was solved."""

    class Kind(models.TextChoices):
        HOUSING = "housing", _("Logement")
        HEALTH = "health", _("Santé")
        CHILDCARE = "childcare", _("Garde d'enfants")
        MOBILITY = "mobility", _("Mobilité")
        DEBTS = "debts", _("Dettes")
        ADMINISTRATIVE = "administrative", _("Situation administrative")
        LANGUAGE = "language", _("Langue française")
        DIGITAL = "digital", _("Numérique")
        FAMILY = "family", _("Situation familiale")
        OTHER = "other", _("Autre")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    follow_up = models.ForeignKey(SocialFollowUp, on_delete=models.CASCADE, related_name="barriers")
    kind = models.CharField(_("frein"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("précision"), max_length=300, blank=True)
    noted_on = models.DateField(_("relevé le"))
    solved_on = models.DateField(_("levé le"), null=True, blank=True)

    class Meta:
        ordering = ["solved_on", "-noted_on"]
        verbose_name = _("frein")
        verbose_name_plural = _("freins")
        constraints = [
            models.CheckConstraint(
                condition=Q(solved_on__isnull=True) | Q(solved_on__gte=F("noted_on")),
                name="barrier_solved_after_noted",
                violation_error_message=_("Un frein est levé après avoir été relevé."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


@pghistory.track()
class SocialAction(models.Model):
    """Something to do for the trainee (an appointment to make, a document to get…)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    follow_up = models.ForeignKey(SocialFollowUp, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    due_on = models.DateField(_("pour le"))
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "due_on"]
        verbose_name = _("action de suivi social")
        verbose_name_plural = _("actions de suivi social")

    def __str__(self):
        return self.description
