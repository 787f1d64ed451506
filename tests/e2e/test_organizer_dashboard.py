"""A city organizer opens her indicator dashboard on a phone and drills down two levels:
city -> ward -> branch, the figures of each level matching the data."""

from datetime import date

from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_user
from tests.reports.helpers import in_person, online


def _annual_count(page):
    card = page.locator('article[data-indicator="annual_training"] .indicator-count')
    return (int(card.get_attribute("data-numerator")),
            int(card.get_attribute("data-denominator")))


def test_organizer_drills_down_the_dashboard(org, page, live_server):
    today = date.today()
    city_cadre = make_cadre(org.city)
    ward_cadre = make_cadre(org.ward_a)
    branch_cadres = [make_cadre(org.branch_a1) for _ in range(2)]
    make_cadre(org.branch_b1)
    online(city_cadre, "association", date(today.year, 1, 1))
    online(ward_cadre, "it", date(today.year, 1, 1))
    in_person([branch_cadres[0]], "digital", date(today.year, 1, 1), unit=org.ward_a)
    make_user("tochuc.thanhhoi", role="organizer", unit=org.city)
    sign_in(page, "tochuc.thanhhoi", DEFAULT_PASSWORD)

    page.goto("/reports")
    expect(page.locator("h1")).to_contain_text(org.city.name)
    # city: 5 cadres, 3 trained this year
    assert _annual_count(page) == (3, 5)
    expect(page.locator("svg.chart-svg").first).to_be_visible()
    assert not has_horizontal_scroll(page)

    page.locator("table.report-table a.drill", has_text=org.ward_a.name).click()
    expect(page.locator("h1")).to_contain_text(org.ward_a.name)
    # ward A: ward cadre + 2 branch cadres, 2 trained
    assert _annual_count(page) == (2, 3)

    page.locator("table.report-table a.drill", has_text=org.branch_a1.name).click()
    expect(page.locator("h1")).to_contain_text(org.branch_a1.name)
    assert _annual_count(page) == (1, 2)
    assert not has_horizontal_scroll(page)

    # the breadcrumb leads back up to the city
    page.locator("nav.breadcrumb a", has_text=org.city.name).click()
    expect(page.locator("h1")).to_contain_text(org.city.name)
