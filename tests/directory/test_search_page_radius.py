import pytest


@pytest.mark.django_db
def test_search_without_radius_selects_the_default_radius_it_uses(client):
    from tests.directory.factories import walloon_places

    walloon_places()
    response = client.get("/trouver/", {"near": "Namur"})
    assert response.status_code == 200
    assert '<option value="25" selected>' in response.content.decode()
