"""Access to the editor's pages, shared by the authoring pages and the quiz results."""

from flask_login import current_user

from lms.authoring.queries import get_authored_course
from lms.core.http import or_404


def authored_course_or_404(course_id):
    """The course if the user may edit it; another trainer's course does not exist for her."""
    return or_404(get_authored_course(current_user, course_id))
