"""Certificates: issuing one per course completion, reading them, rendering the Vietnamese PDF."""

import io
import re
import secrets
import unicodedata
import zipfile
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import fontpkg_be_vietnam_pro
import segno
from flask import current_app, url_for
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import aliased, contains_eager

from lms.core.decimals import format_decimal
from lms.core.text import fold_vietnamese
from lms.extensions import db
from lms.learning.models import Certificate, CourseCompletion
from lms.org.models import Cadre, CadreUnitHistory, Unit
from lms.org.queries import subtree_ids

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "HN"
CODE_LENGTH = 12
CODE_GROUP_SIZE = 4

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


# ---- codes -----------------------------------------------------------------------------------

def format_code(chars):
    """`chars` (the random part) grouped as HN-XXXX-XXXX-XXXX."""
    groups = [chars[i:i + CODE_GROUP_SIZE] for i in range(0, len(chars), CODE_GROUP_SIZE)]
    return "-".join([CODE_PREFIX, *groups])


def normalise_code(text):
    """A typed code in canonical form (HN-XXXX-XXXX-XXXX), or None if it cannot be one."""
    chars = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    if len(chars) == len(CODE_PREFIX) + CODE_LENGTH and chars.startswith(CODE_PREFIX):
        chars = chars[len(CODE_PREFIX):]
    return format_code(chars) if len(chars) == CODE_LENGTH else None


def _new_code():
    return format_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def _unused_code():
    # 31^12 codes make a clash practically impossible; checking costs one indexed lookup.
    while True:
        code = _new_code()
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


# ---- writes ----------------------------------------------------------------------------------

def issue_certificate(completion):
    """The completion's certificate, created on the first call; the caller commits."""
    if completion.id is None:
        db.session.flush()
    existing = db.session.scalar(
        select(Certificate).where(Certificate.completion_id == completion.id))
    if existing is not None:
        return existing
    certificate = Certificate(code=_unused_code(), completion=completion,
                              issued_at=completion.completed_at, is_revoked=False,
                              download_count=0)
    db.session.add(certificate)
    db.session.flush()
    return certificate


def record_download(certificate):
    """Count one download; the caller commits."""
    # An UPDATE in SQL, so two downloads at once both count.
    db.session.execute(update(Certificate).where(Certificate.id == certificate.id)
                       .values(download_count=Certificate.download_count + 1))


# ---- reads -----------------------------------------------------------------------------------

def _unit_name_at_completion():
    """The name of the unit the cadre belonged to when she completed, else her current one.

    A certificate is regenerated on every download, so it must not change when she rotates
    to another unit or her unit is merged later.
    """
    held = aliased(Unit)
    current = aliased(Unit)
    at_completion = (
        select(held.name)
        .join(CadreUnitHistory, CadreUnitHistory.unit_id == held.id)
        .where(CadreUnitHistory.cadre_id == CourseCompletion.cadre_id,
               CadreUnitHistory.started_at <= CourseCompletion.completed_at,
               or_(CadreUnitHistory.ended_at.is_(None),
                   CadreUnitHistory.ended_at > CourseCompletion.completed_at))
        .order_by(CadreUnitHistory.started_at.desc(), CadreUnitHistory.id.desc())
        .limit(1).correlate(CourseCompletion).scalar_subquery())
    current_name = (select(current.name).where(current.id == Cadre.unit_id)
                    .correlate(Cadre).scalar_subquery())
    return func.coalesce(at_completion, current_name).label("unit_name")


def _certificate_rows():
    """SELECT of (Certificate, unit name) with completion, cadre and course loaded."""
    return (
        select(Certificate, _unit_name_at_completion())
        .join(Certificate.completion)
        .join(CourseCompletion.cadre)
        .join(CourseCompletion.course)
        .options(contains_eager(Certificate.completion).contains_eager(CourseCompletion.cadre),
                 contains_eager(Certificate.completion).contains_eager(CourseCompletion.course))
    )


def get_certificate(code):
    """The certificate with this code (revoked or not) and its unit name, or (None, None)."""
    row = db.session.execute(_certificate_rows().where(Certificate.code == code)).first()
    return tuple(row) if row else (None, None)


def get_valid_certificate(code):
    """The certificate with this code unless it is missing or revoked."""
    code = normalise_code(code)
    certificate = get_certificate(code)[0] if code else None
    return certificate if certificate is not None and not certificate.is_revoked else None


def _zone():
    # Timestamps are stored as naive UTC; dates on certificates are Vietnam's.
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _local_year_bounds(year):
    """[start, end) of a calendar year in Vietnam, as naive UTC like the stored timestamps."""
    return tuple(datetime(y, 1, 1, tzinfo=_zone()).astimezone(UTC).replace(tzinfo=None)
                 for y in (year, year + 1))


def get_unit_certificates(unit_id, year=None, limit=None):
    """(Certificate, unit name) of cadres now in the unit's subtree, optionally completed in
    `year` (Vietnam time); revoked ones left out."""
    query = (_certificate_rows()
             .where(Cadre.unit_id.in_(subtree_ids(unit_id)), Certificate.is_revoked.is_(False))
             .order_by(Cadre.search_name, Cadre.id, CourseCompletion.completed_at))
    if year is not None:
        start, end = _local_year_bounds(year)
        query = query.where(CourseCompletion.completed_at >= start,
                            CourseCompletion.completed_at < end)
    if limit is not None:
        query = query.limit(limit)
    return [tuple(row) for row in db.session.execute(query)]


# ---- files -----------------------------------------------------------------------------------

def _ascii_slug(text):
    return re.sub(r"[^a-z0-9]+", "-", fold_vietnamese(text)).strip("-")


def certificate_filename(certificate):
    """An ASCII file name: chung-nhan-<course slug>-<cadre code>.pdf."""
    completion = certificate.completion
    return (f"chung-nhan-{_ascii_slug(completion.course.slug)}-"
            f"{_ascii_slug(completion.cadre.code)}.pdf")


def zip_filename(unit, year=None):
    """An ASCII file name for a unit's ZIP: chung-nhan-<unit code>[-<year>].zip."""
    return f"chung-nhan-{_ascii_slug(unit.code)}{f'-{year}' if year else ''}.zip"


def build_certificates_zip(rows):
    """A ZIP (bytes) of the PDFs of (Certificate, unit name) rows, one uniquely named file each."""
    buffer = io.BytesIO()
    used = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate, unit_name in rows:
            name = certificate_filename(certificate)
            if name in used:
                # Two cadre codes can fold to the same ASCII; the certificate code is unique.
                name = name.removesuffix(".pdf") + f"-{certificate.code.lower()}.pdf"
            used.add(name)
            archive.writestr(name, render_certificate_pdf(certificate, unit_name))
    return buffer.getvalue()


# ---- PDF -------------------------------------------------------------------------------------

def _nfc(text):
    # Names imported from some spreadsheets arrive decomposed; the font has precomposed glyphs.
    return unicodedata.normalize("NFC", text or "")


def _local_time(moment):
    return moment.replace(tzinfo=UTC).astimezone(_zone())


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


def _set_metadata(pdf, certificate, title):
    pdf.set_title(f"Giấy chứng nhận - {title}")
    pdf.set_author(ISSUER)
    pdf.set_creator(ISSUER)
    # A fixed date keeps the file identical however often it is generated.
    pdf.set_creation_date(certificate.issued_at.replace(tzinfo=UTC))


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


def _draw_heading(pdf):
    pdf.set_y(22)
    _centred(pdf, ISSUER, "B", 15)
    pdf.set_draw_color(*GOLD)
    pdf.line(PAGE_W / 2 - 25, pdf.get_y() + 1, PAGE_W / 2 + 25, pdf.get_y() + 1)
    pdf.set_y(pdf.get_y() + 7)
    _centred(pdf, "GIẤY CHỨNG NHẬN", "B", 36, height=16, color=RED)
    _centred(pdf, "Hoàn thành khóa bồi dưỡng", "B", 16, height=9, color=GREY)


def _draw_body(pdf, certificate, unit_name):
    """Who completed which course, of which track, how long, when."""
    completion = certificate.completion
    pdf.set_y(pdf.get_y() + 6)
    _centred(pdf, "Chứng nhận đồng chí", "", 13)
    _centred(pdf, _nfc(completion.cadre.full_name), "B", 26, height=13, color=RED)
    _centred(pdf, f"Đơn vị: {_nfc(unit_name)}", "", 13)
    pdf.set_y(pdf.get_y() + 2)
    _centred(pdf, "đã hoàn thành khóa học", "", 13)
    _centred(pdf, _nfc(completion.course.title), "B", 19, height=9, lines=2)
    pdf.set_y(pdf.get_y() + 2)
    track = TRACK_NAMES.get(completion.track, completion.track)
    _centred(pdf, f"Lĩnh vực: {track}   ·   Thời lượng: {format_decimal(completion.hours)} giờ",
             "", 12, height=7, color=GREY)
    completed_on = _local_time(completion.completed_at)
    _centred(pdf, f"Ngày hoàn thành: {completed_on:%d/%m/%Y}", "", 12, height=7, color=GREY)


def _qr_png(url):
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=0)
    buffer.seek(0)
    return buffer


def _draw_verification(pdf, certificate, url):
    """The QR code, the certificate code and how to check it, at the bottom left."""
    qr_x, qr_y, qr_size = 24, 154, 32
    pdf.image(_qr_png(url), x=qr_x, y=qr_y, w=qr_size, h=qr_size, link=url,
              alt_text=f"Mã QR kiểm tra giấy chứng nhận {certificate.code}")
    text_x, text_w = qr_x + qr_size + 5, 105
    pdf.set_xy(text_x, qr_y + 4)
    pdf.set_font(FONT_FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(text_w, 6, f"Mã chứng nhận: {certificate.code}",
             new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, "", 9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(text_w, 4.5, f"Quét mã QR hoặc truy cập {url} để kiểm tra "
                                "giấy chứng nhận này.", align=Align.L, link=url)


def _draw_place_and_date(pdf, certificate):
    pdf.set_xy(170, 160)
    pdf.set_font(FONT_FAMILY, "", 12)
    pdf.set_text_color(*INK)
    pdf.cell(100, 7, _place_and_date(_local_time(certificate.issued_at)), align=Align.C)


def render_certificate_pdf(certificate, unit_name=None):
    """The certificate as an A4 landscape PDF (bytes), built from the database rows.

    Needs a request context (or SERVER_NAME) for the verification URL. `unit_name` saves a
    query when the caller already has it (see get_unit_certificates).
    """
    if unit_name is None:
        unit_name = get_certificate(certificate.code)[1]
    url = url_for("certificates.verify", code=certificate.code, _external=True)
    pdf = _new_document()
    _set_metadata(pdf, certificate, _nfc(certificate.completion.course.title))
    _draw_frame(pdf)
    _draw_heading(pdf)
    _draw_body(pdf, certificate, unit_name)
    _draw_verification(pdf, certificate, url)
    _draw_place_and_date(pdf, certificate)
    return bytes(pdf.output())
