def test_home_page_is_accessible_and_switches_to_english(page, live_server, assert_accessible):
    page.goto(live_server.url + "/")
    assert "CISP" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
