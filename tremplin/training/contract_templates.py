"""Publishing a new version of the training contract's clauses (the federation), and which
version a contract's page and PDF show (decisions 0655, 0659)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Subquery
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.training.models.contract_template import ContractTemplate


def publish_template(*, clauses: str, validated: bool, note: str, by) -> ContractTemplate:
    """A new version after the latest one (never an edit of an old one: contracts signed with
    it keep their text). Two people publishing at once get two versions, never one lost."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = ContractTemplate.objects.aggregate(last=Max("version"))["last"] or 0
                return ContractTemplate.objects.create(
                    version=last + 1,
                    clauses=clauses.strip(),
                    validated=validated,
                    note=note.strip(),
                    created_by=by,
                )
        except IntegrityError:
            continue
    raise RuntimeError("Impossible de numéroter la nouvelle version du modèle.")


def version_label(template) -> str:
    """« modèle de contrat version 2 du 3 mars 2025 »: how every page and PDF names a version
    of the clauses, after a label that already says « Clauses » (never « Clauses : clauses »)."""
    return _("modèle de contrat version %(version)s du %(date)s") % {
        "version": template.version,
        "date": formatting.day(template.created_at),
    }


def template_notice(template) -> str:
    """Which version of the clauses a contract is (or will be) signed with, shown after the
    label « Clauses du contrat »."""
    if template is None:
        return _("aucun modèle publié par la fédération")
    notice = version_label(template)
    if not template.validated:
        notice += " " + _("(à valider par la fédération)")
    return notice


@dataclass(frozen=True)
class ContractClauses:
    """The clauses a contract's PDF prints, and what is known of those it was signed with.

    A contract points at the version it was signed with (``Contract.template``). One signed
    before the federation published any version, or recorded without one (a centre's import),
    points at none: its PDF prints the current version and says so (decision 0659)."""

    printed: ContractTemplate | None  # the version the PDF prints; None: none published yet
    signed_with: bool  # ``printed`` is the version the contract was signed with
    signed_before_first: bool  # signed before the federation published its first version

    @property
    def why_unlinked(self) -> str:
        if self.signed_before_first:
            return _("signé avant le premier modèle de clauses publié par la fédération")
        return _("aucun modèle de clauses n'est lié à ce contrat")

    def page_notice(self) -> str:
        """The « Clauses du contrat » line of the contract page (lower case first)."""
        if self.signed_with:
            return template_notice(self.printed)
        if self.printed is None:
            return self.why_unlinked
        reprinted = _("%(why)s. Le contrat réimprimé (PDF) montre les clauses du %(version)s")
        return reprinted % {"why": self.why_unlinked, "version": version_label(self.printed)}

    def reprint_sentence(self) -> str:
        """The one sentence the PDF of a contract without its version says, or ""."""
        if self.signed_with:
            return ""
        if self.printed is None:
            return _("La fédération n'a encore publié aucun modèle de clauses.")
        values = {"version": version_label(self.printed)}
        if self.signed_before_first:
            return (
                _(
                    "Ce contrat a été signé avant le premier modèle de clauses de la fédération : "
                    "les clauses ci-dessous sont celles du %(version)s."
                )
                % values
            )
        return (
            _(
                "Aucun modèle de clauses n'est lié à ce contrat : les clauses ci-dessous sont "
                "celles du %(version)s."
            )
            % values
        )


def _first_and_current():
    """The first and the latest published versions (one query; the same row when only one
    was published, None when none)."""
    versions = ContractTemplate.objects.values("version")
    found = list(
        ContractTemplate.objects.filter(
            Q(version=Subquery(versions.order_by("version")[:1]))
            | Q(version=Subquery(versions.order_by("-version")[:1]))
        ).order_by("version")
    )
    return (found[0], found[-1]) if found else (None, None)


def clauses_of(contract) -> ContractClauses:
    """What ``contract``'s PDF prints: the version it was signed with, else the current one
    (with whether the contract was signed before the first version)."""
    if contract.template is not None:
        return ContractClauses(contract.template, signed_with=True, signed_before_first=False)
    first, current = _first_and_current()
    before_first = contract.signed_at is not None and (
        first is None or contract.signed_at < first.created_at
    )
    return ContractClauses(current, signed_with=False, signed_before_first=before_first)
