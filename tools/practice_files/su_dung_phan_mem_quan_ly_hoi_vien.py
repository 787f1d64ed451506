"""Practice files of the course "Sử dụng hiệu quả phần mềm quản lý hội viên".

An export of a made-up chi hội's members to check before a report (with the mistakes lesson 04
teaches to find), a monthly form of biến động for the chi hội trưởng, and a picture of the
balance check drawn from the same figures. Every name, year and phone number is made up; the
phone numbers are 0900 000 xxx, which no real subscriber has.
"""

import datetime
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
CHECK_DATE = datetime.date(2026, 12, 15)  # the report's cut-off date in the exercise

HEADER = ("STT", "Họ và tên", "Năm sinh", "Chi hội", "Ngày vào Hội", "Tình trạng",
          "Số điện thoại")
# (name, birth year, chi hội, joined, status): the rows of the export. The mistakes are on
# purpose: a member twice (rows 4 and 17), a blank birth year (row 9), a join date after the
# cut-off (row 12), one who moved away still "Đang sinh hoạt" (row 14, see the biến động sheet),
# and a birth year no member can have (row 20).
MEMBERS = [
    ("Nguyễn Thị Thu Hà", 1979, "Tổ dân phố 3", datetime.date(2005, 3, 8), "Đang sinh hoạt"),
    ("Trần Thị Minh", 1985, "Tổ dân phố 3", datetime.date(2010, 10, 20), "Đang sinh hoạt"),
    ("Lê Thị Hồng", 1962, "Tổ dân phố 3", datetime.date(1990, 3, 8), "Đang sinh hoạt"),
    ("Phạm Thị Vân", 1987, "Tổ dân phố 4", datetime.date(2015, 10, 20), "Đang sinh hoạt"),
    ("Đỗ Thị Lan", 1970, "Tổ dân phố 4", datetime.date(1998, 3, 8), "Đang sinh hoạt"),
    ("Vũ Thị Hậu", 1941, "Tổ dân phố 4", datetime.date(1975, 3, 8), "Từ trần"),
    ("Hoàng Thị Nga", 1992, "Tổ dân phố 4", datetime.date(2019, 10, 20), "Đang sinh hoạt"),
    ("Bùi Thị Nhung", 1978, "Tổ dân phố 5", datetime.date(2003, 3, 8), "Đang sinh hoạt"),
    ("Ngô Thị Duyên", None, "Tổ dân phố 5", datetime.date(2022, 10, 20), "Đang sinh hoạt"),
    ("Đặng Thị Hòa", 1982, "Tổ dân phố 5", datetime.date(2008, 3, 8), "Đang sinh hoạt"),
    ("Trịnh Thu Trang", 1995, "Tổ dân phố 5", datetime.date(2020, 10, 20), "Đang sinh hoạt"),
    ("Lê Thị Thanh", 1990, "Tổ dân phố 3", datetime.date(2027, 10, 20), "Đang sinh hoạt"),
    ("Phan Thị Bích", 1968, "Tổ dân phố 3", datetime.date(1995, 3, 8), "Chuyển đi"),
    ("Nguyễn Thị Bích", 1970, "Tổ dân phố 4", datetime.date(1996, 3, 8), "Đang sinh hoạt"),
    ("Cao Thị Mai", 1988, "Tổ dân phố 4", datetime.date(2012, 10, 20), "Đang sinh hoạt"),
    ("Tạ Thị Hương", 1975, "Tổ dân phố 5", datetime.date(2001, 3, 8), "Đang sinh hoạt"),
    ("Phạm Thị Vân", 1987, "Tổ dân phố 4", datetime.date(2015, 10, 20), "Đang sinh hoạt"),
    ("Lương Thị Thủy", 1983, "Tổ dân phố 5", datetime.date(2009, 3, 8), "Đang sinh hoạt"),
    ("Kiều Thị Loan", 1999, "Tổ dân phố 3", datetime.date(2024, 10, 20), "Đang sinh hoạt"),
    ("Đinh Thị Yến", 1893, "Tổ dân phố 3", datetime.date(2018, 3, 8), "Đang sinh hoạt"),
]
# The chi hội trưởng's form of the month: what happened that the export above must show.
CHANGES = [
    ("Nguyễn Thị Bích", 1970, "Tổ dân phố 4", "Chuyển đi", datetime.date(2026, 11, 5),
     "Về quê ở tỉnh khác"),
    ("Kiều Thị Loan", 1999, "Tổ dân phố 5 → Tổ dân phố 3", "Chuyển trong chi hội",
     datetime.date(2026, 11, 12), "Thuê nhà ở tổ 3"),
    ("Vũ Thị Hậu", 1941, "Tổ dân phố 4", "Từ trần", datetime.date(2026, 11, 20),
     "Chi hội đã thăm viếng"),
]
# The balance check of lesson 04, with the figures of its worked example.
# Each part: label, count, +1 for what comes in, -1 for what goes out.
BALANCE = [("Kỳ trước", 1250, 1), ("Kết nạp mới", 20, 1), ("Chuyển đến", 3, 1),
           ("Chuyển đi", 7, -1), ("Thôi sinh hoạt", 0, -1), ("Từ trần", 4, -1)]
COLOURS = {1: "#8cb369", -1: "#bc4b51"}

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def _sheet_header(sheet, titles, widths):
    sheet.append(titles)
    for cell, width in zip(sheet[1], widths, strict=True):
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def member_workbook(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách xuất ngày 15-12"
    _sheet_header(sheet, HEADER, (6, 24, 10, 16, 14, 16, 16))
    for number, (name, born, branch, joined, status) in enumerate(MEMBERS, start=1):
        sheet.append((number, name, born, branch, joined, status, f"0900 000 {100 + number}"))
        sheet.cell(row=number + 1, column=5).number_format = "DD/MM/YYYY"
    changes = workbook.create_sheet("Biến động tháng 11")
    _sheet_header(changes, ("Họ và tên", "Năm sinh", "Chi hội, tổ", "Biến động", "Ngày",
                            "Ghi chú"), (22, 10, 28, 20, 12, 24))
    for row, values in enumerate(CHANGES, start=2):
        changes.append(values)
        changes.cell(row=row, column=5).number_format = "DD/MM/YYYY"
    blank = workbook.create_sheet("Mẫu biến động (trống)")
    _sheet_header(blank, ("Họ và tên", "Năm sinh", "Chi hội, tổ", "Biến động", "Ngày",
                          "Ghi chú"), (22, 10, 28, 20, 12, 24))
    blank.append(("(Tháng không có biến động: ghi \"Không có\")",))
    workbook.save(path)
    return path


def balance_picture(path):
    """Kỳ trước + vào − ra = kỳ này, as a row of boxes with the example's figures."""
    width, height = 1460, 420
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title, big, small = (ImageFont.truetype(FONT_BOLD, 32), ImageFont.truetype(FONT_BOLD, 40),
                         ImageFont.truetype(FONT, 24))
    draw.text((40, 24), "Kiểm tra số hội viên: kỳ trước + vào − ra = kỳ này", fill="#222",
              font=title)
    total = sum(count * sign for _label, count, sign in BALANCE)
    boxes = [(label, count, "#9ecae1" if index == 0 else COLOURS[sign])
             for index, (label, count, sign) in enumerate(BALANCE)]
    boxes.append(("Kỳ này", total, "#f4a259"))
    signs = ["+" if sign > 0 else "−" for _label, _count, sign in BALANCE[1:]] + ["="]
    x, box_w, gap, top = 40, 160, 40, 120
    for index, (label, count, colour) in enumerate(boxes):
        draw.rounded_rectangle([x, top, x + box_w, top + 150], radius=14, fill=colour)
        draw.text((x + box_w / 2, top + 75), f"{count:,}".replace(",", "."), fill="white",
                  anchor="mm", font=big)
        draw.text((x + box_w / 2, top + 185), label, fill="#222", anchor="mm", font=small)
        if index < len(signs):
            draw.text((x + box_w + gap / 2, top + 75), signs[index], fill="#222", anchor="mm",
                      font=big)
        x += box_w + gap
    draw.text((40, 360), "Không khớp: có người nhập trùng, bị xóa nhầm, hoặc biến động chưa ghi.",
              fill="#555", font=small)
    image.quantize(colors=32).save(path, optimize=True)
    return path


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [member_workbook(media / "danh-sach-hoi-vien-kiem-tra.xlsx"),
            balance_picture(media / "cong-thuc-kiem-tra-so-hoi-vien.png")]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "su-dung-phan-mem-quan-ly-hoi-vien" / "media"))
