"""Every completed training as one selectable: online course completions and in-person
attendance, each row (cadre_id, track, hours, done_on, kind, title). Indicators, missing
lists and the API read trainings only through training_records()."""

from sqlalchemy import literal, select, union_all

from lms.catalog.models import Course
from lms.learning.models import CourseCompletion
from lms.training.models import Attendance, TrainingSession


def training_records():
    """A subquery of all completed trainings: cadre_id, track, hours, done_on (a date), kind
    ('online' or 'in_person'), title."""
    online = (select(CourseCompletion.cadre_id.label("cadre_id"),
                     CourseCompletion.track.label("track"),
                     CourseCompletion.hours.label("hours"),
                     CourseCompletion.completed_on.label("done_on"),
                     literal("online").label("kind"),
                     Course.title.label("title"))
              .join(Course, Course.id == CourseCompletion.course_id))
    in_person = (select(Attendance.cadre_id, TrainingSession.track, TrainingSession.hours,
                        TrainingSession.held_on, literal("in_person"), TrainingSession.title)
                 .join(TrainingSession, TrainingSession.id == Attendance.session_id))
    return union_all(online, in_person).subquery("training_record")
