"""Public pages of the rules: the "Suis-je éligible ?" simulator and "Comment nous calculons".

The simulator works without JavaScript: every step is a form POST. Answers travel in one signed
hidden field, so nothing is stored on the server (no database row, no session).
"""

import datetime

from django import forms
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tremplin.rules.describe import describe, format_value
from tremplin.rules.engine import Status, category_rules, derogation_rule, evaluate
from tremplin.rules.facts import DATE_MAX, DATE_MIN
from tremplin.rules.loader import rules_version
from tremplin.rules.parameters import all_parameters
from tremplin.rules.texts import (
    CATEGORY_EXPLANATIONS,
    CATEGORY_LABELS,
    CONFIDENCE_LABELS,
    FACT_LABELS,
    MESSAGES,
    PARAMETER_LABELS,
    STATUS_LABELS,
)
from tremplin.www.decorators import public_view
from tremplin.www.public.eligibility_forms import STEPS, situation_from_answers

STATE_SALT = "tremplin.eligibility.answers"
STATE_MAX_AGE = 60 * 60 * 6  # a questionnaire left open for a day starts again


def dump_state(answers: dict) -> str:
    return signing.dumps(answers, salt=STATE_SALT, compress=True)


def load_state(raw: str) -> dict | None:
    try:
        answers = signing.loads(raw, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        return None
    return answers if isinstance(answers, dict) else None


def _step_index(raw: str) -> int | None:
    try:
        index = int(raw)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index <= len(STEPS) else None


def _render_step(request, index: int, answers: dict, form=None):
    step = STEPS[index]
    if form is None:
        form = step(initial=step.initial_from(answers))
    context = {
        "form": form,
        "step": step,
        "index": index,
        "number": index + 1,
        "total": len(STEPS),
        "is_last": index == len(STEPS) - 1,
        "state": dump_state(answers),
    }
    status = 400 if form.is_bound and form.errors else 200  # sent back with its mistakes
    return render(request, "www/public/eligibility/question.html", context, status=status)


def _render_result(request, answers: dict):
    result = evaluate(situation_from_answers(answers, timezone.localdate()))
    postal_code = answers.get("postal_code")
    search_url = reverse("public:directory_search")
    if postal_code:
        search_url += "?" + urlencode({"near": postal_code})
    answer = result.as_dict()
    for part in [*answer["categories"], answer["allowance"], answer["travel"], answer["childcare"]]:
        part["confidence_label"] = CONFIDENCE_LABELS.get(part["confidence"], part["confidence"])
    for category in answer["categories"]:
        category["explanation"] = CATEGORY_EXPLANATIONS[category["code"]]
    for period in answer["allowance"]["periods"]:  # ISO dates in the answer, days on the page
        period["first_day"] = datetime.date.fromisoformat(period["from"])
        period["last_day"] = datetime.date.fromisoformat(period["until"])
    context = {
        "result": result,
        "answer": answer,
        "status_label": STATUS_LABELS[result.status],
        "categories": answer["categories"],
        "derogation_explanation": CATEGORY_EXPLANATIONS["DEROGATION"],
        "missing": [FACT_LABELS[name] for name in result.missing],
        "search_url": search_url,
        "postal_code": postal_code,
        "state": dump_state(answers),
        "result_index": len(STEPS),
        "show_money": result.status != Status.NOT_ELIGIBLE,
    }
    return render(request, "www/public/eligibility/result.html", context)


@public_view("GET", "POST")
@never_cache
def simulator(request):
    if request.method == "GET":
        return _render_step(request, 0, {})
    answers = load_state(request.POST.get("state", ""))
    index = _step_index(request.POST.get("step"))
    if answers is None or index is None:
        context = {"expired": True}
        return render(request, "www/public/eligibility/expired.html", context, status=400)
    if index == len(STEPS):  # from the result page: change my answers
        return _render_step(request, index - 1, answers)
    form = STEPS[index](request.POST)
    if request.POST.get("action") == "back":
        if form.is_valid():
            answers.update(form.answers())
        return _render_step(request, max(index - 1, 0), answers)
    if not form.is_valid():
        return _render_step(request, index, answers, form)
    answers.update(form.answers())
    if index + 1 < len(STEPS):
        return _render_step(request, index + 1, answers)
    return _render_result(request, answers)


class RulesDateForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": MESSAGES["date_typed_invalid"]},
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value and not DATE_MIN <= value <= DATE_MAX:
            raise forms.ValidationError(MESSAGES["date_range"])
        return value


@public_view("GET")
def how_we_calculate(request):
    today = timezone.localdate()
    form = RulesDateForm(request.GET or None)
    on_date = today
    if form.is_bound and form.is_valid() and form.cleaned_data["date"]:
        on_date = form.cleaned_data["date"]
    if not form.is_bound:
        form = RulesDateForm(initial={"date": today})
    categories = [
        {
            "rule": rule,
            "label": CATEGORY_LABELS[rule.code],
            "in_force": rule.in_force(on_date),
            "confidence_label": CONFIDENCE_LABELS[rule.confidence],
            # A rule not yet in force is shown with the values of its first day.
            "conditions": describe(rule.conditions, max(on_date, rule.valid_from)),
        }
        for rule in [*category_rules(), derogation_rule()]
    ]
    parameters = []
    for name, param in all_parameters().items():
        current = param.at(on_date)
        parameters.append(
            {
                "name": name,
                "label": PARAMETER_LABELS.get(name, param.description),
                "current": current,
                "current_display": format_value(current.value if current else None, param.unit),
                "confidence_label": CONFIDENCE_LABELS[current.confidence] if current else "",
                "history": [
                    {
                        "entry": entry,
                        "display": format_value(entry.value, param.unit),
                        "confidence_label": CONFIDENCE_LABELS[entry.confidence],
                        "in_force": entry is current,
                    }
                    for entry in reversed(param.values)
                ],
            }
        )
    context = {
        "form": form,
        "on_date": on_date,
        "categories": categories,
        "parameters": parameters,
        "rules_version": rules_version(),
    }
    return render(request, "www/public/eligibility/how_we_calculate.html", context)
