"""Practice file of the course bang-tinh-danh-sach-hoi-vien: a member list to sort, filter, count.

Every name, address and phone number is made up; the phone numbers all begin 0900 000 so that
nobody mistakes them for real ones. The list keeps members who moved away or died (Tình trạng),
as a chi hội's list does, so that counting every row gives more than the active members.
"""

import datetime
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

FILE_NAME = "danh-sach-hoi-vien-thuc-hanh.xlsx"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

COLUMNS = [  # (header, width, number format)
    ("STT", 6, "0"),
    ("Họ và tên", 24, "@"),
    ("Năm sinh", 12, "0"),
    ("Tổ phụ nữ", 13, "@"),
    ("Địa chỉ", 16, "@"),
    ("Số điện thoại", 15, "@"),
    ("Ngày vào Hội", 14, "DD/MM/YYYY"),
    ("Tình trạng", 16, "@"),
    ("Góp quỹ 2026 (đồng)", 20, "#,##0"),
]

# (name, birth year, group, joined (y, m, d), status, fund); addresses and phones are derived.
MEMBERS = [
    ("Nguyễn Thị Lan", 1968, 3, (2010, 3, 15), "Đang sinh hoạt", 100000),
    ("Trần Thị Mai", 1985, 1, (2019, 3, 8), "Đang sinh hoạt", 50000),
    ("Lê Thị Bình", 1950, 3, (1995, 10, 20), "Từ trần", None),
    ("Phạm Thu Hằng", 1992, 2, (2022, 6, 5), "Đang sinh hoạt", 50000),
    ("Hoàng Thị Thu", 1959, 4, (2001, 4, 12), "Đang sinh hoạt", 100000),
    ("Vũ Thị Nga", 1960, 1, (2003, 9, 2), "Chuyển đi", None),
    ("Đỗ Thị Hạnh", 1977, 2, (2008, 3, 8), "Đang sinh hoạt", 100000),
    ("Bùi Thị Hoa", 1971, 3, (2005, 10, 20), "Đang sinh hoạt", 100000),
    ("Đặng Thị Yến", 1988, 4, (2016, 5, 14), "Đang sinh hoạt", 50000),
    ("Ngô Thị Hương", 1964, 1, (1999, 3, 8), "Đang sinh hoạt", 100000),
    ("Dương Thị Thảo", 1995, 2, (2023, 10, 20), "Đang sinh hoạt", 0),
    ("Lý Thị Quyên", 1953, 3, (1998, 6, 1), "Chuyển đi", None),
    ("Nguyễn Thị Hồng", 1982, 4, (2012, 8, 25), "Đang sinh hoạt", 50000),
    ("Trịnh Thị Tâm", 1966, 1, (2000, 10, 20), "Đang sinh hoạt", 100000),
    ("Phan Thị Loan", 1979, 2, (2009, 11, 3), "Đang sinh hoạt", 50000),
    ("Đinh Thị Huệ", 1957, 3, (1997, 3, 8), "Đang sinh hoạt", 100000),
    ("Mai Thị Ngọc", 1990, 4, (2018, 7, 9), "Chuyển đi", None),
    ("Tạ Thị Phượng", 1962, 1, (2002, 3, 8), "Đang sinh hoạt", 100000),
    ("Cao Thị Liên", 1974, 2, (2006, 10, 20), "Đang sinh hoạt", 50000),
    ("Lương Thị Xuân", 1969, 3, (2004, 2, 16), "Đang sinh hoạt", 100000),
    ("Hà Thị Minh", 1986, 4, (2015, 3, 8), "Đang sinh hoạt", 50000),
    ("Nguyễn Thị Thủy", 1958, 1, (1996, 10, 20), "Đang sinh hoạt", 100000),
    ("Trần Thị Kim Oanh", 1993, 2, (2021, 3, 8), "Đang sinh hoạt", 0),
    ("Lê Thị Vân", 1965, 3, (2000, 5, 19), "Đang sinh hoạt", 100000),
    ("Phạm Thị Dung", 1976, 4, (2007, 10, 20), "Đang sinh hoạt", 50000),
    ("Vũ Thị Hiền", 1981, 1, (2011, 3, 8), "Đang sinh hoạt", 50000),
    ("Đỗ Thị Thanh", 1955, 2, (1994, 3, 8), "Từ trần", None),
    ("Bùi Thị Lụa", 1963, 3, (2001, 10, 20), "Đang sinh hoạt", 100000),
    ("Hoàng Thị Nhung", 1989, 4, (2017, 9, 30), "Đang sinh hoạt", 50000),
    ("Ngô Thị Bích", 1972, 1, (2005, 3, 8), "Đang sinh hoạt", 100000),
    ("Nguyễn Thị Lan", 1991, 2, (2020, 10, 20), "Đang sinh hoạt", 50000),
    ("Kiều Thị Hà", 1967, 3, (2003, 3, 8), "Đang sinh hoạt", 100000),
    ("Tô Thị Sen", 1952, 4, (1993, 10, 20), "Đang sinh hoạt", 100000),
    ("Chu Thị Duyên", 1984, 1, (2014, 4, 22), "Đang sinh hoạt", 50000),
    ("Lại Thị Hảo", 1970, 2, (2004, 3, 8), "Đang sinh hoạt", 100000),
    ("Nghiêm Thị Mến", 1961, 3, (1999, 10, 20), "Đang sinh hoạt", 100000),
    ("Đào Thị Chinh", 1987, 4, (2016, 3, 8), "Đang sinh hoạt", 0),
    ("Vương Thị Hòa", 1978, 1, (2009, 10, 20), "Đang sinh hoạt", 50000),
    ("Khúc Thị Lý", 1956, 3, (1996, 3, 8), "Đang sinh hoạt", 100000),
    ("Quách Thị Nhàn", 1997, 2, (2024, 3, 8), "Đang sinh hoạt", 0),
]

SUMMARY_LABELS = ["Số dòng trong danh sách", "Hội viên đang sinh hoạt",
                  "Tổ 1 - đang sinh hoạt", "Tổ 2 - đang sinh hoạt", "Tổ 3 - đang sinh hoạt",
                  "Tổ 4 - đang sinh hoạt", "Tổng góp quỹ 2026 (đồng)"]


def fake_phone(number):
    """A made-up mobile number, obviously not a real one: 0900 000 1NN."""
    return f"0900000{100 + number:03d}"


def member_rows():
    """The list's rows as the sheet holds them: STT first, dates as dates, phones as text."""
    rows = []
    for number, (name, born, group, joined, status, fund) in enumerate(MEMBERS, start=1):
        phone = "" if name == "Lê Thị Bình" else fake_phone(number)
        address = f"Ngõ {(number % 6) + 1}, nhà {number * 3 % 47 + 2}"
        rows.append([number, name, born, f"Tổ {group}", address, phone,
                     datetime.date(*joined), status, fund])
    return rows


def new_workbook(tables):
    """A workbook with one sheet per entry of `tables` ({sheet name: (columns, rows)}), in order:
    one header row (bold, shaded), then the rows; widths and number formats per column."""
    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in tables.items():
        sheet = book.create_sheet(name)
        for index, (header, width, number_format) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index, value=header)
            cell.font, cell.fill = Font(name="Calibri", size=11, bold=True), HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            sheet.column_dimensions[cell.column_letter].width = width
            for row_index, row in enumerate(rows, start=2):
                value = row[index - 1] if index - 1 < len(row) else None
                target = sheet.cell(row=row_index, column=index, value=value)
                if number_format:
                    target.number_format = number_format
    return book


def build(media: pathlib.Path) -> list[pathlib.Path]:
    """Write the member list (sheet "DanhSach") and the summary sheet "TongHop" to fill in."""
    media.mkdir(parents=True, exist_ok=True)
    path = media / FILE_NAME
    new_workbook({
        "DanhSach": (COLUMNS, member_rows()),
        "TongHop": ([("Nội dung", 30, "@"), ("Kết quả", 14, "#,##0")],
                    [[label] for label in SUMMARY_LABELS]),
    }).save(path)
    return [path]


if __name__ == "__main__":
    print(*build(pathlib.Path("courses/bang-tinh-danh-sach-hoi-vien/media")), sep="\n")
