"""The result of a passed quiz says where the course stands: complete, with the certificate,
or the lessons still to read."""

import re

from sqlalchemy import select

from lms.catalog.models import Lesson
from lms.extensions import db
from lms.learning.models import Certificate
from lms.learning.services import complete_lesson, enroll_cadre
from lms.quizzes.services import start_attempt, submit_attempt
from tests.quizzes.helpers import make_quiz_course, right_answers


def lessons(course):
    return list(db.session.scalars(select(Lesson).where(Lesson.course_id == course.id)
                                   .order_by(Lesson.position)))


def pass_quiz(cadre, course):
    attempt = start_attempt(cadre, course)
    submit_attempt(attempt, answers=right_answers(attempt))
    db.session.commit()
    return attempt


def test_passing_the_last_step_says_the_course_is_complete_and_links_the_certificate(
        client, learner):
    course = make_quiz_course(lessons=2)
    enroll_cadre(learner, course)
    for lesson in lessons(course):
        complete_lesson(learner, lesson)
    attempt = pass_quiz(learner, course)
    html = client.get(f"/quiz/attempts/{attempt.id}/result").get_data(as_text=True)
    code = db.session.scalar(select(Certificate.code))
    assert "Bạn đã đạt bài kiểm tra và hoàn thành khóa học." in html
    # Points in Vietnamese form, "(2/2)", never "(2.0 / 2.0)".
    score = re.search(r'<p class="score">.*?</p>', html, re.S).group(0)
    assert re.search(r"\(\d+(,\d+)?/\d+(,\d+)?\)", score), score
    assert f'href="/certificates/{code}.pdf"' in html


def test_passing_with_lessons_left_says_how_many_remain(client, learner):
    course = make_quiz_course(lessons=3)
    enroll_cadre(learner, course)
    complete_lesson(learner, lessons(course)[0])
    attempt = pass_quiz(learner, course)
    html = client.get(f"/quiz/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "Còn 2 bài học nữa là hoàn thành khóa học." in html
    assert f'href="/courses/{course.slug}/continue"' in html
    assert "/certificates/" not in html
    assert db.session.scalar(select(Certificate.code)) is None
