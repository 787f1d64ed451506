"""Access to the editor's pages, shared by the authoring pages and the quiz results."""

from flask import abort
from flask_login import current_user

from lms.authoring.queries import get_authored_course
from lms.core.permissions import roles_required

trainer_required = roles_required("trainer", "admin")


def authored_course_or_404(course_id):
    """The course if the user may edit it; another trainer's course does not exist for her."""
    course = get_authored_course(current_user, course_id)
    if course is None:
        abort(404)
    return course
