"""The admin's queue page: admins only; counts, failures with their error, retry, periodic."""

import re

import pytest

from lms.extensions import db
from lms.jobs.models import Job
from lms.jobs.services import record_failure, record_job
from tests.conftest import csrf_token_from, login
from tests.factories import make_user
from tests.jobs.conftest import run_next
from tests.jobs.test_queue import write_line  # noqa: F401  (registers the test task)


@pytest.mark.parametrize("role", [None, "organizer", "trainer"])
def test_only_admins_open_the_queue_page(client, org, role):
    make_user("someone", role=role, unit=org.city)
    login(client, "someone")
    assert client.get("/admin/jobs/").status_code == 403
    assert "/admin/jobs" not in client.get("/").get_data(as_text=True)


def test_the_page_counts_jobs_lists_failures_and_periodic_runs(client, app_ctx, tmp_path):
    make_user("boss", role="admin")
    for status in ("pending", "pending", "running", "done"):
        record_job("test_write_line", {}).status = status
    failed = record_job("test_write_line", {"log": str(tmp_path / "log.txt")})
    record_failure(failed.id, "RuntimeError: the printer is on fire", final=True)
    run = record_job("purge_expired_files", {}, periodic=True)
    run.status = "done"
    db.session.commit()

    login(client, "boss")
    page = client.get("/admin/jobs/").get_data(as_text=True)
    assert 'href="/admin/jobs/"' in client.get("/").get_data(as_text=True)
    counts = page[page.index('class="job-counts"'):page.index("</ul>")]
    assert [int(n) for n in re.findall(r"<strong>(\d+)</strong>", counts)] == [
        2, 1, 1]
    assert "RuntimeError: the printer is on fire" in page
    assert f'action="/admin/jobs/{failed.id}/retry"' in page
    # The purge has run; the three notification jobs (reminders, digests, delivery) and the
    # programme certificates' sweep have not.
    assert "Xóa các tệp kết quả quá một ngày" in page and page.count("Chưa chạy") == 4
    assert "Cấp giấy chứng nhận chương trình bồi dưỡng cho cán bộ đã hoàn thành" in page


def test_retry_from_the_page_runs_the_failed_job_again(client, queue, app_ctx, tmp_path):
    make_user("boss", role="admin")
    log = tmp_path / "log.txt"
    failed = record_job("test_write_line", {"log": str(log)})
    record_failure(failed.id, "RuntimeError: broke", final=True)
    db.session.commit()

    login(client, "boss")
    token = csrf_token_from(client.get("/admin/jobs/").get_data(as_text=True))
    response = client.post(f"/admin/jobs/{failed.id}/retry", data={"csrf_token": token},
                           follow_redirects=True)
    assert "Công việc đã được xếp hàng lại." in response.get_data(as_text=True)
    run_next(queue)
    db.session.expire_all()
    done = db.session.get(Job, failed.id)
    assert (done.status, done.error) == ("done", None)
    assert log.read_text().splitlines() == [failed.id]


def test_a_job_that_is_not_failed_cannot_be_retried(client, app_ctx):
    make_user("boss", role="admin")
    job = record_job("test_write_line", {})
    db.session.commit()
    login(client, "boss")
    token = csrf_token_from(client.get("/admin/jobs/").get_data(as_text=True))
    page = client.post(f"/admin/jobs/{job.id}/retry", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "Chỉ có thể chạy lại công việc bị lỗi." in page
    assert db.session.get(Job, job.id).status == "pending"


def test_sign_in_works_while_the_queue_is_down(app, client, app_ctx):
    make_user("boss", role="admin")
    from lms.extensions import task_queue

    task_queue.configure("redis://127.0.0.1:9/0")
    try:
        assert login(client, "boss").status_code == 302
        page = client.get("/admin/jobs/").get_data(as_text=True)
    finally:
        task_queue.init_app(app)
    assert "Không kết nối được hàng đợi" in page
