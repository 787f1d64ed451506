"""Writes on certificates: issuing one per course completion, counting downloads. They
flush; the caller commits."""

from sqlalchemy import select, update

from lms.extensions import db
from lms.learning.certificates.codes import unused_code
from lms.learning.models import Certificate


def issue_certificate(completion):
    """The completion's certificate, created on the first call; the caller commits."""
    if completion.id is None:
        db.session.flush()
    existing = db.session.scalar(
        select(Certificate).where(Certificate.completion_id == completion.id))
    if existing is not None:
        return existing
    certificate = Certificate(code=unused_code(), completion=completion,
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
