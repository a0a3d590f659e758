"""The federation edits the clauses of the training contract: the current version, its
history, and a form that publishes a new version."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.accounts.capabilities import Capability
from tremplin.training.contract_templates import publish_template
from tremplin.training.models import ContractTemplate
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status


class TemplateForm(forms.Form):
    clauses = forms.CharField(
        label=gettext_lazy("Clauses du contrat"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=gettext_lazy(
            "Un paragraphe par bloc de lignes (séparés par une ligne vide) ; une ligne qui "
            "commence par « ## » est un titre. Les parties, les dates, l'horaire, les heures, "
            "l'allocation et les signatures sont ajoutés par Tremplin."
        ),
    )
    validated = forms.BooleanField(
        label=gettext_lazy("Ce texte est le modèle validé par la fédération"),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Ce qui change"),
        max_length=300,
        required=False,
    )


@staff_view("GET", "POST", capability=Capability.EDIT_CONTRACT_TEMPLATE)
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
        status=form_status(form),
    )
