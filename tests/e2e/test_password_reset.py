"""A cadre forgot her password, on her phone. With an email address: the link comes through
the queue, sets a new password that signs her in, and is refused the second time. Without
one: she is told to ask her organizer for a new code, and who that is."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import make_cadre, make_user
from tests.notifications.conftest import smtp_inbox  # noqa: F401 (a fixture)


def wait_for_mail(inbox, count=1, seconds=20):
    deadline = time.monotonic() + seconds
    while len(inbox) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(inbox) >= count, "no email arrived"
    return inbox[count - 1]


def test_a_cadre_with_email_resets_her_password_by_the_link_once(
        org, page, live_server, queue, smtp_inbox):  # noqa: F811
    cadre = make_cadre(org.branch_a1, code="CB-MAI", full_name="Nguyễn Thị Mai",
                       email="mai@example.vn")
    make_user("mai", cadre=cadre)
    queue()

    page.goto("/login")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.fill("input[name=login]", "CB-MAI")
    page.get_by_role("button", name="Gửi liên kết cho tôi").click()
    expect(page.locator(".forgot-sent")).to_contain_text("Nếu tài khoản này có địa chỉ email")
    assert not has_horizontal_scroll(page)

    message = wait_for_mail(smtp_inbox)
    assert message["To"] == "mai@example.vn"
    link = re.search(r"http://\S+/password/reset/\S+", message.get_content()).group(0)
    path = link[link.index("/password/"):]
    page.goto(path)
    expect(page.locator("main")).to_contain_text("Ít nhất 8 ký tự")
    page.fill("input[name=new_password]", "hoa sen nở giữa hồ")
    page.fill("input[name=confirm_password]", "hoa sen nở giữa hồ")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(f"{live_server}/login")

    sign_in(page, "mai", "hoa sen nở giữa hồ")
    expect(page).to_have_url(f"{live_server}/")
    page.goto(path)
    expect(page.locator(".reset-refused")).to_contain_text("Liên kết này đã được dùng")
    assert not has_horizontal_scroll(page)


def test_a_cadre_without_email_is_told_whom_to_ask(org, page, live_server, queue,
                                                  smtp_inbox):  # noqa: F811
    make_user("lan", cadre=make_cadre(org.branch_a1, code="CB-LAN", full_name="Trần Thị Lan"))
    chair = make_cadre(org.ward_a, full_name="Lê Thị Hồng", phone="0243000111")
    make_user("hong", role="organizer", unit=org.ward_a, cadre=chair)
    queue()

    page.goto("/password/forgot")
    page.fill("input[name=login]", "CB-LAN")
    page.get_by_role("button", name="Gửi liên kết cho tôi").click()
    expect(page.locator(".no-email")).to_contain_text("mã đăng nhập mới")
    # Her unit's name typed without accents finds it and its ward's organizer.
    page.fill("input[name=q]", "to dan pho 1")
    page.get_by_role("button", name="Tìm cán bộ tổ chức của tôi").click()
    card = page.locator(".organizer-card").filter(has_text="Chi hội Tổ dân phố 1")
    expect(card).to_contain_text("Lê Thị Hồng")
    expect(card.get_by_role("link", name="0243000111")).to_have_attribute("href",
                                                                          "tel:0243000111")
    assert laid_out_box(card.get_by_role("link", name="0243000111"))["height"] >= 44
    assert not has_horizontal_scroll(page)
    time.sleep(1)
    assert smtp_inbox == []
