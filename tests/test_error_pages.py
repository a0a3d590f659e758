import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_unknown_page_says_so_in_french(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert "Retour à l'accueil" in page


@pytest.mark.django_db
def test_forbidden_page_says_so_in_french(client):
    from tests.factories import make_member
    from tremplin.accounts.models import Role

    client.force_login(make_member(Role.PRESCRIBER))
    response = client.get("/centre/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    with override_settings(DEBUG=False):
        html = render_to_string("500.html")
    assert "une erreur s'est produite" in html
