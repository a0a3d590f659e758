"""Every URL of the project is either public (listed below, with a reason) or protected.

The test walks the whole resolver (includes, namespaces, the admin, the API). A route that is in
neither list fails ``test_every_route_is_classified``: whoever adds a route must decide here
whether a stranger may open it, and for a route that shows or changes personal data, which
isolation test covers it (``PERSONAL``).

For every protected route, an anonymous GET and POST (converters filled with a random UUID, an
int, a slug, a date) must end on the login page, or 401/403/404 — never 200, never 500. A logged-in
member without MFA must be sent to the MFA enrolment page. A public route must really be public
(``login_not_required``) and must not crash on random parameters.
"""

import pytest
from django.test import Client

from tests.factories import UserFactory, make_member
from tests.privacy.routes import all_routes
from tremplin.accounts.models import Role

pytestmark = pytest.mark.django_db

LOGIN_PATHS = ("/comptes/login/", "/admin/login/")
MFA_ENROLMENT = "/comptes/2fa/totp/activate/"

ACCOUNT_PAGE = "allauth account page (login, logout, password, e-mail, MFA): no personal file"
PUBLIC = {
    # Public pages of the product.
    "public:home": "home page, no personal data",
    "public:about_data": "where the open data comes from",
    "public:directory_search": "/trouver/: public directory of centres",
    "public:centre_detail": "/centres/<uuid>/: published centre page",
    "public:session_booking": "book an information session: a form, shows no one",
    "public:session_booking_done": "booking confirmation: the booker's own (signed token, 1 h)",
    "public:booking_cancel": "cancel link from the booking e-mail (secret token)",
    "public:eligibility": "/suis-je-eligible/: anonymous simulator, nothing stored",
    "public:how_we_calculate": "/comment-nous-calculons/: the rules explained",
    "public:my_candidacy": "/ma-candidature/<token>/: the person's own link (secret token)",
    "public:my_candidacy_withdraw": "withdraw one's own candidacy (secret token)",
    "public:message_opt_out": "unsubscribe from messages (secret token)",
    "public:referral_answer": "the person answers a referral (secret token)",
    "public:followup_answer": "/suivi/<token>/: 6-month follow-up answer (single-use token)",
    "public:survey": "/enquete/<token>/: anonymous satisfaction survey",
    "public:key_figures": "/chiffres-cles/: sector aggregates, small cells suppressed",
    "public:key_figures_download": "key figures as a file: same aggregates",
    "public:staff_catalogue": "/formation-continue/: public catalogue of staff training",
    "public:staff_module": "a continuing-training module and its public sessions",
    "public:staff_session_ics": "calendar file of a published session (no registration)",
    "public:staff_survey": "anonymous continuing-training survey (single-use token)",
    "public:library": "reference documents marked public by the federation",
    "public:library_document": "a public reference document (latest version)",
    "public:library_version": "an older version of a public reference document",
    # Platform.
    "healthz": "load balancer probe",
    "set_language": "language switch",
    "admin:login": "admin login (sends to the allauth login with MFA)",
    # Public API.
    "api-schema": "OpenAPI schema of the public API",
    "api-docs": "documentation of the public API",
    "api-centres": "public directory API",
    "api-centre-detail": "public directory API: one published centre",
    "api-info-sessions": "public directory API: upcoming information sessions (no bookings)",
    "api-eligibility": "anonymous eligibility simulator API, nothing stored",
    "api-territory-postal-code": "postal code lookup (open territory data)",
    "api-stats-sector": "sector aggregates, small cells suppressed",
    "api-open-data-json": "open data: published centres, sites, trainings, sessions; no person",
    "api-open-data-csv": "open data as CSV: same records",
    "api-open-data-schema": "JSON Schema of the open data",
    # Accounts (allauth). Those that need a session redirect to the login page themselves.
    **dict.fromkeys(
        [
            "account_login",
            "account_logout",
            "account_inactive",
            "account_signup",
            "account_reauthenticate",
            "account_request_reauthentication_code",
            "account_confirm_reauthentication_code",
            "account_email",
            "account_email_verification_sent",
            "account_change_password",
            "account_set_password",
            "account_reset_password",
            "account_confirm_login_code",
            "account_confirm_email",
            "account_reset_password_from_key_done",
            "account_reset_password_from_key",
            "account_reset_password_done",
            "mfa_index",
            "mfa_authenticate",
            "mfa_reauthenticate",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        ],
        ACCOUNT_PAGE,
    ),
}

INTAKE_TESTS = "tests/intake/test_intake_views.py"
TRAINING_TESTS = "tests/privacy/test_isolation_training.py"
BOOKING_TESTS = "tests/intake/test_booking_centre.py"
STAFF_TRAINING_TESTS = "tests/privacy/test_isolation_staff_training.py"
# Protected routes that show or change personal data → the file holding their isolation test.
PERSONAL = {
    "centre:session_bookings": BOOKING_TESTS,
    "centre:session_bookings_export": BOOKING_TESTS,
    "centre:inbox_index": INTAKE_TESTS,
    "centre:candidacy_new": INTAKE_TESTS,
    "centre:training_inbox": INTAKE_TESTS,
    "centre:quota_update": INTAKE_TESTS,
    "centre:candidacy_detail": INTAKE_TESTS,
    "centre:candidacy_transition": INTAKE_TESTS,
    "centre:candidacy_send_link": "tests/privacy/test_isolation_intake.py",
    "centre:interview_edit": INTAKE_TESTS,
    "centre:eligibility_new": INTAKE_TESTS,
    "centre:person_detail": INTAKE_TESTS,
    "centre:search": "tests/intake/test_search.py",
    "my_documents": "tests/documents/test_documents.py",
    "document_status": "tests/documents/test_documents.py",
    "document_file": "tests/documents/test_documents.py",
    "centre:person_edit": INTAKE_TESTS,
    "centre:person_merge": "tests/privacy/test_isolation_intake.py",
    "centre:training:groups": TRAINING_TESTS,
    "centre:training:register": TRAINING_TESTS,
    "centre:training:register_lock": TRAINING_TESTS,
    "centre:training:contracts": TRAINING_TESTS,
    "centre:training:sign": TRAINING_TESTS,
    "centre:training:contract": TRAINING_TESTS,
    "centre:training:contract_pdf": TRAINING_TESTS,
    "centre:training:amendment_pdf": TRAINING_TESTS,
    "centre:training:suspend": TRAINING_TESTS,
    "centre:training:resume": TRAINING_TESTS,
    "centre:training:extend": TRAINING_TESTS,
    "centre:training:exit": TRAINING_TESTS,
    "centre:training:attestation": TRAINING_TESTS,
    "centre:training:statement_pdf": TRAINING_TESTS,
    "centre:training:social": TRAINING_TESTS,
    "centre:training:statements": TRAINING_TESTS,
    "centre:training:exits": TRAINING_TESTS,
    "centre:training:followups": TRAINING_TESTS,
    "centre:training:followup_phone": TRAINING_TESTS,
    "centre:staff_training:mine": STAFF_TRAINING_TESTS,
    "centre:staff_training:ask": STAFF_TRAINING_TESTS,
    "centre:staff_training:cancel": STAFF_TRAINING_TESTS,
    "centre:staff_training:approvals": STAFF_TRAINING_TESTS,
    "centre:staff_training:decide": STAFF_TRAINING_TESTS,
    "federation:staff_training:session": STAFF_TRAINING_TESTS,
    "federation:staff_training:export": STAFF_TRAINING_TESTS,
    "staff_training:attendance": STAFF_TRAINING_TESTS,
    "staff_training:attestation": STAFF_TRAINING_TESTS,
    "prescriber:referral_list": INTAKE_TESTS,
    "prescriber:referral_new": "tests/prescriber/test_choose.py",
    "prescriber:referral_to": "tests/prescriber/test_choose.py",
    "prescriber:referral_detail": "tests/prescriber/test_following.py",
    "prescriber:referral_consent": "tests/prescriber/test_following.py",
    "prescriber:referral_withdraw": "tests/privacy/test_isolation_intake.py",
    "prescriber:referral_renew": "tests/privacy/test_isolation_intake.py",
    **dict.fromkeys(
        [
            "centre:access_requests",
            "centre:access_request_new",
            "centre:access_request_prepare",
            "centre:access_request_answered",
            "centre:person_access_log",
            "centre:member_list",
            "centre:member_access_log",
            "centre:person_erase",
            "centre:note_withhold",
            "centre:note_release",
        ],
        "tests/privacy/test_privacy_pages.py",
    ),
    "centre:data_import": "tests/training/test_centre_import_views.py",
    "centre:data_import_columns": "tests/training/test_centre_import_views.py",
    "centre:data_import_preview": "tests/training/test_centre_import_views.py",
    "centre:data_import_matches": "tests/training/test_centre_import_views.py",
    "centre:data_import_apply": "tests/training/test_centre_import_views.py",
    "centre:data_import_undo": "tests/training/test_centre_import_views.py",
    "centre:data_import_discard": "tests/training/test_centre_import_views.py",
    "api-centre-trainees": "tests/api/test_centre_api.py",
    "api-centre-contracts": "tests/api/test_centre_api.py",
    "api-centre-attendance": "tests/api/test_centre_api.py",
}
# Protected routes without personal data (centre-private or aggregated), with what they hold.
PROTECTED_OTHER = {
    "my_space": "sends a member to their space",
    "centre:dashboard": "centre counts",
    "centre:settings": "the centre's choices (who reads the social notes) and their history",
    "centre:stats": "the centre's own aggregated statistics",
    "centre:data_import_template": "empty import template with fictional examples",
    "centre:stats_prepare": "queues the centre's aggregated report as a file (POST)",
    "federation:stats_prepare": "queues the sector report as a file (POST)",
    "federation:contract_template": "the federation's contract clauses (no personal data)",
    "centre:stats_download": "the same, as a file",
    "centre:booking_sessions": "information sessions with booking counts",
    "centre:directory_entries": "the centre's directory entries",
    "centre:directory_overview": "directory entry (centre data)",
    "centre:directory_entry_edit": "directory entry (centre data)",
    "centre:directory_confirm": "directory entry (centre data)",
    "centre:directory_submit": "directory entry (centre data)",
    "centre:directory_site_new": "directory entry (centre data)",
    "centre:directory_site_edit": "directory entry (centre data)",
    "centre:directory_training_new": "directory entry (centre data)",
    "centre:directory_training_edit": "directory entry (centre data)",
    "centre:directory_session_new": "directory entry (centre data)",
    "centre:directory_session_edit": "directory entry (centre data)",
    "centre:directory_session_cancel": "cancels a session (mails the booked people)",
    "centre:message_list": "message templates",
    "centre:message_preview": "message template preview with fictitious data",
    "centre:training:agreed_hours": "hours per training (aggregates)",
    "centre:training:survey_results": "anonymous survey averages",
    "centre:training:survey_tablet": "anonymous survey form",
    "prescriber:dashboard": "counts of the prescriber's own referrals",
    "federation:dashboard": "sector counts",
    "federation:stats": "sector aggregates",
    "federation:stats_download": "sector aggregates as a file",
    "federation:directory_entries": "directory entries to review (centre data)",
    "federation:directory_review": "directory entry (centre data)",
    "federation:directory_decide": "publish or refuse a directory entry",
    "federation:directory_import": "upload the federation's directory file (centre data)",
    "federation:directory_import_template": "empty directory template with examples",
    "federation:directory_export": "the directory in the import format (centre data)",
    "federation:directory_import_preview": "dry-run report of a directory file (centre data)",
    "federation:directory_import_apply": "applies a directory file (centre data)",
    "api-centre-trainings": "centre API (token): the centre's trainings",
    "api-centre-groups": "centre API (token): the centre's groups (trainer's name)",
    "centre:api_tokens": "the centre's API tokens (names, members, last use; secret shown once)",
    "centre:api_token_revoke": "revokes an API token",
    "centre:staff_training:figures": "the centre's own continuing-training hours (aggregates)",
    "centre:library:list": "reference documents (no personal data)",
    "centre:library:document": "a reference document",
    "centre:library:version": "an older version of a reference document",
    "centre:library:follow": "the centre follows a document",
    "federation:staff_training:catalogue": "modules and sessions with seat counts",
    "federation:staff_training:module_new": "new continuing-training module",
    "federation:staff_training:module_edit": "edit a module",
    "federation:staff_training:session_new": "new session of a module",
    "federation:staff_training:session_edit": "edit a session",
    "federation:staff_training:cancel": "cancel a session (mails the registered staff)",
    "federation:staff_training:figures": "sector hours by theme and role, small cells hidden",
    "federation:library:list": "the library, for the federation",
    "federation:library:new": "new reference document",
    "federation:library:edit": "edit a document, publish a new version",
    "staff_training:my_sessions": "sessions a trainer animates, with counts",
}


# Routes that skip the session login because the view authenticates by API token (DRF answers
# 401 without one); they are protected all the same and listed above.
TOKEN_API = {
    "api-centre-trainings",
    "api-centre-groups",
    "api-centre-trainees",
    "api-centre-contracts",
    "api-centre-attendance",
}


# Pages of ``tremplin.www`` that any logged-in person may open (no capability).
NO_CAPABILITY = {
    "my_space": "sends a logged-in person to the first space they may open",
    **dict.fromkeys(
        ["my_documents", "document_status", "document_file"],
        "any member's own prepared documents (GeneratedDocument.objects.owned_by)",
    ),
    **dict.fromkeys(
        ["staff_training:my_sessions", "staff_training:attendance", "staff_training:attestation"],
        "a continuing-training session's trainer (any member) or the federation: the queryset",
    ),
}


def is_admin(route) -> bool:
    """The Django admin: every page goes through ``admin_view`` (staff only)."""
    return route.name.startswith("admin:") and route.name != "admin:login"


def protected_routes():
    return [r for r in all_routes() if r.name not in PUBLIC]


def test_every_route_is_classified():
    known = set(PUBLIC) | set(PERSONAL) | set(PROTECTED_OTHER)
    missing = [str(r) for r in all_routes() if r.name not in known and not is_admin(r)]
    assert not missing, (
        "Routes à classer dans tests/privacy/test_route_inventory.py (PUBLIC avec une raison, "
        "PERSONAL avec son test d'isolation, ou PROTECTED_OTHER) :\n" + "\n".join(missing)
    )


def test_the_lists_name_only_existing_routes():
    names = {r.name for r in all_routes()}
    stale = (set(PUBLIC) | set(PERSONAL) | set(PROTECTED_OTHER)) - names
    assert not stale, f"Routes disparues, à retirer des listes : {sorted(stale)}"
    assert not set(PUBLIC) & (set(PERSONAL) | set(PROTECTED_OTHER))
    assert not set(PERSONAL) & set(PROTECTED_OTHER)


def test_every_personal_route_names_an_existing_isolation_test():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    missing = {name: path for name, path in PERSONAL.items() if not (root / path).is_file()}
    assert not missing


def test_every_page_declares_its_methods_and_capability():
    """Every view of ``tremplin.www`` goes through ``staff_view`` (methods and capability) or
    ``public_view`` (methods), and is public exactly when the lists above say so."""
    problems = []
    for route in all_routes():
        if not route.module.startswith("tremplin.www."):
            continue
        declared = route.declaration
        if declared is None or not declared.methods:
            problems.append(f"{route}: ni staff_view ni public_view")
        elif declared.public != (route.name in PUBLIC):
            problems.append(f"{route}: public_view sur une route non publique, ou l'inverse")
        elif (
            not declared.public and declared.capability is None and route.name not in NO_CAPABILITY
        ):
            problems.append(f"{route}: staff_view sans capability")
    assert not problems, "\n".join(problems)


def test_only_listed_routes_skip_the_login():
    opted_out = {r.name for r in all_routes() if r.login_not_required}
    unlisted = opted_out - set(PUBLIC) - TOKEN_API
    assert unlisted == set(), "login_not_required sur une route non publique"


def test_routes_listed_as_public_really_are():
    """A route listed public but still behind the login is a mistake in the list (or a bug)."""
    protected_by_allauth = {
        name
        for name in PUBLIC
        if name.startswith(("account_", "mfa_")) and PUBLIC[name] == ACCOUNT_PAGE
    }
    behind_login = {
        r.name
        for r in all_routes()
        if r.name in PUBLIC and not r.login_not_required and r.name not in protected_by_allauth
    }
    assert not behind_login


def _is_denied(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code in (301, 302) and response["Location"].startswith(LOGIN_PATHS)


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_refused_everywhere_protected(method):
    client = Client(raise_request_exception=False)
    failures = []
    for route in protected_routes():
        response = getattr(client, method)(route.url)
        if not _is_denied(response):
            failures.append(
                f"{route} {route.url}: {response.status_code} {response.get('Location', '')}"
            )
    assert not failures, f"{method.upper()} anonyme :\n" + "\n".join(failures)


def test_public_routes_do_not_crash_on_random_parameters():
    client = Client(raise_request_exception=False)
    crashes = []
    for route in all_routes():
        if route.name in PUBLIC:
            response = client.get(route.url)
            if response.status_code >= 500:
                crashes.append(f"{route} {route.url}: {response.status_code}")
    assert not crashes, "\n".join(crashes)


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.TRAINER, Role.PRESCRIBER, Role.FEDERATION_ANALYST]
)
def test_members_without_mfa_are_sent_to_enrolment_from_every_protected_route(role):
    client = Client(raise_request_exception=False)
    client.force_login(make_member(role, mfa=False))
    failures = []
    for route in protected_routes():
        response = client.get(route.url)
        location = response.get("Location", "")
        if not (response.status_code == 302 and location.startswith(MFA_ENROLMENT)):
            failures.append(f"{route} {route.url}: {response.status_code} {location}")
    assert not failures, "\n".join(failures)


def test_platform_admins_without_mfa_are_sent_to_enrolment_from_the_admin():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for path in ["/admin/", "/admin/accounts/user/", "/centre/", "/federation/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(MFA_ENROLMENT), path


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.TRAINER, Role.PRESCRIBER, Role.FEDERATION_ANALYST]
)
def test_no_protected_route_crashes_for_a_member_on_an_unknown_object(role):
    """Random ids: a member of any kind gets a page, a refusal or a redirect — never a 500."""
    client = Client(raise_request_exception=False)
    client.force_login(make_member(role))
    crashes = []
    for route in protected_routes():
        if is_admin(route):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(route.url)
            if response.status_code >= 500:
                crashes.append(f"{method.upper()} {route} {route.url}: {response.status_code}")
    assert not crashes, "\n".join(crashes)
