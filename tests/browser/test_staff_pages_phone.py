"""Every staff page on a 360 × 740 phone: the page itself never scrolls sideways.

The pages are not picked by hand: every GET page of ``tremplin.www`` that a member opens (the
URL conf, files and downloads left out) is visited by every staff role that may open it —
the four centre roles, a prescriber, a federation analyst — on a world where each list has rows,
with long names, e-mail addresses and codes, and a centre's and the federation's uploaded
workbooks. A wide table stacks (``.table-stack``) or scrolls inside its own region
(``{% scroll_region %}``); the failure names the page and the widest element that sticks out.
A stacked table shows each cell's ``data-label`` before its value: every cell of its body must
carry the text of its column's header, so a column moved or added in the header alone fails
here. axe-core checks each page with a table once, at this width. One browser, one login per
role.
"""

import datetime

import pytest
from django.utils import timezone

from tests.directory.factories import TrainingFactory, walloon_places
from tests.factories import enrol_mfa, make_member
from tests.imports.helpers import xlsx
from tests.intake.factories import SessionBookingFactory
from tests.intake.people_factories import CandidacyFactory, ReferralFactory, future_session
from tests.privacy.routes import all_routes, filled
from tests.staff_training.factories import SessionFactory, seat
from tests.training.factories import ContractFactory, ExitFactory, GroupFactory, PersonFactory
from tests.training.test_centre_imports import OWN
from tremplin.accounts.capabilities import can
from tremplin.accounts.models import CENTRE_ROLES, Role
from tremplin.api.models import ApiToken, Scope
from tremplin.audit.models import AccessRequest
from tremplin.directory import import_spec, workflows
from tremplin.directory.import_record import DirectoryImport
from tremplin.directory.importing import analyse_files
from tremplin.directory.models import AGREMENT_FIELDS
from tremplin.documents.models import GeneratedDocument
from tremplin.imports.spreadsheet import NamedContent
from tremplin.intake.interviews import record_interview
from tremplin.intake.messages import REGISTRY
from tremplin.intake.states import CandidacyStatus
from tremplin.library import services as library
from tremplin.library.models import Document
from tremplin.training import centre_imports
from tremplin.training.models import Contract, ContractExtension, FollowUp

WIDTH, HEIGHT = 360, 740
LONG = "Vandenbossche-de-la-Croix-Saint-Rémy"
LONG_EMAIL = "marie-christine.vandenbossche-de-la-croix@une-adresse-tres-longue.exemple.test"
# Pages whose objects this world does not make, and why (a page reached only through a
# redirect is not counted as opened).
NOT_VISITED = {
    "centre:note_withhold": "a social note (a form without a table)",
    "my_space": "a member without any space (the others are sent on; a page without a table)",
    "centre:directory_entries": "a member of several centres (one centre's member is sent on "
    "to its page; a list without a table)",
}
# The element sticking out furthest past the right edge, outermost first, with its table.
WIDEST = r"""(width) => {
    const out = [...document.body.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > width + 1);
    const top = out.filter(e => !out.includes(e.parentElement))
        .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    return top.slice(0, 3).map(e => {
        const table = e.closest('table');
        const caption = table && table.caption ? ` in « ${table.caption.textContent.trim()} »` : '';
        const name = e.tagName.toLowerCase() + [...e.classList].map(c => '.' + c).join('');
        return `${name} (${Math.round(e.getBoundingClientRect().right)} px) `
            + `« ${(e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40)} »${caption}`;
    });
}"""
# Each stacked table's cells whose data-label is not their column header's text: the header's
# words, visually hidden ones included, without the arrow (aria-hidden) and the sort link's
# hint (« — trier par cette colonne »), which do not name the column. A row header
# (th scope="row") needs no label, nor a cell spanning the whole row (« Aucun contrat. »).
MISLABELLED = r"""() => {
    const words = (e) => e.textContent.replace(/\s+/g, ' ').trim();
    const name = (th) => {
        const copy = th.cloneNode(true);
        const noise = copy.querySelectorAll('[aria-hidden="true"], a > .visually-hidden');
        noise.forEach(e => e.remove());
        return words(copy);
    };
    return [...document.querySelectorAll('table.table-stack')].flatMap((table, t) => {
        const caption = table.caption ? words(table.caption) : `table ${t + 1} (no caption)`;
        const head = table.tHead.rows[table.tHead.rows.length - 1];
        const columns = [...head.cells].flatMap(th => Array(th.colSpan).fill(name(th)));
        return [...table.tBodies].flatMap(body => [...body.rows]).flatMap((row, r) => {
            let column = 0;
            return [...row.cells].flatMap(cell => {
                const at = column;
                column += cell.colSpan;
                const label = (cell.dataset.label || '').replace(/\s+/g, ' ').trim();
                if (cell.tagName === 'TH' || cell.colSpan >= columns.length
                        || (label && label === columns[at])) {
                    return [];
                }
                return [`« ${caption} », row ${r + 1} (« ${words(row).slice(0, 30)} »), `
                    + `column ${at + 1} « ${columns[at]} »: data-label « ${label} »`];
            });
        });
    });
}"""


def uploaded_workbooks(centre, coordinator, analyst):
    """A centre's workbook waiting for its columns; another one checked, with a file that
    resembles one of the centre's people and rows that refer to an unknown training; the
    federation's directory template checked."""
    PersonFactory(
        holding_centre=centre,
        first_name="Marc",
        last_name="Fictif",
        birth_date=datetime.date(1985, 7, 30),
    )
    uploaded = centre_imports.receive(centre, coordinator, [xlsx(OWN, name="export.xlsx")])
    checked = centre_imports.receive(centre, coordinator, [xlsx(OWN, name=f"{LONG}.xlsx")])
    assert not centre_imports.choose_mapping(checked, checked.mapping, coordinator)
    walloon_places()
    content = import_spec.template_bytes()
    directory = DirectoryImport.objects.create(
        file_name="modele.xlsx",
        files=[],
        sha256=DirectoryImport.digest([content]),
        uploaded_by=analyst,
        report=analyse_files([NamedContent("modele.xlsx", content)]).as_dict(),
    )
    return {
        "centre:data_import_columns": {"import_id": uploaded.pk},
        "centre:data_import_preview": {"import_id": checked.pk},
        "federation:directory_import_preview": {"import_id": directory.pk},
    }


def staff_world():
    """One centre with a row in each of its lists (an extended contract, an interview's needs,
    a change of agrément to review among them), a prescriber's referral, a federation's
    catalogue and library, uploaded workbooks; names, e-mail addresses and titles as long as
    real ones get."""
    training = TrainingFactory(name=f"Commis de cuisine et de salle — {LONG}")
    centre = training.centre
    members = {
        role: make_member(role, organisation=centre.organisation, email=f"{role}.{LONG_EMAIL}")
        for role in CENTRE_ROLES
    }
    coordinator = members[Role.COORDINATOR]
    renamed = {name: getattr(centre, name) for name in AGREMENT_FIELDS} | {"name": LONG}
    workflows.save_entry(centre, coordinator, renamed)  # a change for the federation to review
    group = GroupFactory(training=training, trainer=members[Role.TRAINER])
    person = PersonFactory(holding_centre=centre, last_name=LONG, email=LONG_EMAIL)
    contract = ContractFactory(group=group, person=person)
    ContractExtension.objects.create(  # a row in the contract's amendments
        contract=contract,
        previous_end_date=contract.end_date,
        new_end_date=contract.end_date + datetime.timedelta(days=30),
        created_by=coordinator,
    )
    ended = ContractFactory(
        group=group, status=Contract.Status.ENDED, actual_end_date=datetime.date(2023, 6, 30)
    )
    follow_up = FollowUp.objects.create(
        exit=ExitFactory(contract=ended), due_on=datetime.date(2023, 12, 30)
    )
    referral = ReferralFactory(
        candidacy=CandidacyFactory(training=training, status=CandidacyStatus.ADMITTED)
    )
    candidacy = referral.candidacy
    record_interview(candidacy, coordinator, {"held_on": timezone.localdate()}, with_notes=True)
    enrol_mfa(referral.prescriber)  # else each of the prescriber's pages is the TOTP set-up
    session = future_session(training)
    SessionBookingFactory(session=session, last_name=LONG, email=LONG_EMAIL, phone="+32470123456")
    AccessRequest.objects.create(
        person=person,
        organisation=centre.organisation,
        recorded_by=coordinator,
        received_on=timezone.localdate(),
    )
    ApiToken.issue(
        name=f"Logiciel de paie {LONG}",
        user=coordinator,
        organisation=centre.organisation,
        scopes=[Scope.READ, Scope.ATTENDANCE],
        created_by=coordinator,
    )
    GeneratedDocument.objects.create(
        owner=coordinator,
        kind="subject_access",
        title=f"Copie des données de {LONG}",
        person=person,
        status=GeneratedDocument.Status.READY,
        content=b"PK",
        filename=f"donnees-{LONG}.zip",
    )
    analyst = make_member(Role.FEDERATION_ANALYST, email=f"analyste.{LONG_EMAIL}")
    staff_session = SessionFactory(module__title=f"Accueillir sans juger — {LONG}")
    seat(staff_session, coordinator, centre.organisation)
    document = Document.objects.create(
        title=f"Procédure d'accueil {LONG}", kind="procedure", summary="L'accueil.", is_public=True
    )
    library.publish_version(document.pk, "Texte.", "Première version.", analyst)
    values = {
        "pk": contract.pk,
        "day": contract.start_date - datetime.timedelta(days=contract.start_date.weekday()),
        "centre_id": centre.pk,
        "site_id": training.site.pk,
        "training_id": training.pk,
        "candidacy_id": candidacy.pk,
        "person_id": person.pk,
        "referral_id": referral.pk,
        "user_id": coordinator.pk,
        "name": sorted(REGISTRY)[0],
        "module_id": staff_session.module.pk,
        "document_id": document.pk,
        "number": 1,
    }
    given = {
        "centre:training:register": {"pk": group.pk},
        "centre:training:sign": {"pk": candidacy.pk},
        "centre:training:followup_phone": {"pk": follow_up.pk},
        "centre:training:survey_tablet": {"pk": training.pk},
        "document_status": {"pk": GeneratedDocument.objects.get().pk},
        **uploaded_workbooks(centre, coordinator, analyst),
    }
    session_of = {"centre": session.pk, "federation": staff_session.pk}
    users = [*members.values(), referral.prescriber, analyst]
    return users, values, given, session_of


def is_page(route) -> bool:
    declared = route.declaration
    return (
        route.module.startswith("tremplin.www.")
        and declared is not None
        and not declared.public
        and "GET" in declared.methods
        and route.pattern.endswith("/")  # the others are files (PDF, XLSX)
        and route.name != "document_file"
    )


def culprit(page) -> str | None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width <= WIDTH:
        return None
    return f"{page.url} is {width} px wide: {'; '.join(page.evaluate(WIDEST, WIDTH))}"


@pytest.fixture
def phone(_browser):
    def open_as(user, live_server, login_as):
        context = _browser.new_context(locale="fr-BE", viewport={"width": WIDTH, "height": HEIGHT})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        login_as(page, live_server, user)
        return page

    contexts = []
    yield open_as
    for context in contexts:
        context.close()


def test_no_staff_page_scrolls_sideways_on_a_phone(phone, live_server, login_as, assert_accessible):
    users, values, given, session_of = staff_world()
    routes = [route for route in all_routes() if is_page(route)]
    assert len(routes) > 60
    failures, mislabelled, opened = [], [], set()
    for user in users:
        page = phone(user, live_server, login_as)
        for route in routes:
            capability = route.declaration.capability
            if capability is not None and not can(user, capability):
                continue
            area = "centre" if route.name.startswith("centre:") else "federation"
            url = filled(
                route, values | {"session_id": session_of[area]} | given.get(route.name, {})
            )
            response = page.goto(live_server.url + url)
            if response.status != 200 or response.request.redirected_from:
                continue
            who = f"{route.name} as {user.memberships.get().role}"
            if problem := culprit(page):
                failures.append(f"{who}: {problem}")
            mislabelled.extend(f"{who}: {cell}" for cell in page.evaluate(MISLABELLED))
            if route.name not in opened and page.locator("table").count():
                try:  # axe-core once per page with a table, stacked or in its region
                    assert_accessible(page)
                except AssertionError as error:
                    failures.append(f"{route.name}: {error}")
            opened.add(route.name)
    assert not failures, "Pages wider than a phone:\n" + "\n".join(failures)
    assert not mislabelled, "Stacked cells not labelled by their column:\n" + "\n".join(mislabelled)
    missed = {route.name for route in routes} - opened - set(NOT_VISITED)
    assert not missed, f"Pages no role could open in this world: {sorted(missed)}"
    assert not opened & set(NOT_VISITED), "Opened after all: take them out of NOT_VISITED"
