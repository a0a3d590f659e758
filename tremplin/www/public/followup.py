"""Public pages without login: the 6-month follow-up link and the satisfaction survey link."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from tremplin.training.followups import LinkProblem, answer_by_link, follow_up_for_token
from tremplin.training.surveys import SurveyForm, invitation_for
from tremplin.training.surveys import answer_by_link as answer_survey
from tremplin.www.centre.training.forms import FollowUpAnswerForm
from tremplin.www.decorators import public_view


def _problem(request, problem: LinkProblem):
    return render(
        request,
        "www/public/followup/problem.html",
        {"message": problem.message},
        status=problem.status,
    )


@public_view("GET", "POST")
@never_cache
def followup_answer(request, token):
    try:
        follow_up = follow_up_for_token(token)
    except LinkProblem as problem:
        return _problem(request, problem)
    form = FollowUpAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_by_link(token, **form.cleaned_data)
        except LinkProblem as problem:
            return _problem(request, problem)
        return render(request, "www/public/followup/thanks.html")
    return render(
        request,
        "www/public/followup/answer.html",
        {"form": form, "centre": follow_up.exit.contract.centre},
        status=400 if form.errors else 200,
    )


@public_view("GET", "POST")
@never_cache
def survey(request, token):
    try:
        invitation = invitation_for(token)
    except LinkProblem as problem:
        return _problem(request, problem)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_survey(token, form.cleaned_data)
        except LinkProblem as problem:
            return _problem(request, problem)
        return render(request, "www/public/followup/thanks.html")
    return render(
        request,
        "www/public/followup/survey.html",
        {"form": form, "training": invitation.training},
        status=400 if form.errors else 200,
    )
