"""The page of a job for whoever asked for it (/jobs/<id>, its status and its file), the
notice that it finished, progress committed apart from the job's work, and the purge of
old job records."""

import os
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from lms import tasks
from lms.auth.models import User
from lms.core.clock import utcnow
from lms.extensions import db
from lms.jobs.files import file_result, job_file_path
from lms.jobs.models import Job
from lms.jobs.services import finish_job, purge_old_jobs, record_job, start_job
from lms.notifications.models import Notification
from lms.org.models import Unit
from tests.conftest import login, logout
from tests.factories import make_user
from tests.jobs.conftest import run_next, run_scheduled
from tests.jobs.test_queue import write_line  # noqa: F401  (registers the test task)
from tests.learning.helpers import make_learner


def _org_a_user():
    return db.session.scalar(select(User).where(User.username == "org_a"))


def _done_export(user, app, unit=None, content=b"a,b\r\n"):
    """A finished export job of `user` whose file is on disk."""
    params = {"title": "Danh sách còn thiếu: thử", "again_url": "/reports/again.csv"}
    if unit is not None:
        params["unit_id"] = unit.id
    job = record_job("export_missing", params, user)
    with app.app_context():
        path = job_file_path(job.id, "csv")
    with open(path, "wb") as file:
        file.write(content)
    finish_job(job.id, file_result(job.id, "csv", "con-thieu-W-A-2024.csv",
                                   "text/csv; charset=utf-8", rows=1))
    db.session.commit()
    return job, path


def test_the_requester_follows_her_job_and_downloads_its_file(app, organizer_a, org):
    job, _path = _done_export(_org_a_user(), app, org.ward_a)
    page = organizer_a.get(f"/jobs/{job.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Danh sách còn thiếu: thử" in html and "Tệp đã sẵn sàng." in html
    assert f'href="/jobs/{job.id}/file"' in html and "job-download" in html
    assert 'http-equiv="refresh"' not in html  # nothing left to wait for

    status = organizer_a.get(f"/jobs/{job.id}/status").get_json()
    assert status == {"status": "done", "progress": 100, "message": "",
                      "file_url": f"/jobs/{job.id}/file", "next_url": None}

    download = organizer_a.get(f"/jobs/{job.id}/file")
    assert download.status_code == 200 and download.data == b"a,b\r\n"
    assert download.mimetype == "text/csv"
    assert "filename=con-thieu-W-A-2024.csv" in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "private, no-store"
    download.close()


@pytest.fixture
def done_job(app, organizer_a, org):
    """A finished export of org_a (ward A) with its file."""
    return _done_export(_org_a_user(), app, org.ward_a)[0]


@pytest.mark.parametrize("who", ["another_organizer", "city_organizer", "admin", "cadre"])
def test_nobody_else_sees_the_job_its_status_or_its_file(organizer_a, org, done_job, who):
    if who == "cadre":
        make_learner(org.ward_a, username=who)
    else:
        make_user(who, role="admin" if who == "admin" else "organizer",
                  unit={"another_organizer": org.ward_b, "city_organizer": org.city}.get(who))
    logout(organizer_a)
    login(organizer_a, who)
    for url in (f"/jobs/{done_job.id}", f"/jobs/{done_job.id}/status",
                f"/jobs/{done_job.id}/file"):
        assert organizer_a.get(url).status_code == 404, url


def test_signed_out_the_job_page_asks_to_sign_in(organizer_a, done_job):
    logout(organizer_a)
    response = organizer_a.get(f"/jobs/{done_job.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert organizer_a.get(f"/jobs/{done_job.id}/file").status_code == 302


def test_an_unknown_job_is_404(organizer_a):
    assert organizer_a.get("/jobs/not-a-job").status_code == 404


def test_a_unit_job_is_404_once_the_unit_left_her_scope(organizer_a, org, done_job):
    # Her organizer role now covers ward B only.
    user = _org_a_user()
    user.roles[0].unit_id = org.ward_b.id
    db.session.commit()
    assert organizer_a.get(f"/jobs/{done_job.id}/file").status_code == 404


def test_once_the_file_is_purged_the_page_says_so_and_offers_to_make_it_again(
        app, organizer_a, done_job):
    with app.app_context():
        os.remove(job_file_path(done_job.id, "csv"))
    html = organizer_a.get(f"/jobs/{done_job.id}").get_data(as_text=True)
    assert "Tệp đã được xóa sau một ngày kể từ khi tạo." in html
    assert 'href="/reports/again.csv"' in html and "Tạo lại tệp" in html
    assert "job-download" not in html
    assert organizer_a.get(f"/jobs/{done_job.id}/file").status_code == 404
    assert organizer_a.get(f"/jobs/{done_job.id}/status").get_json()["file_url"] is None


def test_a_waiting_or_running_job_refreshes_its_page_and_shows_how_far_it_got(
        organizer_a, org):
    job = record_job("export_missing", {"title": "Danh sách", "unit_id": org.ward_a.id},
                     _org_a_user())
    db.session.commit()
    waiting = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh" content="2"' in waiting and "Đang chờ bắt đầu" in waiting
    start_job(job.id)
    db.session.commit()
    tasks.record_progress(job.id, 2000, 9000, "2000 trên 9000 dòng")
    running = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in running and "2000 trên 9000 dòng" in running
    assert '<progress max="100" value="22">' in running
    assert organizer_a.get(f"/jobs/{job.id}/status").get_json() == {
        "status": "running", "progress": 22, "message": "2000 trên 9000 dòng",
        "file_url": None, "next_url": None}


def test_a_failed_job_says_so_and_offers_to_try_again(organizer_a, org):
    job = record_job("export_missing", {"title": "Danh sách", "again_url": "/again"},
                     _org_a_user())
    tasks.jobs.record_failure(job.id, "RuntimeError: disk full", final=True)
    db.session.commit()
    html = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Chưa hoàn thành được việc này" in html and 'href="/again"' in html
    assert "disk full" not in html  # the error is for the admin's queue page


def test_progress_commits_apart_from_the_work_of_the_job(app_ctx, org):
    job_id, ward_id = record_job("export_missing", {}).id, org.ward_a.id
    db.session.commit()
    start_job(job_id)
    db.session.commit()
    # The job's own session holds work of its own, which the progress must not commit.
    db.session.add(Unit(code="UNCOMMITTED", name="x", kind="branch", parent_id=ward_id))
    tasks.record_progress(job_id, 50, 200, "50 trên 200 dòng")
    with db.engine.connect() as other:
        seen = other.execute(text("SELECT progress, message FROM job WHERE id = :id"),
                             {"id": job_id}).one()
    assert tuple(seen) == (25, "50 trên 200 dòng")
    db.session.rollback()
    assert db.session.scalar(select(Unit).where(Unit.code == "UNCOMMITTED")) is None


def _notices(user_id=None):
    query = select(Notification).where(Notification.kind == "job_done")
    if user_id is not None:
        query = query.where(Notification.user_id == user_id)
    return db.session.scalars(query).all()


def test_the_requester_is_told_when_her_job_finished_in_its_transaction(queue, org, tmp_path):
    _cadre, user = make_learner(org.ward_a)
    job = tasks.enqueue("test_write_line", {"log": str(tmp_path / "log.txt")}, user)
    db.session.get(Job, job.id).params = {**job.params, "title": "Danh sách còn thiếu"}
    db.session.commit()
    assert _notices() == []
    run_next(queue)
    (notice,) = _notices(user.id)
    assert (notice.dedupe_key, notice.link) == (f"job:{job.id}", f"/jobs/{job.id}")
    assert notice.subject == "Đã xong: Danh sách còn thiếu"
    done = db.session.get(Job, job.id)
    # Written with the job's finish, in its transaction.
    assert done.status == "done"
    assert abs(notice.created_at - done.finished_at) < timedelta(seconds=5)


def test_a_job_whose_notice_cannot_be_written_is_not_recorded_done(queue, org, tmp_path,
                                                                   monkeypatch):
    _cadre, user = make_learner(org.ward_a)

    def broken(job, at):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(tasks.notifications, "notify_job_finished", broken)
    job = tasks.enqueue("test_write_line", {"log": str(tmp_path / "log.txt")}, user)
    run_next(queue)
    db.session.expire_all()
    # The finish rolled back with the notice: the job waits for its retry.
    again = db.session.get(Job, job.id)
    assert (again.status, again.result) == ("pending", None)
    assert "outbox unavailable" in again.error


def test_a_file_job_says_the_file_is_ready(app_ctx, org):
    _cadre, user = make_learner(org.ward_a)
    job = record_job("export_missing", {"title": "Danh sách còn thiếu: Phường A"}, user)
    start_job(job.id)
    tasks._finish(job.id, file_result(job.id, "xlsx", "x.xlsx", "application/x"))
    db.session.commit()
    (notice,) = _notices(user.id)
    assert notice.subject == "Tệp đã sẵn sàng: Danh sách còn thiếu: Phường A"
    assert "được giữ trong một ngày" in notice.body


def test_no_notice_when_the_job_fails_nor_for_jobs_nobody_asked_for(queue, org, tmp_path):
    _cadre, user = make_learner(org.ward_a)
    failing = tasks.enqueue("test_write_line", {"log": str(tmp_path / "log.txt"),
                                                "fail_times": 9}, user)
    run_next(queue)
    for _retry in range(tasks.RETRIES):
        run_scheduled(queue)
    db.session.expire_all()
    assert db.session.get(Job, failing.id).status == "failed"
    tasks.enqueue("test_write_line", {"log": str(tmp_path / "log.txt")})
    run_next(queue)
    assert _notices() == []


def test_old_job_records_are_purged_and_recent_or_unfinished_ones_kept(app_ctx, org):
    now = datetime(2026, 12, 1, 3, 0)
    user = make_user("someone")

    def job(age_days, periodic=False, status="done", finished=True):
        record = record_job("test_write_line", {}, None if periodic else user, periodic=periodic)
        record.status = status
        record.created_at = now - timedelta(days=age_days)
        record.finished_at = now - timedelta(days=age_days) if finished else None
        return record.id

    kept = [job(29, periodic=True), job(89), job(89, status="failed"),
            job(200, status="pending", finished=False), job(200, status="running",
                                                            finished=False)]
    job(31, periodic=True)
    job(31, periodic=True, status="failed")
    job(91)
    job(91, status="failed")
    db.session.commit()
    assert purge_old_jobs(now) == 4
    db.session.commit()
    assert sorted(db.session.scalars(select(Job.id))) == sorted(kept)


def test_the_hourly_purge_also_deletes_old_job_records(queue, app_ctx):
    old = record_job("test_write_line", {}, periodic=True)
    old.status, old.created_at = "done", utcnow() - timedelta(days=40)
    db.session.commit()
    queue.execute(tasks.PERIODIC["purge_expired_files"].s())
    (run,) = db.session.scalars(select(Job)).all()
    assert run.kind == "purge_expired_files" and run.result["jobs_deleted"] == 1
    assert db.session.scalar(select(func.count(Job.id))) == 1
