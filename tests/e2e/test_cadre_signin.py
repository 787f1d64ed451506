"""A cadre signs in on her phone: with her password, and the first time with a one-time code."""

from playwright.sync_api import expect

from lms.auth.services import issue_one_time_code
from lms.extensions import db
from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_user


def test_cadre_signs_in_with_her_code_and_sees_her_home(org, page, live_server):
    cadre = make_cadre(org.branch_a1, full_name="Trần Thị Mai Hương", position="Chi hội trưởng")
    user = make_user("huong.tt", cadre=cadre)
    user.display_name = cadre.full_name
    db.session.commit()
    code, unit_name = cadre.code, org.branch_a1.name

    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    sign_in(page, code, DEFAULT_PASSWORD)

    expect(page).to_have_url(f"{live_server}/")
    expect(page.locator("h1")).to_contain_text("Trần Thị Mai Hương")
    expect(page.locator("main")).to_contain_text(unit_name)
    expect(page.locator("main")).to_contain_text(code)
    assert not has_horizontal_scroll(page)


def test_first_sign_in_with_a_one_time_code(org, page, live_server):
    cadre = make_cadre(org.ward_a, full_name="Lê Thị Thu Hà", phone="0912345678")
    one_time_code = issue_one_time_code(cadre, actor=None)
    db.session.commit()

    page.goto("/activate")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.fill("input[name=login]", "0912345678")
    page.fill("input[name=one_time_code]", one_time_code)
    page.fill("input[name=new_password]", "mat-khau-moi-2025")
    page.fill("input[name=confirm_password]", "mat-khau-moi-2025")
    page.locator("main button[type=submit]").click()

    expect(page).to_have_url(f"{live_server}/")
    expect(page.locator("h1")).to_contain_text("Lê Thị Thu Hà")
    expect(page.locator("main")).to_contain_text(org.ward_a.name)
    assert not has_horizontal_scroll(page)


def test_she_signs_out_a_lost_phone_from_another_device(org, page, browser, live_server):
    from tests.e2e.conftest import PHONE_VIEWPORT

    make_user("lan", cadre=make_cadre(org.branch_a1, full_name="Phạm Thị Lan"))
    lost_phone = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server).new_page()
    sign_in(lost_phone, "lan", DEFAULT_PASSWORD)
    expect(lost_phone.locator("h1")).to_contain_text("Phạm Thị Lan")

    sign_in(page, "lan", DEFAULT_PASSWORD)
    page.goto("/password")
    expect(page.locator("main")).to_contain_text("đang đăng nhập trên 1 thiết bị khác")
    page.get_by_role("button", name="Đăng xuất trên mọi thiết bị khác").click()
    expect(page.locator(".flash-success")).to_contain_text("mọi thiết bị khác")
    expect(page.locator("main")).to_contain_text("không đăng nhập trên thiết bị nào khác")
    assert not has_horizontal_scroll(page)

    lost_phone.reload()
    expect(lost_phone).to_have_url(f"{live_server}/login?next=%2F")
    lost_phone.context.close()
