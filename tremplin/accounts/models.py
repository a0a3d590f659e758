"""Users, organisations and memberships (user ↔ organisation ↔ role)."""

import uuid

import pghistory
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinateur ou coordinatrice du centre")
    CENTRE_STAFF = "centre_staff", _("Personnel du centre")
    TRAINER = "trainer", _("Formateur ou formatrice")
    SOCIAL_WORKER = "social_worker", _("Travailleur social ou travailleuse sociale")
    PRESCRIBER = "prescriber", _("Conseiller ou conseillère qui oriente")
    FEDERATION_ANALYST = "federation_analyst", _("Analyste de la fédération")


# The roles a member of a centre may hold (what each may do: ``tremplin.accounts.capabilities``).
CENTRE_ROLES = (Role.COORDINATOR, Role.CENTRE_STAFF, Role.TRAINER, Role.SOCIAL_WORKER)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


@pghistory.track(exclude=["password", "last_login"])
class User(AbstractUser):
    """A person who logs in. Logs in with an e-mail address; there is no username."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def requires_mfa(self) -> bool:
        """Every member of an organisation and every platform admin must use MFA."""
        return self.is_staff or self.memberships.active().exists()


class OrganisationQuerySet(models.QuerySet):
    def centres(self):
        return self.filter(kind=Organisation.Kind.CENTRE)

    def where_user_is_member(self, user):
        """The organisations where ``user`` has an active membership, whatever the role (what
        the role allows: ``tremplin.accounts.capabilities.organisations_where``)."""
        if not user.is_authenticated:
            return self.none()
        memberships = Membership.objects.active().filter(user=user)
        return self.filter(pk__in=memberships.values("organisation_id"))


class ReferralSharing(models.TextChoices):
    """Who follows a counsellor's referrals besides the counsellor (docs/privacy.md)."""

    ORGANISATION = "organisation", _("Toute l'organisation")
    TEAMS = "teams", _("Les membres de l'équipe")


@pghistory.track()
class Organisation(models.Model):
    class Kind(models.TextChoices):
        CENTRE = "centre", _("Centre CISP")
        PRESCRIBER = "prescriber", _("Prescripteur")
        FEDERATION = "federation", _("Fédération")

    class PrescriberType(models.TextChoices):
        FOREM = "forem", _("Forem")
        CPAS = "cpas", _("CPAS")
        OTHER = "other", _("Autre")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    prescriber_type = models.CharField(
        _("type de prescripteur"), max_length=20, choices=PrescriberType.choices, blank=True
    )
    email = models.EmailField(_("e-mail de contact"), blank=True)
    is_active_on_platform = models.BooleanField(
        _("actif sur la plateforme"),
        default=True,
        help_text=_("Un centre inactif reçoit les orientations par e-mail avec un lien."),
    )
    coordinator_reads_social_notes = models.BooleanField(
        _("la coordination lit les notes sociales"),
        default=False,
        help_text=_(
            "Par défaut, seul le service social lit le suivi social et les notes des besoins "
            "(secret professionnel). Le centre peut choisir que la "
            "coordination les lise aussi."
        ),
    )
    access_log_names_staff = models.BooleanField(
        _("le journal des consultations remis à une personne nomme le personnel"),
        default=False,
        help_text=_(
            "Par défaut, une personne qui demande qui a consulté son dossier reçoit la date, "
            "le rôle et la page, pas le nom des membres du personnel (Cour de justice de "
            "l'UE, arrêt Pankki, C-579/21, 22 juin 2023 ; à confirmer avec le DPO). Le centre "
            "peut choisir de les nommer."
        ),
    )
    referral_sharing = models.CharField(
        _("qui suit les orientations"),
        max_length=20,
        choices=ReferralSharing.choices,
        default=ReferralSharing.ORGANISATION,
        help_text=_(
            "Pour un prescripteur : toute l'organisation voit et suit les orientations de "
            "chaque conseiller ou conseillère, ou seulement les membres de son équipe."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="prescriber") | Q(prescriber_type=""),
                name="organisation_prescriber_type_only_for_prescribers",
                violation_error_message=_("Seul un prescripteur a un type de prescripteur."),
            ),
            models.CheckConstraint(
                condition=Q(kind="centre") | Q(access_log_names_staff=False),
                name="organisation_access_log_names_only_for_centres",
                violation_error_message=_("Seul un centre fait ce choix."),
            ),
            models.CheckConstraint(
                condition=Q(kind="centre") | Q(coordinator_reads_social_notes=False),
                name="organisation_social_notes_choice_only_for_centres",
                violation_error_message=_("Seul un centre fait ce choix."),
            ),
        ]

    def __str__(self):
        return self.name


ROLES_BY_KIND = {
    Organisation.Kind.CENTRE: set(CENTRE_ROLES),
    Organisation.Kind.PRESCRIBER: {Role.PRESCRIBER},
    Organisation.Kind.FEDERATION: {Role.FEDERATION_ANALYST},
}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


@pghistory.track()
class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="membership_unique_role",
                violation_error_message=_("Cette personne a déjà ce rôle dans cette organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.organisation_id and self.role not in ROLES_BY_KIND[self.organisation.kind]:
            raise ValidationError({"role": _("Ce rôle n'existe pas pour ce type d'organisation.")})


@pghistory.track()
class Team(models.Model):
    """A named team of an organisation's counsellors: when the organisation shares referrals by
    team, the team's members follow each other's referrals."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("nom de l'équipe"), max_length=100)
    members = models.ManyToManyField(
        User, through="TeamMembership", related_name="teams", verbose_name=_("membres")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="team_unique_name",
                violation_error_message=_("Cette organisation a déjà une équipe de ce nom."),
            ),
        ]

    def __str__(self):
        return self.name


@pghistory.track()
class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="team_memberships")

    class Meta:
        verbose_name = _("membre d'une équipe")
        verbose_name_plural = _("membres d'une équipe")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                name="teammembership_unique",
                violation_error_message=_("Cette personne fait déjà partie de cette équipe."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.team}"
