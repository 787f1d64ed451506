"""A forgotten password: a link by email (through the queue) that expires, works once and
gives nothing away; for cadres without email, whom to ask for a new code."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.auth.models import PasswordReset, UserSession
from lms.auth.services import (
    AuthError,
    check_password_reset,
    issue_password_reset,
    reset_password,
)
from lms.auth.sessions import start_session
from lms.core.clock import utcnow
from lms.extensions import db
from tests.conftest import csrf_token_from, login, post_form
from tests.factories import make_cadre, make_user
from tests.notifications.conftest import smtp_inbox  # noqa: F401 (a fixture)


@pytest.fixture
def with_email(org):
    cadre = make_cadre(org.branch_a1, code="CB-MAI", full_name="Nguyễn Thị Mai",
                       email="mai@example.vn", phone="0912000222")
    return make_user("mai", cadre=cadre)


@pytest.fixture
def without_email(org):
    return make_user("lan", cadre=make_cadre(org.branch_a1, code="CB-LAN",
                                             full_name="Trần Thị Lan"))


# ---- the service -------------------------------------------------------------------------

def test_a_link_works_once_and_signs_every_browser_out(app_ctx, with_email):
    token = issue_password_reset(with_email)
    start_session(with_email)
    db.session.commit()
    reset_password(token, "hoa sen nở giữa hồ")
    db.session.commit()
    assert with_email.check_password("hoa sen nở giữa hồ")
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    with pytest.raises(AuthError, match="đã được dùng"):
        reset_password(token, "another password")


def test_a_newer_link_supersedes_the_older_and_links_expire_after_an_hour(app_ctx, with_email):
    now = utcnow()
    first = issue_password_reset(with_email, now)
    second = issue_password_reset(with_email, now + timedelta(minutes=5))
    db.session.commit()
    with pytest.raises(AuthError, match="liên kết mới hơn"):
        check_password_reset(first, now + timedelta(minutes=6))
    assert check_password_reset(second, now + timedelta(minutes=64)).user_id == with_email.id
    with pytest.raises(AuthError, match="hết hạn"):
        check_password_reset(second, now + timedelta(minutes=66))
    with pytest.raises(AuthError, match="không hợp lệ"):
        check_password_reset("made-up-token")
    # Only hashes are stored.
    stored = db.session.scalars(select(PasswordReset.token_hash)).all()
    assert first not in stored and second not in stored and len(stored) == 2


# ---- the pages ---------------------------------------------------------------------------

def ask(client, name):
    return post_form(client, "/password/forgot", {"login": name})


def without_token(html):
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def test_the_sign_in_page_links_to_the_forgotten_password_path(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<a href="/password/forgot">Quên mật khẩu?</a>' in html


def test_the_answer_is_the_same_whoever_is_named_and_only_an_address_gets_mail(
        client, with_email, without_email, smtp_inbox):  # noqa: F811
    answers = [without_token(ask(client, name).get_data(as_text=True))
               for name in ("mai", "lan", "khong-co-ai")]
    assert answers[0] == answers[1] == answers[2]
    assert "Nếu tài khoản này có địa chỉ email" in answers[0]
    assert [message["To"] for message in smtp_inbox] == ["mai@example.vn"]


def test_the_emailed_link_sets_a_new_password_once(client, with_email, smtp_inbox):  # noqa: F811
    ask(client, "CB-MAI")  # any of her names
    (message,) = smtp_inbox
    body = message.get_content()
    assert message["Subject"] == "Đặt mật khẩu mới"
    link = re.search(r"http://\S+/password/reset/(\S+)", body)
    path = f"/password/reset/{link.group(1)}"
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert "Ít nhất 8 ký tự" in page.get_data(as_text=True)
    short = post_form(client, path, {"new_password": "ngan", "confirm_password": "ngan"})
    assert short.status_code == 200
    done = post_form(client, path, {"new_password": "hoa sen nở giữa hồ",
                                    "confirm_password": "hoa sen nở giữa hồ"})
    assert done.headers["Location"].endswith("/login")
    assert login(client, "mai", "hoa sen nở giữa hồ").status_code == 302
    again = client.get(path)
    assert again.status_code == 410
    assert "Liên kết này đã được dùng" in again.get_data(as_text=True)


def test_reset_requests_are_limited_per_account_whichever_name_is_typed(
        client, with_email, smtp_inbox):  # noqa: F811
    assert [ask(client, name).status_code for name in ("mai", "CB-MAI", "0912000222")] == \
        [200, 200, 200]
    assert ask(client, "mai").status_code == 429
    assert len(smtp_inbox) == 3


def test_a_cadre_without_email_finds_the_organizers_of_her_unit_or_above(client, org):
    ward_chair = make_cadre(org.ward_a, full_name="Lê Thị Hồng", phone="0243000111")
    make_user("hong", role="organizer", unit=org.ward_a, cadre=ward_chair)
    make_user("son", role="organizer", unit=org.branch_b1,
              cadre=make_cadre(org.branch_b1, full_name="Phạm Thị Sơn"))
    html = client.get("/password/organizers?q=chi hoi").get_data(as_text=True)
    cards = dict(re.findall(r'<section class="card narrow organizer-card">\s*<h2>([^<]+)</h2>'
                            r'(.*?)</section>', html, re.S))
    # Her branch has no organizer: the ward's, with her phone; Thôn Đông has its own.
    assert "Lê Thị Hồng" in cards["Chi hội Tổ dân phố 1"]
    assert 'href="tel:0243000111"' in cards["Chi hội Tổ dân phố 1"]
    assert "Phường Hoàn Kiếm" in cards["Chi hội Tổ dân phố 1"]
    assert "Phạm Thị Sơn" in cards["Chi hội Thôn Đông"]
    assert "Lê Thị Hồng" not in cards["Chi hội Thôn Đông"]
    empty = client.get("/password/organizers?q=khong-ton-tai").get_data(as_text=True)
    assert "organizer-card" not in empty


def test_the_forgot_page_offers_the_organizer_search(client):
    html = client.get("/password/forgot").get_data(as_text=True)
    assert 'action="/password/organizers"' in html
    assert csrf_token_from(html)
