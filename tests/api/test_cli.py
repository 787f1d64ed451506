"""`flask create-token USERNAME`."""

from sqlalchemy import func, select

from lms.api.models import ApiToken
from lms.extensions import db
from tests.api.helpers import bearer
from tests.factories import make_org, make_user


def test_create_token_prints_a_working_token_on_its_last_line(app, client):
    org = make_org()
    make_user("org_a", role="organizer", unit=org.ward_a)
    result = app.test_cli_runner().invoke(args=["create-token", "org_a", "--name", "excel"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) >= 2
    token = lines[-1]
    assert " " not in token and len(token) >= 40
    db.session.rollback()
    row = db.session.scalar(select(ApiToken))
    assert row.name == "excel" and token not in row.token_hash
    response = client.get("/api/v1/units/W-A/indicators?year=2024", headers=bearer(token))
    assert response.status_code == 200


def test_create_token_for_an_unknown_user_fails_on_stderr(app, app_ctx):
    result = app.test_cli_runner().invoke(args=["create-token", "nobody"])
    assert result.exit_code != 0
    assert "nobody" in result.stderr and result.stdout == ""
    db.session.rollback()
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_create_token_warns_when_the_account_cannot_use_the_api(app, app_ctx):
    make_user("teacher", role="trainer")
    result = app.test_cli_runner().invoke(args=["create-token", "teacher"])
    assert result.exit_code == 0
    assert result.stderr
    assert len(result.stdout.strip().splitlines()[-1]) >= 40
