"""Public pages without login: the 6-month follow-up link and the satisfaction survey link."""

from django.views.decorators.cache import never_cache

from tremplin.training.followups import LinkProblem, answer_by_link, follow_up_for_token
from tremplin.training.surveys import SurveyForm, invitation_for
from tremplin.training.surveys import answer_by_link as answer_survey
from tremplin.www.centre.training.forms import FollowUpAnswerForm
from tremplin.www.decorators import public_view
from tremplin.www.public.links import answer_by_link_page


@public_view("GET", "POST")
@never_cache
def followup_answer(request, token):
    return answer_by_link_page(
        request,
        token,
        find=follow_up_for_token,
        form_class=FollowUpAnswerForm,
        save=lambda token, data: answer_by_link(token, **data),
        template="www/public/followup/answer.html",
        context=lambda follow_up: {"centre": follow_up.exit.contract.centre},
        refused=LinkProblem,
    )


@public_view("GET", "POST")
@never_cache
def survey(request, token):
    return answer_by_link_page(
        request,
        token,
        find=invitation_for,
        form_class=SurveyForm,
        save=answer_survey,
        template="www/public/followup/survey.html",
        context=lambda invitation: {"training": invitation.training},
        refused=LinkProblem,
    )
