"""Bearer tokens: only the hash is stored; missing, wrong and revoked tokens answer 401."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.api.auth import create_token, hash_token, revoke_token, touch_token
from lms.api.models import ApiToken
from lms.extensions import db
from tests.api.helpers import bearer, make_world
from tests.factories import make_user

URL = "/api/v1/units/W-A/indicators?year=2024"


@pytest.fixture
def world(app_ctx):
    return make_world()


def token_row(token):
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))


def assert_401(response):
    assert response.status_code == 401
    assert response.is_json and response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_only_the_sha256_of_a_token_is_stored(world):
    row = token_row(world.token)
    assert row.user_id == world.organizer.id and row.name == "test"
    assert len(row.token_hash) == 64 and world.token not in row.token_hash
    assert len(world.token) >= 40


def test_no_token_answers_401(client, world):
    assert_401(client.get(URL))


@pytest.mark.parametrize("header", ["Bearer", "Bearer wrong-token", "Basic abc", "Token x"])
def test_a_malformed_or_wrong_token_answers_401(client, world, header):
    assert_401(client.get(URL, headers={"Authorization": header}))


def test_a_revoked_token_answers_401(client, world):
    assert client.get(URL, headers=bearer(world.token)).status_code == 200
    revoke_token(token_row(world.token), world.organizer)
    db.session.commit()
    assert_401(client.get(URL, headers=bearer(world.token)))


def test_a_disabled_account_s_token_answers_401(client, world):
    world.organizer.is_active_account = False
    db.session.commit()
    assert_401(client.get(URL, headers=bearer(world.token)))


def test_a_token_of_an_account_without_organizer_role_answers_403(client, world):
    trainer = make_user("teacher", role="trainer")
    token = create_token(trainer)
    db.session.commit()
    response = client.get(URL, headers=bearer(token))
    assert response.status_code == 403 and response.is_json


def test_the_token_sets_no_session_cookie(client, world):
    response = client.get(URL, headers=bearer(world.token))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_last_used_is_written_at_most_once_a_minute(client, world):
    row = token_row(world.token)
    assert row.last_used_at is None
    client.get(URL, headers=bearer(world.token))
    first = token_row(world.token).last_used_at
    assert first is not None
    client.get(URL, headers=bearer(world.token))
    assert token_row(world.token).last_used_at == first
    # A minute later the next call moves it on.
    token_row(world.token).last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get(URL, headers=bearer(world.token))
    assert token_row(world.token).last_used_at > first - timedelta(minutes=2)


def test_two_tokens_of_one_user_are_different(world):
    assert create_token(world.organizer) != create_token(world.organizer)


def test_a_session_cookie_never_stands_in_for_a_token(client, world):
    # The API has no CSRF protection: a signed-in browser without a token must get nothing.
    from tests.conftest import login

    login(client, "org_a")
    assert client.get("/").status_code == 200
    response = client.get(URL)
    assert response.status_code == 401
    assert client.get(URL, headers=bearer(world.token)).status_code == 200


def test_making_or_revoking_a_token_is_left_for_the_caller_to_commit(world):
    token = create_token(world.organizer)
    db.session.rollback()
    assert token_row(token) is None
    revoke_token(token_row(world.token), world.organizer)
    db.session.rollback()
    assert token_row(world.token).revoked_at is None


def test_recording_a_token_s_use_commits_nothing_else(world):
    # It runs in the request loader: the request's own pending work must not be committed.
    row = token_row(world.token)
    world.organizer.display_name = "changed by the request"
    touch_token(row)
    db.session.rollback()
    assert token_row(world.token).last_used_at is not None
    assert world.organizer.display_name == "org_a"
