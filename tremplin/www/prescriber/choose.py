"""Choose a training as the person would, then refer from the result.

The search is the directory's own (``search_directory``: the person's commune or postal code,
sector, objective, method, public, next session); results show the distance from the person's
place, seats left at the next information session and when the centre last updated its entry.
"Orienter" opens the referral form of one training. Nothing about the person is kept outside
the referral: the place travels in the query string, the form is stored only when sent.
"""

from uuid import UUID

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.directory.models import Centre, InfoSession, Training
from tremplin.directory.models.centres import entry_is_stale
from tremplin.directory.search import DEFAULT_RADIUS_KM, search_directory
from tremplin.intake.referrals import (
    Consent,
    PersonData,
    ReferralRefused,
    check_open,
    create_referral,
    places_left,
    teams_of,
)
from tremplin.territory.distance import haversine_km
from tremplin.territory.lookup import AmbiguousPlace, find_place
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status
from tremplin.www.prescriber import eligibility
from tremplin.www.prescriber.forms import ReferralForm
from tremplin.www.public.directory import (
    MAIN_FIELDS,
    MORE_FIELDS,
    place_suggestions,
    search_fields,
    search_results,
)

NEXT_SESSIONS = 3


@staff_view("GET", capability=Capability.REFER_PEOPLE)
def referral_new(request):
    """Step 1: the directory search, each training of a result with an "Orienter" link."""
    searched = any(value for value in request.GET.values())
    search = search_directory(request.GET if searched else None)
    search.form.fields["radius_km"].initial = DEFAULT_RADIUS_KM
    fields = [*MAIN_FIELDS, *MORE_FIELDS]  # one row, all the training criteria
    context = {
        "form": search.form,
        "search": search,
        "searched": searched,
        "page": None,
        "fields_html": search_fields(search.form, fields),
    }
    if searched and search.is_valid:
        today = timezone.localdate()
        context.update(
            search_results(request, search),
            near=search.criteria.get("near", ""),
            today=today,
        )
        _with_freshness(context["centres"], today)
    elif searched:
        context["place_suggestions"] = place_suggestions(request, search.form)
    return render(
        request,
        "www/prescriber/referrals/choose.html",
        context,
        status=form_status(search.form),
    )


def _with_freshness(centres: list[dict], today) -> None:
    """When each centre of the page last updated its entry, and whether that is more than six
    months ago: the counsellor checks old entries with the centre (one query for the page; the
    public search's data do not carry it)."""
    updated = dict(
        Centre.objects.filter(pk__in=[centre["id"] for centre in centres]).values_list(
            "pk", "updated_at"
        )
    )
    for centre in centres:
        updated_at = updated.get(UUID(centre["id"]))  # None: deleted since the search
        centre["updated_at"] = updated_at
        centre["is_stale"] = updated_at is not None and entry_is_stale(updated_at, today)


def _training_context(training, near: str) -> dict:
    """What the counsellor sees of the chosen training: place, distance from the person's
    place, next sessions with their seats left, freshness of the entry, places left."""
    try:
        place = find_place(near) if near else None
    except AmbiguousPlace:  # an address typed by hand: the search would not have given it
        place = None
    site = training.site
    distance = None
    if place is not None:
        distance = haversine_km(place.latitude, place.longitude, site.latitude, site.longitude)
        distance = round(distance)
    sessions = list(
        InfoSession.objects.upcoming()
        .for_training(training)
        .with_seats_left()
        .select_related("site__postal_code__municipality")
        .order_by("starts_at")[:NEXT_SESSIONS]
    )
    return {
        "training": training,
        "place": place,
        "distance_km": distance,
        "sessions": sessions,
        "places_left": places_left(training),
        "is_stale": training.centre.is_stale(timezone.localdate()),
        "near": near,
    }


def _person_data(data) -> PersonData:
    return PersonData(
        first_name=data["first_name"],
        last_name=data["last_name"],
        birth_date=data["birth_date"],
        niss=data["niss"] or "",
        email=data["email"],
        phone=data["phone"],
        postal_code=data["postal_code"],
    )


def _birth_date(data):
    """The birth date typed in the referral form, if it is a valid date (for the check)."""
    try:
        return ReferralForm.base_fields["birth_date"].clean(data.get("birth_date") or None)
    except ValidationError:
        return None


def _send(request, training, form, questions, organisation):
    """Create the referral from a valid form; the facts go with it when they were checked."""
    data = form.cleaned_data
    situation = None
    if questions is not None:
        situation = eligibility.situation(questions, data["birth_date"], data["postal_code"])
    return create_referral(
        prescriber=request.user,
        organisation=organisation,
        training=training,
        person=_person_data(data),
        consent=Consent(data["consent_method"], data["consent_given_on"], request.user),
        reason=data["reason"],
        barriers_shared=data["barriers_shared"],
        barriers=data["barriers"],
        even_if_full=data.get("even_if_full", False),
        team=form.chosen_team(),
        eligibility=situation,
        outcome_consent=data["outcome_consent"],
    )


@staff_view("GET", "POST", capability=Capability.REFER_PEOPLE)
@never_cache
def referral_to(request, training_id):
    """Step 2: refer a person to the chosen training (their agreement, the reason), with the
    eligibility check inside: "Vérifier l'éligibilité" shows the verdict and the proofs to
    bring without saving anything; "Envoyer l'orientation" saves all at once."""
    training = get_object_or_404(
        Training.objects.select_related("centre__organisation", "site__postal_code__municipality"),
        pk=training_id,
    )
    near = (request.GET.get("near") or request.POST.get("near") or "").strip()[:80]
    try:
        check_open(training)
    except ReferralRefused as error:
        return render(
            request,
            "www/prescriber/referrals/closed.html",
            {"training": training, "message": error.message, "near": near},
        )
    context = _training_context(training, near)
    organisation = organisations_where(request.user, Capability.REFER_PEOPLE).first()
    options = {
        "full": context["places_left"] <= 0,
        "teams": teams_of(request.user, organisation),
    }
    initial = {}
    if context["place"] is not None and context["place"].postal_code:
        initial["postal_code"] = context["place"].postal_code
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "send")
    checked = post is not None and (action == "check" or eligibility.CHECKED in request.POST)
    questions = eligibility.step_forms(post if checked else None, training, context["distance_km"])
    check = None
    if checked and all(question.is_valid() for question in questions):
        check = eligibility.check(
            questions, _birth_date(request.POST), request.POST.get("postal_code", "")
        )
    if action == "check":
        # The person's fields keep what was typed, without errors: nothing is sent yet.
        form = ReferralForm(initial={**initial, **request.POST.dict()}, **options)
    else:
        form = ReferralForm(post, initial=initial, **options)
    questions_ok = not checked or check is not None
    if post is not None and action != "check" and form.is_valid() and questions_ok:
        try:
            referral = _send(request, training, form, questions if checked else None, organisation)
        except ReferralRefused as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            flash.success(request, _("Orientation envoyée au centre."))
            return redirect("prescriber:referral_detail", referral.pk)
    return render(
        request,
        "www/prescriber/referrals/form.html",
        {
            **context,
            "form": form,
            "questions": questions,
            "checked": checked,
            "check": check,
            "checked_field": eligibility.CHECKED,
        },
        status=form_status(form, *questions),
    )
