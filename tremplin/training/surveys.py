"""The anonymous satisfaction survey: form, token check, saving without any link to a person."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.training.followups import LinkProblem
from tremplin.training.models import SCORE_QUESTIONS, SatisfactionResponse, SurveyInvitation
from tremplin.training.models.surveys import OPEN_QUESTION
from tremplin.training.tokens import hash_token

SCALE = [(n, str(n)) for n in range(1, 6)]


class SurveyForm(forms.Form):
    """Four scores from 1 to 5 and an open question; a subclass may ask other ``questions``
    (the continuing-training survey does)."""

    questions = SCORE_QUESTIONS
    open_question = OPEN_QUESTION

    open_answer = forms.CharField(
        label=OPEN_QUESTION,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["open_answer"].label = self.open_question
        scores = {}
        for name, label in self.questions:
            scores[name] = forms.TypedChoiceField(
                label=label,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=gettext_lazy("1 = pas du tout d'accord, 5 = tout à fait d'accord."),
                error_messages={
                    "required": gettext_lazy("Choisissez une note de 1 à 5."),
                    "invalid_choice": gettext_lazy("La note doit être entre 1 et 5."),
                },
            )
        self.fields = {**scores, **self.fields}


def save_response(training, channel, data) -> SatisfactionResponse:
    today = timezone.localdate()
    return SatisfactionResponse.objects.create(
        centre=training.centre,
        training=training,
        month=today.replace(day=1),
        channel=channel,
        **{name: data[name] for name, _label in SCORE_QUESTIONS},
        open_answer=data.get("open_answer", ""),
    )


def invitation_for(raw_token: str, for_update=False) -> SurveyInvitation:
    found = SurveyInvitation.objects.select_related("training__centre")
    if for_update:
        found = found.select_for_update(of=("self",))
    invitation = found.filter(token_hash=hash_token(raw_token)).first()
    if invitation is None:
        raise LinkProblem(_("Ce lien n'est pas valable. Vérifiez qu'il est complet."))
    if invitation.used_at is not None:
        raise LinkProblem(_("Vous avez déjà répondu. Merci ! Ce lien ne peut servir qu'une fois."))
    if invitation.expires_at <= timezone.now():
        raise LinkProblem(_("Ce lien a expiré."))
    return invitation


def answer_by_link(raw_token: str, data) -> None:
    with transaction.atomic():
        invitation = invitation_for(raw_token, for_update=True)
        save_response(invitation.training, SatisfactionResponse.Channel.LINK, data)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
