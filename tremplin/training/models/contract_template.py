"""The clauses of the training contract, in versions the federation edits.

The official model of the training contract has not been read: no legal clause is written in
code. The federation writes the clauses here; every change is a new version (old versions are
never changed, a signed contract points at the version it was signed with), and a version not
yet validated by the federation is printed « modèle à valider par la fédération ».
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ContractTemplateQuerySet(models.QuerySet):
    def current(self):
        """The latest version (the one a new contract is signed with), or None."""
        return self.order_by("-version").first()


class ContractTemplate(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    clauses = models.TextField(
        _("clauses"),
        help_text=_(
            "Un paragraphe par bloc de lignes ; une ligne qui commence par « ## » est un titre."
        ),
    )
    validated = models.BooleanField(
        _("validé par la fédération"),
        default=False,
        help_text=_("Sans validation, le contrat porte « modèle à valider par la fédération »."),
    )
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publié par"),
    )
    created_at = models.DateTimeField(_("publié le"), auto_now_add=True)

    objects = ContractTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("modèle de contrat")
        verbose_name_plural = _("modèles de contrat")
        constraints = [
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="contract_template_version_positive",
                violation_error_message=_("La version commence à 1."),
            ),
            models.CheckConstraint(
                condition=~Q(clauses=""),
                name="contract_template_has_clauses",
                violation_error_message=_("Le modèle a des clauses."),
            ),
        ]

    def __str__(self):
        return f"{_('Modèle de contrat')} v{self.version}"

    def blocks(self) -> list[tuple[str, str]]:
        """``[("h", title) | ("p", paragraph)]`` for the document."""
        found = []
        for block in self.clauses.replace("\r\n", "\n").split("\n\n"):
            block = block.strip()
            if not block:
                continue
            if block.startswith("## "):
                title, _sep, rest = block[3:].partition("\n")
                found.append(("h", title.strip()))
                if rest.strip():
                    found.append(("p", " ".join(rest.split())))
            else:
                found.append(("p", " ".join(block.split())))
        return found
