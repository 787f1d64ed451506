"""A course taken again in a later year: enrollments, progress, quiz attempts, completions
and certificates per cycle, with the earlier cycle kept as history."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.core.clock import local_today
from lms.extensions import db
from lms.learning.models import Certificate, CourseCompletion, Enrollment, LessonProgress
from lms.learning.queries import (
    can_take_again,
    count_lessons_done,
    get_completion,
    get_completion_history,
    get_course_progress,
    get_enrollment,
    get_my_courses,
)
from lms.learning.services import (
    complete_lesson,
    create_assignment,
    enroll_cadre,
    sync_assignments,
)
from lms.quizzes.models import QuizAttempt
from lms.quizzes.queries import count_attempts
from lms.quizzes.services import QuizError, start_attempt, submit_attempt
from lms.reports.completion import get_completion_by_unit
from lms.reports.indicators.aggregation import compute_figures
from lms.reports.indicators.definitions import Period
from tests.conftest import login, post_form
from tests.factories import make_cadre
from tests.learning.helpers import lessons_of, make_course, make_learner
from tests.quizzes.helpers import make_quiz_course, right_answers

# 09:00 in Hanoi on these days.
IN_2025 = datetime(2025, 3, 10, 2, 0)
IN_2026 = datetime(2026, 2, 5, 2, 0)


@pytest.fixture
def learner(org):
    return make_cadre(org.branch_a1, full_name="Lê Thị Học")


def take_course(cadre, course, at):
    """Enroll at `at` and finish every lesson then; returns the completion."""
    enrollment = enroll_cadre(cadre, course, at=at)
    completion = None
    for lesson in lessons_of(course):
        completion = complete_lesson(cadre, lesson, at=at)
    db.session.commit()
    return enrollment, completion


def test_a_course_completed_in_2025_is_taken_again_in_2026_with_its_own_completion(learner):
    course = make_course(hours="2")
    first, done_2025 = take_course(learner, course, IN_2025)
    assert (first.cycle, done_2025.cycle, done_2025.completed_on) == (2025, 2025,
                                                                       date(2025, 3, 10))
    course.hours = Decimal("3")  # edited since: 2025's completion keeps its 2 hours

    again = enroll_cadre(learner, course, at=IN_2026)
    db.session.commit()
    assert again.id != first.id and again.cycle == 2026
    # The new cycle starts afresh: nothing done, not completed, the 2025 rows untouched.
    assert count_lessons_done(learner.id, course.id) == (3, 0)
    assert get_completion(learner.id, course.id) is None
    progress = get_course_progress(learner.id, course.id, date(2026, 2, 5))
    assert (progress.lessons_done, progress.is_completed, progress.cycle) == (0, False, 2026)
    assert len(get_my_courses(learner.id, date(2026, 2, 5))) == 1
    assert db.session.scalar(select(func.count(LessonProgress.id))
                             .where(LessonProgress.cycle == 2025)) == 3

    for lesson in lessons_of(course):
        done_2026 = complete_lesson(learner, lesson, at=IN_2026)
    db.session.commit()
    assert done_2026.id != done_2025.id
    assert (done_2026.cycle, done_2026.completed_on, done_2026.hours) == (
        2026, date(2026, 2, 5), Decimal("3.0"))
    db.session.refresh(done_2025)
    assert (done_2025.completed_on, done_2025.hours) == (date(2025, 3, 10), Decimal("2.0"))
    assert get_enrollment(learner.id, course.id, 2025).completed_at == IN_2025
    # One certificate per completion, each with its own code.
    codes = dict(db.session.execute(select(Certificate.completion_id, Certificate.code)).all())
    assert set(codes) == {done_2025.id, done_2026.id} and len(set(codes.values())) == 2
    history = get_completion_history(learner.id, course.id)
    assert [(row.cycle, row.hours, row.certificate_code) for row in history] == [
        (2026, Decimal("3.0"), codes[done_2026.id]), (2025, Decimal("2.0"), codes[done_2025.id])]


def test_enrolling_again_keeps_an_unfinished_or_current_enrollment(learner):
    course = make_course()
    first = enroll_cadre(learner, course, at=IN_2025)
    complete_lesson(learner, lessons_of(course)[0], at=IN_2025)
    # Unfinished from 2025: she goes on with it in 2026, nothing starts over.
    assert enroll_cadre(learner, course, at=IN_2026) is first
    assert enroll_cadre(learner, course, at=IN_2026, cycle=2026) is first
    assert count_lessons_done(learner.id, course.id) == (3, 1)
    assert not can_take_again(first, date(2026, 2, 5))


def test_taking_again_twice_makes_one_enrollment_and_the_key_refuses_a_second(learner):
    course = make_course()
    take_course(learner, course, IN_2025)
    assert can_take_again(get_enrollment(learner.id, course.id), date(2026, 2, 5))
    assert not can_take_again(get_enrollment(learner.id, course.id), date(2025, 12, 31))
    again = enroll_cadre(learner, course, at=IN_2026)
    assert enroll_cadre(learner, course, at=IN_2026) is again
    db.session.commit()
    assert db.session.scalar(select(func.count(Enrollment.id))) == 2
    # A concurrent request that read before this one inserted meets the unique key.
    db.session.add(Enrollment(cadre_id=learner.id, course_id=course.id, cycle=2026,
                              enrolled_at=IN_2026))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_quiz_attempts_start_afresh_in_the_new_cycle(learner):
    course = make_quiz_course(lessons=1, max_attempts=1)
    enroll_cadre(learner, course, at=IN_2025)
    complete_lesson(learner, lessons_of(course)[0], at=IN_2025)
    attempt = start_attempt(learner, course, now=IN_2025, cycle=2025)
    submit_attempt(attempt, IN_2025, right_answers(attempt))
    db.session.commit()
    done_2025 = get_completion(learner.id, course.id)
    assert done_2025.cycle == 2025
    with pytest.raises(QuizError):  # her one attempt of 2025 is used
        start_attempt(learner, course, now=IN_2025, cycle=2025)

    enroll_cadre(learner, course, at=IN_2026)
    db.session.commit()
    assert count_attempts(learner.id, course.id, 2026) == 0
    again = start_attempt(learner, course, now=IN_2026, cycle=2026)
    assert (again.number, again.cycle) == (1, 2026)
    # Passing before the lesson is done completes nothing; the lesson then completes 2026.
    submit_attempt(again, IN_2026, right_answers(again))
    assert get_enrollment(learner.id, course.id).quiz_passed_at == IN_2026
    assert get_completion(learner.id, course.id) is None
    done_2026 = complete_lesson(learner, lessons_of(course)[0], at=IN_2026)
    db.session.commit()
    assert done_2026.cycle == 2026 and done_2026.id != done_2025.id
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 2
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 2


def test_a_new_years_assignment_enrolls_again_those_who_completed_before(org, learner):
    course = make_course()
    take_course(learner, course, IN_2025)
    midway = make_cadre(org.branch_a1)
    enroll_cadre(midway, course, at=IN_2025)
    complete_lesson(midway, lessons_of(course)[0], at=IN_2025)
    db.session.commit()

    assignment, count = create_assignment(course, org.ward_a, due_date=date(2026, 12, 31))
    db.session.commit()
    this_year = local_today().year
    current = get_enrollment(learner.id, course.id)
    assert (current.cycle, current.assignment_id, current.due_date) == (
        this_year, assignment.id, date(2026, 12, 31))
    # She was midway in 2025: the assignment takes over that enrollment and its progress.
    assert get_enrollment(midway.id, course.id).cycle == 2025
    assert get_enrollment(midway.id, course.id).assignment_id == assignment.id
    assert count == 2
    assert sync_assignments() == 0
    assert db.session.scalar(select(func.count(Enrollment.id))) == 3
    # The course's figures count each cadre once, in her current cycle.
    table = get_completion_by_unit(org.ward_a.id, course.id, date(2026, 2, 5))
    assert (table.total.enrolled, table.total.completed) == (2, 0)


def test_last_years_assignment_does_not_start_a_new_cycle(org, learner):
    course = make_course()
    assignment, _count = create_assignment(course, org.ward_a)
    assignment.created_at = IN_2025
    enrollment = get_enrollment(learner.id, course.id)
    enrollment.enrolled_at, enrollment.cycle = IN_2025, 2025
    db.session.commit()
    for lesson in lessons_of(course):
        complete_lesson(learner, lesson, at=IN_2025)
    db.session.commit()
    assert sync_assignments() == 0
    assert db.session.scalar(select(func.count(Enrollment.id))) == 1


def test_a_yearly_course_taken_in_2025_and_in_2026_counts_in_both_years(org, learner):
    course = make_course(track="association")
    take_course(learner, course, IN_2025)
    enroll_cadre(learner, course, at=IN_2026)
    for lesson in lessons_of(course):
        complete_lesson(learner, lesson, at=IN_2026)
    db.session.commit()

    def trained(year):
        return compute_figures([org.city.id], Period(year))[org.city.id][
            "annual_training"].numerator

    assert (trained(2024), trained(2025), trained(2026)) == (0, 1, 1)


def test_the_course_page_offers_taking_it_again_and_shows_the_history(client, org):
    cadre, _user = make_learner(org.branch_a1, username="hoc.lai")
    course = make_course()
    take_course(cadre, course, IN_2025)
    login(client, "hoc.lai")
    html = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert f'action="/courses/{course.slug}/take-again"' in html
    assert "2025" in html and "10/03/2025" in html
    assert "/certificates/" in html

    url = f"/courses/{course.slug}/take-again"
    assert client.post(url).status_code == 400  # no CSRF token
    said = "học lại khóa học này cho năm"
    response = post_form(client, url, form_url=f"/courses/{course.slug}")
    assert response.status_code == 302
    # The second tap comes from the page showing the first one's message, and says nothing.
    assert said in client.get(f"/courses/{course.slug}").get_data(as_text=True)
    response = post_form(client, url, form_url=f"/courses/{course.slug}")
    assert response.headers["Location"].endswith(f"/courses/{course.slug}/lessons/bai-1")
    cycles = db.session.scalars(select(Enrollment.cycle).order_by(Enrollment.cycle)).all()
    assert cycles == [2025, local_today().year]
    html = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert said not in html
    assert f'action="/courses/{course.slug}/take-again"' not in html
    assert "10/03/2025" in html  # the 2025 completion stays as history
    # The course page now reads this year's cycle: no lesson is done.
    assert '<progress value="0" max="3"' in html
