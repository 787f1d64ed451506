"""The learner's pages: enrolling, reading lessons, finishing them, her home page."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from lms.extensions import db
from lms.learning.models import Certificate, CourseCompletion, Enrollment, LessonProgress
from lms.learning.services import complete_lesson, enroll_cadre
from tests.conftest import count_statements, csrf_token_from, login, post_form
from tests.factories import make_user
from tests.learning.helpers import lessons_of, make_course


def lesson_url(course, n):
    return f"/courses/{course.slug}/lessons/bai-{n}"


def enroll_via_page(client, course):
    return post_form(client, f"/courses/{course.slug}/enroll",
                     form_url=f"/courses/{course.slug}")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_enrolling_goes_to_the_first_lesson_and_happens_once(client, learner):
    course = make_course()
    response = enroll_via_page(client, course)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(lesson_url(course, 1))
    assert enroll_via_page(client, course).status_code == 302
    assert count(Enrollment) == 1


def test_an_unpublished_course_answers_404(client, learner):
    course = make_course(is_published=False)
    home = client.get("/").get_data(as_text=True)
    response = client.post(f"/courses/{course.slug}/enroll",
                           data={"csrf_token": csrf_token_from(home)})
    assert response.status_code == 404
    assert count(Enrollment) == 0


def test_posts_without_a_csrf_token_are_refused(client, learner):
    course = make_course()
    assert client.post(f"/courses/{course.slug}/enroll").status_code == 400
    enroll_cadre(learner, course)
    db.session.commit()
    assert client.post(lesson_url(course, 1) + "/complete").status_code == 400
    assert count(LessonProgress) == 0


def test_lessons_need_an_enrollment(client, learner):
    course = make_course()
    for url in (lesson_url(course, 1), f"/courses/{course.slug}/progress",
                f"/courses/{course.slug}/continue"):
        response = client.get(url)
        assert response.status_code in (301, 302), url
        assert response.headers["Location"].endswith(f"/courses/{course.slug}"), url
    other = make_course()
    enroll_cadre(learner, other)
    db.session.commit()
    # Enrolled in another course does not open this one.
    assert client.get(lesson_url(course, 2)).status_code == 302
    page = client.get(lesson_url(course, 1), follow_redirects=True).get_data(as_text=True)
    assert 'class="flash flash-info"' in page


def test_finishing_without_enrolling_records_nothing(client, learner):
    course = make_course()
    response = post_form(client, lesson_url(course, 1) + "/complete", form_url="/")
    assert response.status_code == 302
    assert count(LessonProgress) == 0


def test_a_lesson_page_shows_the_cached_html_its_place_and_the_finish_button(client, learner):
    course = make_course(lessons=3)
    enroll_cadre(learner, course)
    db.session.commit()
    html = client.get(lesson_url(course, 2)).get_data(as_text=True)
    assert "<p>Nội dung bài 2</p>" in html
    number = re.search(r'class="muted lesson-number">([^<]*)<', html).group(1)
    assert re.findall(r"\d+", number) == ["2", "3"]
    assert f'rel="prev" href="{lesson_url(course, 1)}"' in html
    assert f'rel="next" href="{lesson_url(course, 3)}"' in html
    assert f'action="{lesson_url(course, 2)}/complete"' in html


def test_a_lesson_page_reads_its_scorm_package_with_the_lesson_not_apart(client, learner):
    course = make_course(lessons=2)
    enroll_cadre(learner, course)
    db.session.commit()
    client.get(lesson_url(course, 1))
    with count_statements() as statements:
        assert client.get(lesson_url(course, 1)).status_code == 200
    # The package is joined to the lesson's own SELECT: no statement reads it alone.
    package_reads = [s for s in statements if "scorm_package" in s]
    assert package_reads and all("FROM lesson " in s for s in package_reads)


def test_archived_and_unknown_lessons_answer_404(client, learner):
    course = make_course(lessons=3)
    enroll_cadre(learner, course)
    lessons_of(course)[1].is_archived = True
    db.session.commit()
    assert client.get(lesson_url(course, 2)).status_code == 404
    assert client.get(lesson_url(course, 9)).status_code == 404
    # The archived lesson is skipped: lesson 3 is now the second of two.
    html = client.get(lesson_url(course, 3)).get_data(as_text=True)
    number = re.search(r'class="muted lesson-number">([^<]*)<', html).group(1)
    assert re.findall(r"\d+", number) == ["2", "2"]
    assert f'rel="prev" href="{lesson_url(course, 1)}"' in html


def test_finishing_lessons_moves_on_and_completes_the_course(client, learner):
    course = make_course(lessons=2)
    enroll_via_page(client, course)
    first = post_form(client, lesson_url(course, 1) + "/complete", form_url=lesson_url(course, 1))
    assert first.headers["Location"].endswith(lesson_url(course, 2))
    last = post_form(client, lesson_url(course, 2) + "/complete", form_url=lesson_url(course, 2))
    assert last.headers["Location"].endswith(f"/courses/{course.slug}")
    assert count(CourseCompletion) == 1
    code = db.session.scalar(select(Certificate.code))
    progress = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert f"/certificates/{code}.pdf" in progress
    # A finished lesson shows no finish button any more.
    assert "/complete" not in client.get(lesson_url(course, 1)).get_data(as_text=True)


def test_a_course_with_a_quiz_points_to_the_quiz_after_the_lessons(client, learner):
    course = make_course(lessons=1, questions=2)
    enroll_cadre(learner, course)
    complete_lesson(learner, lessons_of(course)[0])
    db.session.commit()
    html = client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert f'href="/courses/{course.slug}/quiz"' in html
    assert count(CourseCompletion) == 0


def test_continue_goes_to_the_first_unfinished_lesson(client, learner):
    course = make_course(lessons=3)
    enroll_cadre(learner, course)
    complete_lesson(learner, lessons_of(course)[0])
    db.session.commit()
    response = client.get(f"/courses/{course.slug}/continue")
    assert response.headers["Location"].endswith(lesson_url(course, 2))


def test_an_account_without_a_cadre_cannot_learn(client, org):
    make_user("quan.tri", "admin")
    login(client, "quan.tri")
    course = make_course()
    assert client.get(lesson_url(course, 1)).status_code == 403
    assert post_form(client, f"/courses/{course.slug}/enroll", form_url="/").status_code == 403


# ---- home page -------------------------------------------------------------------------------

def course_cards(html):
    return re.findall(r'<article class="card course-card([^"]*)">(.*?)</article>', html, re.S)


def test_home_lists_her_courses_with_progress_and_overdue_marked(client, learner):
    overdue = make_course(lessons=3, title="Khoá quá hạn")
    on_time = make_course(lessons=2, title="Khoá còn hạn")
    done = make_course(lessons=1, title="Khoá đã xong")
    for course in (overdue, on_time, done):
        enroll_cadre(learner, course)
    db.session.execute(Enrollment.__table__.update()
                       .where(Enrollment.course_id == overdue.id)
                       .values(due_date=date.today() - timedelta(days=3)))
    db.session.execute(Enrollment.__table__.update()
                       .where(Enrollment.course_id.in_([on_time.id, done.id]))
                       .values(due_date=date.today() + timedelta(days=30)))
    complete_lesson(learner, lessons_of(overdue)[0])
    complete_lesson(learner, lessons_of(done)[0])
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    cards = course_cards(html)
    assert [("Khoá quá hạn" in body, "Khoá còn hạn" in body, "Khoá đã xong" in body)
            for _cls, body in cards] == [(True, False, False), (False, True, False),
                                         (False, False, True)]
    (overdue_cls, overdue_body), (on_time_cls, on_time_body), (done_cls, done_body) = cards
    assert "is-overdue" in overdue_cls and "badge-overdue" in overdue_body
    assert '<progress value="1" max="3"' in overdue_body
    assert (date.today() - timedelta(days=3)).strftime("%d/%m/%Y") in overdue_body
    assert "badge-overdue" not in on_time_body and '<progress value="0" max="2"' in on_time_body
    assert "is-completed" in done_cls
    code = db.session.scalar(select(Certificate.code))
    assert f'href="/certificates/{code}.pdf"' in done_body
    assert 'href="/courses"' in html


def test_a_completed_course_is_never_overdue(client, learner):
    course = make_course(lessons=1)
    enrollment = enroll_cadre(learner, course)
    enrollment.due_date = date.today() - timedelta(days=10)
    complete_lesson(learner, lessons_of(course)[0])
    db.session.commit()
    assert "badge-overdue" not in client.get("/").get_data(as_text=True)


def test_home_runs_the_same_statements_for_one_course_or_many(client, learner):
    def statements_for_home():
        with count_statements() as statements:
            assert client.get("/").status_code == 200
        return len(statements)

    enroll_cadre(learner, make_course(lessons=2))
    db.session.commit()
    with_one = statements_for_home()
    for _ in range(5):
        course = make_course(lessons=3)
        enroll_cadre(learner, course)
        complete_lesson(learner, lessons_of(course)[0])
    db.session.commit()
    assert statements_for_home() == with_one
