"""Every public page also exists in English: a browser that asks for English (Accept-Language:
en, or the language cookie) gets English text and no French leftovers."""

import datetime
import html as html_lib
import io
import re

import icalendar
import openpyxl
import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from tests.directory.factories import BRAINES, TrainingFactory, walloon_places
from tests.i18n.conftest import PO_FILE
from tests.intake.people_factories import CandidacyFactory, ReferralFactory
from tests.rules.test_simulator import walk
from tests.stats.factories import build_dataset
from tests.training.factories import ExitFactory, survey_link
from tremplin.intake import messages, referrals
from tremplin.intake.person import personal_token
from tremplin.rules import note_texts, yaml_notes
from tremplin.stats import exports
from tremplin.stats.refresh import refresh
from tremplin.training.models import FollowUp
from tremplin.training.tokens import new_token

pytestmark = pytest.mark.django_db

# French of the layout (header, navigation, footer): never on an English page.
LAYOUT_FRENCH = [
    "Aller au contenu",
    "Trouver un CISP",
    "Connexion professionnels",
    "À propos des données",
    "Suis-je éligible",
]
LAYOUT_ENGLISH = ["Skip to content", "Find a CISP", "About the data", 'lang="en"']


def text_of(response) -> str:
    return html_lib.unescape(response.content.decode())


def assert_english(response, present, absent=(), status=200):
    assert response.status_code == status
    page = text_of(response)
    for phrase in [*LAYOUT_ENGLISH, *present]:
        assert phrase in page, phrase
    for phrase in [*LAYOUT_FRENCH, *absent]:
        assert phrase not in page, phrase
    return page


def test_home_in_english_with_accept_language(english):
    assert_english(
        english.get("/"),
        [
            "Train near where you live, with a CISP",
            "The training is free.",
            "How does it work?",
            "Professional login",
            "Français",
        ],
        ["Se former près de chez vous", "La formation est gratuite", "Comment ça se passe"],
    )


def test_language_cookie_also_switches_to_english(client):
    client.cookies["django_language"] = "en"
    assert_english(client.get("/"), ["Train near where you live"], ["Se former près"])


def test_language_switch_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/trouver/"})
    assert response.status_code == 302 and response["Location"] == "/trouver/"
    assert client.cookies["django_language"].value == "en"
    assert_english(client.get("/trouver/"), ["Find a CISP near you"])


def test_about_data(english):
    assert_english(
        english.get("/a-propos-des-donnees/"),
        [
            "Municipalities, provinces and postal codes",
            "Arrondissements and IBEFE areas",
            "Town and village centres also come from",
        ],
        ["Communes, provinces et codes postaux", "Fond de carte", "Le centre des villes"],
    )


def test_directory_search_results_and_labels(english, directory):
    assert_english(
        english.get("/trouver/", {"near": "5000", "radius_km": "5"}),
        [
            "Find a CISP near you",
            "2 centres found",
            "within 5 km of",
            "Less than 1 km away",
            "Construction and renovation",
            "EFT (training through work)",
            "Sign up",
        ],
        ["centres trouvés", "Code postal ou commune", "Tous les secteurs", "S'inscrire"],
    )


def test_directory_search_errors_and_zero_results(english, directory):
    assert_english(
        english.get("/trouver/", {"near": "9999"}),
        ["The search could not be done:", "The postal code 9999 does not exist in Belgium."],
        ["n'existe pas en Belgique"],
        status=400,
    )
    walloon_places(BRAINES)
    assert_english(
        english.get("/trouver/", {"near": "Braine"}),
        ["Several municipalities start with “Braine”. Choose yours", "Braine-le-Comte"],
        ["Plusieurs communes"],
        status=400,
    )
    assert_english(
        english.get("/trouver/", {"near": "Dinant", "radius_km": "10"}),
        ["No centre matches all your criteria.", "widen the distance to 25 km"],
        ["élargissez la distance", "Aucun centre"],
    )


def test_centre_page(english, directory):
    centre = directory["jambes"]
    assert_english(
        english.get(f"/centres/{centre.pk}/"),
        [
            "Back to the search",
            "Where to train",
            "Information sessions",
            "10 free places",
            "People who recently arrived in Belgium",
            "Help in other languages",
            "Arabic",
        ],
        ["Séances d'information", "places libres", "Où se former", "Arabe"],
    )


def test_booking_form_errors_confirmation_email_and_cancel(
    english, directory, django_capture_on_commit_callbacks
):
    session = directory["jambes"].info_sessions.get()
    url = reverse("public:session_booking", args=[session.pk])
    assert_english(
        english.get(url),
        ["Sign up for an information session", "All about your data", "Book my place"],
        ["Vos données", "Réserver ma place", "Seul le centre"],
    )
    assert_english(
        english.post(url, {"first_name": "Awa"}),
        ["The form has errors. Correct the fields shown.", "Tick this box to sign up."],
        ["Cochez cette case", "Le formulaire contient des erreurs"],
        status=400,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            url,
            {
                "first_name": "Awa",
                "last_name": "Diallo",
                "email": "awa@exemple.test",
                "postal_code": "5000",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert_english(
        english.get(response["Location"]),
        ["Your place is booked", "Thank you Awa.", "What now?"],
        ["Votre place est réservée", "Et maintenant"],
    )
    assert_english(
        english.get(response["Location"] + "x"),
        ["This confirmation link is no longer valid", "This does not cancel the registration"],
        ["Ce lien de confirmation", "Votre place est réservée"],
        status=404,
    )
    message = mail.outbox[-1]
    assert message.subject.startswith("Your registration for the information session")
    assert "Hello Awa," in message.body and "Centre: " in message.body
    assert "Bonjour" not in message.body and "Séance :" not in message.body
    # The calendar file too: English name, summary and description (French stays French:
    # tests/intake/test_booking_public.py::test_booking_confirms_and_sends_email_with_ics).
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("information-session.ics", "text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).startswith("Information session — ")
    assert str(event["DESCRIPTION"]).startswith(f"Information session of {session.centre.name}.")
    assert "To cancel your registration: http" in str(event["DESCRIPTION"])
    assert "Séance" not in content.replace("\r\n ", "") and "annuler votre" not in content

    cancel_url = reverse("public:booking_cancel", args=[session.bookings.get().cancel_token])
    assert_english(
        english.get(cancel_url),
        ["Do you really want to cancel your registration", "No, keep my place"],
        ["Voulez-vous vraiment annuler"],
    )
    assert_english(
        english.post(cancel_url),
        ["Your registration is cancelled."],
        ["Votre inscription est annulée"],
    )


def test_eligibility_simulator_question_and_result(english):
    walloon_places()  # the postal code of the answers exists
    assert_english(
        english.get("/suis-je-eligible/"),
        ["Am I eligible?", "Question 1 of 9", "What is your date of birth?", "Why do we ask?"],
        ["Quelle est votre date de naissance", "Pourquoi on vous demande"],
    )
    assert_english(
        walk(english),
        [
            "Your result",
            "Yes, you can join a CISP.",
            "Job seeker with at most the CE2D (4th year of secondary school passed)",
            "Your identity card or your residence permit",
        ],
        ["Votre résultat", "Votre carte d'identité", "Demandeur ou demandeuse d'emploi"],
    )


def test_how_we_calculate(english):
    assert_english(
        english.get("/comment-nous-calculons/", {"date": "2020-01-01"}),
        [
            "How we calculate",
            "Who can join a CISP?",
            "All of these conditions:",
            "Training allowance, gross, per hour attended",
            "Reliability:",
            "The obligation ends on the 18th birthday, or earlier",
            "the first Friday of July",
            "(see below: “Highest diploma accepted (category A)”)",
        ],
        [
            "Qui peut entrer dans un CISP",
            "Toutes ces conditions",
            "Fiabilité",
            "L'obligation finit",
        ],
    )


def test_parameter_notes_module_is_up_to_date():
    """makemessages reads the YAML notes from tremplin/rules/yaml_notes.py: after changing a
    note, run `manage.py rules_note_texts` (then makemessages)."""
    assert note_texts.yaml_notes() == yaml_notes.NOTES
    assert note_texts.GENERATED_FILE.read_text(encoding="utf-8") == note_texts.note_texts_module()


def test_key_figures(english):
    build_dataset()
    refresh()
    response = english.get("/chiffres-cles/")
    year = response.context["year"]
    assert_english(
        response,
        [f"Key figures of the CISPs in {year}", "trainees under contract", "Open data"],
        ["Chiffres clés des CISP", "stagiaires sous contrat", "masqué", "Données ouvertes"],
    )


def test_key_figures_files_in_english(english):
    """The open-data files of the English page are English (the PDF and the spreadsheet were
    French, with the page's English labels mixed in: « Centres par méthode … DéFI only »)."""
    build_dataset()
    refresh()
    year = english.get("/chiffres-cles/").context["year"]
    sheet = openpyxl.load_workbook(io.BytesIO(english.get(f"/chiffres-cles/{year}.xlsx").content))
    summary = [cell for row in sheet.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert sheet.worksheets[0].title == "Key figures"
    assert "Year" in summary and "trainees under contract" in summary
    assert "Année" not in summary and "stagiaires sous contrat" not in summary
    html = exports.render(english.get(f"/chiffres-cles/{year}.json").json(), "html", "en")[0]
    assert "Tremplin — the CISP sector of Wallonia" in html.decode()
    csv_text = english.get(f"/chiffres-cles/{year}.csv").content.decode()
    assert ";Total;" in csv_text and "Méthode" not in csv_text


def test_key_figures_pdf_pages_numbered_in_english(english, client):
    """The page numbers at the foot of the PDF came from the stylesheet: « page 1 sur 16 » on
    the English PDF, and the document said it was French."""
    build_dataset()
    refresh()
    year = english.get("/chiffres-cles/").context["year"]
    for visitor, language, word in ((english, "en", "of"), (client, "fr", "sur")):
        reader = PdfReader(io.BytesIO(visitor.get(f"/chiffres-cles/{year}.pdf").content))
        assert reader.trailer["/Root"]["/Lang"] == language
        count = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            assert page.extract_text().rstrip().endswith(f"page {number} {word} {count}")


def test_personal_candidacy_link_withdrawal_and_opt_out(english):
    candidacy = CandidacyFactory()
    token = personal_token(candidacy)
    assert_english(
        english.get(f"/ma-candidature/{token}/"),
        ["My application", "Where does it stand?", "Contact CISP", "(fictif): 081 00 00 00"],
        ["Ma candidature", "Où en est-elle", "Nouvelle"],
    )
    assert_english(
        english.get(f"/ma-candidature/{token}/retrait/"),
        ["Withdraw my application", "Yes, I withdraw my application"],
        ["Retirer ma candidature"],
    )
    opt_out = messages.opt_out_token("alex@exemple.test", "candidacy_expired")
    assert_english(
        english.get(f"/messages/desinscription/{opt_out}/"),
        ["Unsubscribe from a message", "Application expired for lack of follow-up"],
        ["Se désinscrire", "Candidature expirée"],
    )


def test_referral_answer_for_a_centre_without_account(english):
    referral = ReferralFactory()
    assert_english(
        english.get(f"/orientation/{referrals.centre_token(referral)}/"),
        ["Answer a referral", "I invite the person to an information session", "Your answer"],
        ["Répondre à une orientation", "J'invite la personne", "Votre réponse"],
    )


def test_six_month_follow_up_link(english):
    raw, hashed = new_token()
    FollowUp.objects.create(
        exit=ExitFactory(),
        due_on=datetime.date(2023, 12, 30),
        token_hash=hashed,
        expires_at="2999-01-01T00:00:00Z",
        channel="email",
    )
    url = reverse("public:followup_answer", args=[raw])
    assert_english(
        english.get(url),
        ["How are you doing?", "1. What are you doing today?", "Permanent contract (CDI)"],
        ["Que devenez-vous", "Je travaille"],
    )
    assert_english(
        english.post(url, {"situation": "job"}),
        ["Give your type of contract."],
        ["Indiquez votre type de contrat"],
        status=400,
    )


def test_satisfaction_survey_link(english):
    training = TrainingFactory()
    raw = survey_link(training)
    assert_english(
        english.get(reverse("public:survey", args=[raw])),
        ["Your opinion on the training", "I felt welcome at the centre.", "strongly agree"],
        ["Votre avis", "tout à fait d'accord"],
    )
    assert_english(
        english.get(reverse("public:survey", args=["not-a-token"])),
        ["This link no longer works"],
        ["Ce lien ne fonctionne plus"],
        status=410,
    )


def test_login_and_password_reset_pages(english):
    assert_english(
        english.get("/comptes/login/"),
        ["Login for professionals", "Forgot your password?", "Looking for a training?"],
        ["Connexion des professionnels", "Mot de passe oublié"],
    )
    assert_english(
        english.post("/comptes/login/", {"login": "nobody@exemple.test", "password": "wrong"}),
        ["The e-mail address or the password is wrong."],
        ["incorrect"],
    )
    assert_english(
        english.get("/comptes/password/reset/"),
        ["Password Reset"],
        ["Réinitialisation du mot de passe"],
    )


def test_a_lost_database_and_a_too_long_field_in_english(english, rf):
    from django.utils import translation

    from tremplin.www.unavailable import unavailable_response

    with translation.override("en"):
        page = unavailable_response(rf.get("/trouver/")).content.decode()
    assert 'lang="en"' in page and "Service temporarily unavailable" in page
    assert "Your data is safe" in page and "indisponible" not in page
    response = english.post("/trouver/", {"q": "x" * 30_000})
    assert_english(
        response,
        ["Field too long", "One of the fields sent is too long"],
        ["Champ trop long", "trop long"],
        status=400,
    )


def test_server_error_page_says_its_language(english, rf):
    """The 500 page is rendered without the request's context: its text was English but it
    said lang="fr" (screen readers read it with a French voice)."""
    from django.utils import translation

    from tremplin.www.unavailable import server_error

    with translation.override("en"):
        page = server_error(rf.get("/trouver/")).content.decode()
    assert '<html lang="en">' in page and "Server error" in page
    with translation.override("fr"):
        page = server_error(rf.get("/trouver/")).content.decode()
    assert '<html lang="fr">' in page and "Erreur du serveur" in page


def test_an_address_that_takes_no_such_method_in_english(english):
    """The 405 page (it was blank), as anyone meets it on a public address."""
    assert_english(
        english.post("/trouver/"),
        ["This address cannot be opened directly", "Nothing was done.", "Back to the home"],
        ["Cette adresse", "Rien n'a été fait"],
        status=405,
    )


def test_french_stays_the_default(client):
    page = text_of(client.get("/"))
    assert 'lang="fr' in page and "Se former près de chez vous" in page
    assert "Train near where you live" not in page


# --- the catalogue -------------------------------------------------------------------------

# Sources of the public pages, flows and e-mails (staff pages may stay French-only).
PUBLIC_SOURCES = (
    "tremplin/www/templates/base.html",
    "tremplin/www/templates/400.html",
    "tremplin/www/templates/403.html",
    "tremplin/www/templates/404.html",
    "tremplin/www/templates/405.html",
    "tremplin/www/templates/500.html",
    "tremplin/www/templates/www/_nav.html",
    "tremplin/www/templates/www/public/",
    "tremplin/www/public/",
    "tremplin/accounts/templates/",
    "tremplin/accounts/adapters.py",
    "tremplin/directory/",
    "tremplin/intake/booking",
    "tremplin/intake/templates/",
    "tremplin/intake/messages.py",
    "tremplin/intake/states.py",
    "tremplin/rules/",
    "tremplin/stats/",
    "tremplin/training/followups.py",
    "tremplin/training/surveys.py",
    "tremplin/training/models/exits.py",
    "tremplin/training/models/surveys.py",
    "tremplin/audit/niss.py",
    "tremplin/staff_training/",
    "tremplin/library/",
    # The API documentation page (its texts come from the schema).
    "tremplin/api/",
    # Privacy (issue 14): pages anyone may meet, and the privacy pages and texts.
    "tremplin/www/templates/503.html",
    "tremplin/www/unavailable.py",
    "tremplin/www/middleware.py",
    "tremplin/www/templates/www/field_too_long.html",
    "tremplin/audit/",
    "tremplin/documents/models.py",
    "tremplin/training/models/social.py",
    "tremplin/www/centre/privacy.py",
    "tremplin/www/templates/www/centre/privacy/",
    "tremplin/www/templates/www/centre/choices.html",
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


def _catalogue():
    return polib.pofile(str(PO_FILE))


def _is_public(entry) -> bool:
    return any(path.startswith(PUBLIC_SOURCES) for path, _line in entry.occurrences)


def _translations(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(0, ""), entry.msgstr_plural.get(1, "")]
    return [entry.msgstr]


def test_every_public_string_has_a_reviewed_english_translation():
    public = [e for e in _catalogue() if not e.obsolete and _is_public(e)]
    assert len(public) > 500
    missing = [e.msgid for e in public if not all(_translations(e))]
    fuzzy = [e.msgid for e in public if e.fuzzy]
    assert missing == []
    assert fuzzy == []


def test_every_string_of_the_catalogue_has_a_reviewed_english_translation():
    """Staff pages too (decision 0901): after `make messages` the i18n owner translates every
    empty or fuzzy entry, so an English-speaking member of staff meets no French either."""
    entries = [e for e in _catalogue() if not e.obsolete]
    missing = [e.msgid for e in entries if not all(_translations(e))]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert missing == []
    assert fuzzy == []


def test_translations_keep_their_placeholders():
    def names(text):
        return sorted(PLACEHOLDER.findall(text))

    wrong = []
    for entry in _catalogue():
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for source, translation in zip(sources, _translations(entry), strict=True):
            if translation and names(translation) != names(source):
                wrong.append(entry.msgid)
    assert wrong == []


def test_public_template_strings_are_in_the_catalogue():
    """A `{% translate "…" %}` added to a public template after the last makemessages shows
    up here: run makemessages and translate it."""
    known = {e.msgid for e in _catalogue() if e.msgstr}
    base = settings.BASE_DIR / "tremplin" / "www" / "templates"
    templates = [base / "base.html", *sorted((base / "www" / "public").rglob("*.html"))]
    literal = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
    absent = [
        f"{path.name}: {match[1]}"
        for path in templates
        for match in literal.findall(path.read_text())
        if match[1] not in known
    ]
    assert absent == []


def test_simulator_amounts_and_days_in_the_english_format_of_the_site(english, monkeypatch):
    walloon_places()  # the postal code of the answers exists
    """Money as the site writes it in English (« 2.00 € », as on “How we calculate”), days
    in words (it read « €2.00 » and « from 2022-11-01 to 2022-12-31 »)."""
    monkeypatch.setattr(
        "tremplin.www.public.eligibility.timezone.localdate", lambda: datetime.date(2022, 11, 1)
    )
    assert_english(
        walk(english),
        [
            "You receive <strong>1.00\xa0€ gross</strong> per hour",
            "from November 1, 2022 to December 31, 2022: 1.00\xa0€ per hour",
            "from January 1, 2023 to January 9, 2023: 2.00\xa0€ per hour",
        ],
        ["€1.00", "€2.00", "from 2022-11-01", "to 2023-01-09"],
    )


def test_api_documentation_page(english, client):
    """The API page rendered from the schema: its summaries, parameters, tags and answers in
    English (they stayed French; the parameter's « Nom » read « Last name »)."""
    page = assert_english(
        english.get("/api/v1/docs/"),
        [
            "Public and partner API of Tremplin",
            "Search for centres near a place",
            "Radius in km (1 to 100, 25 by default).",
            "Open data",
            "territory",
            "Too many requests from this IP address: wait a little.",
            '<th scope="col">Name</th>',
        ],
        ["Chercher des centres", "Trop de requêtes", "Données ouvertes", "Last name", "Anonymous"],
    )
    assert "Bad request: the message says what to correct, in French." in page
    french = text_of(client.get("/api/v1/docs/"))
    assert "Chercher des centres près d'un lieu" in french and '<th scope="col">Nom</th>' in french
    assert "Anonymous" not in french
