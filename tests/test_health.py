import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_with_a_database_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_pages_need_login_unless_public(client):
    assert client.get("/").status_code == 200
    response = client.get("/centre/")
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]
