"""Person files (``Person``) and their merges: operations in ``intake.person``, ``duplicates``."""

import datetime
import uuid

import pghistory
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, can, organisations_where
from tremplin.audit.fields import EncryptedNissField
from tremplin.audit.niss import mask_niss, niss_digest, normalize_niss

# A person file is for people between these ages when it is created.
PERSON_MIN_AGE = 15
PERSON_MAX_AGE = 100


class Gender(models.TextChoices):
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre ou non précisé")


class NationalityGroup(models.TextChoices):
    BELGIAN = "belgian", _("Belge")
    EU = "eu", _("Union européenne (hors Belgique)")
    NON_EU = "non_eu", _("Hors Union européenne")


class Certificate(models.TextChoices):
    """Same codes as the rules engine (``tremplin.rules.facts.CERTIFICATES``)."""

    NONE = "none", _("Aucun diplôme")
    CEB = "CEB", _("CEB (fin de primaire)")
    CE1D = "CE1D", _("CE1D (2e secondaire)")
    CE2D = "CE2D", _("CE2D (4e secondaire)")
    CQ6 = "CQ6", _("CQ6 (6e professionnelle, sans CESS)")
    CESS = "CESS", _("CESS (fin du secondaire)")
    HIGHER = "higher", _("Études supérieures")


class IncomeAtEntry(models.TextChoices):
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("Allocations de chômage ou d'insertion")
    INTEGRATION_INCOME = "integration_income", _("Revenu d'intégration du CPAS")
    NONE = "none", _("Aucun revenu")
    OTHER = "other", _("Autre revenu")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The person files ``user`` may open.

        Centre staff (coordinator, staff, social worker): the files their centre holds.
        Trainer: the people with a contract in one of their groups. Prescriber: the people
        they referred.
        """
        if not user.is_authenticated:
            return self.none()
        centre_orgs = organisations_where(user, Capability.SEE_PERSON_FILE)
        visible = Q(holding_centre__organisation__in=centre_orgs)
        if can(user, Capability.REFER_PEOPLE):
            referrals = self.model._meta.get_field("referrals").related_model
            visible |= Q(referrals__in=referrals.objects.visible_to(user))
        if can(user, Capability.TEACH_GROUPS):
            visible |= Q(pk__in=trainer_person_ids(user))
        return self.filter(visible).distinct()

    def held_by(self, centre):
        return self.filter(holding_centre=centre)


def trainer_person_ids(user):
    """Ids of the people with a contract in one of ``user``'s groups (training app)."""
    # Contracts are training's (which builds on intake): named, not imported.
    contract = apps.get_model("training", "Contract")
    trains_in = organisations_where(user, Capability.TEACH_GROUPS)
    return contract.objects.filter(group__trainer=user, centre__organisation__in=trains_in).values(
        "person_id"
    )


def age_on(birth_date, day) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@pghistory.track()
class Person(models.Model):
    """A person file, held by one centre. The same person in another centre has another file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    holding_centre = models.ForeignKey(
        "directory.Centre",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("centre qui tient le dossier"),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(
        _("date de naissance"),
        null=True,
        blank=True,
        help_text=_("Inconnue quand la personne s'est seulement inscrite à une séance."),
    )
    niss = EncryptedNissField(
        _("numéro de registre national (NISS)"),
        blank=True,
        help_text=_("11 chiffres. Exemple : 85.07.30-033.28."),
    )
    niss_hash = models.CharField(_("empreinte du NISS"), max_length=64, blank=True, editable=False)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    street = models.CharField(_("rue et numéro"), max_length=200, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=4, blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    gender = models.CharField(_("genre"), max_length=10, choices=Gender.choices, blank=True)
    nationality_group = models.CharField(
        _("nationalité"), max_length=10, choices=NationalityGroup.choices, blank=True
    )
    highest_certificate = models.CharField(
        _("diplôme le plus élevé"), max_length=10, choices=Certificate.choices, blank=True
    )
    forem_registration_date = models.DateField(
        _("inscrit ou inscrite au Forem depuis le"), null=True, blank=True
    )
    income_at_entry = models.CharField(
        _("revenu à l'entrée"), max_length=30, choices=IncomeAtEntry.choices, blank=True
    )
    # The file was opened by a booking for an information session (only the booking's data):
    # it is erased with the booking when the person goes no further (decision 0551).
    created_from_booking = models.BooleanField(
        _("ouvert par une inscription à une séance"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        indexes = [
            models.Index(
                "holding_centre", Lower("last_name"), "birth_date", name="person_name_birth"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__gt=datetime.date(1900, 1, 1)),
                name="person_birth_date_after_1900",
                violation_error_message=_(
                    "La date de naissance doit être après le 1er janvier 1900."
                ),
            ),
            models.UniqueConstraint(
                fields=["holding_centre", "niss_hash"],
                condition=~Q(niss_hash=""),
                name="person_unique_niss_per_centre",
                violation_error_message=_(
                    "Le centre a déjà un dossier avec ce numéro de registre national."
                ),
            ),
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^([1-9][0-9]{3})?$"),
                name="person_postal_code_format",
                violation_error_message=_("Le code postal belge a 4 chiffres."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.niss = normalize_niss(self.niss) if self.niss else ""
        self.niss_hash = niss_digest(self.niss) if self.niss else ""
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        if self.birth_date and self._state.adding:
            age = age_on(self.birth_date, timezone.localdate())
            if not PERSON_MIN_AGE <= age <= PERSON_MAX_AGE:
                raise ValidationError(
                    {
                        "birth_date": _(
                            "Cette date de naissance donne un âge de %(age)s ans. "
                            "Une personne doit avoir entre %(min)s et %(max)s ans."
                        )
                        % {"age": age, "min": PERSON_MIN_AGE, "max": PERSON_MAX_AGE}
                    }
                )

    @property
    def masked_niss(self) -> str:
        return mask_niss(self.niss) if self.niss else ""


class PersonMerge(models.Model):
    """Two files of the same person merged into one: what was moved, by whom."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_id = models.UUIDField(_("dossier fusionné (supprimé)"))
    moved = models.JSONField(_("éléments déplacés"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("fusion de dossiers")
        verbose_name_plural = _("fusions de dossiers")

    def __str__(self):
        return f"{self.merged_id} → {self.kept_id}"
