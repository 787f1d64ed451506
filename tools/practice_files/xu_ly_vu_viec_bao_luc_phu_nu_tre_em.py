"""Practice files and diagram of the course "Xử lý ban đầu vụ việc bạo lực đối với phụ nữ, trẻ em".

The chi hội's own handbook for a first response: a referral directory whose local numbers the
learner fills in (the national numbers 113, 115, 111 are printed) and a page of first notes. It
is a chi hội's working aid, not a form of any State body, and says so. The diagram shows the
steps of a first response taught in lesson 02.
"""

import pathlib

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tools.practice_files._so_do import steps_diagram

FONT = "Times New Roman"
# (need, where, number): the referral directory. Blank numbers are for the learner.
DIRECTORY = [
    ("Đang có bạo lực, đe dọa tính mạng", "Công an (khẩn cấp)", "113"),
    ("Người bị thương nặng, ngất", "Cấp cứu y tế", "115"),
    ("Trẻ em bị bạo lực, xâm hại, bỏ rơi", "Tổng đài điện thoại quốc gia bảo vệ trẻ em", "111"),
    ("Báo tin, ngăn chặn, yêu cầu đến trụ sở", "Công an xã, phường", ""),
    ("Đề nghị cấm tiếp xúc, trợ giúp xã hội", "Ủy ban nhân dân xã, phường", ""),
    ("Khám, chữa trị", "Trạm y tế xã, phường", ""),
    ("Báo cáo, phối hợp trong Hội", "Chủ tịch Hội LHPN xã, phường", ""),
    ("Trẻ em cần hỗ trợ, can thiệp", "Người làm công tác trẻ em ở xã, phường", ""),
    ("Tư vấn, trợ giúp pháp lý", "Tổ chức trợ giúp pháp lý của Nhà nước", ""),
    ("Nơi tạm lánh", "Nơi Ủy ban nhân dân, Hội xã, phường giới thiệu", ""),
]
NOTES = [
    "Ngày, giờ ghi:",
    "Người ghi (cán bộ chi hội):",
    "Điều đã thấy, đã nghe (ghi đúng lời kể, không suy diễn):",
    "Có trẻ em liên quan không? Đã báo 111 hoặc công an chưa?",
    "Việc đã làm:",
    "Đã báo ai, lúc nào:",
    "Người bị bạo lực (người lớn) đồng ý kết nối với nơi nào:",
    "Kế hoạch an toàn đã bàn:",
    "Ngày hẹn thăm lại, người phụ trách:",
]


def _document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    for name in ("Normal", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        style.font.color.rgb = None
    document.styles["Normal"].font.size = Pt(13)
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].font.size = Pt(14)
    return document


def handbook(path):
    document = _document()
    document.add_heading("SỔ TAY XỬ LÝ BAN ĐẦU VỤ VIỆC BẠO LỰC CỦA CHI HỘI", level=1)
    note = document.add_paragraph()
    note.add_run("Tài liệu làm việc của chi hội, không phải biểu mẫu của cơ quan nhà nước. "
                 "Giữ ở nơi kín; không chụp gửi lên nhóm Zalo.").italic = True
    document.add_heading("1. Danh bạ chuyển gửi", level=2)
    document.add_paragraph("Chị điền số điện thoại và người liên hệ ở xã, phường mình; số nào chưa "
                           "biết thì hỏi Hội LHPN xã, phường. Cập nhật khi có thay đổi.")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("Khi nào", "Nơi liên hệ", "Số điện thoại",
                                                 "Người liên hệ"), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for need, where, number in DIRECTORY:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = need, where, number
    document.add_paragraph("Khi gọi: địa chỉ cụ thể; chuyện gì đang xảy ra; có ai bị thương, có "
                           "trẻ em, có hung khí không; tên và số điện thoại của mình.")
    document.add_page_break()
    document.add_heading("2. Phiếu ghi chép ban đầu", level=2)
    document.add_paragraph("Ghi ngắn, đúng lời kể. Không ghi chi tiết đời tư không cần thiết. Chỉ "
                           "chia sẻ với người cần biết để giúp được người bị bạo lực.")
    for line in NOTES:
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = True
        document.add_paragraph("…" * 40)
    document.save(path)
    return path


def steps_picture(path):
    steps = [
        ("Có ai đang nguy hiểm?", "Có: gọi 113 công an, 115 cấp cứu; trẻ em: 111"),
        ("Giữ an toàn cho mình", "Không một mình xông vào; gọi thêm người"),
        ("Báo công an và Hội", "Công an xã, phường; Hội LHPN xã, phường"),
        ("Gặp riêng, lắng nghe", "Khi không khẩn cấp: tin lời, hỏi về an toàn"),
        ("Kết nối hỗ trợ", "Y tế, trợ giúp pháp lý, nơi tạm lánh, cấm tiếp xúc"),
        ("Ghi chép kín, thăm lại", "Theo dõi, báo Hội xã, phường"),
    ]
    return steps_diagram(path, "Xử lý ban đầu một vụ việc bạo lực", [
        {"number": number, "label": label, "text": text,
         "colour": "#fde2c4" if number == 1 else "#e3f2fd"}
        for number, (label, text) in enumerate(steps, start=1)])


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [handbook(media / "so-tay-xu-ly-ban-dau.docx"),
            steps_picture(media / "cac-buoc-xu-ly-ban-dau.png")]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "xu-ly-vu-viec-bao-luc-phu-nu-tre-em" / "media"))
