"""Reading certificates: by code, and a unit's for its ZIP."""

from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import contains_eager

from lms.core.clock import VIETNAM_OFFSET
from lms.extensions import db
from lms.learning.certificates.codes import normalise_code
from lms.learning.models import Certificate, CourseCompletion
from lms.org.models import Cadre
from lms.org.queries import subtree_ids, unit_name_at


def _certificate_rows():
    """SELECT of (Certificate, her unit's name at completion) with completion, cadre and
    course loaded."""
    return (
        select(Certificate,
               unit_name_at(CourseCompletion.cadre_id, CourseCompletion.completed_at))
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


def _local_year_bounds(year):
    """[start, end) of a calendar year in Vietnam, as naive UTC like the stored timestamps."""
    return tuple(datetime(y, 1, 1) - VIETNAM_OFFSET for y in (year, year + 1))


# A unit's certificates are read this many at a time: a ZIP of thousands holds a batch of
# rows, never them all.
CERTIFICATE_BATCH = 100


def _unit_certificates_query(unit_id, year):
    query = (_certificate_rows()
             .where(Cadre.unit_id.in_(subtree_ids(unit_id)), Certificate.is_revoked.is_(False)))
    if year is not None:
        start, end = _local_year_bounds(year)
        query = query.where(CourseCompletion.completed_at >= start,
                            CourseCompletion.completed_at < end)
    return query


def count_unit_certificates(unit_id, year=None):
    """How many certificates get_unit_certificates would give."""
    query = _unit_certificates_query(unit_id, year).with_only_columns(Certificate.id)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def get_unit_certificates(unit_id, year=None, batch=CERTIFICATE_BATCH):
    """(Certificate, unit name) of cadres now in the unit's subtree, optionally completed in
    `year` (Vietnam time), revoked ones left out, by name: an iterator that reads `batch` rows
    at a time, each batch after the last one's sort key (so memory stays flat)."""
    order = (Cadre.sort_name, Cadre.id, CourseCompletion.completed_at, Certificate.id)
    query = _unit_certificates_query(unit_id, year).order_by(*order).limit(batch)
    after = None
    while True:
        page = query if after is None else query.where(tuple_(*order) > tuple_(*after))
        rows = [tuple(row) for row in db.session.execute(page)]
        if len(rows) == batch:
            # Read before handing the rows out, whatever the caller then does to them.
            certificate = rows[-1][0]
            completion = certificate.completion
            after = (completion.cadre.sort_name, completion.cadre.id,
                     completion.completed_at, certificate.id)
        yield from rows
        if len(rows) < batch:
            return
