"""Practice file and diagram of the course "Phương pháp "3 cùng" và kỹ năng vận động phụ nữ".

A sổ ghi chép đi cơ sở: what chị em said on a visit, what was promised, by whom, by when it must
be reported back, and whether it was; it counts the promises not yet reported back and those
overdue, and marks them red. The diagram is the cycle of the Hà Nội Union's "3 cùng". Every
name is made up and abbreviated, as the lessons ask.
"""

import datetime
import pathlib

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tools.practice_files._bang_tinh import BOLD, header_row
from tools.practice_files._so_do import cycle_diagram

LATE_FILL = PatternFill("solid", fgColor="F8CBAD")
HEADER = ("Ngày", "Nơi đến, người gặp (viết tắt)", "Chị em nói gì", "Việc cần làm", "Ai làm",
          "Hạn báo lại", "Đã báo lại?", "Ghi chú")
WIDTHS = (12, 22, 34, 30, 14, 12, 11, 20)
# (date, where, what was said, what to do, who, report back by, reported back?)
ROWS = [
    (datetime.date(2027, 1, 9), "Dãy trọ số 3, chị H.", "Chưa biết thủ tục cho con học gần chỗ trọ",
     "Nhờ Hội xã mời cán bộ xã hướng dẫn", "Chi hội trưởng", datetime.date(2027, 1, 16), "Có"),
    (datetime.date(2027, 1, 9), "Dãy trọ số 3, chị T.", "Tan ca muộn, không dự được họp tối",
     "Mời vào nhóm Zalo, gửi tóm tắt sau mỗi buổi", "Tổ trưởng tổ 4", datetime.date(2027, 1, 12),
     "Có"),
    (datetime.date(2027, 1, 20), "Nhà chị T. (tổ 2)", "Mất ngủ, lo tiền nhà sau khi sinh con",
     "Hỏi Hội phường về vốn vay làm hàng tại nhà", "Chi hội trưởng",
     datetime.date(2027, 1, 23), "Có"),
    (datetime.date(2027, 1, 23), "Nhà văn hóa, bà L.", "Không biết cài ứng dụng nhận thông báo",
     "Hẹn cài giúp tại nhà văn hóa", "Chi hội phó", datetime.date(2027, 1, 30), "Chưa"),
    (datetime.date(2027, 2, 3), "Ngõ 5, bà H.", "Xe rác đổ chung, phân loại làm gì",
     "Hỏi tổ dân phố lịch thu rác đã phân loại", "Chi hội trưởng", datetime.date(2027, 2, 10),
     "Chưa"),
    (datetime.date(2027, 2, 27), "Buổi sinh hoạt chi hội", "Gia đình chưa được suất mái ấm",
     "Vận động thêm nguồn hỗ trợ khác", "Chi hội trưởng", datetime.date(2027, 3, 31), "Chưa"),
]
FIRST, LAST = 5, 40  # the rows of entries, with room to add more
# The day the sổ is read in the exercise (a Monday in the examples' weeks): a learner using the
# sổ for her own chi hội writes today's date there.
READ_ON = datetime.date(2027, 3, 1)


def visits_workbook(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ đi cơ sở"
    sheet["A1"] = "SỔ GHI CHÉP ĐI CƠ SỞ - TỆP THỰC HÀNH (TÊN GIẢ ĐỊNH, VIẾT TẮT)"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = ("Ghi tên viết tắt, không ghi chuyện riêng không cần thiết. Mỗi tuần mở sổ, "
                   "ghi ngày hôm nay vào ô K3: dòng tô đỏ là việc đã quá hạn mà chưa báo lại.")
    sheet["A2"].font = Font(italic=True)
    header_row(sheet, FIRST - 1, HEADER, WIDTHS)
    for row, values in enumerate(ROWS, start=FIRST):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    answers = DataValidation(type="list", formula1='"Có,Chưa"', allow_blank=True)
    sheet.add_data_validation(answers)
    answers.add(f"G{FIRST}:G{LAST}")
    sheet.conditional_formatting.add(
        f"A{FIRST}:H{LAST}",
        FormulaRule(formula=[f'AND($G{FIRST}="Chưa",$F{FIRST}<>"",$F{FIRST}<$K$3)'],
                    fill=LATE_FILL))
    sheet.auto_filter.ref = f"A{FIRST - 1}:H{LAST}"
    sheet.freeze_panes = f"A{FIRST}"
    sheet["J3"], sheet["K3"] = "Ngày xem sổ (ghi ngày hôm nay)", READ_ON
    sheet["K3"].number_format = "DD/MM/YYYY"
    sheet["J4"], sheet["K4"] = "Việc chưa báo lại", f'=COUNTIF(G{FIRST}:G{LAST},"Chưa")'
    sheet["J5"] = "Quá hạn, chưa báo lại"
    sheet["K5"] = f'=COUNTIFS(G{FIRST}:G{LAST},"Chưa",F{FIRST}:F{LAST},"<"&K3)'
    for cell in (sheet["J3"], sheet["J4"], sheet["J5"]):
        cell.font = BOLD
    sheet.column_dimensions["K"].width = 12
    sheet.column_dimensions["J"].width = 30
    workbook.save(path)
    return path


def cycle_picture(path):
    return cycle_diagram(path, "Vòng \"3 cùng\" ở chi hội", [
        ("1. Cùng nghe", "Biết chị em đang lo gì, cần gì", "#d6e4f0"),
        ("2. Cùng nói", "Giải thích đúng vào điều chị em cần, lời giản dị", "#fde2c4"),
        ("3. Cùng làm", "Bắt tay vào việc, giữ lời hứa, báo lại kết quả", "#dcedc8"),
        ("4. Chị em tin", "Nói thật lòng hơn, rồi lại cùng nghe", "#f3d9e8"),
    ], centre="3 cùng")


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [visits_workbook(media / "so-ghi-chep-di-co-so.xlsx"),
            cycle_picture(media / "vong-3-cung.png")]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "phuong-phap-3-cung-van-dong-phu-nu" / "media"))
