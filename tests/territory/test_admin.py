from tests.factories import make_platform_admin


def test_admin_lists_municipalities_read_only_with_accent_free_search(territory, client):
    client.force_login(make_platform_admin())
    response = client.get("/admin/territory/municipality/", {"q": "liege"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "62063" in text  # Liège
    assert client.get("/admin/territory/municipality/add/").status_code == 403
    detail = client.get("/admin/territory/municipality/62063/change/")
    assert detail.status_code == 200  # view only
    assert 'name="_save"' not in detail.content.decode()


def test_admin_lists_postal_codes_and_corrected_points(territory, client):
    client.force_login(make_platform_admin())
    response = client.get(
        "/admin/territory/postalcode/", {"point_corrected__exact": "1", "q": "noirfontaine"}
    )
    assert response.status_code == 200
    assert "Noirfontaine" in response.content.decode()
    response = client.get("/admin/territory/postalcode/", {"q": "braine l'alleud"})
    assert "1420" in response.content.decode()


def test_admin_pages_of_every_territory_model(territory, client):
    client.force_login(make_platform_admin())
    for model in ("region", "province", "arrondissement", "ibefearea"):
        assert client.get(f"/admin/territory/{model}/").status_code == 200
