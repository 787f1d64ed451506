"""Question files as trainers bring them, built here: the Excel template, Aiken, GIFT."""

import io

from openpyxl import Workbook, load_workbook

from lms.authoring.question_formats import template_workbook

AIKEN = """Chị nhận được tin nhắn trúng thưởng kèm đường link lạ. Chị nên làm gì?
A. Bấm vào link để nhận thưởng
B. Không bấm, xóa tin nhắn và cảnh báo người thân
C) Gửi mã OTP để xác minh
ANSWER: B
GIẢI THÍCH: Đây là chiêu lừa đảo phổ biến.

Những việc nào giúp giữ tài khoản Zalo an toàn?
A. Đặt mật khẩu dài, khó đoán
B. Bật xác thực hai lớp
C. Cho người lạ mượn điện thoại
ANSWER: A, B
GIẢI THÍCH: Mật khẩu mạnh và xác thực hai lớp bảo vệ tài khoản.
"""

# Line 21: a question without its ANSWER line; line 29: a letter that is not an option.
AIKEN_BROKEN = AIKEN + """
Câu hỏi đúng quy cách
A. Một
B. Hai
ANSWER: A
GIẢI THÍCH: Vì vậy.

Câu hỏi thiếu đáp án
A. Một
B. Hai
GIẢI THÍCH: Không có dòng ANSWER.

Câu hỏi có đáp án lạ
A. Một
B. Hai
ANSWER: D
GIẢI THÍCH: Không có phương án D.
"""

GIFT = r"""// Ngân hàng câu hỏi xuất từ Moodle
$CATEGORY: $course$/top/An toàn

::Q1::[html]<p>Mật khẩu nào <b>mạnh</b> nhất\: chọn một?</p>{
  ~123456#Quá dễ đoán.
  =Hoa-Sen\=2026!dai#Dài, có chữ, số và ký hiệu.
  ~matkhau
}

::Q2:: Cán bộ Hội được chia sẻ mã OTP cho người thân.{FALSE
#Sai: không chia sẻ.#Đúng: mã OTP là của riêng chị.}

Chọn các cách nhận biết tin nhắn lừa đảo.{
  ~%50%Có đường link lạ
  ~%50%Giục chuyển tiền gấp
  ~%-100%Gửi từ tổng đài chính thức
  ####Link lạ và giục chuyển tiền là dấu hiệu lừa đảo.
}

Cổng dịch vụ công quốc gia viết tắt là gì?{=DVCQG =dịch vụ công quốc gia
####Cổng Dịch vụ công quốc gia (DVCQG).}
"""

# Line 23: an essay; line 25: a numerical question; line 27: no explanation.
GIFT_BROKEN = GIFT + r"""
Chị hãy viết cảm nghĩ về khóa học.{}

Năm thành lập Hội?{#1930}

Câu không có giải thích.{=Đúng ~Sai}
"""


def workbook_bytes(rows, header=None):
    """An .xlsx of the template's header (or `header`) and the rows."""
    template = load_workbook(io.BytesIO(template_workbook()))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or [cell.value for cell in template.worksheets[0][1]])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def excel_row(type_="Một đáp án đúng", text="Câu hỏi?", options=("Một", "Hai"), right="A",
              answers="", explanation="Vì vậy.", points=1):
    options = list(options) + [""] * (6 - len(options))
    return [type_, text, *options, right, answers, explanation, points]
