"""Prescriber side: follow one's referrals and one's colleagues' (organisation or team), record
the person's agreement about what follows the contract, renew the link of a centre that is not
active on Tremplin. Referring starts in ``choose.py``. Every opening is in the access log."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_access, log_list_access
from tremplin.intake.models import Referral
from tremplin.intake.referrals import (
    ReferralRefused,
    check_withdrawable,
    record_outcome_consent,
    renew_link,
    withdraw_outcome_consent,
    withdraw_referral,
)
from tremplin.intake.states import ACTIVE_STATES
from tremplin.training.referral_outcomes import outcome, standing_consent, with_outcome
from tremplin.www.decorators import staff_view
from tremplin.www.forms import apply_refusal, form_status
from tremplin.www.prescriber.forms import (
    STATUS_GROUPS,
    ConsentDayForm,
    ReferralListForm,
    WithdrawReferralForm,
)

REFER = Capability.REFER_PEOPLE
PAGE_SIZE = 25


def followed_referrals(user):
    """The referrals ``user`` follows: their own and their colleagues' (docs/privacy.md)."""
    return with_outcome(
        Referral.objects.visible_to(user).select_related(
            "person",
            "candidacy__training__centre__organisation",
            "prescriber",
            "prescriber_organisation",
            "team",
        )
    )


@staff_view("GET", capability=REFER)
def referral_list(request):
    """The referrals one follows, filtered (mine or all, status, the person's name), a page at
    a time, with the count of each status for the other filters."""
    today = timezone.localdate()
    form = ReferralListForm(request.GET)
    followed = followed_referrals(request.user)
    narrowed = form.narrow(followed, request.user)
    counts = narrowed.aggregate(
        **{
            code: Count("pk", filter=Q(candidacy__status__in=group.statuses))
            for code, group in STATUS_GROUPS.items()
        }
    )
    page = Paginator(form.by_status(narrowed), PAGE_SIZE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    for referral in referrals:
        referral.outcome = outcome(referral, today)
        referral.status_label = referral.candidacy.status_display()
    log_list_access(request, (r.person for r in referrals), "prescriber:referral_list")
    query = request.GET.copy()
    query.pop("page", None)
    by_status = request.GET.copy()
    for name in ("page", "status"):
        by_status.pop(name, None)
    return render(
        request,
        "www/prescriber/referrals/list.html",
        {
            "form": form,
            "page": page,
            "referrals": referrals,
            "counts": [(code, group.label, counts[code]) for code, group in STATUS_GROUPS.items()],
            "chosen_status": form.chosen_status(),
            "query": query.urlencode(),
            "status_query": by_status.urlencode(),
        },
        status=form_status(form),
    )


def followed_referral(user, referral_id):
    referral = followed_referrals(user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    return referral


@staff_view("GET", capability=REFER)
def referral_detail(request, referral_id):
    referral = followed_referral(request.user, referral_id)
    return _detail(request, referral, "prescriber:referral_detail")


def _detail(request, referral, view_name, consent_form=None, withdraw_form=None, status=200):
    log_access(request, referral.person, view_name)
    return render(
        request,
        "www/prescriber/referrals/detail.html",
        {
            "referral": referral,
            "candidacy": referral.candidacy,
            "steps": referral.candidacy.transitions.select_related("by"),
            "can_withdraw": referral.candidacy.status in ACTIVE_STATES,
            "centre_active": referral.candidacy.training.centre.organisation.is_active_on_platform,
            "outcome": outcome(referral, timezone.localdate()),
            "consent": standing_consent(referral),
            "withdrawn": referral.outcome_consents.exclude(withdrawn_on=None),
            "consent_form": consent_form or ConsentDayForm(prefix="give"),
            "withdraw_form": withdraw_form or ConsentDayForm(prefix="withdraw"),
        },
        status=status,
    )


@staff_view("POST", capability=REFER)
def referral_consent(request, referral_id):
    """Record, or withdraw, the person's agreement about what follows the contract."""
    referral = followed_referral(request.user, referral_id)
    withdraw = request.POST.get("action") == "withdraw"
    form = ConsentDayForm(request.POST, prefix="withdraw" if withdraw else "give")
    forms = {"withdraw_form" if withdraw else "consent_form": form}
    if not form.is_valid():
        if withdraw != (standing_consent(referral) is not None):
            # A page older than the agreement: the page sent back shows the other form, so
            # its mistakes are said above it.
            for errors in form.errors.values():
                for error in errors:
                    flash.error(request, error)
        return _detail(request, referral, "prescriber:referral_consent", **forms, status=400)
    try:
        if withdraw:
            withdraw_outcome_consent(referral, form.cleaned_data["day"], request.user)
        else:
            record_outcome_consent(referral, form.cleaned_data["day"], request.user)
    except ReferralRefused as error:
        if withdraw != (standing_consent(referral) is not None):
            # A page older than the agreement (given or withdrawn in another tab): the page
            # now shows the other form; say on it why nothing was done.
            flash.error(request, error.message)
            return redirect("prescriber:referral_detail", referral.pk)
        form.add_error("day", error.message)
        return _detail(request, referral, "prescriber:referral_consent", **forms, status=400)
    flash.success(request, _("Accord retiré.") if withdraw else _("Accord enregistré."))
    return redirect("prescriber:referral_detail", referral.pk)


@staff_view("POST", capability=REFER)
def referral_renew(request, referral_id):
    referral = followed_referral(request.user, referral_id)
    try:
        sent = renew_link(referral)
    except ReferralRefused as error:
        flash.error(request, error.message)
    else:
        if sent:
            flash.success(request, _("Un nouveau lien a été envoyé au centre (valable 8 jours)."))
        else:
            flash.error(request, _("Le centre n'a pas d'adresse e-mail connue."))
    return redirect("prescriber:referral_detail", referral.pk)


@staff_view("POST", capability=REFER)
def referral_withdraw(request, referral_id):
    """Withdraw the referral (the person changed their mind): the detail page's button opens
    the confirmation page (nothing written), its « Retirer » button does it."""
    referral = followed_referral(request.user, referral_id)
    candidacy = referral.candidacy
    try:
        check_withdrawable(candidacy)
    except ReferralRefused as error:  # withdrawn already, or a contract, in another tab
        flash.error(request, error.message)
        return redirect("prescriber:referral_detail", referral.pk)
    if "confirm" not in request.POST:
        form = WithdrawReferralForm(initial={"version": candidacy.version})
    else:
        form = WithdrawReferralForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                withdraw_referral(
                    referral, request.user, data["reason"], data["note"], data["version"]
                )
            except ReferralRefused as error:
                if error.code == "stale":
                    flash.error(request, error.message)
                    return redirect("prescriber:referral_detail", referral.pk)
                apply_refusal(form, error)
            else:
                flash.success(
                    request,
                    _(
                        "Orientation retirée. Le centre le voit dans ses candidatures. "
                        "Tremplin ne prévient pas la personne : dites-le-lui vous-même."
                    ),
                )
                return redirect("prescriber:referral_detail", referral.pk)
    log_access(request, referral.person, "prescriber:referral_withdraw")
    return render(
        request,
        "www/prescriber/referrals/withdraw.html",
        {"referral": referral, "candidacy": candidacy, "form": form},
        status=form_status(form),
    )
