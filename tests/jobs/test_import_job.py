"""The cadre import from the web page runs as a job on the queue, with a page that follows it."""

import io
import os

import pytest
from sqlalchemy import func, select

from lms.extensions import db, task_queue
from lms.jobs.models import Job
from lms.org.models import Cadre
from tests.conftest import login, logout, post_form
from tests.factories import make_user
from tests.jobs.conftest import run_next
from tests.org.test_imports import HEADER, cadre_row, csv_bytes

CADRES_URL = "/org/import/cadres"


@pytest.fixture
def organizer_a(client, org):
    make_user("org_a", role="organizer", unit=org.ward_a)
    login(client, "org_a")
    return client


def upload(client, data, filename="cadres.csv"):
    return post_form(client, CADRES_URL, {"file": (io.BytesIO(data), filename)},
                     content_type="multipart/form-data")


def cadre_count():
    return db.session.scalar(select(func.count(Cadre.id)))


def test_the_file_is_stored_queued_and_imported_by_a_worker(app, organizer_a, queue):
    response = upload(organizer_a, csv_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2")]))
    progress = response.headers["Location"]
    (job,) = db.session.scalars(select(Job)).all()
    assert progress.endswith(f"/org/import/jobs/{job.id}")
    assert (job.kind, job.status, job.params["filename"]) == ("import_cadres", "pending",
                                                              "cadres.csv")
    assert os.path.dirname(job.params["path"]) == app.config["JOB_FILES_FOLDER"]
    assert os.path.exists(job.params["path"]) and cadre_count() == 0

    waiting = organizer_a.get(progress).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "Đang chờ nhập" in waiting

    run_next(queue)
    assert cadre_count() == 2
    done = organizer_a.get(progress, follow_redirects=True)
    assert done.request.path == "/org/cadres"
    assert "Đã nhập: 2 mới" in done.get_data(as_text=True)


def test_row_problems_are_shown_on_the_import_page_once_the_job_ran(organizer_a, queue):
    response = upload(organizer_a, csv_bytes([HEADER, cadre_row("CB1"),
                                              cadre_row("CB2", unit_code="W-B")]))
    run_next(queue)
    page = organizer_a.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="stack import-errors"' in page and "W-B" in page and "cadres.csv" in page
    assert 'name="file"' in page  # the form, to import the corrected file
    assert cadre_count() == 0


def test_only_who_asked_follows_the_import(organizer_a, org, queue):
    response = upload(organizer_a, csv_bytes([HEADER, cadre_row("CB1")]))
    make_user("org_b", role="organizer", unit=org.ward_b)
    logout(organizer_a)
    login(organizer_a, "org_b")
    assert organizer_a.get(response.headers["Location"]).status_code == 404


def test_when_the_queue_is_down_the_page_says_so_and_nothing_is_imported(app, organizer_a):
    task_queue.configure("redis://127.0.0.1:9/0")
    try:
        response = upload(organizer_a, csv_bytes([HEADER, cadre_row("CB1")]))
    finally:
        task_queue.init_app(app)
    assert response.status_code == 200
    assert "Không xếp được công việc vào hàng đợi" in response.get_data(as_text=True)
    (job,) = db.session.scalars(select(Job)).all()
    assert job.status == "failed" and cadre_count() == 0
