"""Practice file of the course lam-sach-du-lieu-hoi-vien: a "dirty" member list to clean.

The list is what a ward gets when two tổ send their lists and several people typed them over the
years: spaces too many, the same member twice, groups and statuses written four ways, phone
numbers that lost their leading zero or carry dots and notes, dates typed as text. Every name,
address and phone number is made up (the phones all begin 0900 000).
"""

import datetime
import pathlib

from tools.practice_files.bang_tinh_danh_sach_hoi_vien import new_workbook

FILE_NAME = "danh-sach-can-lam-sach.xlsx"

# No number formats: the cells keep what was typed, as in a list nobody has cleaned.
COLUMNS = [("STT", 6, None), ("Họ và tên", 24, None), ("Năm sinh", 12, None),
           ("Tổ phụ nữ", 13, None), ("Số điện thoại", 19, None),
           ("Ngày vào Hội", 14, "DD/MM/YYYY"), ("Tình trạng", 16, None)]

D = datetime.date
# (name as typed, birth year, group as typed, phone as typed, joined as typed, status as typed)
ROWS = [
    ("Nguyễn Thị Hoa", 1968, "Tổ 3", "0900000201", D(2010, 3, 15), "Đang sinh hoạt"),
    ("Trần Thị Mai", 1985, "Tổ 1", "0900000202", D(2019, 3, 8), "Đang sinh hoạt"),
    (" Lê Thị Bình", 1950, "Tổ 3", None, D(1995, 10, 20), "Đang sinh hoạt"),
    ("Phạm Thu Hằng", 1992, "Tổ 2", "0900.000.204", D(2022, 6, 5), "Đang sinh hoạt"),
    ("Hoàng Thị Thu", 1959, "T4", 900000205, D(2001, 4, 12), "Đang SH"),
    ("Vũ Thị Nga", 1960, "Tổ 1", "09000002", D(2003, 9, 2), "Đang sinh hoạt"),
    ("Đỗ Thị Hạnh", None, "Tổ 4", "0900000207", D(2008, 3, 8), "Đang sinh hoạt"),
    ("Bùi  Thị Hoa", 1971, "tổ 3", "0900 000 208", "15.3.2010", "đang sinh hoạt"),
    ("Đặng Thị Yến", 1988, "Tổ 4", 900000209, D(2016, 5, 14), "Đang sinh hoạt"),
    ("Ngô Thị Hương", 1964, "Tổ 1", "0900000210", D(1999, 3, 8), "Đang sinh hoạt"),
    ("Dương Thị Thảo ", 1995, "To 2", "0900000211", D(2023, 10, 20), "Đang sinh hoạt"),
    ("Nguyễn Thị Lan", 1975, "Tổ 2", "0900000212", D(2007, 3, 8), "Đang sinh hoạt"),
    ("Nguyễn Thị Hồng", 1982, "Tổ 4", "0900000213 (con gái)", D(2012, 8, 25), "Đang sinh hoạt"),
    ("Trịnh Thị Tâm", 1966, "Tổ 1 ", "0900000214", "2000", "Đang sinh hoạt"),
    ("Phan Thị Loan", 1979, "Tổ 2", 900000215, D(2009, 11, 3), "Đang sinh hoạt"),
    ("Đinh Thị Huệ", 1957, "T3", "0900000216", D(1997, 3, 8), "Đang sinh hoạt"),
    ("Mai Thị Ngọc", 1990, "Tổ 4", "0900000217", D(2018, 7, 9), "Chuyển đi"),
    ("Tạ Thị Phượng", 196, "Tổ 1", "0900000218", D(2002, 3, 8), "Đang sinh hoạt"),
    ("Cao Thị Liên", 1974, "Tổ 2", "0900000219", "tháng 3/2006", "Đang sinh hoạt"),
    ("Lương Thị Xuân", 1969, "Tổ 3", 900000220, D(2004, 2, 16), "Đang SH"),
    ("Trần Thị Mai", 1985, "Tổ 1", "0900000202", D(2019, 3, 8), "Đang sinh hoạt"),
    ("Hà Thị Minh", 1986, "Tổ 4", "0900000221", D(2015, 3, 8), "Đang sinh hoạt"),
    ("Nguyễn Thị Thủy", 1958, "Tổ 1", "0900000222", D(1996, 10, 20), None),
    ("Phạm Thu Hằng ", 1992, "To 2", "0900000204", D(2022, 6, 5), "Đang sinh hoạt"),
    ("Lê Thị Vân", 1965, "Tổ 3", "0900.000.223", D(2000, 5, 19), "Đang sinh hoạt"),
    ("Phạm Thị Dung", 1976, "Tổ 4", 900000224, D(2007, 10, 20), "Đang sinh hoạt"),
    ("Vũ Thị Hiền", 1981, "tổ 1", "0900000225", "08.3.2011", "Đang sinh hoạt"),
    ("Nguyễn  Thị Hoa", 1968, "T3", "0900000201", D(2010, 3, 15), "Đang sinh hoạt"),
    ("Bùi Thị Lụa", 1963, "Tổ 3", "0900000226", D(2001, 10, 20), "Đang sinh hoạt"),
    ("Hoàng Thị Nhung", 1989, "Tổ 4", "0900000227", D(2017, 9, 30), "đang sinh hoạt"),
    ("Ngô Thị Bích", 1972, "Tổ 1", "0900 000 228", D(2005, 3, 8), "Đang sinh hoạt"),
    ("Nguyễn Thị Lan", 1991, "Tổ 2", "0900000229", D(2020, 10, 20), "Đang sinh hoạt"),
    ("Kiều Thị Hà", 1967, "Tổ 3", "0900000230", D(2003, 3, 8), "Từ trần"),
    ("Tô Thị Sen", 1952, "Tổ 4", None, D(1993, 10, 20), "Đang sinh hoạt"),
    ("Chu Thị Duyên", 1984, "Tổ 1", 900000231, D(2014, 4, 22), "Đang sinh hoạt"),
    ("Lại Thị Hảo", 1970, "Tổ 2", "0900000232", D(2004, 3, 8), "Đang sinh hoạt"),
    ("Nghiêm Thị Mến", 1961, "Tổ 3", "0900000233", D(1999, 10, 20), "Đang sinh hoạt"),
    ("Đào Thị Chinh", 1987, "Tổ 4", "0900000234", D(2016, 3, 8), "Đang sinh hoạt"),
]

# The lists the dropdowns take their values from: a header in row 1, the values from row 2.
CATALOGUE = [("Tổ phụ nữ", ["Tổ 1", "Tổ 2", "Tổ 3", "Tổ 4"]),
             ("Tình trạng", ["Đang sinh hoạt", "Chuyển đi", "Thôi sinh hoạt", "Từ trần"])]


def dirty_rows():
    """The rows with their STT, exactly as typed (numbers where Excel made numbers)."""
    return [[number, *row] for number, row in enumerate(ROWS, start=1)]


def build(media: pathlib.Path) -> list[pathlib.Path]:
    """Write the dirty list (sheet "DanhSach") and the catalogue sheet "DanhMuc"."""
    media.mkdir(parents=True, exist_ok=True)
    longest = max(len(values) for _, values in CATALOGUE)
    catalogue_rows = [[values[i] if i < len(values) else None for _, values in CATALOGUE]
                      for i in range(longest)]
    path = media / FILE_NAME
    new_workbook({
        "DanhSach": (COLUMNS, dirty_rows()),
        "DanhMuc": ([(header, 18, None) for header, _ in CATALOGUE], catalogue_rows),
    }).save(path)
    return [path]


if __name__ == "__main__":
    print(*build(pathlib.Path("courses/lam-sach-du-lieu-hoi-vien/media")), sep="\n")
