"""Centre side of candidacies: one inbox per training, the candidacy page (workflow, interview,
eligibility check), the person file (identity, duplicates, merge), the list of messages.

Every query starts from ``visible_to(user)``; views only check the role. Opening a person file
or a candidacy page is written to the access log.
"""

import datetime

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tremplin.accounts.models import Organisation, Role
from tremplin.accounts.permissions import role_required
from tremplin.audit.access import log_access, log_list_access
from tremplin.directory.models import InfoSession, Training
from tremplin.intake import messages, workflow
from tremplin.intake.duplicates import MergeRefused, duplicates_of, find_duplicates, merge
from tremplin.intake.eligibility_checks import facts_for_check, record_check
from tremplin.intake.interviews import record_interview, shown_needs
from tremplin.intake.models import (
    PERSON_FILE_ROLES,
    STALE_AFTER,
    Candidacy,
    DerogationQuota,
    Interview,
    Person,
    Referral,
)
from tremplin.intake.person import sees_sensitive_data, send_personal_link, shown_niss
from tremplin.intake.states import OPEN_STATES, CandidacyStatus, Source
from tremplin.training.access import MANAGE_ROLES
from tremplin.training.models import Contract
from tremplin.www.centre.candidacy_forms import (
    BatchForm,
    EligibilityForm,
    InboxFilterForm,
    InterviewForm,
    NewCandidacyForm,
    PersonForm,
    QuotaForm,
    TransitionForm,
)

PAGE_SIZE = 50
INTAKE_ROLES = PERSON_FILE_ROLES
# Who signs a training contract (the training app's contract form checks the same roles).
MANAGE = set(MANAGE_ROLES)


def trainings_of(user):
    centres = Organisation.objects.where_user_has_role(user, *INTAKE_ROLES)
    return Training.objects.filter(centre__organisation__in=centres).select_related("centre")


def get_or_404(queryset, pk, message):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(message)
    return found


def upcoming_sessions(training):
    return list(
        InfoSession.objects.upcoming()
        .filter(centre_id=training.centre_id)
        .filter(Q(training=training) | Q(training__isnull=True))
        .order_by("starts_at")
    )


def session_by_id(sessions, value):
    return next((s for s in sessions if str(s.pk) == value), None) if value else None


# --- Inbox ----------------------------------------------------------------------------------


@role_required(*INTAKE_ROLES)
@require_GET
def inbox_index(request):
    """The trainings of the user's centres, with the number of open candidacies."""
    trainings = trainings_of(request.user).annotate(
        open_count=Count("candidacies", filter=Q(candidacies__status__in=OPEN_STATES)),
        stale_count=Count(
            "candidacies",
            filter=Q(
                candidacies__status__in=OPEN_STATES,
                candidacies__updated_at__lt=timezone.now() - STALE_AFTER,
            ),
        ),
    )
    trainings = list(trainings)
    return render(
        request,
        "www/centre/candidacies/inbox_index.html",
        {
            "trainings": trainings,
            "can_add_training": not trainings and request.user.has_role(Role.COORDINATOR),
        },
    )


def filtered(candidacies, form):
    if not form.is_valid():
        return candidacies.filter(status__in=OPEN_STATES)
    data = form.cleaned_data
    candidacies = (
        candidacies.filter(status=data["status"])
        if data["status"]
        else candidacies.filter(status__in=OPEN_STATES)
    )
    if data["source"]:
        candidacies = candidacies.filter(source=data["source"])
    if data["session"]:
        candidacies = candidacies.filter(session_id=data["session"])
    if data["waiting"]:
        limit = timezone.now() - datetime.timedelta(days=int(data["waiting"]))
        candidacies = candidacies.filter(updated_at__lt=limit)
    return candidacies


@role_required(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def training_inbox(request, training_id):
    training = get_or_404(
        trainings_of(request.user), training_id, _("Cette formation ne dépend pas de votre centre.")
    )
    sessions = upcoming_sessions(training)
    if request.method == "POST":
        return batch_action(request, training, sessions)
    form = InboxFilterForm(request.GET or None, sessions=sessions)
    page = Paginator(inbox_rows(training, form), PAGE_SIZE).get_page(request.GET.get("page"))
    label_rows(page)
    log_list_access(
        request,
        [candidacy.person for candidacy in page.object_list],
        "centre:training_inbox",
        organisation=training.centre.organisation_id,
    )
    counts = dict(
        Candidacy.objects.filter(training=training)
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    quota = (
        DerogationQuota.objects.filter(centre_id=training.centre_id, year=timezone.localdate().year)
        .with_used()
        .first()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "www/centre/candidacies/inbox.html",
        {
            "training": training,
            "form": form,
            "batch_form": BatchForm(sessions=sessions),
            "page": page,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in CandidacyStatus.choices
            ],
            "quota": quota,
            "quota_form": QuotaForm(initial={"places": quota.places if quota else 0}),
            "can_set_quota": Role.COORDINATOR
            in request.user.roles_in(training.centre.organisation),
            "stale_badge": _("à relancer"),
            "query": query.urlencode(),
        },
    )


# Only what a row of the inbox shows: no NISS to decrypt, no long texts.
INBOX_FIELDS = (
    "id",
    "status",
    "source",
    "created_at",
    "updated_at",
    "person__first_name",
    "person__last_name",
    "session__starts_at",
)


def inbox_rows(training, form):
    """The candidacies of the inbox page, oldest first. ``training`` comes from
    ``trainings_of(user)``, so every candidacy of it is visible to the reader (the same rule as
    ``Candidacy.objects.visible_to`` for centre staff, without its role queries)."""
    return (
        filtered(Candidacy.objects.filter(training=training), form)
        .select_related("person", "session")
        .only(*INBOX_FIELDS)
        .order_by("created_at", "pk")
    )


def label_rows(page) -> None:
    """Put the status and source labels on the page's rows, translated once per page rather
    than once per row."""
    statuses = {value: str(label) for value, label in CandidacyStatus.choices}
    sources = {value: str(label) for value, label in Source.choices}
    stale_limit = timezone.now() - STALE_AFTER
    page.object_list = list(page.object_list)
    for candidacy in page.object_list:
        candidacy.status_label = statuses.get(candidacy.status, candidacy.status)
        candidacy.source_label = sources.get(candidacy.source, candidacy.source)
        candidacy.stale = candidacy.status in OPEN_STATES and candidacy.updated_at < stale_limit


def batch_action(request, training, sessions):
    form = BatchForm(request.POST, sessions=sessions)
    ids = request.POST.getlist("selected")
    back = reverse("centre:training_inbox", args=[training.pk])
    if not ids:
        flash.error(request, _("Cochez au moins une candidature."))
        return redirect(back)
    if not form.is_valid():
        flash.error(request, _("Choisissez une action."))
        return redirect(back)
    chosen = list(
        Candidacy.objects.visible_to(request.user)
        .filter(training=training, pk__in=ids)
        .select_related("person")
    )
    data = form.cleaned_data
    details = {}
    if data["action"] == "invite":
        details["session"] = session_by_id(sessions, data["session"])
    if data["action"] == "refuse":
        details = {
            "refusal_reason": data["refusal_reason"],
            "decision_message": data["decision_message"],
        }
    done, refused = workflow.transition_many(chosen, data["action"], request.user, **details)
    if done:
        flash.success(
            request,
            ngettext(
                "%(n)s candidature mise à jour.", "%(n)s candidatures mises à jour.", len(done)
            )
            % {"n": len(done)},
        )
    for candidacy, message in refused:
        flash.error(request, f"{candidacy.person} : {message}")
    return redirect(back)


@role_required(Role.COORDINATOR)
@require_POST
def quota_update(request, training_id):
    training = get_or_404(
        trainings_of(request.user), training_id, _("Cette formation ne dépend pas de votre centre.")
    )
    form = QuotaForm(request.POST)
    if form.is_valid():
        DerogationQuota.objects.update_or_create(
            centre_id=training.centre_id,
            year=timezone.localdate().year,
            defaults=form.cleaned_data,
        )
        flash.success(request, _("Quota de dérogations enregistré."))
    else:
        flash.error(request, _("Le nombre de places doit être entre 0 et 500."))
    return redirect("centre:training_inbox", training.pk)


# --- Candidacy page -------------------------------------------------------------------------


def visible_candidacy(user, candidacy_id):
    return get_or_404(
        Candidacy.objects.visible_to(user)
        .filter(training__in=trainings_of(user))
        .select_related("person__holding_centre", "training__centre", "session__site"),
        candidacy_id,
        _("Cette candidature n'existe pas ou ne dépend pas de votre centre."),
    )


@role_required(*INTAKE_ROLES)
@require_GET
def candidacy_detail(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    log_access(request, candidacy.person, "centre:candidacy_detail")
    sensitive = sees_sensitive_data(request.user, candidacy.training.centre)
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
            TransitionForm(
                initial={"name": spec.name, "version": candidacy.version},
                sessions=sessions,
                prefix=spec.name,
            ),
        )
        for spec in workflow.staff_transitions(candidacy)
    ]
    return render(
        request,
        "www/centre/candidacies/detail.html",
        {
            "candidacy": candidacy,
            "person": candidacy.person,
            "buttons": buttons,
            "transitions": candidacy.transitions.select_related("by"),
            "interview": interview,
            "needs": shown_needs(interview, sensitive) if interview else [],
            "check": check,
            "referral": referral,
            "sensitive": sensitive,
            "niss": shown_niss(candidacy.person, request.user),
            "is_stale": candidacy.is_stale(),
            "can_sign_contract": candidacy.status == CandidacyStatus.ADMITTED
            and bool(request.user.roles_in(candidacy.training.centre.organisation) & MANAGE),
            "contracts": list(candidacy.contracts.order_by("start_date")),
        },
    )


@role_required(*INTAKE_ROLES)
@require_POST
def candidacy_transition(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    name = request.POST.get("name", "")
    if name not in workflow.STAFF_TRANSITIONS:
        raise Http404(_("Action inconnue."))
    form = TransitionForm(request.POST, sessions=upcoming_sessions(candidacy.training), prefix=name)
    back = redirect("centre:candidacy_detail", candidacy.pk)
    if not form.is_valid():
        for errors in form.errors.values():
            flash.error(request, " ".join(errors))
        return back
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
        workflow.transition(
            candidacy,
            name,
            request.user,
            data["reason"],
            expected_version=data["version"],
            **details,
        )
    except workflow.TransitionRefused as error:
        flash.error(request, error.message)
        return back
    flash.success(request, _("C'est fait : la candidature est à jour."))
    return back


@role_required(*INTAKE_ROLES)
@require_POST
def candidacy_send_link(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    if send_personal_link(candidacy):
        flash.success(request, _("Le lien personnel a été envoyé par e-mail à la personne."))
    else:
        flash.error(request, _("Le dossier n'a pas d'adresse e-mail : ajoutez-la d'abord."))
    return redirect("centre:candidacy_detail", candidacy.pk)


@role_required(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def interview_edit(request, candidacy_id):
    candidacy = visible_candidacy(request.user, candidacy_id)
    log_access(request, candidacy.person, "centre:interview_edit")
    sensitive = sees_sensitive_data(request.user, candidacy.training.centre)
    interview = Interview.objects.filter(candidacy=candidacy).first()
    initial = {"held_on": timezone.localdate()}
    form = InterviewForm(
        request.POST or None, instance=interview, initial=initial, with_notes=sensitive
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_interview(candidacy, request.user, form.cleaned_data, with_notes=sensitive)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            flash.success(request, _("Entretien enregistré."))
            return redirect("centre:candidacy_detail", candidacy.pk)
    return render(
        request,
        "www/centre/candidacies/interview_form.html",
        {"candidacy": candidacy, "form": form, "sensitive": sensitive},
    )


@role_required(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
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
    )


# --- Person file ----------------------------------------------------------------------------


def visible_person(user, person_id):
    centres = Organisation.objects.where_user_has_role(user, *INTAKE_ROLES)
    return get_or_404(
        Person.objects.visible_to(user)
        .filter(holding_centre__organisation__in=centres)
        .select_related("holding_centre", "municipality"),
        person_id,
        _("Ce dossier n'existe pas ou ne dépend pas de votre centre."),
    )


@role_required(*INTAKE_ROLES)
@require_GET
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
        },
    )


@role_required(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id):
    person = visible_person(request.user, person_id)
    log_access(request, person, "centre:person_edit")
    show_niss = sees_sensitive_data(request.user, person.holding_centre)
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
        request, "www/centre/candidacies/person_form.html", {"person": person, "form": form}
    )


@role_required(*INTAKE_ROLES)
@require_POST
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


@role_required(*INTAKE_ROLES)
@require_http_methods(["GET", "POST"])
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


# --- Messages -------------------------------------------------------------------------------


@role_required(*INTAKE_ROLES)
@require_GET
def message_list(request):
    registered = sorted(messages.REGISTRY.values(), key=lambda cls: cls.name)
    return render(request, "www/centre/candidacies/message_list.html", {"registered": registered})


@role_required(*INTAKE_ROLES)
@require_GET
def message_preview(request, name):
    if name not in messages.REGISTRY:
        raise Http404(_("Ce message n'existe pas."))
    return render(
        request,
        "www/centre/candidacies/message_preview.html",
        {"message": messages.REGISTRY[name], "rendered": messages.preview(name)},
    )
