"""The prescriber's entry page: refer a person, follow the referrals one follows (one's own and
one's colleagues', with live counts)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability
from tremplin.intake.models import Referral
from tremplin.intake.states import ACTIVE_STATES, CandidacyStatus
from tremplin.www.decorators import staff_view
from tremplin.www.entry_links import EntryLink, Section, render_entry_page

SECTIONS = (
    Section(
        _("Orientations"),
        (
            EntryLink(
                "prescriber:referral_new",
                _("Orienter une personne"),
                _("Proposer une formation à une personne, avec son accord."),
                Capability.REFER_PEOPLE,
            ),
            EntryLink(
                "prescriber:referral_list",
                _("Orientations suivies"),
                _(
                    "Où en est chaque personne que vous ou vos collègues avez orientée, "
                    "et la suite après le contrat si elle est d'accord."
                ),
                Capability.REFER_PEOPLE,
                "referrals",
            ),
        ),
    ),
)


@staff_view("GET", capability=Capability.REFER_PEOPLE)
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
