"""The certificate as a Vietnamese A4 landscape PDF, drawn from the database rows.

draw_certificate draws any certificate (a course's here, a yearly programme's in
lms/training/programmes/pdf.py) from its CertificateText, so both look the same.
"""

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

import fontpkg_be_vietnam_pro
import segno
from flask import current_app, has_request_context, url_for
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from lms.core.clock import local_datetime
from lms.core.decimals import format_decimal
from lms.learning.certificates.queries import get_certificate

# The certificate is an official document: always Vietnamese, whatever the reader's language.
ISSUER = "HỘI LIÊN HIỆP PHỤ NỮ THÀNH PHỐ HÀ NỘI"
TRACK_NAMES = {
    "association": "Kỹ năng, nghiệp vụ công tác Hội",
    "it": "Công nghệ thông tin",
    "digital": "Chuyển đổi số",
}

FONT_FAMILY = "BeVietnamPro"
FONT_FILES = {"": "BeVietnamPro-Regular.ttf", "B": "BeVietnamPro-Bold.ttf"}
RED = (166, 25, 46)
GOLD = (196, 154, 56)
INK = (34, 34, 34)
GREY = (90, 90, 90)
PAGE_W, PAGE_H = 297, 210
TEXT_X, TEXT_W = 25, 247


def _place_and_date(day):
    # Decree 30/2020 writes days below 10 and months below 3 with a leading zero.
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"Hà Nội, ngày {day.day:02d} tháng {month} năm {day.year}"


def _new_document():
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    files = fontpkg_be_vietnam_pro.ROOT / "files"
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, files / filename)
    pdf.set_auto_page_break(False)
    pdf.set_margins(TEXT_X, 15, PAGE_W - TEXT_X - TEXT_W)
    pdf.set_lang("vi")
    pdf.add_page()
    return pdf


@dataclass
class CertificateText:
    """What a certificate says, whatever it certifies, in the order it is printed."""

    code: str
    issued_at: datetime       # naive UTC: the date at the foot, and the file's creation date
    kind: str                 # under the title: "Hoàn thành khóa bồi dưỡng"
    full_name: str
    unit_name: str
    achievement: str          # "đã hoàn thành khóa học"
    subject: str              # what she completed, in bold: the course's title
    details: list = field(default_factory=list)   # grey lines below it


def nfc(text):
    """Names imported from some spreadsheets arrive decomposed; the font has precomposed
    glyphs."""
    return unicodedata.normalize("NFC", text or "")


def _set_metadata(pdf, text):
    pdf.set_title(f"Giấy chứng nhận - {nfc(text.subject)}")
    pdf.set_author(ISSUER)
    pdf.set_creator(ISSUER)
    # A fixed date keeps the file identical however often it is generated.
    pdf.set_creation_date(text.issued_at.replace(tzinfo=UTC))


def _draw_frame(pdf):
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.4)
    pdf.rect(11, 11, PAGE_W - 22, PAGE_H - 22)


def _fitting_size(pdf, text, style, sizes, lines=1):
    """The largest of `sizes` at which `text` fits in `lines` lines of the text width."""
    for size in sizes:
        pdf.set_font(FONT_FAMILY, style, size)
        if pdf.get_string_width(text) <= TEXT_W * lines * 0.95:
            return size
    return sizes[-1]


def _centred(pdf, text, style="", size=13, height=8, color=INK, lines=1):
    """Centred text across the page width, wrapping to at most `lines` lines."""
    size = _fitting_size(pdf, text, style, (size, size - 3, size - 6), lines)
    pdf.set_font(FONT_FAMILY, style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(TEXT_W, height, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _draw_heading(pdf, kind):
    pdf.set_y(22)
    _centred(pdf, ISSUER, "B", 15)
    pdf.set_draw_color(*GOLD)
    pdf.line(PAGE_W / 2 - 25, pdf.get_y() + 1, PAGE_W / 2 + 25, pdf.get_y() + 1)
    pdf.set_y(pdf.get_y() + 7)
    _centred(pdf, "GIẤY CHỨNG NHẬN", "B", 36, height=16, color=RED)
    _centred(pdf, kind, "B", 16, height=9, color=GREY)


def _draw_body(pdf, text):
    """Who completed what, and the details below it (track, hours, dates)."""
    pdf.set_y(pdf.get_y() + 6)
    _centred(pdf, "Chứng nhận đồng chí", "", 13)
    _centred(pdf, nfc(text.full_name), "B", 26, height=13, color=RED)
    _centred(pdf, f"Đơn vị: {nfc(text.unit_name)}", "", 13)
    pdf.set_y(pdf.get_y() + 2)
    _centred(pdf, text.achievement, "", 13)
    _centred(pdf, nfc(text.subject), "B", 19, height=9, lines=2)
    pdf.set_y(pdf.get_y() + 2)
    for line in text.details:
        _centred(pdf, nfc(line), "", 12, height=7, color=GREY)


def _qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=0)
    buffer.seek(0)
    return buffer


def _draw_verification(pdf, code, url):
    """The QR code, the certificate code and how to check it, at the bottom left."""
    qr_x, qr_y, qr_size = 24, 154, 32
    pdf.image(_qr_png(url), x=qr_x, y=qr_y, w=qr_size, h=qr_size, link=url,
              alt_text=f"Mã QR kiểm tra giấy chứng nhận {code}")
    text_x, text_w = qr_x + qr_size + 5, 105
    pdf.set_xy(text_x, qr_y + 4)
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(text_w, 6, f"Mã chứng nhận: {code}",
             new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(text_w, 4.5, f"Quét mã QR hoặc truy cập {url} để kiểm tra "
                                "giấy chứng nhận này.", align=Align.L, link=url)


def _draw_place_and_date(pdf, issued_at):
    pdf.set_xy(170, 160)
    pdf.set_font(FONT_FAMILY, "", 12)
    pdf.set_text_color(*INK)
    pdf.cell(100, 7, _place_and_date(local_datetime(issued_at)), align=Align.C)


def _verification_url(code):
    if has_request_context():
        return url_for("certificates.verify", code=code, _external=True)
    # A worker has no request to take the site's address from: the one emails link to.
    adapter = current_app.url_map.bind("localhost",
                                       script_name=current_app.config["APPLICATION_ROOT"])
    return current_app.config["BASE_URL"] + adapter.build("certificates.verify", {"code": code})


def draw_certificate(text):
    """The certificate `text` says as an A4 landscape PDF (bytes).

    The verification URL is the request's site, or LMS_BASE_URL outside a request (a worker
    making a ZIP).
    """
    pdf = _new_document()
    _set_metadata(pdf, text)
    _draw_frame(pdf)
    _draw_heading(pdf, text.kind)
    _draw_body(pdf, text)
    _draw_verification(pdf, text.code, _verification_url(text.code))
    _draw_place_and_date(pdf, text.issued_at)
    return bytes(pdf.output())


def render_certificate_pdf(certificate, unit_name=None):
    """A course certificate as an A4 landscape PDF (bytes), built from the database rows:
    who completed which course, of which track, how long, when.

    `unit_name` saves a query when the caller already has it (see get_unit_certificates).
    """
    if unit_name is None:
        unit_name = get_certificate(certificate.code)[1]
    completion = certificate.completion
    track = TRACK_NAMES.get(completion.track, completion.track)
    completed_on = local_datetime(completion.completed_at)
    return draw_certificate(CertificateText(
        code=certificate.code, issued_at=certificate.issued_at,
        kind="Hoàn thành khóa bồi dưỡng", full_name=completion.cadre.full_name,
        unit_name=unit_name, achievement="đã hoàn thành khóa học",
        subject=completion.course.title,
        details=[f"Lĩnh vực: {track}   ·   Thời lượng: "
                 f"{format_decimal(completion.hours, locale='vi')} giờ",
                 f"Ngày hoàn thành: {completed_on:%d/%m/%Y}"]))
