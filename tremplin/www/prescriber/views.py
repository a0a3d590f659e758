"""The prescriber's entry page: refer a person, follow the referrals one follows (one's own and
one's colleagues', with live counts)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Role
from tremplin.accounts.permissions import role_required
from tremplin.intake.models import Referral
from tremplin.intake.states import ACTIVE_STATES, CandidacyStatus
from tremplin.www.entry_links import (
    EntryLink,
    Section,
    render_entry_page,
)

PRESCRIBER = frozenset({Role.PRESCRIBER})

SECTIONS = (
    Section(
        _("Orientations"),
        (
            EntryLink(
                "prescriber:referral_new",
                _("Orienter une personne"),
                _("Proposer une formation à une personne, avec son accord."),
                PRESCRIBER,
            ),
            EntryLink(
                "prescriber:referral_list",
                _("Orientations suivies"),
                _(
                    "Où en est chaque personne que vous ou vos collègues avez orientée, "
                    "et la suite après le contrat si elle est d'accord."
                ),
                PRESCRIBER,
                "referrals",
            ),
        ),
    ),
)


@role_required(Role.PRESCRIBER)
def dashboard(request):
    memberships = list(request.user.memberships.active().select_related("organisation"))
    counts = Referral.objects.visible_to(request.user).aggregate(
        referrals=Count("pk"),
        in_progress=Count("pk", filter=Q(candidacy__status__in=ACTIVE_STATES)),
        unanswered=Count("pk", filter=Q(candidacy__status=CandidacyStatus.NEW)),
    )
    return render_entry_page(
        request,
        title=_("Espace prescripteur"),
        sections=SECTIONS,
        memberships=memberships,
        counts=counts,
        count_template="www/prescriber/_entry_count.html",
    )
