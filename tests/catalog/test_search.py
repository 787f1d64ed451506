"""Catalogue search: titles, summaries and lesson text, accent-insensitive, best first."""

import re

import pytest

from lms.catalog.models import Lesson
from lms.catalog.queries import published_courses_query
from lms.extensions import db
from tests.conftest import count_statements, login
from tests.factories import add_lesson, make_cadre, make_course, make_user


@pytest.fixture
def learner(client, org):
    make_user("hoa", cadre=make_cadre(org.branch_a1))
    login(client, "hoa")


def titles(search, track=None):
    return [course.title for course in db.session.scalars(published_courses_query(track, search))]


def course_with(title, summary="Tóm tắt khóa học", lesson_body=None, **fields):
    course = make_course(title, **fields)
    course.summary = summary
    if lesson_body is not None:
        lesson = add_lesson(course, 1)
        lesson.body = lesson_body
    db.session.commit()
    return course


def test_titles_rank_above_summaries_above_lesson_text(app_ctx):
    course_with("Tin học văn phòng", lesson_body="Cách đặt **mật khẩu** cho tệp Excel.")
    course_with("An toàn thông tin", summary="Đặt mật khẩu mạnh và bật xác thực hai lớp.")
    course_with("Mật khẩu và tài khoản")
    course_with("Điều lệ Hội")
    assert titles("mật khẩu") == ["Mật khẩu và tài khoản", "An toàn thông tin",
                                  "Tin học văn phòng"]
    # Accents, case and punctuation do not matter; every word must be found in one place.
    assert titles("MAT-KHAU") == titles("mat khau") == titles("mật khẩu")
    assert titles("mật khẩu excel") == ["Tin học văn phòng"]
    assert titles("mật khẩu điều lệ") == []


def test_same_rank_courses_come_by_title_and_filters_still_apply(app_ctx):
    course_with("Zalo cho chi hội", summary="Dùng mật khẩu riêng.", track="digital")
    course_with("Bảo mật Facebook", summary="Đổi mật khẩu định kỳ.", track="it")
    course_with("Nháp", summary="mật khẩu", is_published=False)
    assert titles("mat khau") == ["Bảo mật Facebook", "Zalo cho chi hội"]
    assert titles("mat khau", track="digital") == ["Zalo cho chi hội"]


def test_archived_lessons_are_not_searched_and_edits_are_found_at_once(app_ctx):
    course = course_with("Kỹ năng tuyên truyền", lesson_body="Nói chuyện với hội viên.")
    assert titles("hoi vien") == ["Kỹ năng tuyên truyền"]
    lesson = db.session.scalar(db.select(Lesson).where(Lesson.course_id == course.id))
    lesson.is_archived = True
    db.session.commit()
    assert titles("hoi vien") == []
    lesson.is_archived, lesson.body = False, "Dùng loa phát thanh của tổ dân phố."
    db.session.commit()
    assert titles("loa phat thanh") == ["Kỹ năng tuyên truyền"]
    assert titles("hoi vien") == []


def test_the_page_finds_a_course_by_its_lessons_in_statements_independent_of_lessons(
        client, learner):
    few = course_with("Tin học cơ bản", lesson_body="Đặt mật khẩu cho máy tính.")
    many = course_with("Tin học nâng cao", lesson_body="Không có gì ở đây.")
    for position in range(2, 30):
        add_lesson(many, position)
    db.session.commit()
    with count_statements() as statements:
        html = client.get("/courses?q=m%E1%BA%ADt+kh%E1%BA%A9u").get_data(as_text=True)
    found = re.findall(r'<h2><a href="/courses/([^"]+)">', html)
    assert found == [few.slug]
    # The lessons are matched in the database: no statement reads their text.
    assert not any("lesson.body" in statement for statement in statements)
    assert len(statements) <= 6
