import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import load_workbook

from tests.factories import make_member
from tests.training.factories import AttendanceDayFactory, ContractFactory, ExitFactory
from tremplin.accounts.models import Role
from tremplin.training.models import AttendanceDay, FollowUp, SatisfactionResponse, SocialNote
from tremplin.training.tokens import new_token

WEEK = "2022-12-05"


def test_trainer_fills_a_week_in_one_request(client, group, trainer, contracts):
    client.force_login(trainer)
    url = reverse("centre:training:register", args=[group.pk, WEEK])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="version" value="0"' in page.text
    response = client.post(url, {"version": "0", "action": "all_present"})
    assert response.status_code == 302
    assert AttendanceDay.objects.count() == 15


@pytest.mark.parametrize(
    ("saved", "message"),
    [
        (True, "voici la version enregistrée, refaites vos changements"),
        (False, "Cette semaine n&#x27;a encore jamais été enregistrée : refaites vos changements"),
    ],
)
def test_a_stale_version_says_whether_the_week_was_saved(
    client, group, trainer, contracts, saved, message
):
    """The page sent with a version that is not the week's: the message says « voici la
    version enregistrée » only when there is one."""
    client.force_login(trainer)
    url = reverse("centre:training:register", args=[group.pk, WEEK])
    if saved:
        client.post(url, {"version": "0", "action": "all_present"})
    response = client.post(url, {"version": "7", "action": "all_present"}, follow=True)
    assert message in response.text
    assert AttendanceDay.objects.count() == (15 if saved else 0)


def test_register_page_renders_in_a_fixed_number_of_queries(
    client, group, trainer, django_assert_num_queries
):
    client.force_login(trainer)
    url = reverse("centre:training:register", args=[group.pk, WEEK])
    ContractFactory(group=group)
    client.get(url)
    # 4 for the session, the user and the MFA check; 1 for the capability; 7 for the page,
    # whatever the group size; 1 INSERT for the access log of the trainees shown.
    with django_assert_num_queries(13):
        client.get(url)
    for _ in range(5):
        ContractFactory(group=group)
    with django_assert_num_queries(13):
        client.get(url)


def test_bad_cell_shows_french_error_and_saves_nothing(client, group, trainer, contracts):
    client.force_login(trainer)
    url = reverse("centre:training:register", args=[group.pk, WEEK])
    field = f"c-{contracts[0].pk}-20221205"
    response = client.post(url, {"version": "0", field: "25"})
    assert response.status_code == 400
    assert "pas plus de 12 heures par jour" in response.text
    assert 'aria-invalid="true"' in response.text
    assert not AttendanceDay.objects.exists()


def test_statement_xlsx_across_the_rate_change(client, group, coordinator):
    contract = ContractFactory(group=group)
    AttendanceDayFactory(contract=contract, day=datetime.date(2022, 12, 30), hours_followed=6)
    AttendanceDayFactory(contract=contract, day=datetime.date(2023, 1, 2), hours_followed=5)
    client.force_login(coordinator)
    for month, allowance in (("2022-12", 6.0), ("2023-01", 10.0)):
        response = client.get(
            reverse("centre:training:statements"), {"mois": month, "format": "xlsx"}
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[3][0] == contract.person.last_name
        assert rows[3][8] == allowance
        assert rows[-1][0] == "Total"
    # The month in words, as on the screen and in the PDF (it read « 01/2023 »).
    assert rows[0][0].endswith("— janvier 2023")
    # Hours and euros are numbers with their cell format, the total line too (they had none).
    for line in (4, sheet.max_row):
        followed, allowance = sheet.cell(line, 5), sheet.cell(line, 9)
        assert followed.data_type == "n" and followed.number_format == "#,##0.00"
        assert allowance.data_type == "n" and allowance.number_format == '#,##0.00 "€"'
        assert sheet.cell(line, 8).number_format == "#,##0"  # days present
    assert followed.value == 5 and allowance.value == 10.0
    # The file says which centre and which month.
    centre = slugify(group.training.centre.name)
    assert response["Content-Disposition"] == (
        f'attachment; filename="releve-heures-{centre}-2023-01.xlsx"'
    )
    pdf = client.get(
        reverse("centre:training:statement_pdf", args=[contract.pk]), {"mois": "2023-01"}
    )
    person = contract.person
    assert pdf["Content-Disposition"] == (
        f'inline; filename="releve-heures-{slugify(person.last_name)}-'
        f'{slugify(person.first_name)}-2023-01.pdf"'
    )


def test_a_contract_form_sent_back_with_its_mistakes_answers_400(client, group, coordinator):
    """Suspend, extend, exit: a form with mistakes comes back with them and a 400 (nothing was
    done), as the contract's signature does (they answered 200)."""
    contract = ContractFactory(group=group)
    client.force_login(coordinator)
    for name, data in (
        ("suspend", {"starts_on": "pas une date"}),
        ("extend", {"planned_end_date": ""}),
        ("exit", {"date": "", "reason": "job"}),
    ):
        response = client.post(reverse(f"centre:training:{name}", args=[contract.pk]), data)
        assert response.status_code == 400, name
        assert 'aria-invalid="true"' in response.text, name


def test_exit_then_attestation(client, group, coordinator):
    contract = ContractFactory(group=group)
    AttendanceDayFactory(contract=contract, day=datetime.date(2022, 12, 5), hours_followed=6)
    client.force_login(coordinator)
    response = client.post(
        reverse("centre:training:exit", args=[contract.pk]),
        {"date": "2023-01-31", "reason": "job", "job_contract_type": "cdd"},
    )
    assert response.status_code == 302
    pdf = client.get(reverse("centre:training:attestation", args=[contract.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Whose attestation, and of which exit (it read « attestation-<uuid>.pdf »).
    person = contract.person
    assert pdf["Content-Disposition"] == (
        f'inline; filename="attestation-{slugify(person.last_name)}-'
        f'{slugify(person.first_name)}-2023-01-31.pdf"'
    )


def test_followup_link_answered_once(client, db):
    exit_ = ExitFactory()
    raw, hashed = new_token()
    FollowUp.objects.create(
        exit=exit_,
        due_on=datetime.date(2023, 12, 30),
        token_hash=hashed,
        expires_at="2999-01-01T00:00:00Z",
        channel="email",
    )
    url = reverse("public:followup_answer", args=[raw])
    assert client.get(url).status_code == 200
    response = client.post(url, {"situation": "job", "job_contract_type": "cdi"})
    assert "Merci" in response.text
    again = client.post(url, {"situation": "other"})
    assert again.status_code == 410
    assert "déjà répondu" in again.text


def test_tablet_survey_refuses_out_of_range(client, group, coordinator):
    client.force_login(coordinator)
    url = reverse("centre:training:survey_tablet", args=[group.training.pk])
    bad = {"score_welcome": 6, "score_content": 3, "score_support": 3, "score_future": 0}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "entre 1 et 5" in response.text
    assert not SatisfactionResponse.objects.exists()


@pytest.mark.parametrize("role", [Role.TRAINER, Role.CENTRE_STAFF])
def test_social_follow_up_forbidden_to_trainer_and_staff(client, group, role):
    contract = ContractFactory(group=group)
    user = make_member(role, organisation=group.training.centre.organisation)
    client.force_login(user)
    assert client.get(reverse("centre:training:social", args=[contract.pk])).status_code in (
        403,
        404,
    )


def test_pages_render(client, group, coordinator, contracts):
    organisation = group.training.centre.organisation
    organisation.coordinator_reads_social_notes = True  # for the social follow-up page
    organisation.save()
    client.force_login(coordinator)
    for name in (
        "groups",
        "contracts",
        "statements",
        "agreed_hours",
        "exits",
        "followups",
        "survey_results",
    ):
        assert client.get(reverse(f"centre:training:{name}")).status_code == 200, name
        if name not in ("groups", "statements"):  # a statement names its month instead
            xlsx = client.get(reverse(f"centre:training:{name}"), {"format": "xlsx"})
            assert xlsx.status_code == 200
            # What the list is, the centre, the day (it read « contrats.xlsx »).
            centre = slugify(group.training.centre.name)
            day = timezone.localdate().isoformat()
            assert re.fullmatch(
                rf'attachment; filename="[a-z0-9-]+-{centre}(-\d{{4}})?-{day}\.xlsx"',
                xlsx["Content-Disposition"],
            ), (name, xlsx["Content-Disposition"])
    contract = contracts[0]
    for name in ("contract", "social", "suspend", "extend", "exit"):
        assert (
            client.get(reverse(f"centre:training:{name}", args=[contract.pk])).status_code == 200
        ), name
    contract_pdf = client.get(reverse("centre:training:contract_pdf", args=[contract.pk]))
    assert contract_pdf.content[:4] == b"%PDF"
    person = contract.person
    assert contract_pdf["Content-Disposition"] == (
        f'inline; filename="contrat-{slugify(person.last_name)}-{slugify(person.first_name)}-'
        f'{contract.start_date.isoformat()}.pdf"'
    )
    assert (
        client.get(reverse("centre:training:statement_pdf", args=[contract.pk])).content[:4]
        == b"%PDF"
    )


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.CENTRE_STAFF, Role.TRAINER, Role.SOCIAL_WORKER]
)
def test_trainee_pages_link_only_to_pages_the_role_opens(client, group, role):
    """The groups list, the contracts list and a contract show no link that answers 403 or 404
    to their reader (a trainer saw « Relevés mensuels », « Sorties »… ; reception and the social
    worker saw « Cette semaine » on every group, then a 404)."""
    organisation = group.training.centre.organisation
    user = make_member(role, organisation=organisation)
    if role == Role.TRAINER:
        group.trainer = user
        group.save(update_fields=["trainer"])
    contract = ContractFactory(group=group)
    ExitFactory(contract=contract)
    client.force_login(user)
    pages = [
        reverse("centre:training:groups"),
        reverse("centre:training:contracts"),
        reverse("centre:training:contract", args=[contract.pk]),
    ]
    dead = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in sorted(set(re.findall(r'href="(/centre/[^"?#]*)', response.text))):
            status = client.get(link).status_code
            if status not in (200, 302):
                dead.append((page, link, status))
    assert dead == []


def test_a_social_note_cannot_be_dated_in_the_future(client, group):
    """A note says what happened (an interview, a visit): a date after today is refused on its
    field, the text kept (a note « du 1er janvier 2030 » was saved)."""
    organisation = group.training.centre.organisation
    contract = ContractFactory(group=group)
    client.force_login(make_member(Role.SOCIAL_WORKER, organisation=organisation))
    url = reverse("centre:training:social", args=[contract.pk])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    data = {"kind": "note", "note-kind": "interview", "note-text": "Entretien prévu"}
    response = client.post(url, {**data, "note-date": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "Cette date est dans le futur" in response.content.decode()
    assert "Entretien prévu" in response.content.decode()
    assert not SocialNote.objects.exists()
    client.post(url, {**data, "note-date": datetime.date.today().isoformat()})
    assert SocialNote.objects.count() == 1
