"""The half-year and annual report document: the .docx (read back with python-docx) and the
PDF (read back with pypdf) hold the dashboard's figures, the administrative document's
blocks and the missing cadres' names; the download is for organizers in scope only."""

import io
import re
from datetime import date

import pytest
from docx import Document
from flask_babel import force_locale
from pypdf import PdfReader

from lms.core.decimals import format_percent
from lms.extensions import db
from lms.reports.closing import close_period
from lms.reports.documents import render_report_document, write_report_document
from lms.reports.documents.content import build_report_document, place_and_date
from lms.reports.indicators.definitions import INDICATOR_IDS, Period
from lms.reports.indicators.unit_report import get_unit_report
from tests.conftest import count_statements, login
from tests.factories import make_cadre, make_user
from tests.reports.helpers import all_text, d, docx_of, in_person, online, pdf_text, table_rows

TODAY = date(2026, 12, 2)
YEAR = Period(2024)


@pytest.fixture
def tree(org):
    """W-A: 3 full-time cadres (a1 trained in IT and digital, a2 in association work), one
    never trained; W-B: 2 cadres, one trained; a master's key cadre at the city."""
    full = {"is_full_time": True}
    org.a1 = make_cadre(org.ward_a, full_name="Lê Thị An", **full)
    org.a2 = make_cadre(org.branch_a1, full_name="Trần Thị Bình", **full)
    org.a3 = make_cadre(org.group_a1a, full_name="Phạm Thị Cúc", position="Tổ trưởng", **full)
    org.b1 = make_cadre(org.ward_b, full_name="Đỗ Thị Dung", is_chair=True, birth_year=1990)
    org.b2 = make_cadre(org.branch_b1, full_name="Vũ Thị Én")
    make_cadre(org.city, full_name="Hoàng Thị Gấm", is_key_cadre=True, education="master")
    online(org.a1, "it", d("2024-02-01"), title="Tin học văn phòng")
    in_person([org.a1, org.b1], "digital", d("2024-03-01"), hours=3, unit=org.ward_a,
              title="Tập huấn chuyển đổi số")
    online(org.a2, "association", d("2024-11-30"), title="Kỹ năng công tác Hội")
    return org


def dashboard_figures(client, unit, period_query="year=2024"):
    """{indicator: (numerator, denominator)} as the dashboard page shows them."""
    html = client.get(f"/reports/units/{unit.id}?{period_query}").get_data(as_text=True)
    cards = re.findall(r'data-indicator="(\w+)">.*?data-numerator="(\d+)" '
                       r'data-denominator="(\d+)"', html, re.S)
    return {ind: (int(n), int(d_)) for ind, n, d_ in cards}


def test_docx_holds_the_dashboard_figures(client, tree):
    make_user("city_org", "organizer", unit=tree.city)
    login(client, "city_org")
    shown = dashboard_figures(client, tree.city)
    assert shown["annual_training"] == (3, 6)
    report = get_unit_report(tree.city.id, YEAR)
    document = docx_of(render_report_document(tree.city.id, YEAR, "docx", TODAY))
    indicators, children = table_rows(document)[:2]
    assert len(indicators) == 1 + len(INDICATOR_IDS)
    for row, ind in zip(indicators[1:], INDICATOR_IDS, strict=True):
        figure = report.figures[ind]
        assert (int(row[2]), int(row[3])) == shown[ind]
        assert row[4] == format_percent(figure.percent)
        assert row[5] == format_percent(figure.target, places=0)
    assert indicators[1][2:5] == ["3", "6", "50,0\u00a0%"]
    # The child units' table: "n/d" above the percent, per indicator, as on the dashboard.
    assert [row[1] for row in children[1:]] == [child.name for child, _f in report.children]
    for row, (_child, figures) in zip(children[1:], report.children, strict=True):
        for cell, ind in zip(row[2:], INDICATOR_IDS, strict=True):
            figure = figures[ind]
            assert cell == (f"{figure.numerator}/{figure.denominator}\n"
                            f"{format_percent(figure.percent)}")
    assert children[1][2] == "2/3\n66,7\u00a0%"  # Phường Hoàn Kiếm: a1 and a2 trained
    text = "\n".join(all_text(document))
    assert "- Cán bộ được bồi dưỡng trong kỳ: 3/6 cán bộ, đạt 50,0\u00a0% (chỉ tiêu " \
           "100\u00a0%). Chưa đạt chỉ tiêu, còn 3 cán bộ chưa đạt." in text
    assert "- Có 0/2 cơ sở Hội đạt chỉ tiêu “Cán bộ được bồi dưỡng trong kỳ” (100\u00a0%)." \
        in text


def test_docx_is_laid_out_as_an_administrative_document(app_ctx, tree):
    document = docx_of(render_report_document(tree.ward_a.id, Period(2024, half=True),
                                              "docx", TODAY))
    texts = all_text(document)
    letterhead = texts[:8]
    assert "HỘI LHPN HÀ NỘI" in letterhead  # the parent body above the issuer
    assert "PHƯỜNG HOÀN KIẾM" in letterhead
    assert "Số: …/BC-BCH" in letterhead
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in letterhead
    assert "Độc lập - Tự do - Hạnh phúc" in letterhead
    assert "Hà Nội, ngày 02 tháng 12 năm 2026" in letterhead
    assert "BÁO CÁO" in texts
    assert "Kết quả bồi dưỡng cán bộ Hội 6 tháng đầu năm 2024" in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Report Heading"]
    assert headings == ["I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU BỒI DƯỠNG CÁN BỘ",
                        "II. KẾT QUẢ CỦA CÁC ĐƠN VỊ CẤP DƯỚI", "III. TẬP HUẤN TRỰC TIẾP",
                        "IV. HỌC TRỰC TUYẾN", "V. KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH BỒI DƯỠNG",
                        "VI. CÁN BỘ CHƯA ĐẠT CHỈ TIÊU"]
    # No programme in 2024: one line says so.
    assert "Năm 2024 chưa có chương trình bồi dưỡng nào được ban hành áp dụng cho đơn vị." \
        in texts
    assert "Kỳ báo cáo từ ngày 01/01/2024 đến ngày 30/06/2024" in "\n".join(texts)
    for line in ("Nơi nhận:", "- Hội LHPN Hà Nội (để báo cáo);", "- Lưu: VT.",
                 "TM. BAN CHẤP HÀNH", "CHỦ TỊCH"):
        assert line in texts
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert section.different_first_page_header_footer  # no number on page 1
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14


def test_the_annex_lists_the_missing_cadres(app_ctx, tree):
    content = build_report_document(tree.ward_a.id, YEAR, TODAY)
    document = docx_of(render_report_document(tree.ward_a.id, YEAR, "docx", TODAY))
    text = "\n".join(all_text(document))
    assert "- Cán bộ được bồi dưỡng trong kỳ: còn 1 cán bộ chưa đạt." in text
    assert [annex.label for annex in content.annexes] == ["Phụ lục 1", "Phụ lục 2"]
    missing_annex = content.annexes[1]
    assert missing_annex.title == "CÁN BỘ CHƯA ĐẠT CHỈ TIÊU"
    # annual training: only a3 is missing; IT and digital: a2 and a3 (a1 has both tracks)
    lists = [block for block in missing_annex.blocks if hasattr(block, "rows")]
    assert [[row[1] for row in table.rows] for table in lists] == [
        ["Phạm Thị Cúc"], ["Trần Thị Bình", "Phạm Thị Cúc"]]
    assert lists[0].rows[0] == ["1", "Phạm Thị Cúc", tree.a3.code,
                                "Tổ phụ nữ số 1 · Phường Hoàn Kiếm", "Tổ trưởng",
                                "Chưa được bồi dưỡng trong kỳ"]
    # The same rows reach the Word file.
    word_lists = table_rows(document)[-2:]
    assert [row[1] for row in word_lists[0][1:]] == ["Phạm Thị Cúc"]
    assert word_lists[0][0][1] == "Họ và tên"


def test_sessions_and_online_courses_are_counted(app_ctx, tree):
    content = build_report_document(tree.city.id, YEAR, TODAY)
    text = "\n".join(getattr(block, "text", "") for block in content.body)
    # One session (a1 and b1 attended), three online completions... of which two in W-A
    assert ("Trong kỳ đã tổ chức 1 lớp tập huấn trực tiếp, với 2 lượt tham dự của 2 người "
            "(danh sách tại Phụ lục 1).") in text
    assert ("Trong kỳ có 2 cán bộ hoàn thành khóa học trực tuyến, với 2 lượt hoàn thành "
            "2 khóa học.") in text
    sessions = content.annexes[0].blocks[0]
    assert sessions.rows == [["1", "01/03/2024", "Tập huấn chuyển đổi số", "Phường Hoàn Kiếm",
                              "3", "2"]]
    # Another year: nothing held, nothing completed, no invented figures.
    empty = build_report_document(tree.city.id, Period(2023), TODAY)
    text = "\n".join(getattr(block, "text", "") for block in empty.body)
    assert "Trong kỳ, hệ thống chưa ghi nhận lớp tập huấn trực tiếp nào." in text
    assert "Trong kỳ chưa có cán bộ nào hoàn thành khóa học trực tuyến." in text
    assert [annex.label for annex in empty.annexes] == ["Phụ lục 1"]  # only the missing list


def test_a_closed_period_shows_its_stored_figures(app_ctx, tree):
    close_period(tree.city, YEAR, None)
    db.session.commit()
    online(tree.a3, "association", d("2024-12-01"))  # after closing: must not count
    content = build_report_document(tree.ward_a.id, YEAR, TODAY)
    table = content.body[3]
    assert table.rows[0][2:4] == ["2", "3"]
    text = "\n".join(getattr(block, "text", "") for block in content.body)
    assert "số liệu chỉ tiêu là số liệu đã chốt ngày" in text
    assert "danh sách tại Phụ lục 2 là những cán bộ còn chưa đạt tính đến ngày 02/12/2026" \
        in text


def test_pdf_holds_the_figures_and_the_names(app_ctx, tree):
    data = render_report_document(tree.city.id, YEAR, "pdf", TODAY)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    flat = pdf_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Hà Nội, ngày 02 tháng 12 năm 2026" in flat
    assert "BÁO CÁO" in flat and "Nơi nhận:" in flat and "TM. BAN CHẤP HÀNH" in flat
    assert "3/6 cán bộ, đạt 50,0" in flat
    assert "2/3" in flat and "66,7" in flat
    for name in ("Phạm Thị Cúc", "Vũ Thị Én", "Trần Thị Bình"):
        assert name in flat
    assert len(reader.pages) >= 2


def test_the_statements_do_not_grow_with_the_cadres(app_ctx, tree):
    """Every figure is one aggregation: more cadres, sessions and courses, same statements."""
    db.session.expire_all()
    with count_statements() as before:
        build_report_document(tree.ward_a.id, YEAR, TODAY)
    for n in range(6):
        cadre = make_cadre(tree.branch_a1, full_name=f"Ngô Thị Hạnh {n}")
        online(cadre, "it", d("2024-05-01"))
        in_person([cadre], "association", d("2024-06-01"), unit=tree.branch_a1)
    db.session.expire_all()
    with count_statements() as after:
        build_report_document(tree.ward_a.id, YEAR, TODAY)
    assert len(after) == len(before) <= 20


def test_write_report_document_writes_a_file(app_ctx, tree, tmp_path):
    path = tmp_path / "report.docx"
    assert write_report_document(tree.ward_a.id, YEAR, "docx", path, TODAY) is True
    assert "PHƯỜNG HOÀN KIẾM" in all_text(Document(path))
    assert write_report_document(999_999, YEAR, "pdf", tmp_path / "none.pdf") is False
    assert not (tmp_path / "none.pdf").exists()


def test_place_and_date_follow_decree_30(app_ctx):
    with force_locale("vi"):
        assert place_and_date(date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
        assert place_and_date(date(2026, 3, 5)) == "Hà Nội, ngày 05 tháng 3 năm 2026"


# ---- the download ----

def test_the_ward_organizer_downloads_both_formats(organizer_a, tree):
    client = organizer_a
    page = client.get(f"/reports/units/{tree.ward_a.id}?year=2024&half=1")
    html = page.get_data(as_text=True)
    assert f"/reports/units/{tree.ward_a.id}/report-document.docx?year=2024&amp;half=1" in html
    assert f"/reports/units/{tree.ward_a.id}/report-document.pdf?year=2024&amp;half=1" in html
    response = client.get(f"/reports/units/{tree.ward_a.id}/report-document.docx?year=2024")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "filename=bao-cao-W-A-2024.docx" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    assert "PHƯỜNG HOÀN KIẾM" in all_text(docx_of(response.data))
    response = client.get(
        f"/reports/units/{tree.branch_a1.id}/report-document.pdf?year=2024&half=1")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "bao-cao-B-A1-2024-h1.pdf" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")


def test_the_closed_period_view_offers_the_document(client, tree):
    close_period(tree.ward_a, YEAR, None)
    db.session.commit()
    make_user("org_a", "organizer", unit=tree.ward_a)
    login(client, "org_a")
    html = client.get(f"/reports/units/{tree.ward_a.id}?year=2024").get_data(as_text=True)
    assert "data-closed=" in html
    assert f"/reports/units/{tree.ward_a.id}/report-document.pdf?year=2024" in html


def test_an_english_session_still_gets_a_vietnamese_document(organizer_a, tree):
    client = organizer_a
    with client.session_transaction() as browser:
        browser["lang"] = "en"
    html = client.get(f"/reports/units/{tree.ward_a.id}?year=2024").get_data(as_text=True)
    assert "Report (Word)" in html
    response = client.get(f"/reports/units/{tree.ward_a.id}/report-document.docx?year=2024")
    texts = all_text(docx_of(response.data))
    assert "BÁO CÁO" in texts and "REPORT" not in texts
    assert "- Cán bộ được bồi dưỡng trong kỳ: 2/3 cán bộ, đạt 66,7\u00a0% (chỉ tiêu " \
           "100\u00a0%). Chưa đạt chỉ tiêu, còn 1 cán bộ chưa đạt." in texts


def test_other_wards_and_cadres_get_no_document(organizer_a, tree):
    client = organizer_a
    for fmt in ("docx", "pdf"):
        response = client.get(f"/reports/units/{tree.ward_b.id}/report-document.{fmt}")
        assert response.status_code == 404
        response = client.get(f"/reports/units/{tree.city.id}/report-document.{fmt}")
        assert response.status_code == 404
    assert client.get(f"/reports/units/{tree.ward_a.id}/report-document.odt").status_code \
        == 404


def test_a_cadre_is_refused(client, tree):
    make_user("learner", cadre=tree.a1)
    login(client, "learner")
    response = client.get(f"/reports/units/{tree.ward_a.id}/report-document.docx")
    assert response.status_code == 403


def test_signing_out_leaves_no_document(client, tree):
    response = client.get(f"/reports/units/{tree.ward_a.id}/report-document.pdf")
    assert response.status_code in (302, 401)
