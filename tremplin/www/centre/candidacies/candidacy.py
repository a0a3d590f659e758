"""The candidacy page: workflow buttons, personal link, interview, eligibility check."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability, can
from tremplin.audit.access import log_access
from tremplin.intake import workflow
from tremplin.intake.eligibility_checks import facts_for_check, record_check
from tremplin.intake.interviews import record_interview, shown_needs
from tremplin.intake.models import (
    Interview,
    Referral,
)
from tremplin.intake.person import send_personal_link, shown_niss
from tremplin.intake.states import CandidacyStatus
from tremplin.www.centre.candidacies.common import (
    FILES,
    session_by_id,
    upcoming_sessions,
    visible_candidacy,
)
from tremplin.www.centre.candidacies.forms import (
    EligibilityForm,
    InterviewForm,
    TransitionForm,
)
from tremplin.www.decorators import staff_view
from tremplin.www.forms import apply_refusal, form_status
from tremplin.www.told import tell_who_was_told


@staff_view("GET", capability=FILES)
def candidacy_detail(request, candidacy_id):
    return _detail_page(request, visible_candidacy(request.user, candidacy_id))


def _detail_page(request, candidacy, refused_form=None):
    """The candidacy page; ``refused_form``: a workflow button's form sent back with what was
    typed (its action open), after a refusal."""
    log_access(request, candidacy.person, "centre:candidacy_detail")
    social_notes = can(request.user, Capability.SEE_SOCIAL_NOTES, candidacy.training.centre)
    interview = Interview.objects.filter(candidacy=candidacy).first()
    check = (
        candidacy.eligibility_checks.prefetch_related("evidence").order_by("-checked_at").first()
    )
    referral = (
        Referral.objects.filter(candidacy=candidacy)
        .select_related("prescriber", "prescriber_organisation")
        .first()
    )
    sessions = upcoming_sessions(candidacy.training)
    buttons = [
        (
            spec,
            refused_form
            if refused_form is not None and refused_form.prefix == spec.name
            else TransitionForm(
                initial={"name": spec.name, "version": candidacy.version},
                sessions=sessions,
                prefix=spec.name,
            ),
        )
        for spec in workflow.staff_transitions(candidacy)
    ]
    if refused_form is not None and all(form is not refused_form for _spec, form in buttons):
        # Its action is not offered at this step: the refusal above the page instead.
        for errors in refused_form.errors.values():
            flash.error(request, " ".join(errors))
    return render(
        request,
        "www/centre/candidacies/detail.html",
        {
            "candidacy": candidacy,
            "person": candidacy.person,
            "buttons": buttons,
            "transitions": candidacy.transitions.select_related("by"),
            "interview": interview,
            "needs": shown_needs(interview, social_notes) if interview else [],
            "check": check,
            "referral": referral,
            "social_notes": social_notes,
            "niss": shown_niss(candidacy.person, request.user),
            "is_stale": candidacy.is_stale(),
            "can_sign_contract": candidacy.status == CandidacyStatus.ADMITTED
            and can(request.user, Capability.MANAGE_CONTRACTS, candidacy.training.centre),
            "contracts": list(candidacy.contracts.order_by("start_date")),
        },
        status=400 if refused_form is not None else 200,
    )


@staff_view("POST", capability=FILES)
def candidacy_transition(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    name = request.POST.get("name", "")
    if name not in workflow.STAFF_TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST, sessions=upcoming_sessions(candidacy.training), prefix=name)
    if not form.is_valid():  # the mistakes at their fields, the action open
        return _detail_page(request, candidacy, refused_form=form)
    data = form.cleaned_data
    details = {
        "invite": {
            "session": session_by_id(upcoming_sessions(candidacy.training), data["session"])
        },
        "plan_interview": {"interview_at": data["interview_at"]},
        "refuse": {
            "refusal_reason": data["refusal_reason"],
            "decision_message": data["decision_message"],
        },
        "put_on_waiting_list": {"decision_message": data["decision_message"]},
        "admit": {"derogation": data["derogation"], "decision_message": data["decision_message"]},
    }.get(name, {})
    try:
        candidacy = workflow.transition(
            candidacy,
            name,
            request.user,
            data["reason"],
            expected_version=data["version"],
            **details,
        )
    except workflow.StaleCandidacy as error:
        # The page is out of date: show the candidacy as it is now.
        flash.error(request, error.message)
        return redirect("centre:candidacy_detail", candidacy.pk)
    except workflow.TransitionRefused as error:
        # Same page, what was typed kept (the message to the person, the note); the refusal
        # once, at its field or above the action's form.
        apply_refusal(form, error)
        return _detail_page(request, candidacy, refused_form=form)
    flash.success(request, _("C'est fait : la candidature est à jour."))
    tell_who_was_told(request, candidacy.told)
    return redirect("centre:candidacy_detail", candidacy.pk)


@staff_view("POST", capability=FILES)
def candidacy_send_link(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    if send_personal_link(candidacy):
        flash.success(request, _("Le lien personnel a été envoyé par e-mail à la personne."))
    else:
        flash.error(request, _("Le dossier n'a pas d'adresse e-mail : ajoutez-la d'abord."))
    return redirect("centre:candidacy_detail", candidacy.pk)


@staff_view("GET", "POST", capability=FILES)
def interview_edit(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    log_access(request, candidacy.person, "centre:interview_edit")
    social_notes = can(request.user, Capability.SEE_SOCIAL_NOTES, candidacy.training.centre)
    interview = Interview.objects.filter(candidacy=candidacy).first()
    initial = {"held_on": timezone.localdate()}
    form = InterviewForm(
        request.POST or None, instance=interview, initial=initial, with_notes=social_notes
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_interview(candidacy, request.user, form.cleaned_data, with_notes=social_notes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            flash.success(request, _("Entretien enregistré."))
            return redirect("centre:candidacy_detail", candidacy.pk)
    return render(
        request,
        "www/centre/candidacies/interview_form.html",
        {"candidacy": candidacy, "form": form, "social_notes": social_notes},
        status=form_status(form),
    )


@staff_view("GET", "POST", capability=FILES)
def eligibility_new(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    log_access(request, candidacy.person, "centre:eligibility_new")
    initial = {
        name: ("yes" if value is True else "no" if value is False else value)
        for name, value in facts_for_check(candidacy, timezone.localdate()).items()
    }
    form = EligibilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        check = record_check(candidacy, request.user, form.answers(), form.evidence())
        flash.success(
            request,
            _("Vérification enregistrée : %(status)s.")
            % {"status": workflow.check_status_label(check.status)},
        )
        return redirect("centre:candidacy_detail", candidacy.pk)
    return render(
        request,
        "www/centre/candidacies/eligibility_form.html",
        {"candidacy": candidacy, "form": form},
        status=form_status(form),
    )
