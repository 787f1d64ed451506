"""Large missing lists, certificate ZIPs and closings are jobs on the queue, small ones are
answered at once: the file written streaming and in full, progress as it goes, the closing
atomic and quiet when the period got closed meanwhile."""

import csv
import io
import os
import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, text

from lms import tasks
from lms.extensions import db, result_cache, task_queue
from lms.jobs.models import Job
from lms.notifications.models import Notification
from lms.org.models import Cadre
from lms.reports.closing import close_period
from lms.reports.exports import missing_rows, missing_table, render
from lms.reports.indicators.aggregation import INDICATORS_CACHE
from lms.reports.indicators.definitions import Period
from tests.conftest import csrf_token_from, post_form
from tests.factories import make_cadre, make_user
from tests.jobs.conftest import run_next, run_scheduled
from tests.learning.cert_helpers import make_certificate, make_course
from tests.reports.helpers import online
from tests.reports.test_closing import stored_counts

MISSING = "/reports/units/{unit}/missing/annual_training.{fmt}?year=2024"


@pytest.fixture
def missing_seven(org):
    """Seven untrained cadres across ward A's subtree, one in ward B."""
    for n, unit in enumerate([org.ward_a, org.branch_a1, org.group_a1a] * 2 + [org.ward_a]):
        make_cadre(unit, full_name=f"Nguyễn Thị {chr(65 + n)}", position="=Tổ trưởng")
    make_cadre(org.ward_b)
    return org


def _jobs():
    db.session.expire_all()
    return db.session.scalars(select(Job)).all()


def _the_job():
    (job,) = _jobs()
    return job


def test_a_short_missing_list_is_answered_at_once(organizer_a, missing_seven):
    response = organizer_a.get(MISSING.format(unit=missing_seven.ward_a.id, fmt="csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert len(list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))) == 2 + 7
    assert _jobs() == []


def test_a_long_missing_list_is_written_by_a_worker_on_a_page_she_may_leave(
        app, organizer_a, missing_seven, queue, monkeypatch):
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 6)
    ward = missing_seven.ward_a
    response = organizer_a.get(MISSING.format(unit=ward.id, fmt="xlsx"))
    job = _the_job()
    assert response.status_code == 303 and response.headers["Location"] == f"/jobs/{job.id}"
    assert (job.kind, job.status, job.params["fmt"], job.params["unit_id"]) == (
        "export_missing", "pending", "xlsx", ward.id)
    waiting = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Danh sách còn thiếu: Được bồi dưỡng trong kỳ, Phường Hoàn Kiếm, kỳ 2024 (XLSX)" \
        in waiting
    assert 'http-equiv="refresh"' in waiting

    run_next(queue)
    done = _the_job()
    assert (done.status, done.result["rows"]) == ("done", 7)
    page = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f'href="/jobs/{job.id}/file"' in page
    download = organizer_a.get(f"/jobs/{job.id}/file")
    assert "filename=con-thieu-annual-training-W-A-2024.xlsx" in \
        download.headers["Content-Disposition"]
    assert download.mimetype.endswith("spreadsheetml.sheet")
    rows = [list(row) for row in load_workbook(io.BytesIO(download.data)).active.iter_rows(
        values_only=True)]
    download.close()
    # Every missing cadre, in the order of the page, with escaped cells.
    expected = [row.code for row in missing_rows(ward.id, "annual_training", Period(2024))]
    assert [row[0] for row in rows[2:]] == expected and len(expected) == 7
    assert {row[4] for row in rows[2:]} == {"'=Tổ trưởng"}
    (notice,) = db.session.scalars(select(Notification)).all()
    assert notice.link == f"/jobs/{job.id}" and notice.subject.startswith(
        "Tệp đã sẵn sàng: Danh sách còn thiếu")


def test_the_list_page_says_when_its_file_will_be_prepared_in_the_background(
        organizer_a, missing_seven, monkeypatch):
    url = f"/reports/units/{missing_seven.ward_a.id}/missing/annual_training?year=2024"
    assert "export-later" not in organizer_a.get(url).get_data(as_text=True)
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 6)
    assert "được chuẩn bị ở chế độ nền" in organizer_a.get(url).get_data(as_text=True)


def test_the_file_of_the_job_is_the_download_she_would_get_at_once(
        app, organizer_a, missing_seven, monkeypatch):
    ward = missing_seven.ward_a
    with app.test_request_context():
        at_once, _mimetype = render(missing_table(ward, "annual_training", Period(2024)), "csv")
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 0)
    # Rows read from the cursor a few at a time: batches end inside the list.
    monkeypatch.setattr(tasks, "MISSING_BATCH", 3)
    response = organizer_a.get(MISSING.format(unit=ward.id, fmt="csv"))
    assert response.status_code == 303  # immediate queue in these tests: already written
    download = organizer_a.get(response.headers["Location"] + "/file")
    assert download.data == at_once
    download.close()
    assert not [name for name in os.listdir(app.config["JOB_FILES_FOLDER"])
                if name.endswith(".part")]


def test_the_export_job_records_progress_as_it_writes(app, organizer_a, missing_seven, queue,
                                                       monkeypatch):
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 0)
    monkeypatch.setattr(tasks, "ROWS_PER_PROGRESS", 2)
    monkeypatch.setattr(tasks, "MISSING_BATCH", 3)
    seen = []
    recorded = tasks.record_progress

    def spy(job_id, done, total, message):
        recorded(job_id, done, total, message)
        # What the page would read now, while the job's own transaction is still open.
        with db.engine.connect() as other:
            seen.append(tuple(other.execute(text(
                "SELECT status, progress, message FROM job WHERE id = :id"),
                {"id": job_id}).one()))

    monkeypatch.setattr(tasks, "record_progress", spy)
    organizer_a.get(MISSING.format(unit=missing_seven.ward_a.id, fmt="csv"))
    run_next(queue)
    assert seen == [("running", 28, "2 trên 7 dòng"), ("running", 57, "4 trên 7 dòng"),
                    ("running", 85, "6 trên 7 dòng")]
    assert (_the_job().status, _the_job().progress) == ("done", 100)


def test_the_dashboard_export_is_always_answered_at_once(organizer_a, missing_seven,
                                                         monkeypatch):
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 0)
    response = organizer_a.get(f"/reports/units/{missing_seven.ward_a.id}/indicators.xlsx"
                               "?year=2024")
    assert response.status_code == 200 and _jobs() == []


def test_when_the_queue_is_down_the_list_page_says_so(app, organizer_a, missing_seven,
                                                      monkeypatch):
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 0)
    task_queue.configure("redis://127.0.0.1:9/0")
    try:
        response = organizer_a.get(MISSING.format(unit=missing_seven.ward_a.id, fmt="csv"),
                                   follow_redirects=True)
    finally:
        task_queue.init_app(app)
    assert response.request.path.endswith("/missing/annual_training")
    assert "Không xếp được công việc vào hàng đợi" in response.get_data(as_text=True)
    assert _the_job().status == "failed"


# ---- certificates -----------------------------------------------------------------------

def test_a_zip_of_more_than_200_certificates_is_written_one_pdf_at_a_time(
        app, org, queue, monkeypatch):
    course = make_course(slug="ky-nang")
    for n in range(205):
        make_certificate(cadre=make_cadre(org.ward_a, code=f"CB{n:03d}"), course=course)
    rendered = []

    def quick_pdf(certificate, unit_name):
        # 205 real PDFs would take ~16 s; the ZIP job is what is tested here.
        rendered.append(certificate.code)
        return f"%PDF {certificate.code}".encode()

    monkeypatch.setattr("lms.learning.certificates.files.render_certificate_pdf", quick_pdf)
    progress = []
    monkeypatch.setattr(tasks, "record_progress",
                        lambda job_id, done, total, message: progress.append(message))
    user = make_user("org_a", role="organizer", unit=org.ward_a)
    job = tasks.queue_certificates_zip(org.ward_a, None, user, title="Giấy chứng nhận",
                                       download_name="chung-nhan-w-a.zip", again_url="/x",
                                       locale="vi")
    run_next(queue)
    done = _the_job()
    assert (done.status, done.result["certificates"]) == ("done", 205)
    path = os.path.join(app.config["JOB_FILES_FOLDER"], done.result["file"])
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert len(names) == len(set(names)) == 205 and len(set(rendered)) == 205
    assert progress[:2] == ["25 trên 205 giấy chứng nhận", "50 trên 205 giấy chứng nhận"]
    assert len(progress) == 8  # every 25
    assert job.id == done.id


def test_a_zip_made_by_a_worker_links_its_certificates_to_the_site(app, organizer_a, org,
                                                                   queue, monkeypatch):
    monkeypatch.setattr("lms.learning.certificates.views.ZIP_AT_ONCE", 1)
    course = make_course(slug="an-toan")
    for code in ("CB-1", "CB-2"):
        make_certificate(cadre=make_cadre(org.branch_a1, code=code), course=course)
    response = organizer_a.get(f"/org/units/{org.ward_a.id}/certificates.zip?year=2026")
    assert response.status_code == 303
    run_next(queue)  # outside any request, as in a worker
    download = organizer_a.get(response.headers["Location"] + "/file")
    assert "chung-nhan-w-a-2026.zip" in download.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        pdfs = [PdfReader(io.BytesIO(archive.read(name))) for name in archive.namelist()]
    download.close()
    assert len(pdfs) == 2
    links = [annot.get_object()["/A"]["/URI"] for annot in pdfs[0].pages[0]["/Annots"]]
    assert links and all(link.startswith(app.config["BASE_URL"] + "/verify/HN-")
                         for link in links)


# ---- closing a period -------------------------------------------------------------------

CLOSE = "/reports/units/{unit}/close"


def _close(client, unit, year=2024):
    return post_form(client, CLOSE.format(unit=unit.id), {"year": str(year)},
                     form_url=CLOSE.format(unit=unit.id) + f"?year={year}")


def test_closing_a_large_subtree_is_a_job_that_leads_to_the_closed_report(
        organizer_a, org, queue, monkeypatch):
    monkeypatch.setattr("lms.reports.views.CLOSE_AT_ONCE_UNITS", 1)
    response = _close(organizer_a, org.ward_a)
    job = _the_job()
    assert response.status_code == 303 and response.headers["Location"] == f"/jobs/{job.id}"
    assert stored_counts() == (0, 0, 0)
    waiting = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Chốt số liệu: Phường Hoàn Kiếm, kỳ 2024" in waiting

    run_next(queue)
    # The ward and its two units, stored and audited at once.
    assert stored_counts() == (1, 3, 1)
    page = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Đã chốt kỳ báo cáo" in page
    assert f'href="/reports/units/{org.ward_a.id}?year=2024"' in page
    assert organizer_a.get(f"/jobs/{job.id}/status").get_json()["next_url"] == \
        f"/reports/units/{org.ward_a.id}?year=2024"
    (notice,) = db.session.scalars(select(Notification)).all()
    assert notice.subject == "Đã xong: Chốt số liệu: Phường Hoàn Kiếm, kỳ 2024"


def test_a_closing_job_that_finds_the_period_closed_says_so_and_does_not_fail(
        organizer_a, org, queue, monkeypatch):
    monkeypatch.setattr("lms.reports.views.CLOSE_AT_ONCE_UNITS", 1)
    _close(organizer_a, org.ward_a)
    job = _the_job()
    # Closed meanwhile (another tap, another organizer) before the worker took the job.
    close_period(org.ward_a, Period(2024), actor=None)
    db.session.commit()
    run_next(queue)
    done = _the_job()
    assert (done.status, done.error, done.result["closed"]) == ("done", None, False)
    assert queue.scheduled() == []  # not retried
    page = organizer_a.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Kỳ báo cáo này đã được chốt." in page and "flash-warning" in page
    assert f'href="/reports/units/{org.ward_a.id}?year=2024"' in page
    assert stored_counts() == (1, 3, 1)  # only the other closing


def test_a_closing_job_whose_first_attempt_failed_closes_once_on_its_retry(
        org, queue, monkeypatch):
    user = make_user("org_a", role="organizer", unit=org.ward_a)
    failures = ["the worker lost its database"]

    def notify_once_broken(job, at):
        if failures:
            raise RuntimeError(failures.pop())
        return original(job, at)

    original = tasks.notifications.notify_job_finished
    monkeypatch.setattr(tasks.notifications, "notify_job_finished", notify_once_broken)
    tasks.queue_close_period(org.ward_a, Period(2024), user, title="Chốt", next_url="/r",
                             locale="vi")
    run_next(queue)
    # The closing rolled back with the failed finish: nothing half-done is left.
    assert stored_counts() == (0, 0, 0) and _the_job().status == "pending"
    run_scheduled(queue)
    assert stored_counts() == (1, 3, 1)
    assert (_the_job().status, _the_job().result["closed"]) == ("done", True)


def test_a_closing_refused_anyway_is_refused_before_anything_is_queued(
        organizer_a, org, queue, monkeypatch):
    monkeypatch.setattr("lms.reports.views.CLOSE_AT_ONCE_UNITS", 1)
    close_period(org.ward_a, Period(2024), actor=None)
    db.session.commit()
    token = csrf_token_from(organizer_a.get(f"/reports/units/{org.ward_a.id}?year=2024")
                            .get_data(as_text=True))
    response = organizer_a.post(CLOSE.format(unit=org.ward_a.id),
                                data={"year": "2024", "csrf_token": token},
                                follow_redirects=True)
    assert response.request.path == f"/reports/units/{org.ward_a.id}"
    assert "Kỳ báo cáo này đã được chốt." in response.get_data(as_text=True)
    assert _jobs() == []


def test_a_ward_is_still_closed_at_once(organizer_a, org):
    response = _close(organizer_a, org.ward_a)
    assert response.status_code == 302 and stored_counts() == (1, 3, 1) and _jobs() == []


def test_a_large_unit_s_report_document_is_built_by_a_worker_and_holds_the_figures(
        app, organizer_a, missing_seven, queue, monkeypatch):
    monkeypatch.setattr("lms.reports.document_views.DOCUMENT_AT_ONCE_CADRES", 6)
    ward = missing_seven.ward_a
    response = organizer_a.get(f"/reports/units/{ward.id}/report-document.docx?year=2024")
    job = _the_job()
    assert response.status_code == 303 and response.headers["Location"] == f"/jobs/{job.id}"
    assert (job.kind, job.status) == ("report_document", "pending")
    run_next(queue)
    assert _the_job().status == "done"
    download = organizer_a.get(f"/jobs/{job.id}/file")
    assert "filename=bao-cao-W-A-2024.docx" in download.headers["Content-Disposition"]
    document = Document(io.BytesIO(download.data))
    download.close()
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "BÁO CÁO" in text
    # The seven cadres of ward A's subtree who trained in no course are in the annex.
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Nguyễn Thị A", "Nguyễn Thị G"} <= cells
    # A ward under the line is answered at once.
    monkeypatch.setattr("lms.reports.document_views.DOCUMENT_AT_ONCE_CADRES", 5000)
    at_once = organizer_a.get(f"/reports/units/{ward.id}/report-document.pdf?year=2024")
    assert at_once.status_code == 200 and at_once.data.startswith(b"%PDF")


def test_a_second_tap_on_a_long_export_follows_the_first_job(
        app, organizer_a, missing_seven, queue, monkeypatch):
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 5)
    url = MISSING.format(unit=missing_seven.ward_a.id, fmt="xlsx")
    first, second = organizer_a.get(url), organizer_a.get(url)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(_jobs()) == 1
    run_next(queue)
    # Done, and nothing the list is made from has changed: asking again is that file.
    assert organizer_a.get(url).headers["Location"] == first.headers["Location"]
    assert len(_jobs()) == 1
    # A training recorded since makes the file old: asking again makes a fresh one.
    cadre = db.session.scalar(select(Cadre).where(Cadre.unit_id == missing_seven.ward_a.id))
    online(cadre, "association", date(2024, 5, 5))
    again = organizer_a.get(url)
    assert again.headers["Location"] != first.headers["Location"] and len(_jobs()) == 2
    run_next(queue)
    assert db.session.get(Job, again.headers["Location"].rsplit("/", 1)[1]).result["rows"] == 6


def test_a_file_made_before_a_write_or_purged_since_is_not_given_again(
        app, organizer_a, missing_seven, queue, monkeypatch):
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 0)
    url = MISSING.format(unit=missing_seven.ward_a.id, fmt="csv")
    first = organizer_a.get(url)
    run_next(queue)
    # Any committed write to the indicators' tables since the file was made.
    result_cache.bump(INDICATORS_CACHE)
    second = organizer_a.get(url)
    assert second.headers["Location"] != first.headers["Location"]
    run_next(queue)
    # The file of the newest one purged from the folder: a fresh one again.
    job = db.session.get(Job, second.headers["Location"].rsplit("/", 1)[1])
    os.remove(os.path.join(app.config["JOB_FILES_FOLDER"], job.result["file"]))
    third = organizer_a.get(url)
    assert third.headers["Location"] not in (first.headers["Location"],
                                             second.headers["Location"])
