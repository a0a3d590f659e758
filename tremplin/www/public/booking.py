"""Public pages to book an information session, see the confirmation and cancel by link.

No account: the person gives the minimum (name, e-mail or phone, postal code) and agrees to a
plain-language consent text. Business rules live in ``tremplin.intake.booking``.

Once the booking is committed, nothing more is written to the database for that request: the
confirmation page is reached through a signed, short-lived reference in its link (not through
the session, which Django would save after the view — a database gone at that moment answered
503 for a booking already stored and e-mailed).
"""

from urllib.parse import urlencode

from django import forms
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from tremplin.directory.models import InfoSession
from tremplin.intake import booking as booking_service
from tremplin.intake.models import SessionBooking
from tremplin.www.decorators import public_view
from tremplin.www.ratelimit import over_limit

# The confirmation page's link: ``?ref=<signed booking id>``. The id only (nothing personal
# in the address); the signature stops anyone from opening another person's confirmation; the
# link works for an hour (long enough to reload the page, short enough on a shared computer —
# the e-mail and the cancel link shown on the page are what the person keeps).
DONE_REF_PARAMETER = "ref"
DONE_REF_SALT = "tremplin.booking.done"
DONE_REF_MAX_AGE = 60 * 60
# A social worker may book several people from one office: generous, but stops a flood.
BOOKINGS_PER_HOUR_PER_ADDRESS = 30


class BookingForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        max_length=254,
        help_text=_(
            "Pour recevoir la confirmation, le rappel de la veille et le lien d'annulation."
        ),
        error_messages={
            "invalid": _("Cette adresse e-mail n'est pas valable. Exemple : nom@exemple.be.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Numéro de téléphone"),
        required=False,
        max_length=30,
        help_text=_("Le centre peut vous appeler si la séance change. Exemple : 0470 12 34 56."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    postal_code = forms.CharField(
        label=_("Code postal de votre domicile"),
        max_length=4,
        help_text=_("4 chiffres. Exemple : 5000."),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": "6"}
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "J'ai lu ces informations et j'accepte que mes données servent à cette inscription."
        ),
        error_messages={"required": _("Cochez cette case pour vous inscrire.")},
    )

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return booking_service.normalise_phone(value) if value else ""

    def clean_postal_code(self):
        return booking_service.validate_postal_code(self.cleaned_data["postal_code"])

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not self.has_error("email")
            and not self.has_error("phone")
        ):
            self.add_error(
                "email",
                _(
                    "Indiquez une adresse e-mail ou un numéro de téléphone, "
                    "pour que le centre puisse vous joindre."
                ),
            )
        return cleaned

    def applicant(self) -> booking_service.Applicant:
        data = self.cleaned_data
        return booking_service.Applicant(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            postal_code=data["postal_code"],
            language=(translation.get_language() or "fr")[:2],
        )


def public_sessions():
    return InfoSession.objects.published().select_related(
        "centre", "training", "site__postal_code__municipality"
    )


@public_view("GET", "POST")
def session_booking(request, session_id):
    session = get_object_or_404(public_sessions().with_seats_left(), pk=session_id)
    try:
        booking_service.check_bookable(session, timezone.now())
    except booking_service.BookingRefused as refusal:
        return render(
            request,
            "www/public/booking/refused.html",
            {"session": session, "refusal": refusal},
            status=410 if refusal.code == "session_past" else 409,
        )
    form = BookingForm(request.POST or None)
    if request.method == "POST" and over_limit(
        request, "booking", BOOKINGS_PER_HOUR_PER_ADDRESS, 3600
    ):
        form.add_error(
            None,
            _(
                "Trop d'inscriptions ont été envoyées depuis cette connexion. "
                "Réessayez dans une heure, ou téléphonez au centre."
            ),
        )
        return render(
            request, "www/public/booking/form.html", {"session": session, "form": form}, status=429
        )
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_service.book(session.pk, form.applicant())
        except booking_service.BookingRefused as refusal:
            if refusal.code != "already_booked":
                return render(
                    request,
                    "www/public/booking/refused.html",
                    {"session": session, "refusal": refusal},
                    status=409,
                )
            form.add_error(None, refusal.message)
        else:
            return redirect(done_url(booking))
    return render(
        request,
        "www/public/booking/form.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


def done_url(booking: SessionBooking) -> str:
    """The confirmation page of ``booking``, with its signed reference."""
    ref = signing.dumps(str(booking.pk), salt=DONE_REF_SALT)
    url = reverse("public:session_booking_done", kwargs={"session_id": booking.session_id})
    return f"{url}?{urlencode({DONE_REF_PARAMETER: ref})}"


def booking_for_done_ref(ref: str, session_id) -> SessionBooking | None:
    """The booking behind a confirmation reference, or None if the reference is forged,
    damaged, expired or for another session."""
    try:
        booking_id = signing.loads(ref, salt=DONE_REF_SALT, max_age=DONE_REF_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return (
        SessionBooking.objects.select_related(
            "session__centre", "session__training", "session__site__postal_code__municipality"
        )
        .filter(pk=booking_id, session_id=session_id)
        .first()
    )


@public_view("GET")
@never_cache
def session_booking_done(request, session_id):
    ref = request.GET.get(DONE_REF_PARAMETER)
    if not ref:
        return redirect("public:session_booking", session_id=session_id)
    booking = booking_for_done_ref(ref, session_id)
    if booking is None:
        return render(request, "www/public/booking/done_invalid.html", status=404)
    return render(
        request,
        "www/public/booking/done.html",
        {"booking": booking, "session": booking.session},
    )


@public_view("GET", "POST")
@never_cache
def booking_cancel(request, token):
    try:
        booking = booking_service.booking_for_cancel_token(token)
        if request.method == "POST":
            booking_service.cancel(booking.pk)
            return render(
                request, "www/public/booking/cancel_done.html", {"session": booking.session}
            )
    except booking_service.BookingRefused as refusal:
        return render(
            request,
            "www/public/booking/cancel_refused.html",
            {"refusal": refusal},
            status=404 if refusal.code == "unknown" else 410,
        )
    return render(
        request,
        "www/public/booking/cancel_confirm.html",
        {"booking": booking, "session": booking.session},
    )
