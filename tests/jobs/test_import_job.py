"""The cadre import from the web page runs as a job on the queue, with a page that follows it."""

import io
import os

from sqlalchemy import func, select

from lms.extensions import db, task_queue
from lms.jobs.models import Job
from lms.notifications.models import Notification
from lms.org.models import Unit
from lms.training.models import Attendance, TrainingSession
from tests.conftest import login, logout, post_form
from tests.factories import make_cadre, make_user
from tests.jobs.conftest import run_next
from tests.org.test_import_views import CADRES_URL, cadre_count, upload
from tests.org.test_imports import HEADER, UNIT_HEADER, cadre_row, csv_bytes
from tests.training.test_imports import HEADER as ATTENDANCE_HEADER
from tests.training.test_imports import row


def upload_cadres(client, data):
    return upload(client, CADRES_URL, data, "cadres.csv")


def test_the_file_is_stored_queued_and_imported_by_a_worker(app, organizer_a, queue):
    response = upload_cadres(organizer_a, csv_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2")]))
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


def test_the_bell_says_the_import_finished_and_links_to_its_page(organizer_a, queue):
    response = upload_cadres(organizer_a, csv_bytes([HEADER, cadre_row("CB1")]))
    run_next(queue)
    (notice,) = db.session.scalars(select(Notification)).all()
    assert notice.kind == "job_done" and notice.link == response.headers["Location"]
    assert notice.subject == "Đã nhập xong: cadres.csv"
    # The job's own page sends her to the import's.
    job_page = organizer_a.get(f"/jobs/{notice.dedupe_key.removeprefix('job:')}")
    assert job_page.status_code == 302 and job_page.headers["Location"] == notice.link


def test_row_problems_are_shown_on_the_import_page_once_the_job_ran(organizer_a, queue):
    response = upload_cadres(organizer_a, csv_bytes([HEADER, cadre_row("CB1"),
                                              cadre_row("CB2", unit_code="W-B")]))
    run_next(queue)
    page = organizer_a.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="stack import-errors"' in page and "W-B" in page and "cadres.csv" in page
    assert 'name="file"' in page  # the form, to import the corrected file
    assert cadre_count() == 0


def test_only_who_asked_follows_the_import(organizer_a, org, queue):
    response = upload_cadres(organizer_a, csv_bytes([HEADER, cadre_row("CB1")]))
    make_user("org_b", role="organizer", unit=org.ward_b)
    logout(organizer_a)
    login(organizer_a, "org_b")
    assert organizer_a.get(response.headers["Location"]).status_code == 404


def test_when_the_queue_is_down_the_page_says_so_and_nothing_is_imported(app, organizer_a):
    task_queue.configure("redis://127.0.0.1:9/0")
    try:
        response = upload_cadres(organizer_a, csv_bytes([HEADER, cadre_row("CB1")]))
    finally:
        task_queue.init_app(app)
    assert response.status_code == 200
    assert "Không xếp được công việc vào hàng đợi" in response.get_data(as_text=True)
    (job,) = db.session.scalars(select(Job)).all()
    assert job.status == "failed" and cadre_count() == 0


def test_a_unit_file_is_queued_and_imported_by_a_worker(organizer_a, queue):
    data = csv_bytes([UNIT_HEADER, ["B-A2", "Chi hội Tổ dân phố 2", "W-A", "Chi hội"]])
    response = post_form(organizer_a, "/org/import/units",
                         {"file": (io.BytesIO(data), "units.csv")},
                         content_type="multipart/form-data")
    progress = response.headers["Location"]
    (job,) = db.session.scalars(select(Job)).all()
    assert progress.endswith(f"/org/import/jobs/{job.id}") and job.kind == "import_units"
    assert "Đang chờ nhập" in organizer_a.get(progress).get_data(as_text=True)
    run_next(queue)
    done = organizer_a.get(progress, follow_redirects=True)
    assert done.request.path == "/org/units"
    assert "Đã nhập: 1 mới" in done.get_data(as_text=True)
    assert db.session.scalar(select(Unit).where(Unit.code == "B-A2")) is not None


def upload_attendance(client, data):
    return post_form(client, "/training/import", {"file": (io.BytesIO(data), "tap-huan.csv")},
                     content_type="multipart/form-data")


def test_an_attendance_file_is_queued_and_imported_by_a_worker(organizer_a, org, queue):
    make_cadre(org.ward_a, code="A1")
    response = upload_attendance(organizer_a, csv_bytes([ATTENDANCE_HEADER, row("A1")]))
    progress = response.headers["Location"]
    (job,) = db.session.scalars(select(Job)).all()
    assert progress.endswith(f"/training/import/jobs/{job.id}")
    assert job.kind == "import_attendance"
    waiting = organizer_a.get(progress).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "Đang chờ nhập" in waiting
    assert db.session.scalar(select(func.count(Attendance.id))) == 0
    run_next(queue)
    done = organizer_a.get(progress, follow_redirects=True)
    assert done.request.path == "/training"
    assert "Đã nhập: 1 buổi mới" in done.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Attendance.id))) == 1


def test_attendance_row_problems_are_shown_on_the_training_import_page(organizer_a, org,
                                                                         queue):
    make_cadre(org.ward_b, code="B1")
    response = upload_attendance(organizer_a, csv_bytes([ATTENDANCE_HEADER, row("B1")]))
    run_next(queue)
    page = organizer_a.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="stack import-errors"' in page and "tap-huan.csv" in page
    assert "Mã cán bộ" in page and 'name="file"' in page
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 0


def test_an_attendance_job_is_not_followed_on_the_cadre_page(organizer_a, org, queue):
    make_cadre(org.ward_a, code="A1")
    response = upload_attendance(organizer_a, csv_bytes([ATTENDANCE_HEADER, row("A1")]))
    job_id = response.headers["Location"].rsplit("/", 1)[1]
    assert organizer_a.get(f"/org/import/jobs/{job_id}").status_code == 404
