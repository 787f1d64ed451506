"""Diagrams and practice files of the course "Tổ tiết kiệm và vay vốn, ủy thác vốn Ngân hàng Chính
sách xã hội".

The follow-up book (sổ theo dõi tổ viên) and the cash sheet of a giao dịch day are a tổ trưởng's
own working aid, not forms of the Ngân hàng Chính sách xã hội: the bank's forms (Giấy đề nghị vay
vốn, Danh sách đề nghị vay vốn, Sổ vay vốn) come from the điểm giao dịch xã. Every name, phone
number and amount in them is made up; the amounts are not loan ceilings or rates of any programme.
The printable minutes of a bình xét meeting likewise say that they are a training template.
"""

import datetime
import pathlib

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tools.practice_files._bang_tinh import header_row
from tools.practice_files._so_do import steps_diagram
from tools.practice_files._so_do_mau_in import PRINTED_ON, Form

BLUE, GREEN, AMBER, RED = "#e3f2fd", "#e8f5e9", "#fff3e0", "#ffebee"


# --- diagrams --------------------------------------------------------------------------------


# Each diagram: (title, numbered, [(label, text, colour)], footer). In a numbered diagram every
# box but a red one (what must never be done) gets the next number.
DIAGRAMS = {
    "tu-de-nghi-den-nhan-tien.png": ("Từ đề nghị vay đến khi nhận tiền", True, [
        ("Hội viên tự viết giấy đề nghị", "Tự nguyện vào tổ; tự ghi giấy đề nghị vay vốn kiêm "
         "phương án sử dụng vốn vay, nộp cho tổ trưởng", BLUE),
        ("Tổ họp bình xét công khai", "Tổ viên có mặt cùng xét, biểu quyết; ghi biên bản và "
         "danh sách đề nghị vay", BLUE),
        ("Ủy ban nhân dân xã, phường xác nhận", "Hội LHPN xã, phường nhận ủy thác giữ một bản "
         "danh sách để theo dõi", BLUE),
        ("Ngân hàng Chính sách xã hội xét duyệt", "Ngân hàng quyết định cho vay hay không và "
         "thông báo kết quả", BLUE),
        ("Người vay nhận tiền", "Tại điểm giao dịch xã, theo lịch ngân hàng báo; tổ trưởng "
         "không nhận thay", GREEN),
    ], "Mẫu giấy tờ và lịch giao dịch: hỏi điểm giao dịch xã, phường."),
    "ai-lam-gi-von-uy-thac.png": ("Ai làm gì trong vốn ủy thác", False, [
        ("Ngân hàng Chính sách xã hội", "Xét duyệt, cho vay, thu nợ; ủy thác một số việc cho "
         "Hội, ủy nhiệm cho tổ thu lãi, tiền gửi", BLUE),
        ("Hội LHPN xã, phường (nhận ủy thác)", "Thành lập, kiện toàn tổ; dự họp bình xét; "
         "kiểm tra, giám sát; giao ban với ngân hàng", BLUE),
        ("Chi hội", "Nắm hoàn cảnh hội viên, giới thiệu vào tổ, cùng thăm hộ vay", AMBER),
        ("Tổ trưởng tổ TK&VV", "Họp tổ, thu lãi và tiền gửi theo hợp đồng ủy nhiệm, đôn đốc "
         "trả nợ, giữ sổ", GREEN),
        ("Tổ viên", "Tự đề nghị, dùng vốn đúng mục đích, trả lãi, trả nợ, giám sát lẫn nhau",
         GREEN),
    ], None),
    "khi-to-vien-cham-tra.png": ("Khi một tổ viên chậm trả", True, [
        ("Hỏi thăm riêng", "Không nêu tên trong họp hay nhóm Zalo; nghe lý do", BLUE),
        ("Tìm đúng nguyên nhân", "Ốm đau, thiên tai, mất việc? Hay dùng vốn sai, cố tình "
         "không trả?", BLUE),
        ("Cùng lập kế hoạch trả", "Trả dần bao nhiêu, từ nguồn thu nào, hẹn ngày; ghi vào sổ",
         BLUE),
        ("Báo ngân hàng và Hội xã, phường", "Rủi ro khách quan: hỏi cán bộ ngân hàng thủ tục "
         "đang áp dụng", AMBER),
        ("Không được", "Bêu tên, dọa nạt, giữ giấy tờ, tự trả thay rồi đòi lãi", RED),
    ], None),
    "thu-den-dau-nop-den-do.png": ("Tiền của tổ viên: thu đến đâu, nộp đến đó", True, [
        ("Thu đúng việc được ủy nhiệm", "Lãi, tiền gửi tiết kiệm theo hợp đồng ủy nhiệm của tổ",
         BLUE),
        ("Ghi ngay trước mặt tổ viên", "Ghi sổ, giao biên lai theo mẫu ngân hàng phát; tổ viên "
         "xem lại số", BLUE),
        ("Nộp hết tại phiên giao dịch", "Đếm cùng cán bộ ngân hàng; đối chiếu tổng thu với "
         "tổng nộp", BLUE),
        ("Công khai trong buổi họp tổ", "Ai đã nộp, ai còn thiếu; tổ viên tự xem sổ của mình",
         GREEN),
        ("Không bao giờ", "Dùng tạm, cho vay lại, giữ lâu hơn quy định, nhận tiền vay thay, "
         "ký thay", RED),
    ], None),
}


def draw_diagram(path, title, numbered, boxes, footer):
    steps, number = [], 0
    for label, text, colour in boxes:
        step = {"label": label, "text": text, "colour": colour}
        if numbered and colour != RED:
            number += 1
            step["number"] = number
        steps.append(step)
    return steps_diagram(path, title, steps, footer=footer)


# --- the follow-up workbook ------------------------------------------------------------------

SO_THEO_DOI = "so-theo-doi-to-vien.xlsx"
# (name, xóm, purpose, borrowed on (y, m, d), amount, due (y, m, d),
#  interest paid Oct, Nov, Dec, savings this month, last visit (y, m, d), use checked)
MEMBERS = [
    ("Nguyễn Thị Hằng", "Xóm 1", "Nuôi lợn", (2025, 3, 15), 40_000_000, (2028, 3, 15),
     "Đã nộp", "Đã nộp", "Đã nộp", 50_000, (2026, 11, 20), "Đúng mục đích"),
    ("Trần Thị Lý", "Xóm 1", "Mở sạp rau", (2024, 6, 15), 30_000_000, (2027, 1, 15),
     "Đã nộp", "Đã nộp", "Đã nộp", 50_000, (2026, 12, 1), "Đúng mục đích"),
    ("Lê Thị Mơ", "Xóm 1", "Mua máy khâu", (2025, 9, 15), 20_000_000, (2028, 9, 15),
     "Đã nộp", "Chưa nộp", "Chưa nộp", 0, (2026, 10, 5), "Chưa kiểm tra"),
    ("Phạm Thị Nụ", "Xóm 2", "Trồng rau an toàn", (2024, 2, 15), 35_000_000,
     (2027, 2, 15), "Đã nộp", "Đã nộp", "Đã nộp", 30_000, (2026, 11, 28), "Đúng mục đích"),
    ("Hoàng Thị Sen", "Xóm 2", "Nuôi gà", (2023, 12, 15), 25_000_000, (2026, 12, 15),
     "Đã nộp", "Đã nộp", "Chưa nộp", 0, (2026, 9, 12), "Đúng mục đích"),
    ("Vũ Thị Tươi", "Xóm 2", "Bán hàng ăn sáng", (2025, 5, 15), 30_000_000,
     (2028, 5, 15), "Đã nộp", "Đã nộp", "Đã nộp", 50_000, (2026, 11, 2), "Đúng mục đích"),
    ("Đỗ Thị Xuyến", "Xóm 3", "Học nghề cho con", (2024, 8, 15), 30_000_000,
     (2027, 8, 15), "Đã nộp", "Đã nộp", "Đã nộp", 20_000, (2026, 6, 30), "Chưa kiểm tra"),
    ("Bùi Thị Hiên", "Xóm 3", "Nuôi cá", (2025, 11, 15), 45_000_000, (2028, 11, 15),
     "Đã nộp", "Đã nộp", "Đã nộp", 50_000, (2026, 12, 2), "Đúng mục đích"),
    ("Ngô Thị Thắm", "Xóm 3", "Sửa xe máy", (2024, 4, 15), 20_000_000, (2027, 4, 15),
     "Chưa nộp", "Chưa nộp", "Chưa nộp", 0, (2026, 8, 10), "Dùng sai mục đích?"),
    ("Đinh Thị Lựu", "Xóm 1", "Làm bánh", (2026, 1, 15), 25_000_000, (2029, 1, 15),
     "Đã nộp", "Đã nộp", "Đã nộp", 30_000, (2026, 11, 15), "Đúng mục đích"),
]
COLUMNS = [  # (header, width, number format)
    ("STT", 5, "0"), ("Họ và tên tổ viên", 20, "@"), ("Xóm, ngõ", 10, "@"),
    ("Mục đích vay (theo giấy đề nghị)", 20, "@"), ("Ngày vay", 12, "DD/MM/YYYY"),
    ("Số tiền vay (đồng)", 14, "#,##0"), ("Hạn trả", 12, "DD/MM/YYYY"),
    ("Lãi T10/2026", 11, "@"), ("Lãi T11/2026", 11, "@"), ("Lãi T12/2026", 11, "@"),
    ("Tiết kiệm T12 (đồng)", 12, "#,##0"), ("Lần thăm gần nhất", 13, "DD/MM/YYYY"),
    ("Sử dụng vốn", 17, "@"), ("Số tháng chưa nộp lãi", 11, "0"),
    ("Còn bao nhiêu ngày đến hạn", 13, "0"), ("Việc cần làm", 30, "@"),
]
TODAY_CELL = "$B$3"  # the date the tổ trưởng reviews her book: formulas count from it
FIRST_ROW = 6
RED_FILL = PatternFill("solid", fgColor="F8CBAD")
AMBER_FILL = PatternFill("solid", fgColor="FFE699")


def _date(parts):
    return datetime.date(*parts)


def _follow_up_sheet(sheet):
    sheet["A1"] = "SỔ THEO DÕI TỔ VIÊN - TỔ TIẾT KIỆM VÀ VAY VỐN THÔN ĐÔNG (THỰC HÀNH)"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = ("Họ tên, số tiền là giả định, không phải mức cho vay hay lãi suất của chương "
                   "trình nào. Số liệu thật lấy từ sổ vay vốn và bảng của điểm giao dịch xã.")
    sheet["A2"].font = Font(italic=True)
    sheet["A3"] = "Ngày xem sổ:"
    sheet["B3"] = datetime.date(2026, 12, 8)
    sheet["B3"].number_format = "DD/MM/YYYY"
    sheet["B3"].font = Font(bold=True)
    sheet["C3"] = "(đổi ngày này, các cột tính lại)"
    header_row(sheet, FIRST_ROW - 1, [title for title, _w, _f in COLUMNS],
               [width for _t, width, _f in COLUMNS])
    sheet.row_dimensions[FIRST_ROW - 1].height = 48
    for index, member in enumerate(MEMBERS, start=1):
        row = FIRST_ROW + index - 1
        (name, place, purpose, borrowed, amount, due, oct_, nov, dec, saving, visit,
         use) = member
        values = [index, name, place, purpose, _date(borrowed), amount, _date(due), oct_, nov,
                  dec, saving, _date(visit), use,
                  f'=COUNTIF(H{row}:J{row},"Chưa nộp")',
                  f"=G{row}-{TODAY_CELL}",
                  f'=IF(O{row}<0,"Quá hạn: hỏi thăm riêng, báo ngân hàng",'
                  f'IF(N{row}>=2,"Chậm lãi: gặp riêng, tìm nguyên nhân",'
                  f'IF(O{row}<=60,"Sắp đến hạn: nhắc chuẩn bị trả",'
                  f'IF({TODAY_CELL}-L{row}>90,"Lâu chưa thăm: hẹn thăm",""))))']
        for column, (value, (_t, _w, number_format)) in enumerate(zip(values, COLUMNS,
                                                                     strict=True), start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.number_format = number_format
            cell.alignment = Alignment(vertical="top", wrap_text=column in (4, 13, 16))
    last = FIRST_ROW + len(MEMBERS) - 1
    paid = DataValidation(type="list", formula1='"Đã nộp,Chưa nộp"', allow_blank=True)
    use = DataValidation(type="list", allow_blank=True,
                         formula1='"Đúng mục đích,Chưa kiểm tra,Dùng sai mục đích?"')
    sheet.add_data_validation(paid)
    sheet.add_data_validation(use)
    paid.add(f"H{FIRST_ROW}:J{last + 20}")
    use.add(f"M{FIRST_ROW}:M{last + 20}")
    rows = f"A{FIRST_ROW}:P{last}"
    sheet.conditional_formatting.add(rows, FormulaRule(formula=[f"$O{FIRST_ROW}<0"],
                                                       fill=RED_FILL))
    sheet.conditional_formatting.add(rows, FormulaRule(
        formula=[f"OR($N{FIRST_ROW}>=2,$O{FIRST_ROW}<=60)"], fill=AMBER_FILL))
    total = last + 2
    sheet.cell(row=total, column=2, value="Tổng số tiền vay (đồng)").font = Font(bold=True)
    cell = sheet.cell(row=total, column=6, value=f"=SUM(F{FIRST_ROW}:F{last})")
    cell.number_format, cell.font = "#,##0", Font(bold=True)
    sheet.cell(row=total + 1, column=2, value="Số tổ viên chưa nộp lãi tháng 12")
    sheet.cell(row=total + 1, column=10, value=f'=COUNTIF(J{FIRST_ROW}:J{last},"Chưa nộp")')
    sheet.freeze_panes = f"C{FIRST_ROW}"


CASH_ROWS = [  # (name, interest, savings, receipt number); the collection of 8/12/2026
    ("Nguyễn Thị Hằng", 185_000, 50_000, "01"),
    ("Trần Thị Lý", 140_000, 50_000, "02"),
    ("Phạm Thị Nụ", 160_000, 30_000, "03"),
    ("Vũ Thị Tươi", 140_000, 50_000, "04"),
    ("Đỗ Thị Xuyến", 140_000, 20_000, "05"),
    ("Bùi Thị Hiên", 205_000, 50_000, "06"),
    ("Đinh Thị Lựu", 115_000, 30_000, "07"),
]


def _cash_sheet(sheet):
    sheet["A1"] = "BẢNG ĐỐI CHIẾU TIỀN THU - TIỀN NỘP PHIÊN GIAO DỊCH (THỰC HÀNH)"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = ("Số tiền giả định. Ghi ngay khi thu, trước mặt tổ viên; nộp hết tại phiên "
                   "giao dịch; cột Chênh lệch phải bằng 0.")
    sheet["A2"].font = Font(italic=True)
    header_row(sheet, 4, ["STT", "Họ và tên tổ viên", "Tiền lãi (đồng)",
                          "Tiền gửi tiết kiệm (đồng)", "Số biên lai", "Tổ viên ký"],
               [5, 22, 15, 17, 11, 14])
    for index, (name, interest, saving, receipt) in enumerate(CASH_ROWS, start=1):
        row = 4 + index
        for column, value in enumerate([index, name, interest, saving, receipt], start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.number_format = "#,##0" if column in (3, 4) else "@"
    last = 4 + len(CASH_ROWS)
    labels = [("Tổng đã thu", f"=SUM(C5:C{last})", f"=SUM(D5:D{last})"),
              ("Đã nộp ngân hàng (ghi theo chứng từ)", None, None),
              ("Chênh lệch (phải bằng 0)", f"=C{last + 2}-C{last + 3}",
               f"=D{last + 2}-D{last + 3}")]
    for offset, (label, interest, saving) in enumerate(labels, start=2):
        row = last + offset
        sheet.cell(row=row, column=2, value=label).font = Font(bold=True)
        for column, value in ((3, interest), (4, saving)):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.number_format = "#,##0"
    sheet.cell(row=last + 3, column=3).fill = AMBER_FILL
    sheet.cell(row=last + 3, column=4).fill = AMBER_FILL
    difference = f"C{last + 4}:D{last + 4}"
    sheet.conditional_formatting.add(difference, FormulaRule(
        formula=[f"AND(ISNUMBER(C{last + 4}),C{last + 4}<>0)"], fill=RED_FILL))


GUIDE = [
    "Cách dùng sổ theo dõi tổ viên",
    "1. Ô B3 của trang So theo doi là ngày chị xem sổ. Đổi ngày, các cột N, O, P tự tính lại.",
    "2. Cột H, I, J: chọn Đã nộp hoặc Chưa nộp từ danh sách thả xuống sau mỗi phiên giao dịch.",
    "3. Dòng tô đỏ: đã quá hạn trả. Dòng tô vàng: chậm lãi từ 2 tháng hoặc còn dưới 60 ngày "
    "đến hạn.",
    "4. Cột Việc cần làm gợi ý bước tiếp theo; chị luôn gặp riêng tổ viên, không nêu tên trong "
    "nhóm Zalo.",
    "5. Trang Doi chieu tien: ghi ngay khi thu; nhập số đã nộp theo chứng từ của ngân hàng; "
    "chênh lệch phải bằng 0.",
    "Sổ chỉ để tổ trưởng theo dõi; số liệu chính thức là sổ vay vốn của tổ viên và bảng kê "
    "của ngân hàng. Không ghi số căn cước, số tài khoản vào sổ này; đặt mật khẩu khi lưu "
    "(xem khóa Lập và sử dụng danh sách hội viên trên bảng tính).",
    "Họ tên, số tiền trong sổ là giả định.",
]


def follow_up_workbook(path):
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Huong dan"
    guide.column_dimensions["A"].width = 100
    for row, line in enumerate(GUIDE, start=1):
        cell = guide.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=13)
    _follow_up_sheet(workbook.create_sheet("So theo doi"))
    _cash_sheet(workbook.create_sheet("Doi chieu tien"))
    workbook.properties.creator = "Hội LHPN (tài liệu thực hành)"
    workbook.properties.created = workbook.properties.modified = PRINTED_ON.replace(tzinfo=None)
    workbook.save(path)
    return path


# --- the printable minutes -------------------------------------------------------------------


def minutes_sheet(path):
    pdf = Form("Biên bản họp tổ bình xét cho vay")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................",
                     "TỔ TIẾT KIỆM VÀ VAY VỐN ..................")
    pdf.title_block("BIÊN BẢN HỌP TỔ TIẾT KIỆM VÀ VAY VỐN",
                    "Về việc bình xét tổ viên đề nghị vay vốn Ngân hàng Chính sách xã hội\n"
                    "(Mẫu tập huấn của Hội. Danh sách đề nghị vay gửi ngân hàng dùng mẫu do điểm "
                    "giao dịch xã, phường phát.)")
    pdf.fill_lines(1, "Thời gian: ........ giờ ........, ngày ........ tháng ........ năm ........."
                      " Địa điểm:")
    pdf.heading("I. Thành phần")
    pdf.fill_lines(1, "Tổng số tổ viên: ........ ; có mặt: ........ ; vắng (ghi tên, lý do):")
    pdf.fill_lines(1, "Đại diện Hội LHPN xã, phường (họ tên, chức vụ):")
    pdf.fill_lines(1, "Đại diện thôn, tổ dân phố; cán bộ ngân hàng (nếu có):")
    pdf.fill_lines(1, "Chủ trì: ................................................ Thư ký:")
    pdf.heading("II. Nội dung")
    pdf.para("1. Tổ trưởng phổ biến đối tượng, điều kiện vay đang áp dụng (theo thông báo của "
             "ngân hàng), nguyên tắc bình xét công khai; người có đơn là người thân của tổ trưởng "
             "hay thư ký thì nói rõ trước khi xét.")
    pdf.para("2. Từng người đề nghị tự trình bày mục đích vay, cách sử dụng vốn, nguồn trả nợ. "
             "Tổ viên hỏi, góp ý, rồi biểu quyết từng người.")
    pdf.ln(2)
    pdf.grid(["STT", "Họ và tên người đề nghị", "Mục đích vay", "Số tiền đề nghị",
              "Đồng ý / có mặt", "Kết luận của tổ"], [],
             widths=(11, 40, 38, 24, 22, 39), blank_rows=5, size=9.5)
    pdf.heading("III. Ý kiến khác, kiến nghị")
    pdf.fill_lines(2)
    pdf.para("Biên bản đọc lại trước tổ và được thông qua lúc ...... giờ ...... cùng ngày.",
             italic=True)
    pdf.fill_lines(1, "Đại diện Hội LHPN xã, phường dự họp (ký, ghi rõ họ tên):")
    pdf.signatures("THƯ KÝ", "TỔ TRƯỞNG")
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        *(draw_diagram(media / name, *diagram) for name, diagram in DIAGRAMS.items()),
        follow_up_workbook(media / SO_THEO_DOI),
        minutes_sheet(media / "bien-ban-hop-to-binh-xet.pdf"),
    ]
