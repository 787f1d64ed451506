"""The trainer's home: her courses with learners (this year's cycle and all), completions,
completion rates and the latest quiz results, from one statement, in Vietnamese numbers."""

import re
from datetime import datetime, timedelta

import pytest

from lms.extensions import db
from lms.learning.models import Enrollment
from lms.learning.trainer_home import get_taught_courses
from lms.quizzes.models import AttemptResult, QuizAttempt
from tests.conftest import count_statements, login
from tests.factories import make_cadre, make_course, make_user

NOW = datetime(2026, 11, 20, 3, 0)


def enroll_in(cadre, course, cycle, completed=False):
    db.session.add(Enrollment(cadre_id=cadre.id, course_id=course.id, cycle=cycle,
                              enrolled_at=datetime(cycle, 3, 1),
                              completed_at=datetime(cycle, 6, 1) if completed else None))
    db.session.commit()


def attempt(cadre, course, percent, passed, days_ago):
    submitted = NOW - timedelta(days=days_ago)
    number = db.session.query(QuizAttempt).filter_by(cadre_id=cadre.id,
                                                     course_id=course.id).count() + 1
    row = QuizAttempt(cadre_id=cadre.id, course_id=course.id, number=number, seed=1,
                      started_at=submitted - timedelta(minutes=10), question_ids=[],
                      snapshots={}, option_orders={}, submitted_at=submitted, cycle=2026)
    db.session.add(row)
    db.session.flush()
    db.session.add(AttemptResult(attempt_id=row.id, earned=percent, possible=100,
                                 percent=percent, passed=passed, graded_at=submitted))
    db.session.commit()


@pytest.fixture
def taught(org):
    """Two courses of trainer "gv" (one with a quiz and figures, one without learners) and
    one of another trainer."""
    trainer = make_user("gv", role="trainer")
    other = make_user("gv.khac", role="trainer")
    quiz = make_course("Phòng chống lừa đảo", owner=trainer, questions=3)
    quiet = make_course("An toàn mật khẩu", owner=trainer, questions=2, is_published=False)
    foreign = make_course("Khóa của người khác", owner=other, questions=1)
    c1, c2, c3, c4 = (make_cadre(org.ward_a) for _ in range(4))
    # 2025: c1 completed, c2 did not; 2026: c1 again (not yet), c3 completed, c4 not yet.
    enroll_in(c1, quiz, 2025, completed=True)
    enroll_in(c2, quiz, 2025)
    enroll_in(c1, quiz, 2026)
    enroll_in(c3, quiz, 2026, completed=True)
    enroll_in(c4, quiz, 2026)
    enroll_in(c1, foreign, 2026, completed=True)
    # In the last 30 days: 80 and 100 passed, 62,5 failed; 40 days ago: 50 failed.
    attempt(c1, quiz, 80, True, 2)
    attempt(c3, quiz, 100, True, 5)
    attempt(c4, quiz, 62.5, False, 29)
    attempt(c2, quiz, 50, False, 40)
    attempt(c2, quiet, 90, True, 45)
    attempt(c1, foreign, 100, True, 1)
    return trainer, quiz, quiet, foreign


def test_her_courses_with_their_figures(taught):
    trainer, quiz, quiet, _foreign = taught
    assert not trainer.is_admin  # her roles loaded, as the signed-in user's are
    with count_statements() as statements:
        rows = get_taught_courses(trainer, 2026, NOW)
    assert len(statements) == 1
    # By title: "An toàn…" before "Phòng…"; the other trainer's course is not hers.
    assert [row.id for row in rows] == [quiet.id, quiz.id]
    empty, busy = rows
    assert (busy.enrolled_year, busy.completed_year, busy.rate_year) == (3, 1, 33.3)
    assert (busy.learners, busy.enrollments, busy.completions, busy.rate_all) == (4, 5, 2, 40.0)
    assert busy.questions == 3 and busy.is_published
    # (80 + 100 + 62,5) / 3 = 80,8; 2 passed of 3 = 66,7 %.
    assert (busy.recent_attempts, busy.recent_average, busy.recent_passed,
            busy.recent_pass_rate) == (3, 80.8, 2, 66.7)
    assert busy.last_attempt_at == NOW - timedelta(days=2)
    assert (empty.enrolled_year, empty.learners, empty.completions) == (0, 0, 0)
    assert (empty.rate_year, empty.rate_all) == (None, None)
    assert (empty.recent_attempts, empty.recent_average, empty.recent_pass_rate) == (0, None,
                                                                                     None)
    assert empty.last_attempt_at == NOW - timedelta(days=45)
    assert not empty.is_published


def test_an_admin_sees_every_course(taught):
    admin = make_user("quantri", role="admin")
    assert len(get_taught_courses(admin, 2026, NOW)) == 3


def test_the_home_page_runs_as_many_statements_for_many_courses(client, taught):
    trainer = taught[0]
    login(client, "gv")
    with count_statements() as two_courses:
        client.get("/")
    for n in range(5):
        make_course(f"Khóa thêm {n}", owner=trainer, questions=1)
    with count_statements() as seven_courses:
        html = client.get("/").get_data(as_text=True)
    assert len(re.findall(r'<article class="card taught-course"', html)) == 7
    assert len(seven_courses) == len(two_courses)


def card(html, course):
    match = re.search(rf'<article class="card taught-course" data-course="{course.id}".*?'
                      r"</article>", html, re.S)
    assert match, course.title
    return match.group(0)


def figure(html, name):
    # Not \s: the no-break space before "%" stays.
    return re.sub(r"[ \n]+", " ", re.search(rf'<dd class="{name}">(.*?)</dd>', html, re.S)
                  .group(1)).strip()


def test_the_home_page_shows_her_courses_in_vietnamese(client, taught, monkeypatch):
    _trainer, quiz, quiet, foreign = taught
    monkeypatch.setattr("lms.learning.views.utcnow", lambda: NOW)
    monkeypatch.setattr("lms.learning.views.local_today", lambda: NOW.date())
    login(client, "gv")
    html = client.get("/").get_data(as_text=True)
    assert "Các khóa học tôi giảng dạy" in html
    busy = card(html, quiz)
    assert figure(busy, "figures-year") == "3 học viên, 1 hoàn thành (33,3\u00a0%)"
    assert figure(busy, "figures-all") == "4 học viên, 2 lượt hoàn thành (40,0\u00a0%)"
    assert figure(busy, "figures-quiz") == (
        "3 lượt làm bài: điểm trung bình 80,8\u00a0%, đạt 66,7\u00a0%")
    assert f'href="/author/courses/{quiz.id}/quiz/results"' in busy
    assert f'href="/author/courses/{quiz.id}"' in busy
    empty = card(html, quiet)
    assert "Chưa xuất bản" in empty
    assert figure(empty, "figures-year") == "Chưa có học viên năm nay"
    assert figure(empty, "figures-quiz") == (
        "Không có lượt làm bài; lần gần nhất vào ngày 06/10/2026.")
    assert f'data-course="{foreign.id}"' not in html


def test_a_course_without_a_quiz_says_so(client, org):
    trainer = make_user("gv", role="trainer")
    course = make_course("Không có bài kiểm tra", owner=trainer)
    login(client, "gv")
    html = card(client.get("/").get_data(as_text=True), course)
    assert figure(html, "figures-quiz") == "Khóa học này không có bài kiểm tra."
    assert "/quiz/results" not in html


@pytest.mark.parametrize("role", [None, "organizer"])
def test_other_accounts_have_no_trainer_part(client, org, role):
    make_course("Phòng chống lừa đảo", owner=make_user("gv", role="trainer"))
    make_user("canbo", role=role, unit=org.city, cadre=make_cadre(org.ward_a))
    login(client, "canbo")
    html = client.get("/").get_data(as_text=True)
    assert "taught-course" not in html and 'id="taught-title"' not in html
