"""Builders for report tests: trainings online (course completions) and in person; a
closing that races the one under test; the report document read back (Word and PDF)."""

import io
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from itertools import count

from docx import Document
from docx.table import Table as DocxTable
from pypdf import PdfReader
from sqlalchemy import event, insert

from lms.catalog.models import Course
from lms.core.clock import utcnow
from lms.extensions import db
from lms.learning.models import CourseCompletion
from lms.reports.models import ClosedPeriod
from lms.training.models import Attendance, TrainingSession

_seq = count(1)


def online(cadre, track, on, hours=1, title=None):
    """A course completion dated `on` (a Vietnam date)."""
    n = next(_seq)
    course = Course(slug=f"rpt-course-{n}", title=title or f"Course {n}", track=track,
                    hours=Decimal(str(hours)))
    db.session.add(course)
    db.session.flush()
    db.session.add(CourseCompletion(cadre_id=cadre.id, course_id=course.id, track=track,
                                    hours=Decimal(str(hours)),
                                    completed_at=datetime.combine(on, time(9)),
                                    completed_on=on))
    db.session.commit()


def in_person(cadres, track, on, hours=1, unit=None, title=None):
    """An in-person session held on `on`, attended by `cadres`."""
    n = next(_seq)
    session = TrainingSession(code=f"RPT-S{n}", title=title or f"Workshop {n}", track=track,
                              held_on=on,
                              hours=Decimal(str(hours)), unit_id=(unit or cadres[0].unit).id)
    db.session.add(session)
    db.session.flush()
    for cadre in cadres:
        db.session.add(Attendance(session_id=session.id, cadre_id=cadre.id))
    db.session.commit()


def d(text):
    return date.fromisoformat(text)


@contextmanager
def closed_meanwhile(unit, period):
    """Another request closes the unit's period, and commits, just before this one inserts its
    own closing (after its check that the period was open): the race of a double tap.
    Yields a list that holds the raced statement once it happened."""
    raced = []

    def close_first(_conn, _cursor, statement, *_args):
        if not raced and statement.lstrip().upper().startswith("INSERT INTO CLOSED_PERIOD"):
            raced.append(statement)
            with db.engine.begin() as other:
                other.execute(insert(ClosedPeriod).values(
                    unit_id=unit.id, year=period.year, half=int(period.half),
                    closed_at=utcnow()))

    event.listen(db.engine, "before_cursor_execute", close_first)
    try:
        yield raced
    finally:
        event.remove(db.engine, "before_cursor_execute", close_first)


def docx_of(data):
    return Document(io.BytesIO(data))


def pdf_text(data):
    """The PDF's text, every run of white space as one space."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join("\n".join(page.extract_text() for page in reader.pages).split())


def all_text(document):
    """Every paragraph's text, the letterhead's and the tables' cells included, in order."""
    texts = []

    def walk(container):
        for item in container.iter_inner_content():
            if isinstance(item, DocxTable):
                for row in item.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                texts.append(item.text)

    walk(document)
    return texts


def table_rows(document):
    """[[cell text, ...], ...] of every bordered table (the figures and the lists)."""
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in document.tables if table.style.name == "Table Grid"]
