"""Question files as trainers bring them, built here: the Excel template, Aiken, GIFT, and
the same typed in Word."""

import io
import zipfile
from xml.sax.saxutils import escape

import docx
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


def docx_bytes(text, numbered=()):
    """A Word document with one paragraph per line of `text` (the empty ones too), as Word
    saves what a trainer types; the paragraphs at the `numbered` indexes (from 0) in Word's
    automatic numbered list, their letters not part of the text."""
    document = docx.Document()
    for index, line in enumerate(text.rstrip("\n").split("\n")):
        document.add_paragraph(line, style="List Number" if index in numbered else None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Câu hỏi">{rows}</table:table>
</office:spreadsheet></office:body></office:document-content>"""
_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _ods_cell(value):
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            f"</text:p></table:table-cell>")


def ods_bytes(xlsx):
    """The first sheet of an .xlsx as LibreOffice Calc would save it: an OpenDocument .ods."""
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    rows = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in row)
                   + "</table:table-row>" for row in sheet.iter_rows(values_only=True))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument"
                         ".spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", _ODS_CONTENT.format(rows=rows))
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
    return buffer.getvalue()
