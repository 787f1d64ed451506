"""A city organizer opens her indicator dashboard on a phone and drills down two levels:
city -> ward -> branch, the figures of each level matching the data. A ward organizer closes
the current year after a confirmation page that warns the year is not over."""

from datetime import date

from playwright.sync_api import expect

from lms.core.clock import local_today
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


def test_organizer_closes_the_current_year_after_confirming(org, page):
    year = local_today().year
    cadres = [make_cadre(org.ward_a), make_cadre(org.branch_a1), make_cadre(org.group_a1a)]
    online(cadres[0], "association", date(year, 1, 1))
    make_user("tochuc.phuong", role="organizer", unit=org.ward_a)
    sign_in(page, "tochuc.phuong", DEFAULT_PASSWORD)

    page.goto("/reports")
    expect(page.locator("h1")).to_contain_text(org.ward_a.name)
    close = page.locator("a.close-period")
    expect(close).to_have_class("btn btn-secondary close-period")
    close.click()

    # what will be frozen, and that the year is still running
    expect(page.locator("h1")).to_have_text("Chốt số liệu kỳ này?")
    expect(page.locator(".close-warning")).to_contain_text(
        f"Kỳ này chưa kết thúc (đến 31/12/{year})")
    expect(page.locator(".close-units")).to_have_text("Đơn vị này và 2 đơn vị trực thuộc")
    expect(page.locator('.close-figures li[data-indicator="annual_training"]')).to_contain_text(
        "33,3\u00a0% · 1/3 cán bộ")
    expect(page.locator(".close-by")).to_have_text("tochuc.phuong")
    for button in page.locator(".close-form .btn").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300
    assert not has_horizontal_scroll(page)

    page.locator(".close-form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã chốt kỳ báo cáo")
    expect(page.locator(".closed-note")).to_contain_text("Báo cáo đã chốt")
    expect(page.locator("a.close-period")).to_have_count(0)
    assert _annual_count(page) == (1, 3)
