"""The federation edits the catalogue: bad input refused in French, nothing half-saved; the
XLSX export keeps text as text."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import make_member
from tests.staff_training.factories import ModuleFactory, SessionFactory, seat, team
from tremplin.accounts.models import Role
from tremplin.staff_training.models import Module, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = make_member(Role.FEDERATION_ANALYST)
    client.force_login(user)
    return user


def session_data(**overrides):
    day = timezone.localdate() + dt.timedelta(days=30)
    data = {
        "start_day": day.isoformat(),
        "start_time": "09:00",
        "end_day": day.isoformat(),
        "end_time": "16:00",
        "online": "on",
        "venue": "",
        "postal_code_text": "",
        "capacity": "12",
        "registration_deadline": (day - dt.timedelta(days=7)).isoformat(),
        "trainer": "",
        "status": "published",
    }
    return {**data, **overrides}


def test_create_a_module_and_a_session(client, analyst):
    response = client.post(
        "/federation/formation-continue/modules/nouveau/",
        {
            "title": "Animer un groupe (fictif)",
            "theme": "pedagogy",
            "audience": ["trainer"],
            "trainer_name": "Formatrice Fictive",
            "hours": "6",
            "price": "0",
            "description": "Pour les formateurs.",
        },
    )
    assert response.status_code == 302
    module = Module.objects.get()
    response = client.post(
        f"/federation/formation-continue/modules/{module.pk}/sessions/nouvelle/", session_data()
    )
    assert response.status_code == 302
    assert Session.objects.get().status == "published"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"end_time": "08:00"}, "La session doit finir après son début."),
        (
            {"registration_deadline": (timezone.localdate() + dt.timedelta(days=40)).isoformat()},
            "Les inscriptions doivent fermer au plus tard le premier jour.",
        ),
        ({"online": "", "venue": "Salle", "postal_code_text": "9999"}, "code postal belge"),
        ({"capacity": "0"}, "Le nombre de places doit être entre 1 et 500."),
    ],
)
def test_bad_sessions_are_refused_in_french(client, analyst, overrides, message):
    module = ModuleFactory()
    response = client.post(
        f"/federation/formation-continue/modules/{module.pk}/sessions/nouvelle/",
        session_data(**overrides),
    )
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Session.objects.exists()


def test_a_module_sent_back_with_its_mistakes_answers_400(client, analyst):
    """As the session's form does (it answered 200); nothing saved."""
    response = client.post("/federation/formation-continue/modules/nouveau/", {"hours": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Module.objects.exists()


def test_capacity_below_confirmed_seats_is_refused(client, analyst):
    session = SessionFactory(capacity=3)
    namur = team()
    seat(session, namur.trainer, namur.centre)
    seat(session, namur.staff, namur.centre)
    data = session_data(capacity="1")
    starts = timezone.localtime(session.starts_at)
    data.update(
        start_day=starts.date().isoformat(),
        end_day=starts.date().isoformat(),
        start_time="08:30",
        end_time="15:30",
        registration_deadline=session.registration_deadline.isoformat(),
    )
    response = client.post(
        f"/federation/formation-continue/modules/{session.module_id}/sessions/{session.pk}/", data
    )
    assert response.status_code == 400
    assert "2 personnes ont déjà une place confirmée" in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 3


def test_export_has_registrations_and_attendance_and_no_formula(client, analyst):
    session = SessionFactory()
    namur = team()
    namur.trainer.last_name = "=HYPERLINK(1)"
    namur.trainer.save()
    seat(session, namur.trainer, namur.centre)
    seat(session, namur.staff, namur.centre, status="pending")
    year = session.starts_at.year
    response = client.get(f"/federation/formation-continue/inscriptions-{year}.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    registrations, attendance = workbook.worksheets
    assert registrations.max_row == 3 and attendance.max_row == 2
    names = [c.value for c in registrations["F"]]
    assert "=HYPERLINK(1)" in names
    assert all(c.data_type == "s" for c in registrations["F"])


def test_session_list_queries_do_not_grow(client, analyst, django_assert_max_num_queries):
    for _n in range(6):
        SessionFactory()
    with django_assert_max_num_queries(10):
        assert client.get("/federation/formation-continue/").status_code == 200


def test_survey_means_show_from_five_answers(client, analyst):
    from tests.staff_training.factories import past_session
    from tremplin.staff_training.models import SurveyResponse

    session = past_session()
    scores = {"score_useful": 5, "score_trainer": 4, "score_organisation": 4, "score_recommend": 5}

    def answers(n):
        for _n in range(n):
            SurveyResponse.objects.create(
                module=session.module, session=session, month=timezone.localdate().replace(day=1),
                **scores,
            )  # fmt: skip

    answers(4)
    assert "moins de 5 réponses" in client.get("/federation/formation-continue/").text
    answers(1)
    assert "4,5 (5 réponses)" in client.get("/federation/formation-continue/").text


def test_a_draft_session_offers_no_attendance_to_record(client, analyst):
    """The attendance page only knows sessions that took place or will: the link led a draft
    session to a 404."""
    draft = SessionFactory(status=Session.Status.DRAFT)
    published = SessionFactory()
    attendance = "Noter les présences"
    assert attendance not in client.get(f"/federation/formation-continue/sessions/{draft.pk}/").text
    page = client.get(f"/federation/formation-continue/sessions/{published.pk}/")
    assert attendance in page.text
    url = f"/formation-continue/animer/sessions/{published.pk}/presences/"
    assert client.get(url).status_code == 200
