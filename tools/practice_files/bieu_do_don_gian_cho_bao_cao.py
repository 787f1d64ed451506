"""Practice file of the course bieu-do-don-gian-cho-bao-cao: the tables its charts are drawn from.

One sheet per table, the name in column A and the figures beside it, a header in row 1, no
total row under the data (the chart would draw it as one more, far taller, column). All figures
are made up for practice; each sheet says so in the cell under its table.
"""

import pathlib

from tools.practice_files.bang_tinh_danh_sach_hoi_vien import new_workbook

FILE_NAME = "so-lieu-ve-bieu-do.xlsx"
NOTE = "Số liệu giả định để luyện tập, không phải số liệu thật của đơn vị nào."

# sheet name -> (headers, rows); the lessons quote these figures, keep them in step.
TABLES = {
    "Sinh hoat quy II": (["Chi hội", "Số hội viên tham gia"],
                         [["Chi hội 1", 48], ["Chi hội 2", 62], ["Chi hội 3", 35],
                          ["Chi hội 4", 57], ["Chi hội 5", 41]]),
    "Ket nap 6 thang": (["Tháng", "Hội viên mới"],
                        [["T1", 8], ["T2", 5], ["T3", 14], ["T4", 9], ["T5", 11], ["T6", 16]]),
    "Nhom tuoi": (["Nhóm tuổi", "Số hội viên"],
                  [["Dưới 35", 30], ["35 đến 59", 70], ["60 trở lên", 50]]),
    "Ket nap 5 nam": (["Năm", "Hội viên mới"],
                      [["2021", 85], ["2022", 110], ["2023", 96], ["2024", 130], ["2025", 142]]),
    "Truc doc": (["Chi hội", "Số hội viên tham gia"],
                 [["Chi hội A", 52], ["Chi hội B", 55], ["Chi hội C", 58], ["Chi hội D", 61]]),
    "Ty le": (["Chi hội", "Số hội viên", "Số tham gia", "Tỷ lệ tham gia"],
              [["Chi hội Đông", 300, 90, "=C2/B2"], ["Chi hội Tây", 80, 40, "=C3/B3"]]),
}
PERCENT_COLUMN = {"Ty le": 4}


def build(media: pathlib.Path) -> list[pathlib.Path]:
    """Write one workbook, one sheet per practice table, each with the made-up-figures note."""
    media.mkdir(parents=True, exist_ok=True)
    book = new_workbook({
        name: ([(header, 14 if i == 0 else 22, None) for i, header in enumerate(headers)], rows)
        for name, (headers, rows) in TABLES.items()})
    for name, (_, rows) in TABLES.items():
        sheet = book[name]
        if name in PERCENT_COLUMN:
            for row in range(2, len(rows) + 2):
                sheet.cell(row=row, column=PERCENT_COLUMN[name]).number_format = "0%"
        sheet.cell(row=len(rows) + 3, column=1, value=NOTE)
    path = media / FILE_NAME
    book.save(path)
    return [path]


if __name__ == "__main__":
    print(*build(pathlib.Path("courses/bieu-do-don-gian-cho-bao-cao/media")), sep="\n")
