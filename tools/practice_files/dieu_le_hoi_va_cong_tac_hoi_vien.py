"""Practice files and diagrams of the course "Điều lệ Hội LHPN Việt Nam và công tác hội viên".

A sổ theo dõi hội phí in which the amount is left for the learner to fill in with the figure her
Hội xã, phường gives (the course states no amount: it is set by the Union's guidance), with a
separate sheet for the chi hội's voluntary fund; the diagram of the Union's levels since
1/7/2025 and the steps of admitting a member. Every name is made up.
"""

import datetime
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tools.practice_files._bang_tinh import BOLD, header_row
from tools.practice_files._so_do import steps_diagram

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")

# (tổ, name, date paid or None): a made-up chi hội's members, some of whom have paid.
MEMBERS = [
    ("Tổ 1", "Nguyễn Thị Hoa", datetime.date(2027, 1, 9)),
    ("Tổ 1", "Trần Thị Bình", datetime.date(2027, 1, 9)),
    ("Tổ 1", "Lê Thị Cúc", None),
    ("Tổ 1", "Phạm Thị Dung", datetime.date(2027, 1, 16)),
    ("Tổ 2", "Hoàng Thị Gấm", None),
    ("Tổ 2", "Vũ Thị Hạnh", datetime.date(2027, 1, 10)),
    ("Tổ 2", "Đặng Thị Khuyên", None),
    ("Tổ 2", "Bùi Thị Liên", None),
    ("Tổ 3", "Đỗ Thị Mận", datetime.date(2027, 1, 16)),
    ("Tổ 3", "Ngô Thị Nụ", None),
    ("Tổ 3", "Dương Thị Oanh", None),
    ("Tổ 3", "Lý Thị Phượng", None),
]
FIRST_ROW = 7  # the members' rows start below the header block


def fee_workbook(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ hội phí"
    sheet["A1"] = "SỔ THEO DÕI HỘI PHÍ - CHI HỘI PHỤ NỮ (TỆP THỰC HÀNH, TÊN GIẢ ĐỊNH)"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "Kỳ thu (ghi theo hướng dẫn của Hội xã, phường):"
    sheet["F2"] = "năm 2027"
    sheet["A3"] = "Mức hội phí mỗi hội viên (đồng), ghi đúng con số Hội xã, phường hướng dẫn:"
    sheet["F3"].fill = INPUT_FILL
    sheet["F3"].number_format = "#,##0"
    sheet["A4"] = ("Chi hội không tự đặt mức khác. Ô vàng để trống: cột Số tiền và các ô tổng "
                   "tự tính khi chị ghi mức vào đó.")
    sheet["A4"].font = Font(italic=True)
    header_row(sheet, FIRST_ROW - 1, ("STT", "Tổ", "Họ và tên", "Ngày đóng", "Người thu ký",
                                        "Số tiền (đồng)", "Ghi chú"), (6, 8, 24, 13, 14, 15, 22))
    last = FIRST_ROW + len(MEMBERS) - 1
    for offset, (to, name, paid) in enumerate(MEMBERS):
        row = FIRST_ROW + offset
        sheet.cell(row=row, column=1, value=offset + 1)
        sheet.cell(row=row, column=2, value=to)
        sheet.cell(row=row, column=3, value=name)
        date = sheet.cell(row=row, column=4, value=paid)
        date.number_format = "DD/MM/YYYY"
        sheet.cell(row=row, column=5, value="Tổ trưởng" if paid else None)
        amount = sheet.cell(row=row, column=6,
                            value=f'=IF(OR(D{row}="",$F$3=""),"",$F$3)')
        amount.number_format = "#,##0"
    totals = last + 2
    sheet.cell(row=totals, column=3, value="Số hội viên đã đóng").font = BOLD
    sheet.cell(row=totals, column=4, value=f"=COUNT(D{FIRST_ROW}:D{last})")
    sheet.cell(row=totals + 1, column=3, value="Số hội viên chưa đóng").font = BOLD
    sheet.cell(row=totals + 1, column=4,
               value=f"=ROWS(D{FIRST_ROW}:D{last})-COUNT(D{FIRST_ROW}:D{last})")
    sheet.cell(row=totals + 2, column=3, value="Tổng hội phí đã thu (đồng)").font = BOLD
    total = sheet.cell(row=totals + 2, column=4, value=f"=SUM(F{FIRST_ROW}:F{last})")
    total.number_format = "#,##0"
    sheet.freeze_panes = f"A{FIRST_ROW}"

    fund = workbook.create_sheet("Sổ quỹ chi hội (riêng)")
    fund["A1"] = "SỔ QUỸ TỰ NGUYỆN CỦA CHI HỘI - GHI RIÊNG, KHÔNG GỘP VÀO HỘI PHÍ"
    fund["A1"].font = Font(bold=True, size=13)
    fund["A2"] = ("Mức góp và cách dùng quỹ do chi hội bàn, thống nhất, ghi vào biên bản; "
                  "đóng quỹ không phải điều kiện để vào Hội.")
    fund["A2"].font = Font(italic=True)
    header_row(fund, 4, ("Ngày", "Nội dung", "Thu (đồng)", "Chi (đồng)", "Người ghi"),
                (13, 34, 14, 14, 14))
    fund.cell(row=5, column=1, value=datetime.date(2027, 1, 16)).number_format = "DD/MM/YYYY"
    fund.cell(row=5, column=2, value="Ví dụ: chị em góp thăm hội viên ốm (theo biên bản)")
    fund.cell(row=16, column=2, value="Cộng").font = BOLD
    fund.cell(row=16, column=3, value="=SUM(C5:C15)")
    fund.cell(row=16, column=4, value="=SUM(D5:D15)")
    for cell in (fund["C16"], fund["D16"]):
        cell.number_format = "#,##0"
    dates = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)",
                           showErrorMessage=True, error="Ghi ngày dạng ngày/tháng/năm.")
    sheet.add_data_validation(dates)
    dates.add(f"D{FIRST_ROW}:D{last}")
    workbook.save(path)
    return path


def levels_picture(path):
    return steps_diagram(path, "Các cấp Hội LHPN từ ngày 1/7/2025 (ví dụ ở Hà Nội)", [
        {"label": "Trung ương Hội LHPN Việt Nam",
         "text": "Tổ chức chính trị - xã hội trực thuộc Mặt trận Tổ quốc Việt Nam",
         "colour": "#d6e4f0"},
        {"label": "Hội LHPN thành phố Hà Nội (Thành hội)", "colour": "#d6e4f0"},
        {"label": "Hội LHPN quận, huyện, thị xã", "text": "Không còn từ 1/7/2025",
         "struck": True},
        {"label": "Hội LHPN xã, phường (126 ở Hà Nội)",
         "text": "Hội cơ sở, cấp trên trực tiếp của chi hội", "colour": "#fde2c4"},
        {"label": "Chi hội phụ nữ", "text": "Thôn, tổ dân phố hoặc chi hội đặc thù",
         "colour": "#dcedc8"},
        {"label": "Tổ phụ nữ", "text": "Nơi gần hội viên nhất", "colour": "#dcedc8"},
    ])


def admission_picture(path):
    steps = [
        ("Nắm địa bàn", "Phụ nữ từ 18 tuổi chưa vào Hội, nhóm dễ bị bỏ sót"),
        ("Gặp và lắng nghe", "Giới thiệu Hội theo đúng điều chị em cần"),
        ("Đăng ký tự nguyện", "Theo mẫu Hội xã, phường hướng dẫn"),
        ("Chi hội tổng hợp, đề nghị", "Gửi danh sách lên Hội xã, phường"),
        ("Công nhận", "Theo Điều lệ và hướng dẫn hiện hành"),
        ("Đón hội viên mới", "Xếp vào tổ, ghi vào danh sách, báo Hội xã, phường"),
    ]
    return steps_diagram(path, "Sáu bước kết nạp hội viên mới", [
        {"number": number, "label": label, "text": text, "colour": "#e3f2fd"}
        for number, (label, text) in enumerate(steps, start=1)])


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [fee_workbook(media / "so-theo-doi-hoi-phi.xlsx"),
            levels_picture(media / "cac-cap-hoi-tu-2025.png"),
            admission_picture(media / "cac-buoc-ket-nap.png")]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "dieu-le-hoi-va-cong-tac-hoi-vien" / "media"))
