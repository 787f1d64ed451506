"""The report document's section on the yearly training programmes, on the hand-built city of
tests/training/programme_helpers.py (its statuses are documented there).

Worked out by hand. On 30/06/2026, the reference day of the 2026 half-year report, training
dated after it does not count: a1 is done (her workshop of 01/06 completes the 8 hours), a3
and b1 are on track (3 h of digital training; Law), a2 and a4 have not started (a4's Law of
10/08 is after the day); b2 is inactive. On 02/12/2026 (the annual report, written before
31/12) the due date 30/11 has passed: a1 is done and the four others are overdue. Ward A
holds a1, a2, a3 and a4; ward B holds b1, who moved there.
"""

from datetime import date, datetime

import pytest

from lms.core.decimals import format_percent
from lms.extensions import db
from lms.reports.closing import close_period
from lms.reports.documents import render_report_document
from lms.reports.documents.content import build_report_document
from lms.reports.indicators.definitions import Period
from lms.training.programmes.queries import STATUSES, get_programme_report
from lms.training.programmes.services import add_requirement, create_programme, publish_programme
from tests.conftest import count_statements
from tests.factories import make_cadre
from tests.reports.helpers import all_text, docx_of, pdf_text, table_rows
from tests.training.programme_helpers import build_city, complete, make_programme, workshop

TODAY = date(2026, 12, 2)
HALF = Period(2026, half=True)
YEAR = Period(2026)
NBSP = "\u00a0"
STATUS_HEADER = ["Đã hoàn thành", "Đúng tiến độ", "Sắp đến hạn", "Quá hạn", "Chưa bắt đầu",
                 "Tổng", "Tỷ lệ hoàn thành"]
UNITS_HEADER = ["STT", "Đơn vị", "Đã hoàn thành", "Tổng", "Tỷ lệ", "Quá hạn"]


@pytest.fixture
def city(org):
    city = build_city(org)
    city.programme.title = "Chương trình bồi dưỡng cán bộ Hội năm 2026"
    # After the half-year: not counted on 30/06, where a4 has still not started.
    complete(city.a4, city.courses.law, date(2026, 8, 10))
    # The city's second programme, for its full-time cadres (a1 and a3, both in ward A).
    city.full_time = make_programme(org.city, city.courses, only_full_time=True)
    city.full_time.title = "Bồi dưỡng cán bộ chuyên trách năm 2026"
    # Ward A's own: 3 hours of digital training for its full-time cadres, due 15/12.
    city.ward = create_programme(org.ward_a, 2026, "Chuyển đổi số phường Hoàn Kiếm",
                                 date(2026, 12, 15), only_full_time=True)
    add_requirement(city.ward, "hours", hours=3, track="digital")
    publish_programme(city.ward)
    # Never in ward A's or the city's document: ward B's, a draft, another year's.
    make_programme(org.ward_b, city.courses)
    make_programme(org.ward_a, city.courses, publish=False)
    make_programme(org.city, city.courses, year=2025, due=date(2025, 11, 30))
    db.session.commit()
    return city


def document_of(unit, period):
    return docx_of(render_report_document(unit.id, period, "docx", TODAY))


def programme_tables(document):
    """[(status row, [unit rows]), ...] of the programme section, in document order."""
    tables = table_rows(document)
    found = []
    for i, table in enumerate(tables):
        if table[0] == STATUS_HEADER:
            units = tables[i + 1][1:] if tables[i + 1][0] == UNITS_HEADER else []
            found.append((table[1], units))
    return found


def expected_rows(report):
    """The tables' rows as get_programme_report's counts make them."""
    total = report.total
    status_row = [str(total.counts[status]) for status in STATUSES] + [
        str(total.total), format_percent(100 * total.counts["done"] / total.total)]
    units = [[str(n), row.unit.name, str(row.counts["done"]), str(row.total),
              format_percent(100 * row.counts["done"] / row.total) if row.total else "–",
              str(row.counts["overdue"])] for n, row in enumerate(report.children, 1)]
    return status_row, units


def test_the_half_year_shows_the_statuses_on_30_june(org, city):
    document = document_of(org.city, HALF)
    texts = all_text(document)
    text = "\n".join(texts)
    headings = [p.text for p in document.paragraphs if p.style.name == "Report Heading"]
    assert "V. KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH BỒI DƯỠNG" in headings
    assert ("Số liệu tính đến ngày 30/06/2026. Không tính các hoạt động bồi dưỡng sau ngày "
            "này; cán bộ được tính theo đơn vị đang sinh hoạt tại ngày 02/12/2026.") in texts
    # The city's two programmes, in the order issued; not ward A's or ward B's (below).
    assert "1. Chương trình bồi dưỡng cán bộ Hội năm 2026" in texts
    assert "2. Bồi dưỡng cán bộ chuyên trách năm 2026" in texts
    assert "Chuyển đổi số phường Hoàn Kiếm" not in text
    assert ("Đơn vị ban hành: Hội LHPN Hà Nội; hạn hoàn thành: 30/11/2026; đối tượng: mọi "
            "cán bộ đang hoạt động.") in texts
    assert ("Đơn vị ban hành: Hội LHPN Hà Nội; hạn hoàn thành: 30/11/2026; đối tượng: cán bộ "
            "chuyên trách.") in texts
    tables = programme_tables(document)
    assert len(tables) == 2
    # By hand: done a1; on track a3, b1; not started a2, a4.
    assert tables[0] == (["1", "2", "0", "0", "2", "5", f"20,0{NBSP}%"],
                         [["1", "Phường Hoàn Kiếm", "1", "4", f"25,0{NBSP}%", "0"],
                          ["2", "Xã Sóc Sơn", "0", "1", f"0,0{NBSP}%", "0"]])
    # Full-time: a1 done, a3 on track; nobody in ward B.
    assert tables[1] == (["1", "1", "0", "0", "0", "2", f"50,0{NBSP}%"],
                         [["1", "Phường Hoàn Kiếm", "1", "2", f"50,0{NBSP}%", "0"],
                          ["2", "Xã Sóc Sơn", "0", "0", "–", "0"]])
    # The same as the programme page's figures on that day.
    for programme, shown in zip((city.programme, city.full_time), tables, strict=True):
        assert shown == expected_rows(get_programme_report(programme, org.city,
                                                           date(2026, 6, 30)))
    assert (f"- Có 1/5 cán bộ đã hoàn thành chương trình (20,0{NBSP}%), còn 4 cán bộ chưa "
            f"hoàn thành; có 0/2 cơ sở Hội có 100{NBSP}% cán bộ hoàn thành chương "
            "trình.") in texts
    assert (f"- Có 1/2 cán bộ đã hoàn thành chương trình (50,0{NBSP}%), còn 1 cán bộ chưa "
            f"hoàn thành; có 0/1 cơ sở Hội có 100{NBSP}% cán bộ hoàn thành chương trình "
            "(1 cơ sở Hội không có cán bộ thuộc đối tượng của chương trình).") in texts


def test_the_annual_report_written_in_december_shows_today(org, city):
    document = document_of(org.city, YEAR)
    texts = all_text(document)
    assert "Số liệu tính đến ngày 02/12/2026." in texts
    assert not any("Không tính các hoạt động" in line for line in texts)
    tables = programme_tables(document)
    # After the due date: a1 done, the four others overdue (three in ward A).
    assert tables[0] == (["1", "0", "0", "4", "0", "5", f"20,0{NBSP}%"],
                         [["1", "Phường Hoàn Kiếm", "1", "4", f"25,0{NBSP}%", "3"],
                          ["2", "Xã Sóc Sơn", "0", "1", f"0,0{NBSP}%", "1"]])
    assert tables[0] == expected_rows(get_programme_report(city.programme, org.city, TODAY))
    assert (f"- Có 1/5 cán bộ đã hoàn thành chương trình (20,0{NBSP}%), 4 cán bộ quá hạn; "
            f"có 0/2 cơ sở Hội có 100{NBSP}% cán bộ hoàn thành chương trình.") in texts


def test_a_ward_sees_its_own_programme_and_those_above(org, city):
    content = build_report_document(org.ward_a.id, YEAR, TODAY)
    titles = [block.text for block in content.body if getattr(block, "bold", False)]
    assert titles == ["1. Chương trình bồi dưỡng cán bộ Hội năm 2026",
                      "2. Bồi dưỡng cán bộ chuyên trách năm 2026",
                      "3. Chuyển đổi số phường Hoàn Kiếm"]
    document = document_of(org.ward_a, YEAR)
    texts = all_text(document)
    assert ("Đơn vị ban hành: Phường Hoàn Kiếm; hạn hoàn thành: 15/12/2026; đối tượng: cán "
            "bộ chuyên trách.") in texts
    tables = programme_tables(document)
    # Ward A's children: branch B-A1 (a2 and a3, in the group under it).
    assert tables[0] == (["1", "0", "0", "3", "0", "4", f"25,0{NBSP}%"],
                         [["1", "Chi hội Tổ dân phố 1", "0", "2", f"0,0{NBSP}%", "2"]])
    # 3 digital hours: a1 (8 h) and a3 (3 h) are both done.
    assert tables[2] == (["2", "0", "0", "0", "0", "2", f"100,0{NBSP}%"],
                         [["1", "Chi hội Tổ dân phố 1", "1", "1", f"100,0{NBSP}%", "0"]])
    assert (f"- Có 2/2 cán bộ đã hoàn thành chương trình (100,0{NBSP}%); có 1/1 chi hội có "
            f"100{NBSP}% cán bộ hoàn thành chương trình.") in texts
    for programme, shown in zip((city.programme, city.full_time, city.ward), tables,
                                strict=True):
        assert shown == expected_rows(get_programme_report(programme, org.ward_a, TODAY))


def test_a_programme_without_cadres_says_so(org, city):
    programme = make_programme(org.city, city.courses, only_full_time=True,
                               only_key_cadres=True)
    programme.title = "Bồi dưỡng cán bộ chủ chốt chuyên trách"
    db.session.commit()
    texts = all_text(document_of(org.city, YEAR))
    assert "3. Bồi dưỡng cán bộ chủ chốt chuyên trách" in texts
    assert ("Đơn vị ban hành: Hội LHPN Hà Nội; hạn hoàn thành: 30/11/2026; đối tượng: cán bộ "
            "đồng thời là cán bộ chuyên trách và cán bộ chủ chốt.") in texts
    assert "Hội LHPN Hà Nội không có cán bộ thuộc đối tượng của chương trình." in texts
    assert len(programme_tables(document_of(org.city, YEAR))) == 2


def test_a_closed_period_keeps_its_indicators_and_says_the_programmes_are_live(org, city):
    close_period(org.city, HALF, None, now=datetime(2026, 7, 5, 3))
    db.session.commit()
    # Recorded after the closing, dated before 30/06: a2 is now on track.
    complete(city.a2, city.courses.it1, date(2026, 5, 5))
    document = document_of(org.city, HALF)
    texts = all_text(document)
    indicators = table_rows(document)[0]
    assert indicators[1][2:4] == ["3", "5"]  # stored: a1, a3, b1 trained in the half-year
    assert ("Số liệu tính đến ngày 30/06/2026. Không tính các hoạt động bồi dưỡng sau ngày "
            "này; cán bộ được tính theo đơn vị đang sinh hoạt tại ngày 02/12/2026. Số liệu "
            "chương trình được tổng hợp trên hệ thống ngày 02/12/2026, không thuộc số liệu "
            "đã chốt của kỳ báo cáo.") in texts
    assert programme_tables(document)[0][0] == ["1", "3", "0", "0", "1", "5",
                                                f"20,0{NBSP}%"]


def test_no_programme_takes_one_line(org, city):
    content = build_report_document(org.city.id, Period(2027), TODAY)
    texts = [getattr(block, "text", None) for block in content.body]
    start = texts.index("V. KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH BỒI DƯỠNG")
    assert texts[start + 1] == ("Năm 2027 chưa có chương trình bồi dưỡng nào được ban hành "
                                "áp dụng cho đơn vị.")
    assert texts[start + 2].startswith("VI. ")


def test_the_pdf_holds_the_programme_figures(org, city):
    flat = pdf_text(render_report_document(org.city.id, HALF, "pdf", TODAY))
    assert "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH BỒI DƯỠNG" in flat
    assert "Số liệu tính đến ngày 30/06/2026." in flat
    assert "Chương trình bồi dưỡng cán bộ Hội năm 2026" in flat
    assert "Có 1/5 cán bộ đã hoàn thành chương trình (20,0" in flat
    assert "còn 4 cán bộ chưa hoàn thành; có 0/2 cơ sở Hội có 100" in flat
    # The status row and ward A's row, cell by cell in reading order.
    assert " 1 2 0 0 2 5 20,0" in flat
    assert "Phường Hoàn Kiếm 1 4 25,0" in flat
    assert "Xã Sóc Sơn 0 0 – 0" in flat  # nobody full-time in ward B


def test_the_programmes_add_no_statement_per_cadre(org, city):
    db.session.expire_all()
    with count_statements() as before:
        build_report_document(org.city.id, HALF, TODAY)
    for n in range(6):
        cadre = make_cadre(org.branch_a1, full_name=f"Ngô Thị Hạnh {n}", is_full_time=True)
        complete(cadre, city.courses.law, date(2026, 3, n + 1))
        workshop([cadre], "digital", date(2026, 4, n + 1), 3, f"WS-N{n}")
    db.session.expire_all()
    with count_statements() as after:
        content = build_report_document(org.city.id, HALF, TODAY)
    assert len(after) == len(before) <= 25
    status_tables = [block for block in content.body if getattr(block, "columns", None)
                     and [column.title for column in block.columns] == STATUS_HEADER]
    assert status_tables[0].rows[0][5] == "11"  # the six new cadres are counted
