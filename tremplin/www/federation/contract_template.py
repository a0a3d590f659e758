"""The federation edits the clauses of the training contract: the current version, its
history, and a form that publishes a new version."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tremplin.accounts.models import Role
from tremplin.accounts.permissions import role_required
from tremplin.training.contract_templates import publish_template
from tremplin.training.models import ContractTemplate


class TemplateForm(forms.Form):
    clauses = forms.CharField(
        label=gettext_lazy("Clauses du contrat"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "form-control"}),
        help_text=gettext_lazy(
            "Un paragraphe par bloc de lignes (séparés par une ligne vide) ; une ligne qui "
            "commence par « ## » est un titre. Les parties, les dates, l'horaire, les heures, "
            "l'allocation et les signatures sont ajoutés par Tremplin."
        ),
    )
    validated = forms.BooleanField(
        label=gettext_lazy("Ce texte est le modèle validé par la fédération"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Ce qui change"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


@role_required(Role.FEDERATION_ANALYST)
@require_http_methods(["GET", "POST"])
def contract_template(request):
    current = ContractTemplate.objects.current()
    initial = {"clauses": current.clauses, "validated": current.validated} if current else {}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        published = publish_template(by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Version %(version)s publiée : les prochains contrats signés l'utiliseront.")
            % {"version": published.version},
        )
        return redirect("federation:contract_template")
    return render(
        request,
        "www/federation/contract_template.html",
        {
            "form": form,
            "current": current,
            "history": ContractTemplate.objects.select_related("created_by")[:50],
        },
    )
