"""The API tokens page: organizers and admins make and revoke their own tokens; admins review
and revoke any account's."""

import re

import pytest

from tests.api.helpers import bearer
from tests.conftest import csrf_token_from, login, logout, post_form
from tests.factories import make_org, make_user

PAGE = "/account/tokens/"
API = "/api/v1/units/W-A/indicators?year=2024"


@pytest.fixture
def organizer(app_ctx):
    org = make_org()
    return make_user("org_a", role="organizer", unit=org.ward_a)


def shown_token(html):
    match = re.search(r'id="new-token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else None


def test_making_a_token_shows_it_once_and_it_works(client, organizer):
    login(client, "org_a")
    response = post_form(client, PAGE, {"name": "Báo cáo Excel"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    token = shown_token(html)
    assert token and len(token) >= 40
    assert "Báo cáo Excel" in html
    assert client.get(API, headers=bearer(token)).status_code == 200
    # Never again: the list shows the name, not the token.
    again = client.get(PAGE).get_data(as_text=True)
    assert token not in again and shown_token(again) is None and "Báo cáo Excel" in again


def test_revoking_a_token_makes_it_answer_401(client, organizer):
    login(client, "org_a")
    token = shown_token(post_form(client, PAGE, {"name": "x"}).get_data(as_text=True))
    page = client.get(PAGE).get_data(as_text=True)
    action = re.search(r'action="(/account/tokens/\d+/revoke)"', page).group(1)
    response = client.post(action, data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert client.get(API, headers=bearer(token)).status_code == 401
    assert 'action="/account/tokens/' not in client.get(PAGE).get_data(as_text=True)


def test_the_forms_need_a_csrf_token(client, organizer):
    login(client, "org_a")
    assert client.post(PAGE, data={"name": "x"}).status_code == 400
    token = shown_token(post_form(client, PAGE, {"name": "x"}).get_data(as_text=True))
    page = client.get(PAGE).get_data(as_text=True)
    action = re.search(r'action="(/account/tokens/\d+/revoke)"', page).group(1)
    assert client.post(action).status_code == 400
    assert client.get(API, headers=bearer(token)).status_code == 200


def test_nobody_revokes_someone_else_s_token(client, organizer):
    make_user("boss", role="admin")
    login(client, "org_a")
    post_form(client, PAGE, {"name": "x"})
    page = client.get(PAGE).get_data(as_text=True)
    action = re.search(r'action="(/account/tokens/\d+/revoke)"', page).group(1)
    client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    login(client, "boss")
    own = client.get(PAGE).get_data(as_text=True)
    assert client.post(action, data={"csrf_token": csrf_token_from(own)}).status_code == 404


def test_the_page_is_for_organizers_and_admins_only(client, organizer):
    make_user("teacher", role="trainer")
    login(client, "teacher")
    assert client.get(PAGE).status_code == 403
    assert 'href="/account/tokens/"' not in client.get("/").get_data(as_text=True)


def test_the_nav_links_organizers_to_the_page(client, organizer):
    login(client, "org_a")
    assert 'href="/account/tokens/"' in client.get("/").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(client, app_ctx):
    assert client.get(PAGE).status_code == 302


def test_an_admin_reviews_and_revokes_any_account_s_token(client, organizer):
    from sqlalchemy import select

    from lms.core.models import AuditLog
    from lms.extensions import db

    boss = make_user("boss", role="admin")
    login(client, "org_a")
    token = shown_token(post_form(client, PAGE, {"name": "Máy chủ báo cáo"}).get_data(as_text=True))
    logout(client)
    login(client, "boss")
    assert 'href="/account/tokens/all"' in client.get(PAGE).get_data(as_text=True)
    review = client.get("/account/tokens/all").get_data(as_text=True)
    assert "Máy chủ báo cáo" in review and "org_a" in review
    action = re.search(r'action="(/account/tokens/all/\d+/revoke)"', review).group(1)
    response = client.post(action, data={"csrf_token": csrf_token_from(review)})
    assert response.status_code == 302
    assert client.get(API, headers=bearer(token)).status_code == 401
    assert "Máy chủ báo cáo" not in client.get("/account/tokens/all").get_data(as_text=True)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "api_token.revoke"))
    assert entry.actor_id == boss.id


def test_only_admins_review_other_accounts_tokens(client, organizer):
    login(client, "org_a")
    post_form(client, PAGE, {"name": "x"})
    page = client.get(PAGE).get_data(as_text=True)
    own = re.search(r'action="/account/tokens/(\d+)/revoke"', page).group(1)
    assert 'href="/account/tokens/all"' not in page
    assert client.get("/account/tokens/all").status_code == 403
    response = client.post(f"/account/tokens/all/{own}/revoke",
                           data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 403
