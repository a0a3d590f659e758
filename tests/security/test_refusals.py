"""One way for the domain to refuse: ``Refused`` with a French message, a code, a status."""

from rest_framework.test import APIRequestFactory

from tremplin.api.errors import exception_handler
from tremplin.intake.workflow import StaleCandidacy, TransitionRefused
from tremplin.refusals import Conflict, Refused
from tremplin.training.followups import LinkProblem
from tremplin.training.register import InvalidCells, LockedWeek, StaleWeek


def test_every_domain_refusal_is_a_refused_with_a_french_message_and_a_status():
    for refusal, status in [
        (InvalidCells(), 400),
        (LockedWeek(), 409),
        (StaleWeek(), 409),
        (StaleCandidacy("La candidature a changé.", "stale"), 409),
        (TransitionRefused("Action inconnue.", "unknown"), 400),
        (LinkProblem("Ce lien a expiré."), 410),
    ]:
        assert isinstance(refusal, Refused)
        assert refusal.status == status
        assert refusal.message and refusal.code != "refused"


def test_the_api_answers_a_refusal_with_its_status_message_and_code():
    request = APIRequestFactory().get("/")
    response = exception_handler(Conflict("Déjà modifié.", "stale"), {"request": request})
    assert response.status_code == 409
    assert response.data == {"detail": "Déjà modifié.", "code": "stale"}
    response = exception_handler(Refused("Non.", "no"), {"request": request})
    assert response.status_code == 400
