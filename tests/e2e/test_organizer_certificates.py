"""A ward organizer downloads her unit's certificates of one year as a ZIP on her phone."""

import zipfile
from datetime import datetime

from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_user
from tests.learning.cert_helpers import make_certificate, make_course


def test_organizer_downloads_one_year_of_certificates(org, page, tmp_path):
    course = make_course(slug="chuyen-doi-so")
    make_certificate(cadre=make_cadre(org.branch_a1, code="CB-2025"), course=course,
                     completed_at=datetime(2025, 6, 2, 3, 0))
    make_certificate(cadre=make_cadre(org.group_a1a, code="CB-2024"), course=course,
                     completed_at=datetime(2024, 6, 2, 3, 0))
    make_user("tochuc.hoankiem", role="organizer", unit=org.ward_a)
    sign_in(page, "tochuc.hoankiem", DEFAULT_PASSWORD)

    page.goto(f"/org/units/{org.ward_a.id}")
    assert not has_horizontal_scroll(page)
    page.select_option("#certificate-year", "2025")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải giấy chứng nhận (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename == "chung-nhan-w-a-2025.zip"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert zipfile.ZipFile(path).namelist() == ["chung-nhan-chuyen-doi-so-cb-2025.pdf"]
