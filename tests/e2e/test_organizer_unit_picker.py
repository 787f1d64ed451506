"""An organizer assigns a course on her phone, choosing the unit by typing "hoan kiem" without
accents into the type-ahead (keyboard, then a tap); the assignment is made for Phường Hoàn Kiếm.
Without scripts the same form lists the candidates to choose from."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import Assignment
from lms.org.services import create_unit
from tests.e2e.conftest import PHONE_VIEWPORT, has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_user
from tests.learning.helpers import make_course


def test_organizer_assigns_a_course_choosing_the_unit_by_name(org, page, live_server):
    # Another "Hoàn Kiếm" in another ward, so the list has something to choose between.
    create_unit("B-B9", "Chi hội Hoàn Kiếm cũ", "branch", parent=org.ward_b)
    db.session.commit()
    make_user("tochuc.thanhpho", role="organizer", unit=org.city)
    make_cadre(org.branch_a1)
    course = make_course(lessons=1, title="An toàn trên mạng")
    sign_in(page, "tochuc.thanhpho", DEFAULT_PASSWORD)

    page.goto("/assignments/new")
    page.select_option("select[name=course_id]", str(course.id))
    box = page.locator("input[name=unit_code]")
    expect(box).to_have_attribute("role", "combobox")
    box.press_sequentially("hoan kiem", delay=30)
    options = page.locator("[role=listbox] [role=option]")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Phường Hoàn Kiếm")
    expect(options.nth(1)).to_contain_text("Chi hội Hoàn Kiếm cũ")
    expect(options.nth(1)).to_contain_text("Xã Sóc Sơn")  # with its ward
    expect(box).to_have_attribute("aria-expanded", "true")
    for option in options.all():
        size = laid_out_box(option)
        assert size["height"] >= 44 and size["width"] >= 300
    assert not has_horizontal_scroll(page)

    # The keyboard: down to the first suggestion and Enter (the form is not sent).
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(box).to_have_value("Phường Hoàn Kiếm (W-A)")
    expect(page).to_have_url(re.compile(r"/assignments/new$"))
    expect(page.locator("[role=listbox]")).to_be_hidden()

    # A click (a tap on a phone) works as well: type again and choose the ward.
    box.fill("")
    box.press_sequentially("kiem", delay=30)
    expect(options).to_have_count(2)
    options.first.click()
    expect(box).to_have_value("Phường Hoàn Kiếm (W-A)")

    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{live_server}/assignments$"))
    expect(page.locator(".flash-success")).to_contain_text("1")
    assert db.session.scalar(select(Assignment.unit_id)) == org.ward_a.id


def test_without_scripts_the_form_lists_the_units_to_choose_from(org, browser, live_server):
    create_unit("B-B9", "Chi hội Hoàn Kiếm cũ", "branch", parent=org.ward_b)
    db.session.commit()
    make_user("tochuc.thanhpho", role="organizer", unit=org.city)
    course = make_course(lessons=1, title="An toàn trên mạng")
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server,
                                  locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "tochuc.thanhpho", DEFAULT_PASSWORD)
        page.goto("/assignments/new")
        page.select_option("select[name=course_id]", str(course.id))
        page.fill("input[name=unit_code]", "hoan kiem")
        page.locator("main button[type=submit]").click()
        choices = page.locator("fieldset.unit-matches label")
        expect(choices).to_have_count(2)
        expect(choices.nth(1)).to_contain_text("Chi hội Hoàn Kiếm cũ Xã Sóc Sơn · B-B9")
        assert all(laid_out_box(label)["height"] >= 44 for label in choices.all())
        assert db.session.scalar(select(Assignment.id)) is None
        choices.first.click()
        page.locator("main button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"{live_server}/assignments$"))
        assert db.session.scalar(select(Assignment.unit_id)) == org.ward_a.id
        assert not has_horizontal_scroll(page)
    finally:
        context.close()
