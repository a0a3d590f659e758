"""Prescriber side: follow one's referrals, renew the link of a centre that is not active on
Tremplin. Referring starts in ``choose.py``."""

from django.contrib import messages as flash
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_access, log_list_access
from tremplin.intake.models import Referral
from tremplin.intake.referrals import ReferralRefused, renew_link
from tremplin.www.decorators import staff_view

REFER = Capability.REFER_PEOPLE


def own_referrals(user):
    return Referral.objects.filter(prescriber=user).select_related(
        "person", "candidacy__training__centre__organisation", "prescriber_organisation"
    )


@staff_view("GET", capability=REFER)
def referral_list(request):
    referrals = list(own_referrals(request.user))
    log_list_access(request, (r.person for r in referrals), "prescriber:referral_list")
    return render(request, "www/prescriber/referrals/list.html", {"referrals": referrals})


def own_referral(user, referral_id):
    referral = own_referrals(user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    return referral


@staff_view("GET", capability=REFER)
def referral_detail(request, referral_id):
    referral = own_referral(request.user, referral_id)
    log_access(request, referral.person, "prescriber:referral_detail")
    return render(
        request,
        "www/prescriber/referrals/detail.html",
        {
            "referral": referral,
            "candidacy": referral.candidacy,
            "steps": referral.candidacy.transitions.all(),
            "centre_active": referral.candidacy.training.centre.organisation.is_active_on_platform,
        },
    )


@staff_view("POST", capability=REFER)
def referral_renew(request, referral_id):
    referral = own_referral(request.user, referral_id)
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
