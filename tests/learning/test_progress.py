"""Enrolling, finishing lessons and completing courses, at service level."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.core.clock import local_date, utcnow
from lms.core.errors import DomainError
from lms.core.models import AuditLog
from lms.extensions import db
from lms.learning import services
from lms.learning.models import Certificate, CourseCompletion, Enrollment, LessonProgress
from lms.learning.queries import count_lessons_done, get_my_courses, quiz_passed
from lms.learning.services import (
    CourseNotOpen,
    NotEnrolled,
    complete_lesson,
    enroll_cadre,
    record_completion,
    record_quiz_passed,
)
from tests.factories import add_lesson, make_cadre
from tests.learning.helpers import lessons_of, make_course


@pytest.fixture
def learner(org):
    return make_cadre(org.branch_a1, full_name="Lê Thị Học")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def finish_all(cadre, course):
    """Finish every lesson of the course; the last call's result."""
    result = None
    for lesson in course.lessons:
        result = complete_lesson(cadre, lesson)
    db.session.commit()
    return result


def test_enrolling_twice_keeps_one_enrollment(learner):
    course = make_course()
    first = enroll_cadre(learner, course)
    db.session.commit()
    again = enroll_cadre(learner, course)
    db.session.commit()
    assert again.id == first.id
    assert count(Enrollment) == 1


def test_an_enrollment_committed_meanwhile_is_used_not_duplicated(learner, monkeypatch):
    course = make_course()
    # Another request enrolls her between our check and our insert.
    with Session(db.engine) as other:
        other.add(Enrollment(cadre_id=learner.id, course_id=course.id, enrolled_at=utcnow()))
        other.commit()
    real, calls = services.get_enrollment, []

    def stale_then_real(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services, "get_enrollment", stale_then_real)
    enrollment = enroll_cadre(learner, course)
    db.session.commit()
    assert enrollment.id is not None and count(Enrollment) == 1


def test_an_unpublished_course_cannot_be_enrolled_in(learner):
    course = make_course(is_published=False)
    with pytest.raises(CourseNotOpen):
        enroll_cadre(learner, course)
    assert count(Enrollment) == 0


def test_a_lesson_is_recorded_once(learner):
    course = make_course(lessons=2)
    enroll_cadre(learner, course)
    lesson = lessons_of(course)[0]
    complete_lesson(learner, lesson)
    complete_lesson(learner, lesson)
    db.session.commit()
    assert count(LessonProgress) == 1
    # The duplicate was rolled back to its savepoint only: the enrollment before it stays.
    assert count(Enrollment) == 1
    assert count_lessons_done(learner.id, course.id) == (2, 1)


def test_progress_needs_an_enrollment(learner):
    course = make_course()
    with pytest.raises(NotEnrolled):
        complete_lesson(learner, lessons_of(course)[0])


def test_a_course_without_quiz_completes_on_its_lessons(learner):
    course = make_course(lessons=2, track="digital", hours="3.5")
    enroll_cadre(learner, course)
    first, last = lessons_of(course)
    assert complete_lesson(learner, first) is None
    completion = complete_lesson(learner, last)
    db.session.commit()
    assert completion is not None
    assert (completion.track, completion.hours) == ("digital", Decimal("3.5"))
    enrollment = db.session.scalar(select(Enrollment))
    assert enrollment.completed_at == completion.completed_at
    certificate = db.session.scalar(select(Certificate))
    assert certificate.completion_id == completion.id


def test_completion_is_written_once_however_often_it_is_reached(learner):
    course = make_course(lessons=1)
    enroll_cadre(learner, course)
    lesson = lessons_of(course)[0]
    first = complete_lesson(learner, lesson)
    again = complete_lesson(learner, lesson)
    direct = record_completion(learner, course, utcnow())
    db.session.commit()
    assert first.id == again.id == direct.id
    assert count(CourseCompletion) == 1 and count(Certificate) == 1


def test_a_completion_committed_by_a_concurrent_request_wins(learner):
    course = make_course(lessons=1)
    enroll_cadre(learner, course)
    db.session.commit()
    # The other request passed the same "not complete yet" check and committed first.
    with Session(db.engine) as other:
        now = utcnow()
        other.add(CourseCompletion(cadre_id=learner.id, course_id=course.id, track=course.track,
                                   hours=course.hours, completed_at=now,
                                   completed_on=local_date(now)))
        other.commit()
    completion = record_completion(learner, course, utcnow())
    db.session.commit()
    assert completion.id is not None
    assert count(CourseCompletion) == 1
    assert count(Certificate) == 0  # issued by the request that wrote the completion


def test_a_course_with_a_quiz_completes_only_once_the_quiz_is_passed(learner):
    course = make_course(lessons=2, questions=3)
    enroll_cadre(learner, course)
    assert finish_all(learner, course) is None
    assert not quiz_passed(learner, course)
    completion = record_quiz_passed(learner, course)
    db.session.commit()
    assert completion is not None and quiz_passed(learner, course)
    assert count(CourseCompletion) == 1


def test_a_quiz_passed_before_the_lessons_is_remembered(learner):
    course = make_course(lessons=2, questions=1)
    enroll_cadre(learner, course)
    assert record_quiz_passed(learner, course) is None
    db.session.commit()
    assert finish_all(learner, course) is not None
    assert count(CourseCompletion) == 1


def test_archived_questions_are_no_quiz(learner):
    course = make_course(lessons=1, questions=1)
    for question in course.questions:
        question.is_archived = True
    enroll_cadre(learner, course)
    assert finish_all(learner, course) is not None


def test_progress_survives_a_course_update(learner):
    course = make_course(lessons=3)
    enroll_cadre(learner, course)
    one, two, three = lessons_of(course)
    complete_lesson(learner, one)
    complete_lesson(learner, two)
    db.session.commit()
    # The trainer archives lesson 2, renames lesson 1 and the course, and adds lesson 4.
    two.is_archived = True
    one.title = "Bài mở đầu (sửa)"
    course.title = "Tên mới của khoá học"
    four = add_lesson(course, 4)
    db.session.commit()
    assert count(LessonProgress) == 2
    assert count_lessons_done(learner.id, course.id) == (3, 1)
    [row] = get_my_courses(learner.id, utcnow().date())
    assert (row.title, row.lessons_total, row.lessons_done) == ("Tên mới của khoá học", 3, 1)
    complete_lesson(learner, three)
    assert complete_lesson(learner, four) is not None
    db.session.commit()


def test_progress_without_an_enrollment_is_refused_in_her_words(learner):
    course = make_course()
    with pytest.raises(DomainError) as refused:
        complete_lesson(learner, lessons_of(course)[0])
    assert isinstance(refused.value, NotEnrolled)
    assert str(refused.value) == "Hãy ghi danh vào khóa học trước để đọc bài."


def test_a_passed_quiz_is_written_in_the_senders_transaction(learner):
    from lms.quizzes.signals import quiz_passed as quiz_passed_signal

    course = make_course(lessons=0, questions=1)
    # The sender's own write (the graded attempt) opens the transaction.
    db.session.add(AuditLog(action="quiz.submit", object_type="attempt", detail={}))
    db.session.flush()
    quiz_passed_signal.send(None, cadre=learner, course=course, at=utcnow())
    # Flushed, so the sender's next reads see it, but the sender commits or rolls back.
    assert (count(Enrollment), count(CourseCompletion), count(Certificate)) == (1, 1, 1)
    db.session.rollback()
    assert (count(Enrollment), count(CourseCompletion), count(Certificate)) == (0, 0, 0)
