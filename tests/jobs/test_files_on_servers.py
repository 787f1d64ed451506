"""The files of jobs with LMS_FILE_STORAGE=database: an export written by a queue worker on
one machine is downloaded from a web server on another, an upload to import is read by a worker
that never saw it, and both go from the database a day later."""

import io
import os
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from lms import tasks
from lms.core.clock import utcnow
from lms.core.models import StoredFileChunk
from lms.extensions import db, task_queue
from lms.jobs.models import Job
from lms.org.models import Cadre
from tests.conftest import csrf_token_from, login
from tests.factories import make_cadre, make_user
from tests.org.test_imports import HEADER, cadre_row, csv_bytes
from tests.servers import another_server

MISSING = "/reports/units/{unit}/missing/annual_training.xlsx?year=2024"


@pytest.fixture
def machines(app, app_ctx, tmp_path):
    """A web server and a queue worker on other machines: folders of their own, one database
    and one queue between them."""
    shared = {"FILE_STORAGE": "database", "TASK_QUEUE_IMMEDIATE": False,
              "TASK_QUEUE_URL": f"sqlite:///{tmp_path}/queue.sqlite3"}
    with another_server(app, tmp_path / "web", **shared) as web, \
            another_server(app, tmp_path / "worker", **shared) as worker:
        yield web, worker


def work_on(worker):
    """What `flask worker` on the worker machine does with the next task."""
    task_queue.init_app(worker)
    task = task_queue.dequeue()
    assert task is not None, "nothing was queued"
    task_queue.execute(task)


def organizer(web, org):
    make_user("org_a", role="organizer", unit=org.ward_a)
    browser = web.test_client()
    assert login(browser, "org_a").status_code == 302
    return browser


def test_an_export_written_by_the_worker_is_downloaded_from_the_web_server(
        machines, org, monkeypatch):
    web, worker = machines
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 1)
    for n in range(3):
        make_cadre(org.branch_a1, full_name=f"Nguyễn Thị {n}")
    browser = organizer(web, org)
    task_queue.init_app(web)
    response = browser.get(MISSING.format(unit=org.ward_a.id))
    assert response.status_code == 303
    work_on(worker)
    job = db.session.scalars(select(Job)).one()
    assert job.status == "done"
    assert os.listdir(worker.config["JOB_FILES_FOLDER"]) == [job.result["file"]]
    assert not os.path.exists(web.config["JOB_FILES_FOLDER"])
    page = browser.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f'href="/jobs/{job.id}/file"' in page
    download = browser.get(f"/jobs/{job.id}/file")
    assert download.status_code == 200
    assert download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["Content-Disposition"].startswith("attachment; filename=")
    with open(os.path.join(worker.config["JOB_FILES_FOLDER"], job.result["file"]), "rb") as f:
        assert download.data == f.read()
    assert load_workbook(io.BytesIO(download.data)).active.max_row == 2 + 3
    # Streamed from the database: nothing piles up in the web server's folder.
    assert not os.path.exists(web.config["JOB_FILES_FOLDER"])


def test_an_upload_to_import_is_read_by_a_worker_that_never_saw_it(machines, org):
    web, worker = machines
    browser = organizer(web, org)
    task_queue.init_app(web)
    token = csrf_token_from(browser.get("/org/import/cadres").get_data(as_text=True))
    data = csv_bytes([HEADER, cadre_row(code="CB-MOI")])
    response = browser.post("/org/import/cadres", data={
        "file": (io.BytesIO(data), "cadres.csv"), "csrf_token": token},
        content_type="multipart/form-data")
    assert response.status_code == 302
    work_on(worker)
    job = db.session.scalars(select(Job)).one()
    assert job.status == "done", job.error
    assert db.session.scalars(select(Cadre.code).where(Cadre.code == "CB-MOI")).all() == [
        "CB-MOI"]
    # The worker read a copy, and did not keep it.
    assert os.listdir(worker.config["JOB_FILES_FOLDER"]) == []


def test_files_stored_more_than_a_day_ago_are_purged_from_the_database(machines, org):
    web, worker = machines
    with worker.app_context():
        with tasks.writing_job_file("old", "csv") as path, open(path, "w") as file:
            file.write("old")
        with tasks.writing_job_file("new", "csv") as path, open(path, "w") as file:
            file.write("new")
        db.session.execute(update(StoredFileChunk).where(StoredFileChunk.name == "job-old.csv")
                           .values(created_at=utcnow() - timedelta(days=1, minutes=1)))
        db.session.commit()
        task_queue.init_app(worker)
        tasks.PERIODIC["purge_expired_files"].call_local()
    assert db.session.scalars(select(StoredFileChunk.name)).all() == ["job-new.csv"]
    run = db.session.scalars(select(Job)).one()
    assert run.result["deleted_stored"] == 1
