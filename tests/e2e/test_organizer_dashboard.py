"""A city organizer opens her indicator dashboard on a phone and drills down two levels:
city -> ward -> branch, the figures of each level matching the data; her wards are listed
furthest below target first, filtered and searched, and the menu folds into one button. A ward
organizer closes the current year after a confirmation page that warns the year is not over."""

from datetime import date

from playwright.sync_api import expect

from lms.core.clock import local_today
from lms.extensions import db
from lms.org.services import create_unit
from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
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
        box = laid_out_box(button)
        assert box["height"] >= 44 and box["width"] >= 300
    assert not has_horizontal_scroll(page)

    page.locator(".close-form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã chốt kỳ báo cáo")
    expect(page.locator(".closed-note")).to_contain_text("Báo cáo đã chốt")
    expect(page.locator("a.close-period")).to_have_count(0)
    assert _annual_count(page) == (1, 3)


def _listed_units(page):
    return [int(row.get_attribute("data-unit"))
            for row in page.locator("table.unit-rows tbody tr").all()]


def test_city_dashboard_on_a_phone_lists_units_needing_attention_first(org, page):
    year = local_today().year
    on = date(year, 1, 1)
    hoang_mai = create_unit("W-HM", "Phường Hoàng Mai", "commune", parent=org.city)
    ha_dong = create_unit("W-HD", "Phường Hà Đông", "commune", parent=org.city)
    db.session.commit()
    # ward A 2 of 3 trained (66,7 %), ward B 0 of 1, Hoàng Mai 3 of 3, Hà Đông 1 of 4
    for unit, cadres, trained in ((org.ward_a, 3, 2), (org.ward_b, 1, 0), (hoang_mai, 3, 3),
                                  (ha_dong, 4, 1)):
        for n in range(cadres):
            cadre = make_cadre(unit)
            if n < trained:
                online(cadre, "association", on)
    make_user("tochuc.thanhhoi", role="organizer", unit=org.city)
    sign_in(page, "tochuc.thanhhoi", DEFAULT_PASSWORD)

    page.goto("/reports")
    # the first figure is on the first screen: the menu is folded into one button
    assert laid_out_box(page.locator(".indicator-percent").first)["y"] < 740
    assert _annual_count(page) == (6, 11)
    menu = page.locator("summary.menu-button")
    reports_link = page.locator(".mainnav a", has_text="Báo cáo")
    expect(menu).to_be_visible()
    expect(reports_link).to_be_hidden()
    # furthest below target first: 0 %, 25 %, 66,7 %, 100 %; the first within three screens
    assert _listed_units(page) == [org.ward_b.id, ha_dong.id, org.ward_a.id, hoang_mai.id]
    first = page.locator("table.unit-rows a.drill").first
    assert laid_out_box(first)["y"] + page.evaluate("window.scrollY") < 3 * 740
    for target in (page.locator("table.unit-rows a.drill").all()
                   + page.locator(".unit-views a.chip").all()
                   + page.locator(".chart-rows a.chart-row").all() + [menu]):
        assert laid_out_box(target)["height"] >= 44, target.inner_text()
    assert not has_horizontal_scroll(page)

    page.locator("a.below-only").click()
    expect(page.locator("a.below-only")).to_have_attribute("aria-current", "true")
    assert _listed_units(page) == [org.ward_b.id, ha_dong.id, org.ward_a.id]
    expect(page.locator(".list-count")).to_contain_text("3 trên 4 đơn vị")
    assert not has_horizontal_scroll(page)

    # a name typed without accents
    page.fill("input[name=q]", "ha dong")
    page.locator(".unit-filter button[type=submit]").click()
    assert _listed_units(page) == [ha_dong.id]
    page.locator("a.show-all").click()
    assert len(_listed_units(page)) == 4

    # the menu opens and closes, from the keyboard too, its focus visible
    menu.click()
    expect(reports_link).to_be_visible()
    assert not has_horizontal_scroll(page)
    menu.click()
    expect(reports_link).to_be_hidden()
    page.reload()
    for _tab in range(3):  # the brand, the language, the menu
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('summary.menu-button')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(reports_link).to_be_visible()
    reports_link.click()
    expect(page.locator("h1")).to_contain_text(org.city.name)

    # a wide screen shows every link and no button
    page.set_viewport_size({"width": 1024, "height": 740})
    expect(menu).to_be_hidden()
    expect(reports_link).to_be_visible()
