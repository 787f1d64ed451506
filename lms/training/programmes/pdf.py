"""The programme certificate as a PDF, drawn like the course certificate
(lms/learning/certificates/pdf.py), and its file name."""

from lms.core.text import slugify
from lms.learning.certificates.pdf import CertificateText, draw_certificate
from lms.training.programmes.queries import get_programme_certificate


def render_programme_certificate_pdf(completion, unit_name=None):
    """The programme certificate as an A4 landscape PDF (bytes): who completed which year's
    programme, of which unit, on which day. `unit_name` (her unit when it was issued) saves
    a query when the caller has it."""
    if unit_name is None:
        unit_name = get_programme_certificate(completion.code)[1]
    programme = completion.programme
    return draw_certificate(CertificateText(
        code=completion.code, issued_at=completion.issued_at,
        kind="Hoàn thành chương trình bồi dưỡng", full_name=completion.cadre.full_name,
        unit_name=unit_name,
        achievement=f"đã hoàn thành Chương trình bồi dưỡng năm {programme.year}:",
        subject=programme.title,
        details=[f"Đơn vị cấp: {programme.unit.name}",
                 f"Ngày hoàn thành: {completion.completed_on:%d/%m/%Y}"]))


def programme_certificate_filename(completion):
    """An ASCII file name: chung-nhan-<programme title>[-<year>]-<cadre code>.pdf."""
    programme = completion.programme
    title = slugify(programme.title, max_length=60) or "chuong-trinh"
    if str(programme.year) not in title:
        title = f"{title}-{programme.year}"
    return f"chung-nhan-{title}-{slugify(completion.cadre.code, max_length=None)}.pdf"
