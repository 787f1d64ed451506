"""Catalogue pages and media: who sees what, search, track filter, enrolment entry points."""

import re
from dataclasses import replace

import pytest

from lms.catalog.course_files.sync import import_course
from lms.catalog.models import Question
from lms.catalog.queries import get_lessons
from lms.catalog.storage import save_media
from lms.extensions import db
from lms.learning.models import Enrollment
from tests.catalog.helpers import PDF, docx_bytes, make_course, make_source, png_bytes, xlsx_bytes
from tests.conftest import count_statements, login, logout
from tests.factories import make_cadre, make_user


@pytest.fixture
def learner(org):
    """A signed-in-able cadre account."""
    return make_user("hoa", cadre=make_cadre(org.branch_a1))


def status_of(client, url):
    """The status of GET url; the response is closed, as a served file must be."""
    with client.get(url) as response:
        return response.status_code


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_pages_need_a_sign_in(client):
    course = make_course("An toàn")
    for url in ("/courses", f"/courses/{course.slug}", f"/courses/{course.slug}/media/a.png"):
        assert status_of(client, url) == 302


def test_the_list_shows_published_courses_with_their_facts(client, learner):
    make_course("An toàn trên mạng", track="it", lessons=4)
    make_course("Khóa nháp", is_published=False)
    login(client, "hoa")
    html = page(client, "/courses")
    assert "An toàn trên mạng" in html and "Khóa nháp" not in html
    assert "Tóm tắt khóa học" in html and 'href="/courses/an-toan-tren-mang"' in html
    badges = re.findall(r'<span class="badge">([^<]*)</span>', html)
    assert any("4" in badge for badge in badges)  # lessons
    assert any("3" in badge for badge in badges)  # hours


def test_search_ignores_case_and_diacritics(client, learner):
    make_course("An toàn khi dùng điện thoại")
    make_course("Điều lệ Hội")
    make_course("Sinh hoạt chi hội")
    login(client, "hoa")
    for term in ("an toan", "AN TOÀN", "điện", "dien thoai"):
        html = page(client, f"/courses?q={term}")
        assert "An toàn khi dùng điện thoại" in html, term
        assert "Điều lệ Hội" not in html and "Sinh hoạt chi hội" not in html, term
    html = page(client, "/courses?q=hoi")
    assert "Điều lệ Hội" in html and "Sinh hoạt chi hội" in html
    assert "An toàn" not in page(client, "/courses?q=100%25")


def test_the_track_filter_shows_one_track(client, learner):
    make_course("Soạn thảo văn bản", track="it")
    make_course("Chuyển đổi số", track="digital")
    make_course("Vận động phụ nữ", track="association")
    login(client, "hoa")
    html = page(client, "/courses?track=digital")
    assert "Chuyển đổi số" in html
    assert "Soạn thảo văn bản" not in html and "Vận động phụ nữ" not in html
    assert 'aria-current="page"' in html
    everything = page(client, "/courses?track=unknown")
    assert all(title in everything for title in ("Soạn thảo", "Chuyển đổi số", "Vận động"))



def test_the_list_is_paginated_with_a_fixed_number_of_queries(client, learner):
    for n in range(25):
        make_course(f"Khóa học số {n:02d}", lessons=3)
    login(client, "hoa")
    with count_statements() as full_page:
        first = page(client, "/courses")
    assert "Khóa học số 00" in first and "Khóa học số 09" in first
    assert "Khóa học số 10" not in first
    with count_statements() as short_page:
        last = page(client, "/courses?page=3")
    assert "Khóa học số 24" in last and "Khóa học số 19" not in last
    # 10 cards or 5, the same statements: nothing runs once per course.
    assert len(full_page) == len(short_page)
    # The cards, their lesson counts and the total come in one statement.
    assert len([s for s in full_page if "FROM course" in s]) == 1
    assert "Tìm thấy 25 khóa học" in first and "3 bài học" in first
    # A page past the end (an old link) shows the last one.
    assert "Khóa học số 24" in page(client, "/courses?page=9")


def test_a_course_page_shows_its_facts_lessons_and_quiz(client, learner):
    course = make_course("An toàn trên mạng", lessons=3)
    course.audience = "Chi hội trưởng"
    db.session.add_all(Question(course_id=course.id, position=n, type="truefalse",
                                text=f"Câu {n}", explanation="Vì",
                                options=[{"text": "Đúng", "correct": True},
                                         {"text": "Sai", "correct": False}])
                       for n in range(1, 9))
    db.session.commit()
    login(client, "hoa")
    html = page(client, f"/courses/{course.slug}")
    assert "<p>Tóm tắt khóa học</p>" in html  # the stored, sanitised summary HTML
    assert "Chi hội trưởng" in html
    assert [f"Bài học {n}" in html for n in (1, 2, 3)] == [True] * 3
    assert "8" in html and "70\u00a0%" in html  # questions, pass mark


def enroll_form_action(html):
    """The action of the page's enrolment form (the menu's sign-out form aside)."""
    actions = re.findall(r'<form method="post" action="([^"]+)"', html)
    enroll = [action for action in actions if action != "/logout"]
    return enroll[0] if enroll else None


def test_a_cadre_gets_the_enroll_form_then_a_continue_link(client, learner):
    course = make_course("An toàn trên mạng")
    login(client, "hoa")
    html = page(client, f"/courses/{course.slug}")
    assert enroll_form_action(html) == f"/courses/{course.slug}/enroll"
    db.session.add(Enrollment(cadre_id=learner.cadre_id, course_id=course.id))
    db.session.commit()
    html = page(client, f"/courses/{course.slug}")
    assert enroll_form_action(html) is None
    assert f'href="/courses/{course.slug}/continue"' in html


def test_an_account_without_a_cadre_sees_no_enroll_button(client, org):
    course = make_course("An toàn trên mạng")
    make_user("gv", role="trainer")
    login(client, "gv")
    html = page(client, f"/courses/{course.slug}")
    assert enroll_form_action(html) is None and "/lessons/" not in html


def test_an_unpublished_course_is_hidden_except_from_its_owner_and_admins(client, learner):
    owner = make_user("gv", role="trainer")
    make_user("other", role="trainer")
    make_user("root", role="admin")
    course = make_course("Khóa nháp", is_published=False, owner=owner)
    save_media(course, "anh.png", png_bytes(), "image/png")
    db.session.commit()
    urls = (f"/courses/{course.slug}", f"/courses/{course.slug}/media/anh.png")
    for username, status in (("hoa", 404), ("other", 404), ("gv", 200), ("root", 200)):
        login(client, username)
        assert [status_of(client, url) for url in urls] == [status, status], username
        logout(client)
    login(client, "gv")
    assert enroll_form_action(page(client, urls[0])) is None


def test_media_is_served_with_its_stored_type_images_inline_pdfs_downloaded(client, learner):
    course = make_course("Khóa có tệp")
    save_media(course, "so-do.png", png_bytes(), "image/png")
    save_media(course, "mau.pdf", PDF, "application/pdf")
    db.session.commit()
    login(client, "hoa")

    with client.get(f"/courses/{course.slug}/media/so-do.png") as image:
        assert image.status_code == 200 and image.data == png_bytes()
        assert image.headers["Content-Type"] == "image/png"
        assert image.headers["X-Content-Type-Options"] == "nosniff"
        assert image.headers["Content-Disposition"].startswith("inline")

    with client.get(f"/courses/{course.slug}/media/mau.pdf") as pdf:
        assert pdf.status_code == 200 and pdf.data == PDF
        assert pdf.headers["Content-Type"] == "application/pdf"
        assert pdf.headers["Content-Disposition"].startswith("attachment")
        assert "mau.pdf" in pdf.headers["Content-Disposition"]
        assert "private" in pdf.headers["Cache-Control"]

    assert status_of(client, f"/courses/{course.slug}/media/khong-co.png") == 404
    assert status_of(client, "/courses/khong-co/media/so-do.png") == 404


@pytest.mark.parametrize("name, data, content_type", [
    ("danh-sach.xlsx", xlsx_bytes(),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("mau-bien-ban.docx", docx_bytes(),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("danh-sach.csv", "Họ và tên\nNguyễn Thị Mẫu\n".encode(), "text/csv; charset=utf-8"),
])
def test_practice_files_are_downloaded_with_their_type(client, learner, name, data,
                                                       content_type):
    course = make_course("Khóa có tệp thực hành")
    save_media(course, name, data, None)
    db.session.commit()
    login(client, "hoa")
    with client.get(f"/courses/{course.slug}/media/{name}") as download:
        assert download.status_code == 200 and download.data == data
        assert download.headers["Content-Type"] == content_type
        assert download.headers["Content-Disposition"] == f"attachment; filename={name}"
        assert download.headers["X-Content-Type-Options"] == "nosniff"


def cache_control(client, url):
    with client.get(url) as response:
        assert response.status_code == 200, url
        return {part.strip() for part in response.headers["Cache-Control"].split(",")}


def image_urls(course):
    html = course.summary_html + "".join(lesson.body_html for lesson in get_lessons(course.id))
    return set(re.findall(r'src="([^"]+)"', html))


def test_media_urls_carry_their_version_and_are_kept_a_year_by_the_phone(client, learner):
    source = make_source(media={"media/so-do.png": png_bytes("red")},
                         summary="![sơ đồ](media/so-do.png)")
    source.lessons[0].body = "Xem ![sơ đồ](media/so-do.png)"
    course = import_course(source, publish=True)
    db.session.commit()
    login(client, "hoa")
    url, = image_urls(course)
    bare = f"/courses/{course.slug}/media/so-do.png"
    assert url.startswith(bare + "?v=")
    # Only signed-in learners of the course get it, so only her browser keeps it: private.
    assert cache_control(client, url) == {"private", "max-age=31536000", "immutable"}
    for unversioned in (bare, bare + "?v=0123456789ab"):
        assert cache_control(client, unversioned) == {"private", "no-cache"}

    # New bytes under the same name (the course files changed): new URLs in every page.
    import_course(replace(source, media={"media/so-do.png": png_bytes("blue")}))
    db.session.commit()
    new_url, = image_urls(course)
    assert new_url != url and new_url.startswith(bare + "?v=")
    assert "immutable" not in cache_control(client, url)
    with client.get(new_url) as response:
        assert response.data == png_bytes("blue")

    # The access checks are those of the page: signed out, or the course unpublished.
    logout(client)
    assert status_of(client, new_url) == 302
    course.is_published = False
    db.session.commit()
    login(client, "hoa")
    assert status_of(client, new_url) == 404


def test_the_menu_links_to_the_catalogue(client, learner):
    login(client, "hoa")
    assert 'href="/courses"' in page(client, "/")
