"""Centre, prescriber and public pages of intake: isolation per role and centre, access log,
the inbox's fixed number of queries, the workflow buttons and stale pages."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import make_member
from tests.intake.people_factories import (
    VALID_NISS,
    CandidacyFactory,
    PersonFactory,
    ReferralFactory,
    eligible_check,
    quota,
)
from tests.isolation import OWN_CENTRE, assert_only_allowed, visitors_for
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog
from tremplin.intake import workflow
from tremplin.intake.models import Candidacy, Person
from tremplin.intake.person import personal_token
from tremplin.intake.states import CandidacyStatus

pytestmark = pytest.mark.django_db

INTAKE = OWN_CENTRE - {"own:trainer"}


@pytest.fixture
def candidacy():
    return CandidacyFactory(person__niss=VALID_NISS[0])


def test_centre_pages_are_isolated_per_role_and_centre(client, candidacy):
    centre = candidacy.training.centre.organisation
    visitors = visitors_for(centre)
    person = candidacy.person
    for url in [
        f"/centre/candidatures/formation/{candidacy.training.pk}/",
        f"/centre/candidatures/{candidacy.pk}/",
        f"/centre/candidatures/{candidacy.pk}/entretien/",
        f"/centre/candidatures/{candidacy.pk}/conditions/",
        f"/centre/personnes/{person.pk}/",
        f"/centre/personnes/{person.pk}/modifier/",
    ]:
        assert_only_allowed(client, url, allowed=INTAKE, visitors=visitors)
    for url in ["/centre/candidatures/", "/centre/candidatures/nouvelle/", "/centre/messages/"]:
        assert_only_allowed(
            client,
            url,
            allowed=INTAKE | {"other:coordinator", "other:centre_staff", "other:social_worker"},
            visitors=visitors,
        )


def test_post_endpoints_are_isolated(client, candidacy):
    centre = candidacy.training.centre.organisation
    visitors = visitors_for(centre)
    url = f"/centre/candidatures/{candidacy.pk}/action/"
    # Denied visitors must not change anything; allowed ones are redirected back.
    assert_only_allowed(
        client,
        url,
        allowed=INTAKE,
        visitors=visitors,
        method="post",
        data={"name": "attend", "attend-name": "attend", "attend-version": 999},
        allowed_status=302,
    )
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.NEW  # stale version each time: nothing changed
    assert_only_allowed(
        client,
        f"/centre/candidatures/formation/{candidacy.training.pk}/quota/",
        allowed={"own:coordinator"},
        visitors=visitors,
        method="post",
        data={"places": 3},
        allowed_status=302,
    )


def test_person_file_opening_is_logged_and_niss_masked_by_role(client, candidacy):
    centre = candidacy.training.centre.organisation
    staff = make_member(Role.CENTRE_STAFF, organisation=centre)
    social = make_member(Role.SOCIAL_WORKER, organisation=centre)
    url = f"/centre/personnes/{candidacy.person.pk}/"
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "85.07.30-***.**" in page and "85.07.30-033.28" not in page
    client.force_login(social)
    assert "85.07.30-033.28" in client.get(url).content.decode()
    logs = AccessLog.objects.for_object(candidacy.person)
    assert {log.user for log in logs} == {staff, social}
    assert all(log.view_name == "centre:person_detail" for log in logs)


def test_inbox_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    first = CandidacyFactory()
    training = first.training
    staff = make_member(Role.CENTRE_STAFF, organisation=training.centre.organisation)
    client.force_login(staff)
    url = f"/centre/candidatures/formation/{training.pk}/"
    client.get(url)  # warm caches (content types, sessions)
    # 15 (two of them: visible_to asks whether the reader refers or teaches) + one INSERT
    # into the access log.
    with django_assert_num_queries(16) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        CandidacyFactory(training=training, person__holding_centre=training.centre)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_inbox_sorted_filtered_by_dates_and_counted(client):
    first = CandidacyFactory(person__last_name="Zeller")
    training = first.training
    second = CandidacyFactory(
        training=training, person__holding_centre=training.centre, person__last_name="Adam"
    )
    Candidacy.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    staff = make_member(Role.CENTRE_STAFF, organisation=training.centre.organisation)
    client.force_login(staff)
    url = f"/centre/candidatures/formation/{training.pk}/"

    def names(response):
        return [c.person.last_name for c in response.context["page"]]

    assert names(client.get(url)) == ["Zeller", "Adam"]  # oldest first
    response = client.get(url, {"tri": "personne"})
    assert names(response) == ["Adam", "Zeller"]
    assert 'aria-sort="ascending"' in response.content.decode()
    recent = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    response = client.get(url, {"recue_du": recent, "tri": "personne"})
    assert names(response) == ["Adam"]
    page = response.content.decode()
    assert "1 candidature" in page
    assert '<input type="hidden" name="tri" value="personne">' in page
    assert second.person.last_name in page


def test_inbox_logs_who_saw_which_people(client):
    first = CandidacyFactory()
    training = first.training
    staff = make_member(Role.CENTRE_STAFF, organisation=training.centre.organisation)
    client.force_login(staff)
    assert client.get(f"/centre/candidatures/formation/{training.pk}/").status_code == 200
    logs = AccessLog.objects.for_object(first.person)
    assert [(log.user, log.view_name) for log in logs] == [(staff, "centre:training_inbox")]


def test_stale_page_is_told_and_nothing_lost(client, candidacy):
    centre = candidacy.training.centre.organisation
    first, second = (make_member(Role.CENTRE_STAFF, organisation=centre) for _ in range(2))
    url = f"/centre/candidatures/{candidacy.pk}/action/"
    client.force_login(first)
    client.post(url, {"name": "invite", "invite-name": "invite", "invite-version": 1})
    client.force_login(second)
    response = client.post(
        url,
        {"name": "withdraw", "withdraw-name": "withdraw", "withdraw-version": 1},
        follow=True,
    )
    assert "Rechargez la page" in response.content.decode()
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.INVITED


def test_a_refused_action_keeps_what_was_typed(client, candidacy):
    """A refusal without its reason is refused on the same page, with the message to the person
    and the note still typed and the action open (they were lost behind a redirect)."""
    staff = make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    client.force_login(staff)
    response = client.post(
        f"/centre/candidatures/{candidacy.pk}/action/",
        {
            "name": "refuse",
            "refuse-name": "refuse",
            "refuse-version": candidacy.version,
            "refuse-refusal_reason": "",
            "refuse-decision_message": "Nous avons bien lu votre demande, Madame.",
            "refuse-reason": "Vue à l'accueil mardi.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez la raison du refus dans la liste." in page
    assert "Nous avons bien lu votre demande, Madame." in page
    assert "Vue à l&#x27;accueil mardi." in page
    assert re.search(r"<details[^>]*open[^>]*>\s*<summary>Refuser</summary>", page)
    assert AccessLog.objects.about_person(candidacy.person).filter(user=staff).exists()
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.NEW


@pytest.mark.parametrize(
    ("status", "name", "typed", "message"),
    [
        ("new", "refuse", {"refusal_reason": ""}, "Choisissez la raison du refus dans la liste."),
        ("new", "refuse", {"refusal_reason": "zzz"}, "Sélectionnez un choix valide."),
        ("new", "plan_interview", {"interview_at": "x"}, "Saisissez une date et une heure"),
        ("new", "plan_interview", {"interview_at": ""}, "Indiquez la date et l&#x27;heure"),
        ("interviewed", "admit", {}, "Vérifiez d&#x27;abord les conditions d&#x27;accès"),
        ("new", "admit", {}, "Action impossible : « Admettre »"),
    ],
)
def test_a_refused_action_tells_its_message_once(client, candidacy, status, name, typed, message):
    """At its field when it is about one, else above the action's form, the action open (or
    above the page when the action is not offered at this step). It was told twice (a flash
    message and the field), or only in a flash message far from the form."""
    Candidacy.objects.filter(pk=candidacy.pk).update(status=status)
    client.force_login(
        make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    )
    data = {"name": name, f"{name}-name": name, f"{name}-version": candidacy.version}
    data.update({f"{name}-{field}": value for field, value in typed.items()})
    response = client.post(f"/centre/candidatures/{candidacy.pk}/action/", data)
    assert response.status_code == 400
    assert response.content.decode().count(message) == 1
    flashed = list(response.context["messages"])
    bound = [form for _spec, form in response.context["buttons"] if form.is_bound]
    if bound:
        assert list(bound[0].errors) == (list(typed) or ["__all__"]) and not flashed
    else:  # « Admettre » is not offered to a new candidacy
        assert len(flashed) == 1


def test_workflow_buttons_show_only_allowed_transitions(client, candidacy):
    staff = make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    client.force_login(staff)
    page = client.get(f"/centre/candidatures/{candidacy.pk}/").content.decode()
    assert "Fixer l&#x27;entretien" in page and "Inviter à une séance" in page
    assert "Admettre" not in page


def test_batch_refuse_with_reason(client, candidacy):
    other = CandidacyFactory(
        training=candidacy.training, person__holding_centre=candidacy.training.centre
    )
    staff = make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    client.force_login(staff)
    client.post(
        f"/centre/candidatures/formation/{candidacy.training.pk}/",
        {
            "selected": [candidacy.pk, other.pk],
            "action": "refuse",
            "refusal_reason": "training_full",
            "decision_message": "",
        },
    )
    assert set(Candidacy.objects.values_list("status", flat=True)) == {CandidacyStatus.REFUSED}


def test_derogation_quota_enforced_from_the_page(client, candidacy):
    staff = make_member(Role.COORDINATOR, organisation=candidacy.training.centre.organisation)
    Candidacy.objects.filter(pk=candidacy.pk).update(status=CandidacyStatus.INTERVIEWED)
    eligible_check(candidacy, staff, status="derogation_possible")
    quota(candidacy.training.centre, places=0)
    client.force_login(staff)
    response = client.post(
        f"/centre/candidatures/{candidacy.pk}/action/",
        {"name": "admit", "admit-name": "admit", "admit-version": 1, "admit-derogation": "on"},
        follow=True,
    )
    assert "quota de dérogations" in response.content.decode()
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.INTERVIEWED


def test_person_edit_refuses_invalid_niss_and_absurd_birth_dates(client, candidacy):
    coordinator = make_member(Role.COORDINATOR, organisation=candidacy.training.centre.organisation)
    client.force_login(coordinator)
    url = f"/centre/personnes/{candidacy.person.pk}/modifier/"
    base = {"first_name": "A", "last_name": "B", "birth_date": "1990-01-01"}
    page = client.post(url, {**base, "niss": "85073003329"}).content.decode()
    assert "n&#x27;est pas valide" in page
    today = timezone.localdate()
    for years in (5, 120):
        birth = today.replace(year=today.year - years).isoformat()
        page = client.post(url, {**base, "birth_date": birth}).content.decode()
        assert f"âge de {years} ans" in page


def test_candidacy_forms_sent_back_with_their_mistakes_answer_400(client, candidacy):
    """The person file, a walk-in, the interview and the eligibility check: sent back with
    their mistakes, they answer 400 (nothing saved), as every other form (they answered 200)."""
    client.force_login(
        make_member(Role.COORDINATOR, organisation=candidacy.training.centre.organisation)
    )
    person = candidacy.person
    for url, data in (
        (f"/centre/personnes/{person.pk}/modifier/", {"first_name": "", "last_name": "B"}),
        ("/centre/candidatures/nouvelle/", {"first_name": "A", "training": "?"}),
        (f"/centre/candidatures/{candidacy.pk}/entretien/", {"held_on": "pas une date"}),
        (f"/centre/candidatures/{candidacy.pk}/conditions/", {"incapacity_percent": "150"}),
    ):
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert response.context["form"].errors, url
    person.refresh_from_db()
    assert person.first_name and Person.objects.count() == 1
    assert not candidacy.eligibility_checks.exists()


def test_walk_in_detects_duplicates_then_links(client, candidacy):
    staff = make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    client.force_login(staff)
    person = candidacy.person
    data = {
        "training": candidacy.training.pk,
        "first_name": person.first_name.upper(),
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat(),
    }
    page = client.post("/centre/candidatures/nouvelle/", data).content.decode()
    assert "Un dossier semblable existe déjà" in page
    assert Person.objects.count() == 1


def test_merge_moves_candidacies_and_is_logged(client, candidacy):
    staff = make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    kept = candidacy.person
    twin = PersonFactory(
        holding_centre=kept.holding_centre,
        first_name=kept.first_name,
        last_name=kept.last_name,
        birth_date=kept.birth_date,
        email="",
    )
    other = CandidacyFactory(person=twin)
    client.force_login(staff)
    page = client.get(f"/centre/personnes/{kept.pk}/").content.decode()
    assert "Fusionner" in page
    client.post(f"/centre/personnes/{kept.pk}/fusionner/", {"merged": twin.pk})
    other.refresh_from_db()
    assert other.person == kept
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert kept.merges.get().moved["candidacies"] == 1


def test_prescriber_referral_needs_consent_and_sees_only_own(client, candidacy):
    training = candidacy.training
    prescriber = make_member(Role.PRESCRIBER)
    client.force_login(prescriber)
    data = {
        "first_name": "Nadia",
        "last_name": "Exemple",
        "birth_date": "1991-04-02",
        "email": "nadia@exemple.test",
        "consent_given_on": timezone.localdate().isoformat(),
        "reason": "Projet dans le bâtiment.",
    }
    url = f"/prescripteur/orientations/nouvelle/{training.pk}/"
    page = client.post(url, data).content.decode()
    assert "Ce champ est obligatoire" in page
    response = client.post(url, {**data, "consent_method": "signed_paper"})
    assert response.status_code == 302
    others = ReferralFactory()
    listing = client.get("/prescripteur/orientations/").content.decode()
    assert "Nadia Exemple" in listing and others.person.full_name not in listing
    assert client.get(f"/prescripteur/orientations/{others.pk}/").status_code == 404


def test_referral_detail_isolation(client):
    prescriber = make_member(Role.PRESCRIBER)
    referral = ReferralFactory(
        prescriber=prescriber,
        prescriber_organisation=prescriber.memberships.get().organisation,
    )
    visitors = visitors_for(
        referral.candidacy.training.centre.organisation, extra={"author": prescriber}
    )
    assert_only_allowed(
        client, f"/prescripteur/orientations/{referral.pk}/", allowed={"author"}, visitors=visitors
    )


def test_inactive_centre_gets_a_magic_link_renewable_and_expiring(
    client, django_capture_on_commit_callbacks
):
    from tremplin.intake import referrals

    referral = ReferralFactory()
    organisation = referral.candidacy.training.centre.organisation
    organisation.is_active_on_platform = False
    organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        referrals.send_centre_link(referral)
    # The token in the e-mail (signed with a timestamp: recomputing it a second later differs).
    first_token = re.search(r"/orientation/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert referrals.referral_for_token(first_token) == referral
    assert client.get(f"/orientation/{first_token}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        referrals.renew_link(referral)
    replaced = client.get(f"/orientation/{first_token}/")
    assert "remplacé" in replaced.content.decode()
    assert replaced.status_code == 410
    token = referrals.centre_token(referral)
    later = timezone.now() + datetime.timedelta(days=9)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: later.timestamp())
        expired = client.get(f"/orientation/{token}/")
        assert "expiré" in expired.content.decode()
        assert expired.status_code == 410
    assert client.get(f"/orientation/{token}x/").status_code == 404
    # Sent back with its mistake (a refusal needs its reason): 400, nothing done.
    response = client.post(f"/orientation/{token}/", {"answer": "refuse"})
    assert response.status_code == 400
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status != CandidacyStatus.REFUSED
    response = client.post(
        f"/orientation/{token}/", {"answer": "refuse", "refusal_reason": "training_full"}
    )
    assert "réponse est enregistrée" in response.content.decode()
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status == CandidacyStatus.REFUSED
    assert "par lien e-mail" in referral.candidacy.transitions.get().by_label


def test_personal_link_shows_status_and_withdraws(client, candidacy):
    token = personal_token(candidacy)
    page = client.get(f"/ma-candidature/{token}/").content.decode()
    assert candidacy.training.name in page and "Nouvelle" in page
    client.post(f"/ma-candidature/{token}/retrait/")
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.WITHDRAWN
    assert client.get("/ma-candidature/faux-jeton/").status_code == 404


def test_message_list_and_previews(client):
    staff = make_member(Role.CENTRE_STAFF)
    client.force_login(staff)
    from tremplin.intake.messages import REGISTRY

    page = client.get("/centre/messages/").content.decode()
    for name in REGISTRY:
        assert f"/centre/messages/{name}/" in page
        assert client.get(f"/centre/messages/{name}/").status_code == 200


def test_opt_out_link_stops_non_required_messages(client):
    from tremplin.intake import messages

    token = messages.opt_out_token("Alex@Exemple.test", "candidacy_expired")
    client.post(f"/messages/desinscription/{token}/")
    assert messages.has_opted_out("alex@exemple.test", "candidacy_expired")
    required = messages.opt_out_token("alex@exemple.test", "candidacy_decision")
    assert client.get(f"/messages/desinscription/{required}/").status_code == 404


def test_a_refused_withdrawal_answers_400_with_its_reason(client, candidacy, monkeypatch):
    """The person's link: a withdrawal the workflow refuses shows why and answers 400 (it
    answered 200 as if done)."""

    def refuse(*args, **kwargs):
        raise workflow.TransitionRefused("Cette candidature a changé entre-temps.")

    monkeypatch.setattr(workflow, "transition", refuse)
    response = client.post(f"/ma-candidature/{personal_token(candidacy)}/retrait/")
    assert response.status_code == 400
    assert "Cette candidature a changé entre-temps." in response.content.decode()
