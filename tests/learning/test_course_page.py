"""The course page is the learner's one place for a course: her lessons with their marks,
the quiz and her result, and the certificate once she has it."""

import re

from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import Certificate
from lms.learning.services import complete_lesson, enroll_cadre
from lms.quizzes.services import start_attempt, submit_attempt
from tests.learning.helpers import lessons_of, make_course


def page_of(client, course):
    response = client.get(f"/courses/{course.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def lesson_items(html):
    """[(link or None, done)] of the lesson list, in order."""
    listing = re.search(r'<ol class="lesson-list"[^>]*>(.*?)</ol>', html, re.S).group(1)
    items = re.findall(r"<li[^>]*>(.*?)</li>", listing, re.S)
    return [(re.search(r'href="([^"]+)"', item).group(1) if "href" in item else None,
             "✓" in item) for item in items]


def quiz_card(html):
    return re.search(r'<section class="card course-quiz">(.*?)</section>', html, re.S).group(1)


def test_before_enrolling_the_lessons_are_listed_without_links(client, learner):
    course = make_course(lessons=2)
    html = page_of(client, course)
    assert lesson_items(html) == [(None, False), (None, False)]
    assert f'action="/courses/{course.slug}/enroll"' in html
    assert "course-quiz" not in html


def test_her_lessons_are_linked_with_their_done_marks_and_the_quiz_not_taken(client, learner):
    course = make_course(lessons=3, questions=2)
    enroll_cadre(learner, course)
    complete_lesson(learner, lessons_of(course)[1])
    db.session.commit()
    html = page_of(client, course)
    base = f"/courses/{course.slug}/lessons"
    assert lesson_items(html) == [(f"{base}/bai-1", False), (f"{base}/bai-2", True),
                                  (f"{base}/bai-3", False)]
    assert '<progress value="1" max="3"' in html
    # Lessons remain: "Học tiếp" leads on; the quiz is "Chưa làm", not "Chưa đạt".
    assert f'href="/courses/{course.slug}/continue">Học tiếp</a>' in html
    card = quiz_card(html)
    assert "Chưa làm" in card and "Chưa đạt" not in card
    assert f'href="/courses/{course.slug}/quiz"' in card


def test_a_failed_quiz_shows_her_result_and_an_open_one_says_in_progress(client, learner):
    course = make_course(lessons=1, questions=2)
    enroll_cadre(learner, course)
    complete_lesson(learner, lessons_of(course)[0])
    attempt = start_attempt(learner, course)
    first = attempt.question_ids[0]
    # One of two right ("Đúng" is option 0): 50 %, below the pass mark of 70.
    submit_attempt(attempt, answers={first: "0", attempt.question_ids[1]: "1"})
    db.session.commit()
    card = quiz_card(page_of(client, course))
    assert "Chưa đạt" in card and "50,0\u00a0%" in card
    start_attempt(learner, course)
    db.session.commit()
    html = page_of(client, course)
    assert "Đang làm" in quiz_card(html)
    assert "Làm tiếp bài kiểm tra" in html


def test_after_completion_the_page_offers_the_certificate_not_continue(client, learner):
    course = make_course(lessons=2, questions=1)
    enroll_cadre(learner, course)
    for lesson in lessons_of(course):
        complete_lesson(learner, lesson)
    attempt = start_attempt(learner, course)
    submit_attempt(attempt, answers={attempt.question_ids[0]: "0"})
    db.session.commit()
    code = db.session.scalar(select(Certificate.code))
    html = page_of(client, course)
    assert code
    assert f'class="btn certificate-link" href="/certificates/{code}.pdf"' in html
    assert "Học tiếp" not in html and f"/courses/{course.slug}/continue" not in html
    assert "Đã hoàn thành" in html or "Hoàn thành" in html
    assert all(done for _link, done in lesson_items(html))
    card = quiz_card(html)
    assert "Đạt" in card and "100,0\u00a0%" in card


def test_the_old_progress_address_leads_to_the_course_page(client, learner):
    course = make_course(lessons=1)
    enroll_cadre(learner, course)
    db.session.commit()
    response = client.get(f"/courses/{course.slug}/progress")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/courses/{course.slug}")


def test_the_quiz_facts_say_how_many_questions_an_attempt_draws(client, learner):
    from lms.catalog.models import QuizSettings
    from tests.quizzes.helpers import make_quiz_course

    course = make_quiz_course(slug="rut-cau-hoi", questions_per_attempt=2)
    html = page_of(client, course)
    assert "2 câu hỏi (rút ngẫu nhiên từ 4 câu)" in html
    db.session.execute(QuizSettings.__table__.update().values(questions_per_attempt=0))
    db.session.commit()
    assert "4 câu hỏi," in page_of(client, course)
