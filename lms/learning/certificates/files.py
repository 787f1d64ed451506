"""Certificate file names (ASCII) and a unit's certificates as one ZIP."""

import io
import zipfile

from lms.core.text import slugify
from lms.learning.certificates.pdf import render_certificate_pdf


def _ascii_slug(text):
    return slugify(text, max_length=None)


def certificate_filename(certificate):
    """An ASCII file name: chung-nhan-<course slug>-<cadre code>.pdf."""
    completion = certificate.completion
    return (f"chung-nhan-{_ascii_slug(completion.course.slug)}-"
            f"{_ascii_slug(completion.cadre.code)}.pdf")


def zip_filename(unit, year=None):
    """An ASCII file name for a unit's ZIP: chung-nhan-<unit code>[-<year>].zip."""
    return f"chung-nhan-{_ascii_slug(unit.code)}{f'-{year}' if year else ''}.zip"


def write_certificates_zip(rows, target):
    """Write a ZIP of the PDFs of (Certificate, unit name) rows to `target` (a path or a binary
    stream), one uniquely named file each, each PDF added as soon as it is rendered (so only
    the current one is held); return how many were added."""
    used = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate, unit_name in rows:
            name = certificate_filename(certificate)
            if name in used:
                # Two cadre codes can fold to the same ASCII; the certificate code is unique.
                name = name.removesuffix(".pdf") + f"-{certificate.code.lower()}.pdf"
            used.add(name)
            archive.writestr(name, render_certificate_pdf(certificate, unit_name))
    return len(used)


def build_certificates_zip(rows):
    """A ZIP (bytes) of the PDFs of (Certificate, unit name) rows, one uniquely named file each."""
    buffer = io.BytesIO()
    write_certificates_zip(rows, buffer)
    return buffer.getvalue()
