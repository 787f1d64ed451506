"""Builders for survey tests: a trainer's course with a survey, learners who completed it."""

from lms.extensions import db
from lms.feedback.services import create_survey, submit_response
from tests.factories import make_course, make_user
from tests.learning.cert_helpers import make_certificate, make_completion


def course_survey(owner=None, **settings):
    """A course (owned by `owner`, or a new trainer) with the default survey; committed."""
    owner = owner or make_user("trainer", role="trainer")
    course = make_course(title="Kỹ năng truyền thông", owner=owner)
    survey = create_survey(course=course, actor=owner)
    for name, value in settings.items():
        setattr(survey, name, value)
    db.session.commit()
    return survey


def answers_for(survey, rating=4, text=None):
    """Answers to every question: `rating` for ratings, `text` for open questions."""
    return {q.id: rating if q.kind == "rating" else text for q in survey.questions}


def answered(survey, cadre, rating=4, text=None):
    """`cadre` completed the survey's course and answered; committed."""
    make_completion(cadre=cadre, course=survey.course)
    response = submit_response(survey, cadre, answers_for(survey, rating, text))
    db.session.commit()
    return response


def completed_with_certificate(survey, cadre):
    certificate = make_certificate(cadre=cadre, course=survey.course)
    return certificate
