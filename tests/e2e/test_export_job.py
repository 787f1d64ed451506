"""A ward organizer on her phone downloads a long missing list: she is taken to the job's
page, leaves it while a worker writes the file, comes back, downloads it, and the bell tells
her it is ready."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_user

CADRES = 40


def test_organizer_leaves_a_long_export_and_downloads_it_later(org, page, live_server, queue,
                                                               monkeypatch, tmp_path):
    # A list longer than the line answered at once (5,000 in production).
    monkeypatch.setattr("lms.reports.missing_views.MISSING_AT_ONCE_ROWS", 10)
    for n in range(CADRES):
        make_cadre([org.ward_a, org.branch_a1, org.group_a1a][n % 3],
                   full_name=f"Trần Thị Cán Bộ {n:02d}")
    make_user("tochuc.hoankiem", role="organizer", unit=org.ward_a)
    sign_in(page, "tochuc.hoankiem", DEFAULT_PASSWORD)

    page.goto(f"/reports/units/{org.ward_a.id}/missing/annual_training?year=2024")
    expect(page.locator("main .export-later")).to_be_visible()
    page.locator('a[href*="annual_training.xlsx"]').click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+$"))
    job_page = page.url
    main = page.locator("main")
    expect(main).to_contain_text("Danh sách còn thiếu")
    expect(main).to_contain_text("Đang chờ bắt đầu")
    assert not has_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "job-waiting-360.png"), full_page=True)

    # She goes elsewhere; meanwhile a worker takes the job.
    page.goto("/org/cadres")
    queue()
    bell = page.locator(".mainnav a.bell .count")
    for _attempt in range(60):
        if bell.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(bell).to_have_text("1")

    page.goto(job_page)
    download_button = page.locator("a.job-download")
    expect(download_button).to_be_visible(timeout=30_000)
    assert not has_horizontal_scroll(page)
    box = laid_out_box(download_button)
    assert box["height"] >= 44 and box["width"] >= 300  # one big button on a phone
    page.screenshot(path=str(tmp_path / "job-done-360.png"), full_page=True)
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "con-thieu-annual-training-W-A-2024.xlsx"
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 + CADRES
    assert {row[1] for row in rows[2:]} == {f"Trần Thị Cán Bộ {n:02d}" for n in range(CADRES)}

    page.locator(".mainnav a.bell").click()
    notice = page.locator("article.notification.is-unread")
    expect(notice).to_contain_text("Tệp đã sẵn sàng: Danh sách còn thiếu")
    notice.get_by_role("link").click()
    expect(page).to_have_url(job_page)
