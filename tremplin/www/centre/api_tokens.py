"""The coordinator's API tokens page: create a token for a member (shown once), see the tokens
of the centre with their last use, revoke one. Decision record 1003."""

import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.accounts.models import Membership
from tremplin.api.models import DEFAULT_LIFETIME, MAX_LIFETIME, ApiToken, Scope
from tremplin.www.decorators import staff_view

TOKENS = Capability.MANAGE_API_TOKENS


def coordinated(user):
    return organisations_where(user, TOKENS)


class TokenForm(forms.Form):
    member = forms.ModelChoiceField(
        label=gettext_lazy("Membre du centre"),
        queryset=Membership.objects.none(),
        help_text=gettext_lazy("Le jeton agit avec les droits de ce membre, dans ce centre."),
        error_messages={"required": gettext_lazy("Choisissez un membre.")},
    )
    name = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        max_length=100,
        help_text=gettext_lazy("Par exemple : tablette de l'atelier, logiciel de paie."),
        error_messages={"required": gettext_lazy("Donnez un nom au jeton.")},
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Droits"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choisissez au moins un droit.")},
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valable (jours)"),
        initial=DEFAULT_LIFETIME.days,
        min_value=1,
        max_value=MAX_LIFETIME.days,
        error_messages={
            "min_value": gettext_lazy("Au moins un jour."),
            "max_value": gettext_lazy("Au plus %(limit_value)s jours."),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.active().filter(
            organisation__in=organisations, user__is_active=True
        )
        self.fields["member"].queryset = members.select_related("user", "organisation").order_by(
            "organisation__name", "user__last_name", "user__first_name", "role"
        )
        self.fields["member"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.email} — {m.get_role_display()} — "
            f"{m.organisation.name}"
        )
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )


@staff_view("GET", "POST", capability=TOKENS)
@never_cache
def tokens(request):
    organisations = coordinated(request.user)
    form = TokenForm(request.POST or None, organisations=organisations)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            member = form.cleaned_data["member"]
            created = ApiToken.issue(
                name=form.cleaned_data["name"],
                user=member.user,
                organisation=member.organisation,
                scopes=form.cleaned_data["scopes"],
                created_by=request.user,
                lifetime=datetime.timedelta(days=form.cleaned_data["days"]),
            )
            form = TokenForm(organisations=organisations)
        else:
            status = 400
    listed = ApiToken.objects.filter(organisation__in=organisations).select_related(
        "user", "organisation", "created_by"
    )
    return render(
        request,
        "www/centre/api_tokens.html",
        {"form": form, "created": created, "tokens": listed},
        status=status,
    )


@staff_view("POST", capability=TOKENS)
def revoke(request, token_id):
    token = get_object_or_404(
        ApiToken.objects.filter(organisation__in=coordinated(request.user)), pk=token_id
    )
    token.revoke(request.user)
    messages.success(request, _("Jeton « %(name)s » révoqué.") % {"name": token.name})
    return redirect("centre:api_tokens")
