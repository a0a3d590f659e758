"""API tokens of the centres' own tools (issue 15, decision record 1003).

A token belongs to a named member of one centre (``user`` + ``organisation``) and acts with that
member's rights in that centre only. Only the SHA-256 of the secret is stored; the secret is
shown once. A token works while it is not revoked, not expired and the member still has an
active membership in the centre.
"""

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "trp_"
DEFAULT_LIFETIME = datetime.timedelta(days=90)
MAX_LIFETIME = datetime.timedelta(days=366)
LAST_USE_PRECISION = datetime.timedelta(minutes=1)  # last use is written at most once a minute


class Scope(models.TextChoices):
    READ = "read", _("Lire les formations, groupes, stagiaires, contrats et présences")
    ATTENDANCE = "attendance", _("Encoder les présences")


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Not revoked, not expired, and the member still belongs to the centre."""
        from tremplin.accounts.models import Membership

        now = now or timezone.now()
        member = Membership.objects.active().filter(
            user=OuterRef("user"), organisation=OuterRef("organisation"), user__is_active=True
        )
        return self.filter(revoked_at__isnull=True, expires_at__gt=now).filter(Exists(member))

    def of_centre(self, organisation):
        return self.filter(organisation=organisation)


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("nom du jeton"), max_length=100, help_text=_("Par exemple : tablette de l'atelier.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="api_tokens",
        verbose_name=_("membre"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.RESTRICT,
        related_name="api_tokens",
        verbose_name=_("centre"),
    )
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices), verbose_name=_("droits")
    )
    prefix = models.CharField(_("début du jeton"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoqué par"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="apitoken_expires_after_creation",
                violation_error_message=_("Un jeton expire après sa création."),
            ),
            models.CheckConstraint(
                condition=Q(scopes__len__gte=1) & Q(scopes__contained_by=list(Scope.values)),
                name="apitoken_known_scopes",
                violation_error_message=_("Choisissez au moins un droit."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="apitoken_revoked_by_someone",
                violation_error_message=_("Une révocation a un auteur."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_labels(self) -> list[str]:
        """The rights in words, for the pages (the codes are for the API)."""
        return [str(Scope(code).label) for code in self.scopes]

    @classmethod
    def issue(cls, *, name, user, organisation, scopes, created_by, lifetime=DEFAULT_LIFETIME):
        """Create a token; return ``(token, secret)``. The secret is never stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            name=name,
            user=user,
            organisation=organisation,
            scopes=sorted(set(scopes)),
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            key_hash=token_digest(secret),
            created_by=created_by,
            created_at=now,
            expires_at=now + lifetime,
        )
        return token, secret

    @classmethod
    def authenticate(cls, secret: str):
        """The usable token for ``secret``, or ``None``. Records its last use (once a minute)."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
            return None
        now = timezone.now()
        token = (
            cls.objects.usable(now)
            .select_related("user", "organisation")
            .filter(key_hash=token_digest(secret))
            .first()
        )
        if token is not None and (
            token.last_used_at is None or token.last_used_at < now - LAST_USE_PRECISION
        ):
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token

    def revoke(self, by):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = by
            self.save(update_fields=["revoked_at", "revoked_by"])

    @property
    def status(self) -> str:
        if self.revoked_at:
            return _("révoqué")
        if self.expires_at <= timezone.now():
            return _("expiré")
        return _("actif")
