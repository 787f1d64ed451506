"""Redis down (rate limits, task queue and cache all on a port where nothing listens): sign-in,
first sign-in, password reset and certificate checks answer their pages, never a 500; the
limits are counted in memory and the log says so; work for the queue is kept, and the user
told to try again."""

import io
import logging

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.jobs.models import Job
from tests.conftest import csrf_token_from, login
from tests.factories import make_cadre, make_user
from tests.learning.cert_helpers import make_certificate
from tests.org.test_imports import HEADER, cadre_row, csv_bytes
from tests.servers import UNREACHABLE_REDIS, another_server


@pytest.fixture
def server(app, app_ctx, tmp_path):
    with another_server(app, tmp_path, RATELIMIT_STORAGE_URI=UNREACHABLE_REDIS,
                        CACHE_URL=UNREACHABLE_REDIS, TASK_QUEUE_URL=UNREACHABLE_REDIS,
                        TASK_QUEUE_IMMEDIATE=False, LANGUAGES=("en",),
                        BABEL_DEFAULT_LOCALE="en") as server:
        yield server


def test_sign_in_works_and_the_log_says_limits_are_counted_in_memory(server, org, caplog):
    make_user("hoa", cadre=make_cadre(org.branch_a1))
    with caplog.at_level(logging.WARNING, logger="flask-limiter"):
        assert login(server.test_client(), "hoa").status_code == 302
    assert "falling back to in-memory storage" in caplog.text


def test_failed_sign_ins_are_still_limited_in_memory(server, org, app):
    make_user("hoa", cadre=make_cadre(org.branch_a1))
    browser = server.test_client()
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    assert [login(browser, "hoa", "wrong").status_code for _ in range(limit)] == [200] * limit
    assert login(browser, "hoa").status_code == 429


def test_first_sign_in_and_reset_pages_answer(server, org):
    make_user("hoa", cadre=make_cadre(org.branch_a1, code="CB-HOA"))
    browser = server.test_client()
    token = csrf_token_from(browser.get("/activate").get_data(as_text=True))
    response = browser.post("/activate", data={
        "login": "CB-HOA", "one_time_code": "WRONG123", "new_password": "new-password-1",
        "confirm_password": "new-password-1", "csrf_token": token})
    assert response.status_code == 200
    assert browser.get("/password/organizers?q=ward").status_code == 200
    # The reset link goes out through the queue, which is down: she is told, not failed.
    token = csrf_token_from(browser.get("/password/forgot").get_data(as_text=True))
    response = browser.post("/password/forgot", data={"login": "hoa", "csrf_token": token},
                            follow_redirects=True)
    assert response.status_code == 200
    assert "could not be sent just now" in response.get_data(as_text=True)


def test_certificates_are_verified(server, org):
    certificate = make_certificate(org.branch_a1)
    browser = server.test_client()
    assert browser.get(f"/verify/{certificate.code}").status_code == 200
    assert browser.get("/verify/HN-AAAA-BBBB-CCCC").status_code == 404


def test_an_import_the_queue_cannot_take_is_kept_to_be_run_again(server, org):
    make_user("org_a", role="organizer", unit=org.ward_a)
    browser = server.test_client()
    assert login(browser, "org_a").status_code == 302
    token = csrf_token_from(browser.get("/org/import/cadres").get_data(as_text=True))
    data = csv_bytes([HEADER, cadre_row()])
    response = browser.post("/org/import/cadres", data={
        "file": (io.BytesIO(data), "cadres.csv"), "csrf_token": token},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "the queue is unreachable" in response.get_data(as_text=True)
    # The job is recorded as failed, with her file, for an administrator to run again.
    job = db.session.scalars(select(Job)).one()
    assert job.status == "failed" and "Connection refused" in job.error
    with open(job.params["path"], "rb") as kept:
        assert kept.read() == data

