"""The person file (identity, duplicates, merge) and a person who comes to the centre."""

from django.contrib import messages as flash
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability, can, capabilities_by_organisation
from tremplin.audit.access import log_access
from tremplin.intake.duplicates import MergeRefused, duplicates_of, find_duplicates, merge
from tremplin.intake.models import (
    Candidacy,
)
from tremplin.intake.person import shown_niss
from tremplin.intake.states import Source
from tremplin.training.models import Contract
from tremplin.www.centre.candidacies.common import (
    FILES,
    trainings_of,
    visible_person,
)
from tremplin.www.centre.candidacies.forms import (
    NewCandidacyForm,
    PersonForm,
)
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status


@staff_view("GET", capability=FILES)
def person_detail(request, person_id):
    person = visible_person(request.user, person_id)
    log_access(request, person, "centre:person_detail")
    return render(
        request,
        "www/centre/candidacies/person_detail.html",
        {
            "person": person,
            "niss": shown_niss(person, request.user),
            "candidacies": person.candidacies.select_related("training").order_by("-created_at"),
            "contracts": Contract.objects.visible_to(request.user)
            .filter(person=person)
            .select_related("training"),
            "duplicates": list(duplicates_of(person)),
            "merges": person.merges.select_related("by"),
            "held": capabilities_by_organisation(request.user).get(
                person.holding_centre.organisation_id, set()
            ),
        },
    )


@staff_view("GET", "POST", capability=FILES)
def person_edit(request, person_id):
    person = visible_person(request.user, person_id)
    log_access(request, person, "centre:person_edit")
    show_niss = can(request.user, Capability.SEE_NISS, person.holding_centre)
    form = PersonForm(request.POST or None, instance=person, show_niss=show_niss)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except IntegrityError:
            form.add_error(
                "niss", _("Le centre a déjà un dossier avec ce numéro de registre national.")
            )
        else:
            flash.success(request, _("Dossier enregistré."))
            return redirect("centre:person_detail", person.pk)
    return render(
        request,
        "www/centre/candidacies/person_form.html",
        {"person": person, "form": form},
        status=form_status(form),
    )


@staff_view("POST", capability=FILES)
def person_merge(request, person_id):
    kept = visible_person(request.user, person_id)
    other = visible_person(request.user, request.POST.get("merged", ""))
    try:
        merge(kept, other, request.user)
    except MergeRefused as error:
        flash.error(request, error.message)
    else:
        log_access(request, kept, "centre:person_merge")
        flash.success(request, _("Les deux dossiers sont fusionnés."))
    return redirect("centre:person_detail", kept.pk)


@staff_view("GET", "POST", capability=FILES)
def candidacy_new(request):
    """A person comes to the centre: their file (existing or new) and their candidacy."""
    trainings = list(trainings_of(request.user).filter(is_active=True))
    form = NewCandidacyForm(request.POST or None, trainings=trainings)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        training = next(t for t in trainings if str(t.pk) == data["training"])
        duplicates = list(
            find_duplicates(
                training.centre,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                niss=data.get("niss", ""),
            )
        )
        use = request.POST.get("use_person")
        person = next((p for p in duplicates if str(p.pk) == use), None)
        if duplicates and person is None and not data["create_anyway"]:
            flash.warning(request, _("Un dossier semblable existe déjà dans le centre."))
        else:
            return create_candidacy(request, form, training, person)
    return render(
        request,
        "www/centre/candidacies/candidacy_new.html",
        {"form": form, "duplicates": duplicates},
        status=form_status(form),
    )


def create_candidacy(request, form, training, person):
    if person is None:
        person = form.save(commit=False)
        person.holding_centre = training.centre
        try:
            person.save()
        except IntegrityError:
            form.add_error(
                "niss", _("Le centre a déjà un dossier avec ce numéro de registre national.")
            )
            return render(
                request,
                "www/centre/candidacies/candidacy_new.html",
                {"form": form, "duplicates": []},
                status=form_status(form),
            )
    try:
        candidacy = Candidacy.objects.create(
            person=person, training=training, source=Source.WALK_IN
        )
    except IntegrityError:
        flash.error(
            request, _("Cette personne a déjà une candidature en cours pour cette formation.")
        )
        return redirect("centre:person_detail", person.pk)
    flash.success(request, _("Candidature créée."))
    return redirect("centre:candidacy_detail", candidacy.pk)
