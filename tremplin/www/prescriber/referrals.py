"""Prescriber side: follow one's referrals and one's colleagues' (organisation or team), record
the person's agreement about what follows the contract, renew the link of a centre that is not
active on Tremplin. Referring starts in ``choose.py``. Every opening is in the access log."""

from django.contrib import messages as flash
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_access, log_list_access
from tremplin.intake.models import Referral
from tremplin.intake.referrals import (
    ReferralRefused,
    record_outcome_consent,
    renew_link,
    withdraw_outcome_consent,
)
from tremplin.training.referral_outcomes import outcome, standing_consent, with_outcome
from tremplin.www.decorators import staff_view
from tremplin.www.prescriber.forms import ConsentDayForm

REFER = Capability.REFER_PEOPLE


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
    today = timezone.localdate()
    referrals = list(followed_referrals(request.user))
    for referral in referrals:
        referral.outcome = outcome(referral, today)
    log_list_access(request, (r.person for r in referrals), "prescriber:referral_list")
    return render(request, "www/prescriber/referrals/list.html", {"referrals": referrals})


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
            "steps": referral.candidacy.transitions.all(),
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
