"""Prescriber side: refer a person to a training (with their consent), follow one's own
referrals, renew the link of a centre that is not active on Tremplin."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tremplin.accounts.models import Organisation, Role
from tremplin.accounts.permissions import role_required
from tremplin.audit.access import log_access, log_list_access
from tremplin.directory.models import Training
from tremplin.intake.models import Referral
from tremplin.intake.referrals import (
    Consent,
    PersonData,
    ReferralRefused,
    create_referral,
    renew_link,
)
from tremplin.www.centre.candidacy_forms import ReferralForm


def own_referrals(user):
    return Referral.objects.filter(prescriber=user).select_related(
        "person", "candidacy__training__centre__organisation", "prescriber_organisation"
    )


@role_required(Role.PRESCRIBER)
@require_GET
def referral_list(request):
    referrals = list(own_referrals(request.user))
    log_list_access(request, (r.person for r in referrals), "prescriber:referral_list")
    return render(request, "www/prescriber/referrals/list.html", {"referrals": referrals})


@role_required(Role.PRESCRIBER)
@require_http_methods(["GET", "POST"])
def referral_new(request):
    trainings = list(Training.objects.published().select_related("centre").order_by("name"))
    form = ReferralForm(request.POST or None, trainings=trainings)
    organisation = Organisation.objects.where_user_has_role(request.user, Role.PRESCRIBER).first()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        training = next(t for t in trainings if str(t.pk) == data["training"])
        try:
            referral = create_referral(
                prescriber=request.user,
                organisation=organisation,
                training=training,
                person=PersonData(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    birth_date=data["birth_date"],
                    niss=data["niss"] or "",
                    email=data["email"],
                    phone=data["phone"],
                ),
                consent=Consent(data["consent_method"], data["consent_given_on"], request.user),
                reason=data["reason"],
                barriers_shared=data["barriers_shared"],
                barriers=data["barriers"],
            )
        except ReferralRefused as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            flash.success(request, _("Orientation envoyée au centre."))
            return redirect("prescriber:referral_detail", referral.pk)
    return render(request, "www/prescriber/referrals/form.html", {"form": form})


def own_referral(user, referral_id):
    referral = own_referrals(user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404(_("Cette orientation n'existe pas ou n'est pas la vôtre."))
    return referral


@role_required(Role.PRESCRIBER)
@require_GET
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


@role_required(Role.PRESCRIBER)
@require_POST
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
