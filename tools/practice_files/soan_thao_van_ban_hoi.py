"""Practice files of the course "Soạn thảo văn bản công tác Hội".

Templates a chi hội fills in (biên bản họp chi hội, thông báo, kế hoạch) and one untidy
document to put right. Union documents carry no Quốc hiệu: the heading is the Union level above
and the chi hội on the left, place and date on the right. Every name in them is made up.
"""

import pathlib

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
DOTS = "…" * 20


def _new_document(margins=(2, 2, 3, 1.5)):
    """An A4 portrait document in Times New Roman 14, margins top, bottom, left, right in cm."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    top, bottom, left, right = margins
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = document.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        style.font.color.rgb = None
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 14), ("Heading 2", 14)):
        heading = document.styles[name]
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.paragraph_format.space_before = Pt(8)
        heading.paragraph_format.space_after = Pt(4)
    return document


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_line(cell, text, bold=False, italic=False, underline=False, first=False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(13)
    return paragraph


def _heading_block(document, upper, branch, place, number=None):
    """The Union heading: no Quốc hiệu, a borderless two-column table keeps both sides level."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    _cell_line(left, upper, first=True)
    _cell_line(left, branch, bold=True, underline=True)
    if number:
        _cell_line(left, number)
    _cell_line(right, "", first=True)
    _cell_line(right, f"{place}, ngày … tháng … năm 20…", italic=True)
    document.add_paragraph()


def _title(document, name, subject):
    for text, bold, size in ((name, True, 14), (subject, True, 14)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    document.add_paragraph()


def _body(document, text, bold_lead=None):
    paragraph = document.add_paragraph()
    # Left, not justified: a line of dots to fill in would stretch the words before it.
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.first_line_indent = Cm(1)
    if bold_lead:
        paragraph.add_run(bold_lead).bold = True
    paragraph.add_run(text)
    return paragraph


def _signatures(document, left_title, right_title):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    for cell, title in zip(table.rows[0].cells, (left_title, right_title), strict=True):
        _cell_line(cell, title, bold=True, first=True)
        _cell_line(cell, "(ký, ghi rõ họ tên)", italic=True)
        for _ in range(3):
            _cell_line(cell, "")
        _cell_line(cell, DOTS[:12])


def _closing(document):
    """Nơi nhận on the left, the chi hội trưởng's signature on the right."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in ("- Hội LHPN phường (để báo cáo);", "- Các tổ trưởng;", "- Lưu chi hội."):
        left.add_paragraph(line).runs[0].font.size = Pt(12)
    _cell_line(right, "CHI HỘI TRƯỞNG", bold=True, first=True)
    _cell_line(right, "(ký, ghi rõ họ tên)", italic=True)
    for _ in range(3):
        _cell_line(right, "")
    _cell_line(right, DOTS[:12])


def _start(name, subject):
    """A Union document of a chi hội: the heading block, then the name and what it is about."""
    document = _new_document()
    _heading_block(document, "HỘI LHPN PHƯỜNG …………", "CHI HỘI PHỤ NỮ …………", "……")
    _title(document, name, subject)
    return document


def _finish(document, path):
    """Nơi nhận and the chi hội trưởng's signature at the foot, then the file."""
    document.add_paragraph()
    _closing(document)
    document.save(path)
    return path


def _header_row(table, titles):
    for cell, text in zip(table.rows[0].cells, titles, strict=True):
        cell.paragraphs[0].add_run(text).bold = True


def minutes_template(path):
    """Biên bản họp chi hội: every item of the lesson, with the lines to fill in."""
    document = _start("BIÊN BẢN", "Họp chi hội …… tháng/quý …… năm 20……")
    _body(document, f" … giờ … phút, ngày … tháng … năm 20…, tại {DOTS}", "Thời gian, địa điểm:")
    _body(document, f" chị {DOTS}, chức vụ {DOTS[:10]}", "Chủ trì:")
    _body(document, f" chị {DOTS}", "Thư ký:")
    _body(document, " tổng số … hội viên; có mặt … hội viên; vắng … (có lý do …, không lý do …).",
          "Thành phần:")
    _body(document, f" {DOTS}", "Khách mời (nếu có):")
    document.add_heading("I. NỘI DUNG", level=1)
    for line in ("1. Nhìn lại việc đã giao ở buổi trước:", "2. Nội dung chính:",
                 "3. Ý kiến phát biểu (ghi tên người nêu ý kiến, kiến nghị):"):
        _body(document, "").add_run(line)
        _body(document, DOTS * 2)
    document.add_heading("II. KẾT LUẬN VÀ PHÂN CÔNG", level=1)
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    _header_row(table, ("Việc cần làm", "Người phụ trách", "Thời hạn", "Địa điểm"))
    document.add_paragraph()
    _body(document, " đồng ý …/… hội viên có mặt; không đồng ý …; ý kiến khác …",
          "Biểu quyết (nếu có):")
    _body(document, " … giờ … phút cùng ngày. Biên bản đã được đọc lại cho cuộc họp nghe và "
          "nhất trí thông qua.", "Cuộc họp kết thúc lúc")
    document.add_paragraph()
    _signatures(document, "THƯ KÝ", "CHỦ TRÌ")
    document.save(path)
    return path


def notice_template(path):
    """Thông báo sinh hoạt chi hội: what, when, where, who, what to bring."""
    document = _start("THÔNG BÁO", "Về việc tổ chức sinh hoạt chi hội …………")
    _body(document, f"Chi hội Phụ nữ {DOTS} thông báo tới toàn thể hội viên:")
    for lead, text in (("Thời gian:", " … giờ …, thứ …, ngày …/…/20…"),
                       ("Địa điểm:", f" {DOTS}"), ("Thành phần:", f" {DOTS}"),
                       ("Nội dung:", f" {DOTS * 2}"), ("Chị em mang theo:", f" {DOTS}")):
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(lead).bold = True
        paragraph.add_run(text)
    _body(document, "Đề nghị các tổ trưởng báo tới hội viên trong tổ và nắm số người dự trước "
          "ngày …/…/20…. Hội viên vắng mặt xin báo với tổ trưởng.")
    return _finish(document, path)


def plan_template(path):
    """Kế hoạch of a chi hội activity: purpose, content, time, tasks table, resources."""
    document = _start("KẾ HOẠCH", "Tổ chức …………………… năm 20……")
    document.add_heading("I. MỤC ĐÍCH, YÊU CẦU", level=1)
    _body(document, f"1. Mục đích: {DOTS * 2}")
    _body(document, f"2. Yêu cầu (số người tham gia, kết quả cần đạt): {DOTS}")
    document.add_heading("II. NỘI DUNG, THỜI GIAN, ĐỊA ĐIỂM", level=1)
    _body(document, f"1. Nội dung: {DOTS * 2}")
    _body(document, "2. Thời gian: … giờ …, thứ …, ngày …/…/20…")
    _body(document, f"3. Địa điểm: {DOTS}")
    document.add_heading("III. PHÂN CÔNG THỰC HIỆN", level=1)
    table = document.add_table(rows=5, cols=4)
    table.style = "Table Grid"
    _header_row(table, ("STT", "Công việc", "Người phụ trách", "Thời hạn"))
    for number, row in enumerate(table.rows[1:], start=1):
        row.cells[0].paragraphs[0].add_run(str(number))
    document.add_heading("IV. KINH PHÍ, ĐIỀU KIỆN BẢO ĐẢM", level=1)
    _body(document, f"Nguồn kinh phí, đồ dùng cần chuẩn bị: {DOTS * 2}")
    return _finish(document, path)


UNTIDY_TEXT = [
    ("Báo cáo kết quả hoạt động chi hội 6 tháng đầu năm", "Arial", 16),
    ("I. Đặc điểm tình hình", "Calibri", 12),
    ("Chi hội phụ nữ tổ dân phố số 5 có 4 tổ phụ nữ với 86 hội viên. Trong 6 tháng, chi hội "
     "kết nạp thêm 3 hội viên mới.", "Calibri", 11),
    ("II. Kết quả thực hiện", "Courier New", 12),
    ("Chi hội tổ chức 2 buổi sinh hoạt, mỗi buổi trung bình 58 hội viên dự. Chi hội thăm hỏi "
     "5 hội viên ốm đau và vận động được 4.300.000 đồng cho quỹ hỗ trợ hội viên khó khăn.",
     "Arial", 13),
    ("III. Phương hướng 6 tháng cuối năm", "Calibri", 12),
    ("Tiếp tục sinh hoạt định kỳ theo quý; hướng dẫn chị em bật xác minh 2 bước cho tài khoản "
     "Zalo và ngân hàng trên điện thoại.", "Times New Roman", 10),
]


def untidy_document(path):
    """A short report in five fonts and sizes on Letter paper with narrow margins, to tidy up."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(1.27))
    for text, font, size in UNTIDY_TEXT:
        run = document.add_paragraph().add_run(text)
        run.font.name, run.font.size = font, Pt(size)
    rows = [("Tổ", "Số hội viên", "Số lượt dự sinh hoạt"), ("Tổ 1", "22", "30"),
            ("Tổ 2", "19", "27"), ("Tổ 3", "24", "31"), ("Tổ 4", "21", "28")]
    document.add_paragraph("Bảng: kết quả theo tổ (chưa kẻ bảng, các cột cách nhau bằng dấu phẩy)")
    for row in rows:
        document.add_paragraph(", ".join(row))
    document.save(path)
    return path


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [minutes_template(media / "mau-bien-ban-hop-chi-hoi.docx"),
            notice_template(media / "mau-thong-bao-sinh-hoat.docx"),
            plan_template(media / "mau-ke-hoach-chi-hoi.docx"),
            untidy_document(media / "bao-cao-can-chinh-sua.docx")]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "soan-thao-van-ban-hoi" / "media"))
