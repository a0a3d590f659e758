"""Pages reached from a link in an e-mail, without an account: a person follows (and may
withdraw) their candidacy; anyone opts out of a non-required message; a centre not active on
Tremplin answers a referral."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tremplin.intake import messages, workflow
from tremplin.intake.person import candidacy_for_token, next_appointment
from tremplin.intake.referrals import ReferralRefused, answer_by_link, referral_for_token
from tremplin.intake.states import ACTIVE_STATES
from tremplin.rules.texts import DOCUMENT_LABELS
from tremplin.www.centre.candidacies.forms import CentreAnswerForm
from tremplin.www.decorators import public_view
from tremplin.www.forms import form_status
from tremplin.www.told import sentence as told_sentence

TO_BRING = ("identity", "forem_attestation", "diploma")


def candidacy_or_404(token):
    candidacy = candidacy_for_token(token)
    if candidacy is None:
        raise Http404
    return candidacy


@public_view("GET")
@never_cache
def my_candidacy(request, token):
    candidacy = candidacy_or_404(token)
    return render(
        request,
        "www/public/candidacy/status.html",
        {
            "candidacy": candidacy,
            "token": token,
            "appointment": next_appointment(candidacy),
            "to_bring": [DOCUMENT_LABELS[code] for code in TO_BRING],
            "can_withdraw": candidacy.status in ACTIVE_STATES,
        },
    )


@public_view("GET", "POST")
@never_cache
def my_candidacy_withdraw(request, token):
    candidacy = candidacy_or_404(token)
    if candidacy.status not in ACTIVE_STATES:
        return redirect("public:my_candidacy", token)
    error = ""
    if request.method == "POST":
        try:
            workflow.transition(
                candidacy,
                "withdraw",
                None,
                _("Retrait demandé par la personne."),
                by_label=_("La personne (lien personnel)"),
            )
        except workflow.TransitionRefused as refused:
            error = refused.message
        else:
            return redirect("public:my_candidacy", token)
    return render(
        request,
        "www/public/candidacy/withdraw.html",
        {"candidacy": candidacy, "token": token, "error": error},
        status=400 if error else 200,
    )


@public_view("GET", "POST")
@never_cache
def message_opt_out(request, token):
    found = messages.read_opt_out_token(token)
    if found is None:
        raise Http404
    email, name = found
    done = False
    if request.method == "POST":
        messages.opt_out(email, name)
        done = True
    return render(
        request,
        "www/public/candidacy/opt_out.html",
        {"label": messages.REGISTRY[name].label, "done": done},
    )


# A centre's link that cannot be used: forged (not found), or replaced or expired (gone). One
# already answered is a thank-you page.
LINK_REFUSED_STATUS = {"invalid": 404, "replaced": 410, "expired": 410}


@public_view("GET", "POST")
@never_cache
def referral_answer(request, token):
    try:
        referral = referral_for_token(token)
    except ReferralRefused as error:
        return render(
            request,
            "www/public/candidacy/referral_answer.html",
            {"error": error.message},
            status=LINK_REFUSED_STATUS.get(error.code, 200),
        )
    form = CentreAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            told = answer_by_link(
                referral,
                data["answer"] == "accept",
                refusal_reason=data["refusal_reason"],
                message=data["message"],
            )
        except ReferralRefused as error:
            form.add_error(None, error.message)
        else:
            return render(
                request,
                "www/public/candidacy/referral_answer.html",
                {"done": True, "told": [told_sentence(delivery) for delivery in told]},
            )
    return render(
        request,
        "www/public/candidacy/referral_answer.html",
        {"referral": referral, "form": form},
        status=form_status(form),
    )
