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
    page = response.content.decode()
    assert "Accès refusé" in page
    # A counsellor has no centre (it sent them to « le coordinateur de votre centre ») and no
    # centre search (the box of the centre's pages came with the address).
    assert "parlez-en à la personne qui gère les comptes dans votre organisation" in page
    assert "coordinateur de votre centre" not in page
    assert 'id="centre-search"' not in page
    coordinator = make_member(Role.COORDINATOR)
    client.force_login(coordinator)
    assert 'id="centre-search"' in client.get("/centre/").content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    with override_settings(DEBUG=False):
        html = render_to_string("500.html")
    assert "une erreur s'est produite" in html
