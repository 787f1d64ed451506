"""What a SCORM lesson's package records for a learner (its cmi data), saved as she goes and
given back on any phone; a lesson_status of completed or passed finishes the lesson, and
when the trainer chose so, a score (cmi.core.score.raw, 0 to 100) at or above the course's
pass mark passes the course's quiz.

The lesson page runs scorm-again and posts the runtime's cmi object (its JSON form); only the
parts a SCORM 1.2 package reads back on a later visit are kept.
"""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.core.errors import DomainError
from lms.extensions import db
from lms.learning.models import ScormData
from lms.learning.queries import get_enrollment
from lms.learning.services import NotEnrolled, complete_lesson, record_quiz_passed

DONE_STATUSES = ("completed", "passed")
STATUSES = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
# SCORM 1.2's own limits: suspend_data is up to 4,096 characters, lesson_location 255.
MAX_SUSPEND_DATA = 4096
MAX_LOCATION = 255


class ScormDataRejected(DomainError):
    """Data the lesson page sent that is not a SCORM 1.2 cmi object."""


def get_scorm_data(cadre_id, lesson_id):
    return db.session.scalar(select(ScormData).where(ScormData.cadre_id == cadre_id,
                                                     ScormData.lesson_id == lesson_id))


def resume_cmi(cadre, data):
    """The cmi object to load into the runtime before the package starts: who she is and,
    when she has been here before, where she was."""
    core = {"student_id": str(cadre.id), "student_name": cadre.full_name}
    cmi = {"core": core}
    if data is not None:
        core.update(lesson_status=data.lesson_status, lesson_location=data.lesson_location,
                    entry="resume")
        if data.score_raw is not None:
            core["score"] = {"raw": format(data.score_raw.normalize(), "f")}
        cmi["suspend_data"] = data.suspend_data
    return cmi


def _text(value, limit):
    if not isinstance(value, str) or len(value) > limit:
        raise ScormDataRejected(_l("The lesson's data could not be saved."))
    return value


def save_scorm_data(cadre, lesson, cmi):
    """Keep what the package recorded; finish the lesson when its status says it is done.
    Returns the ScormData."""
    if get_enrollment(cadre.id, lesson.course_id) is None:
        raise NotEnrolled()
    if not isinstance(cmi, dict) or not isinstance(cmi.get("core", {}), dict):
        raise ScormDataRejected(_l("The lesson's data could not be saved."))
    core = cmi.get("core", {})
    status = _text(core.get("lesson_status", "not attempted"), 20)
    if status not in STATUSES:
        raise ScormDataRejected(_l("The lesson's data could not be saved."))
    data = get_scorm_data(cadre.id, lesson.id)
    if data is None:
        data = ScormData(cadre_id=cadre.id, lesson_id=lesson.id)
        db.session.add(data)
    data.lesson_status = status
    data.lesson_location = _text(core.get("lesson_location", ""), MAX_LOCATION)
    data.suspend_data = _text(cmi.get("suspend_data", ""), MAX_SUSPEND_DATA)
    data.score_raw = _score(core.get("score"))
    db.session.flush()
    if status in DONE_STATUSES:
        complete_lesson(cadre, lesson)
    course = lesson.course
    if (lesson.scorm_package.score_is_quiz and data.score_raw is not None
            and data.score_raw >= course.pass_mark):
        record_quiz_passed(cadre, course)
    return data


def _score(score):
    raw = score.get("raw", "") if isinstance(score, dict) else ""
    if raw in ("", None):
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation as error:
        raise ScormDataRejected(_l("The lesson's data could not be saved.")) from error
    if not value.is_finite() or not 0 <= value <= 100:
        raise ScormDataRejected(_l("The lesson's data could not be saved."))
    return value.quantize(Decimal("0.01"))
