"""Diagrams, a printable planning sheet and a workbook of made-up answers for the course
"Google Forms từng bước: phiếu đăng ký, khảo sát và điểm danh của chi hội".

Google Forms cannot be run here to take real screenshots, so its screens are drawn as diagrams
at most 540 px wide (letters stay about 14 px on a 360 px phone) and each says in its banner
that it is a diagram and that the real screen may differ. Every name in the workbook is made up;
the workbook has the shape of the spreadsheet a form links to: a timestamp, then one column per
question, a ticked-boxes answer written as its choices separated by commas.
"""

import collections
import datetime
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Alignment
from PIL import Image, ImageDraw

from tools.practice_files._bang_tinh import header_row
from tools.practice_files._so_do_mau_in import Form, font, wrap

WIDTH, MARGIN = 540, 20
INK, GREY, WHITE = (33, 33, 33), (95, 95, 95), (255, 255, 255)
BLUE, BLUE_FILL = (66, 103, 178), (232, 240, 254)
GREEN, GREEN_FILL = (46, 125, 50), (226, 244, 230)
AMBER, AMBER_FILL = (191, 120, 0), (255, 243, 214)
RED, RED_FILL = (183, 28, 28), (253, 228, 228)
BANNER = "SƠ ĐỒ MINH HỌA, không phải ảnh chụp màn hình"
SCREENS_DIFFER = "Màn hình thật có thể khác; chị đọc chữ trên nút để tìm đúng chỗ."

WORKBOOK = "cau-tra-loi-dang-ky-thuc-hanh.xlsx"
SESSIONS = ["Sáng Chủ nhật 10/1/2027", "Sáng Chủ nhật 17/1/2027"]
TOPICS = ["Nhận biết cuộc gọi lừa đảo", "Bật xác minh 2 bước", "Dùng VNeID",
          "Trả tiền bằng mã QR"]
# (name as typed, group, session index, topics ticked, needs a phone lent, day, hour, minute)
# Sent on Tuesday 29/12/2026 in the evening with a deadline of 20:00 on Tuesday 5/1/2027, but
# closed only the next morning, so one answer came late. Two members sent the form twice, one
# of them typing her name in lower case with spaces.
ANSWERS = [
    ("Nguyễn Thị Lan", 1, 0, (0, 1), "Không", 29, 19, 42),
    ("Trần Thị Mai", 1, 1, (1, 3), "Không", 29, 19, 51),
    ("Phạm Thu Hằng", 2, 0, (0,), "Không", 29, 20, 5),
    ("Hoàng Thị Thu", 4, 0, (0, 2), "Có", 29, 20, 17),
    ("Đỗ Thị Hạnh", 2, 1, (1,), "Không", 29, 20, 33),
    ("Bùi Thị Hoa", 3, 0, (0, 1, 2), "Không", 29, 21, 2),
    ("Đặng Thị Yến", 4, 1, (3,), "Không", 29, 21, 40),
    ("Ngô Thị Hương", 1, 0, (0, 2), "Có", 30, 7, 12),
    ("Dương Thị Thảo", 2, 1, (1, 3), "Không", 30, 12, 3),
    ("Nguyễn Thị Hồng", 4, 0, (0,), "Không", 30, 20, 26),
    ("Trịnh Thị Tâm", 1, 0, (0, 1), "Không", 30, 20, 48),
    ("Phan Thị Loan", 2, 1, (2,), "Không", 31, 9, 15),
    ("Đinh Thị Huệ", 3, 0, (0, 2), "Có", 31, 10, 2),
    ("Tạ Thị Phượng", 1, 1, (0, 3), "Không", 31, 19, 30),
    ("Cao Thị Liên", 2, 0, (1,), "Không", 31, 21, 11),
    ("Lương Thị Xuân", 3, 1, (0, 1), "Không", 32, 8, 45),
    ("Hà Thị Minh", 4, 0, (3,), "Không", 32, 15, 20),
    ("Nguyễn Thị Thủy", 1, 0, (0, 2), "Có", 33, 9, 5),
    ("Trần Thị Kim Oanh", 2, 1, (1, 3), "Không", 33, 16, 40),
    ("Lê Thị Vân", 3, 0, (0,), "Không", 34, 10, 10),
    ("  nguyễn thị lan ", 1, 0, (0, 1), "Không", 34, 19, 2),
    ("Phạm Thị Dung", 4, 1, (1, 2), "Không", 34, 20, 14),
    ("Vũ Thị Hiền", 1, 1, (3,), "Không", 35, 7, 55),
    ("Bùi Thị Lụa", 3, 0, (0, 1), "Có", 35, 9, 30),
    ("Hoàng Thị Nhung", 4, 1, (1,), "Không", 35, 20, 1),
    ("Ngô Thị Bích", 1, 0, (0, 2), "Không", 35, 20, 37),
    ("Đỗ Thị Hạnh", 2, 1, (1,), "Không", 36, 11, 18),
    ("Lê Thị Ánh", 3, 0, (2, 3), "Không", 36, 19, 25),
    ("Trần Thị Nhàn", 4, 0, (0,), "Có", 36, 19, 58),
    ("Vũ Thị Sen", 2, 1, (1, 3), "Không", 36, 19, 59),
    ("Phùng Thị Hòa", 3, 1, (0, 1, 3), "Không", 37, 7, 40),
]
# (text, kind) of the steps drawn in the diagrams
PUBLISH_STEPS = [
    ("Bấm biểu tượng con mắt (xem trước), tự điền thử một lần", "step"),
    ("Bấm Xuất bản: chưa xuất bản thì không ai trả lời được", "step"),
    ("Bấm biểu tượng đường liên kết (mắt xích, có khi nằm trong nút Gửi), sao chép",
     "step"),
    ("Dán vào nhóm Zalo chi hội, kèm lời nhắn: để làm gì, hạn chót, ai xem câu trả lời", "ok"),
    ("Không đăng đường liên kết lên trang công khai: ai có nó cũng điền được", "warn"),
]


def answered_at(day, hour, minute):
    """Day 29 to 31 is December 2026; 32 and on count on into January 2027."""
    return datetime.datetime(2026, 12, 1, hour, minute) + datetime.timedelta(days=day - 1)


# --- diagrams ------------------------------------------------------------------------------


class _Screen:
    """A 540 px page: the grey banner, a title, then boxes drawn one under another."""

    def __init__(self, title):
        self.image = Image.new("RGB", (WIDTH, 3000), WHITE)
        self.draw = ImageDraw.Draw(self.image)
        self.draw.rectangle([0, 0, WIDTH, 36], fill=(70, 70, 70))
        self.draw.text((WIDTH / 2, 18), BANNER, font=font(19, bold=True), fill=WHITE,
                       anchor="mm")
        self.y = 50
        self.text(title, 25, bold=True)
        self.y += 6

    def text(self, text, size=21, bold=False, colour=INK, x=MARGIN, width=WIDTH - 2 * MARGIN):
        face = font(size, bold)
        for line in wrap(self.draw, text, face, width):
            self.draw.text((x, self.y), line, font=face, fill=colour)
            self.y += size + 7
        return self.y

    def box(self, lines, fill=BLUE_FILL, border=BLUE, size=21, bold_first=False,
            switch=None):
        """A filled, rounded box holding `lines` (each wrapped, the first bold if
        `bold_first`) and, at its foot, a toggle switch labelled `switch` turned on."""
        width, face = WIDTH - 2 * MARGIN, font(size)
        wrapped = [(index, part) for index, line in enumerate(lines)
                   for part in wrap(self.draw, line, face, width - 28)]
        height = 16 + len(wrapped) * (size + 7) + (40 if switch else 0)
        top = self.y
        self.draw.rounded_rectangle([MARGIN, top, MARGIN + width, top + height], radius=12,
                                    fill=fill, outline=border, width=3)
        y = top + 10
        for index, part in wrapped:
            self.draw.text((MARGIN + 14, y), part, font=font(size, bold_first and index == 0),
                           fill=INK)
            y += size + 7
        if switch:
            x, knob_top = WIDTH - MARGIN - 70, y + 4
            self.draw.rounded_rectangle([x, knob_top, x + 50, knob_top + 26], radius=13,
                                        fill=GREEN)
            self.draw.ellipse([x + 27, knob_top + 3, x + 47, knob_top + 23], fill=WHITE)
            self.draw.text((x - 12, knob_top + 13), switch, font=font(21, bold=True), fill=INK,
                           anchor="rm")
        self.y = top + height + 10
        return top

    def arrow(self):
        x, top = WIDTH / 2, self.y - 4
        self.draw.line([x, top, x, top + 16], fill=GREY, width=4)
        self.draw.polygon([(x - 9, top + 14), (x + 9, top + 14), (x, top + 24)], fill=GREY)
        self.y += 26

    def save(self, path):
        self.y += 4
        self.text(SCREENS_DIFFER, 19, colour=GREY)
        image = self.image.crop((0, 0, WIDTH, int(self.y + MARGIN)))
        image.quantize(colors=48).save(path, optimize=True)
        return path


def editor_screen(path):
    screen = _Screen("Màn hình soạn biểu mẫu (trên điện thoại hay máy tính đều tương tự)")
    screen.box(["Đăng ký lớp dùng điện thoại an toàn",
                "Mô tả: Chi hội tổ dân phố số 5 hỏi để xếp lớp. Chỉ ban chi hội xem câu trả "
                "lời; xếp lớp xong thì xóa. Hạn chót: 20 giờ thứ Ba 5/1/2027."],
               bold_first=True)
    screen.text("1. Ô tiêu đề và ô mô tả ở trên cùng", 20, colour=GREY)
    screen.y += 8
    screen.box(["Tổ phụ nữ của chị?", "Loại câu hỏi: Menu thả xuống  ▾",
                "Lựa chọn: Tổ 1, Tổ 2, Tổ 3, Tổ 4"], bold_first=True, switch="Bắt buộc")
    screen.text("2. Mỗi câu hỏi một thẻ: chữ câu hỏi, loại câu hỏi, các lựa chọn, nút gạt "
                "Bắt buộc", 20, colour=GREY)
    screen.y += 8
    screen.box(["Bấm dấu + (Thêm câu hỏi) để thêm câu mới; bấm vào ô loại câu hỏi để đổi "
                "loại"], fill=AMBER_FILL, border=AMBER)
    return screen.save(path)


QUESTION_TYPES = [
    ("Câu trả lời ngắn", "gõ vài chữ", "Họ và tên"),
    ("Trắc nghiệm", "chọn đúng một", "Chị đăng ký buổi nào?"),
    ("Hộp kiểm", "chọn được nhiều", "Chị muốn học những việc nào?"),
    ("Menu thả xuống", "chọn một trong danh sách dài", "Tổ phụ nữ của chị?"),
    ("Ngày", "chọn ngày trên lịch", "Ngày chị bận, không đến được?"),
]


def question_types(path):
    screen = _Screen("Năm loại câu hỏi chi hội hay dùng")
    for name, how, example in QUESTION_TYPES:
        screen.box([name, f"Người trả lời {how}. Ví dụ: {example}"], bold_first=True)
    screen.box(["Chọn đúng loại thì câu trả lời gọn, đếm được ngay. Chỉ hỏi điều thật cần."],
               fill=GREEN_FILL, border=GREEN)
    return screen.save(path)


def publish_steps(path):
    screen = _Screen("Xuất bản rồi gửi đường liên kết vào nhóm Zalo")
    number = 0
    for index, (text, kind) in enumerate(PUBLISH_STEPS):
        if index:
            screen.arrow()
        if kind == "warn":
            screen.box([text], fill=RED_FILL, border=RED)
            continue
        number += 1
        fill, border = (GREEN_FILL, GREEN) if kind == "ok" else (BLUE_FILL, BLUE)
        screen.box([f"{number}. {text}"], fill=fill, border=border)
    return screen.save(path)


def results_screen(path):
    kept = ANSWERS
    per_session = collections.Counter(SESSIONS[row[2]] for row in kept)
    screen = _Screen("Tab Câu trả lời: phần tóm tắt vẽ sẵn biểu đồ cho từng câu")
    screen.box([f"{len(kept)} câu trả lời", "Nút: Liên kết với Trang tính (mở bảng tính "
                "có mọi câu trả lời)"], bold_first=True)
    screen.text("Chị đăng ký buổi nào?", 21, bold=True)
    screen.y += 4
    most = max(per_session.values())
    colours = [BLUE, AMBER]
    for index, session in enumerate(SESSIONS):
        count = per_session[session]
        share = round(100 * count / len(kept))
        screen.text(f"{session}: {count} người ({share} %)", 20)
        length = int((WIDTH - 2 * MARGIN) * count / most)
        screen.draw.rectangle([MARGIN, screen.y, MARGIN + length, screen.y + 26],
                              fill=colours[index])
        screen.y += 38
    screen.box(["Biểu đồ đếm cả câu trả lời gửi hai lần: đối chiếu danh sách trong bảng "
                "tính trước khi báo số"], fill=AMBER_FILL, border=AMBER)
    return screen.save(path)


# --- printable planning sheet --------------------------------------------------------------

CHECKS = [
    "Mỗi câu hỏi đều có lý do ở cột cuối; câu không có lý do thì bỏ.",
    "Không hỏi số thẻ căn cước, số tài khoản, mật khẩu, chuyện sức khỏe, gia đình riêng tư.",
    "Phần mô tả ghi: ai hỏi, để làm gì, ai xem câu trả lời, hạn chót, khi nào xóa.",
    "Đã tự điền thử một lần (biểu tượng con mắt, xem trước); đã xóa câu trả lời thử.",
    "Đã hẹn ngày dừng nhận câu trả lời và người nhắn lại cho chị em chưa điền.",
]


def planning_sheet(path):
    pdf = Form("Phiếu thiết kế biểu mẫu", landscape=True)
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU THIẾT KẾ BIỂU MẪU",
                    "Viết ra giấy trước khi mở Google Biểu mẫu. Câu hỏi nào không trả lời được "
                    "cột \"Vì sao cần hỏi\" thì bỏ.")
    pdf.fill_lines(1, "Tên biểu mẫu:")
    pdf.fill_lines(1, "Để làm gì (một câu):")
    pdf.fill_lines(1, "Ai trả lời:                                        Hạn chót:")
    pdf.fill_lines(1, "Ai được xem câu trả lời:                                        Xóa "
                      "câu trả lời khi nào:")
    pdf.ln(2)
    example = ("Ví dụ", "Tổ phụ nữ của chị?", "Menu thả xuống", "Tổ 1, Tổ 2, Tổ 3, Tổ 4",
               "Có", "Để xếp lớp theo tổ, nhờ tổ trưởng nhắc")
    pdf.grid(["STT", "Câu hỏi", "Loại câu hỏi", "Các lựa chọn (nếu có)", "Bắt buộc?",
              "Vì sao cần hỏi"], [example], widths=(13, 62, 40, 64, 20, 62), blank_rows=6,
             size=10)
    pdf.para("Loại câu hỏi: Câu trả lời ngắn (gõ vài chữ), Trắc nghiệm (chọn một), Hộp kiểm "
             "(chọn nhiều), Menu thả xuống (chọn một trong danh sách dài), Ngày.", italic=True,
             size=9.5)
    pdf.heading("Trước khi gửi, đánh dấu từng ô")
    for check in CHECKS:
        pdf.para(f"[   ]  {check}", size=10)
    return pdf.save(path)


# --- workbook of made-up answers -----------------------------------------------------------

COLUMNS = [  # (header, width) as the linked spreadsheet names them: the question texts
    ("Dấu thời gian", 19),
    ("Họ và tên", 22),
    ("Tổ phụ nữ của chị?", 12),
    ("Chị đăng ký buổi nào?", 25),
    ("Chị muốn được hướng dẫn những việc nào?", 46),
    ("Chị có cần mượn điện thoại ở buổi học không?", 18),
]
TASKS = [
    "Tệp này có dạng bảng tính mà Google Biểu mẫu tạo khi chị bấm Liên kết với Trang tính: "
    "cột đầu là Dấu thời gian, mỗi câu hỏi một cột. Mọi họ tên đều bịa ra.",
    "Hạn chót ghi ở phần mô tả là 20:00 thứ Ba 5/1/2027, nhưng đến gần 8 giờ sáng hôm sau "
    "chi hội mới dừng nhận câu trả lời.",
    "1. Sắp xếp theo cột Họ và tên: tìm hai người gửi hai lần (một người gõ chữ thường, có "
    "dấu cách thừa). Giữ lần gửi sau cùng, xóa lần trước.",
    "2. Tìm câu trả lời gửi sau hạn chót (xem Dấu thời gian), đánh dấu để hỏi lại chị ấy.",
    "3. Sau khi xóa các dòng thừa và để riêng dòng gửi muộn, đếm mỗi buổi bao nhiêu người: "
    "=COUNTIF(D2:D40;\"Sáng Chủ nhật 10/1/2027\"). Đáp số: 16 và 12.",
    "4. Đếm số người muốn học bật xác minh 2 bước: =COUNTIF(E2:E40;\"*xác minh 2 bước*\"). "
    "Đáp số: 13.",
    "5. Lọc những chị cần mượn điện thoại để chuẩn bị máy. Đáp số: 6 chị.",
    "Máy dùng dấu phẩy để ngăn đối số thì gõ dấu phẩy thay cho dấu chấm phẩy trong công thức.",
]


def answers_workbook(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Câu trả lời biểu mẫu 1"
    header_row(sheet, 1, [title for title, _ in COLUMNS], [width for _, width in COLUMNS])
    sheet.row_dimensions[1].height = 46
    for row, (name, group, session, topics, phone, *when) in enumerate(ANSWERS, start=2):
        values = [answered_at(*when), name, f"Tổ {group}", SESSIONS[session],
                  ", ".join(TOPICS[index] for index in topics), phone]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.alignment = Alignment(vertical="top", wrap_text=column == 5)
        sheet.cell(row=row, column=1).number_format = "DD/MM/YYYY HH:MM:SS"
        sheet.cell(row=row, column=2).number_format = "@"
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 110
    for row, text in enumerate(TASKS, start=1):
        cell = guide.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
    return path


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        editor_screen(media / "bm-man-hinh-soan.png"),
        question_types(media / "bm-nam-loai-cau-hoi.png"),
        publish_steps(media / "bm-xuat-ban-gui-zalo.png"),
        results_screen(media / "bm-tab-cau-tra-loi.png"),
        planning_sheet(media / "phieu-thiet-ke-bieu-mau.pdf"),
        answers_workbook(media / WORKBOOK),
    ]
