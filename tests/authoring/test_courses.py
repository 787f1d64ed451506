"""Trainers' authoring: services (slugs, sanitised HTML, order, archive, publish, media) and
pages (scope on every route, roles, CSRF, the preview, uploads)."""

import io
import re
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import func, select

from lms.authoring import services as authoring
from lms.authoring.services import AuthoringError
from lms.catalog.models import Course, Lesson, MediaFile
from lms.catalog.queries import get_lessons
from lms.catalog.storage import XLSX, media_path
from lms.core.clock import utcnow
from lms.extensions import db
from lms.learning.models import LessonProgress
from tests.authoring.helpers import course_data, lesson_data
from tests.catalog.helpers import PDF, png_bytes, xlsx_bytes
from tests.conftest import login, post_form
from tests.factories import make_cadre, make_org, make_user

XSS_BODY = ("## Bài 1\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "[bấm vào đây](javascript:alert(1)) <a href=\"javascript:alert(2)\">b</a>\n\n"
            "<p onclick=\"alert(3)\">đoạn</p>")
# A Windows program: the "MZ" header and the PE signature filetype recognises.
EXECUTABLE = (b"MZ" + b"\x90\x00" * 29 + b"\x40\x00\x00\x00" + b"\x00" * 64
              + b"PE\x00\x00" + b"\x00" * 64)


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def add_lessons(course, *titles):
    lessons = [authoring.create_lesson(course, lesson_data(title)) for title in titles]
    db.session.commit()
    return lessons


# --- Services ---

@pytest.mark.parametrize(("title", "slug"), [
    ("An toàn trên mạng", "an-toan-tren-mang"),
    ("Đổi mới, sáng tạo: chuyển đổi số!", "doi-moi-sang-tao-chuyen-doi-so"),
    ("  Excel   cơ bản (phần 2) ", "excel-co-ban-phan-2"),
    ("Quản lý hội viên " * 10, ("quan-ly-hoi-vien-" * 5)[:80].rstrip("-")),
])
def test_slugs_are_made_from_vietnamese_titles(title, slug):
    assert authoring.slugify(title) == slug
    assert len(authoring.slugify(title)) <= 80


def test_a_new_course_renders_its_summary_and_search_title(trainer):
    course = authoring.create_course(trainer, course_data(summary="Khóa học <b onclick=x>ngắn</b>"))
    db.session.commit()
    assert (course.slug, course.owner_id, course.is_published) == (
        "an-toan-tren-mang", trainer.id, False)
    assert course.search_title == "an toan tren mang"
    assert "<b>ngắn</b>" in course.summary_html
    assert "onclick" not in course.summary_html


def test_a_duplicate_course_slug_is_refused(course, trainer):
    with pytest.raises(AuthoringError) as refused:
        authoring.create_course(trainer, course_data())
    assert refused.value.field == "slug"
    db.session.rollback()
    with pytest.raises(AuthoringError) as refused:
        authoring.create_course(trainer, course_data(title="Khác", slug="an-toan-tren-mang"))
    assert refused.value.field == "slug"


def test_a_title_without_letters_needs_a_slug(trainer):
    with pytest.raises(AuthoringError) as refused:
        authoring.create_course(trainer, course_data(title="!!!"))
    assert refused.value.field == "slug"


def test_a_published_course_keeps_its_slug(course):
    add_lessons(course, "Bài một")
    authoring.publish_course(course)
    authoring.update_course(course, course_data(title="Tên mới", slug="an-toan-tren-mang"))
    assert course.title == "Tên mới"
    with pytest.raises(AuthoringError) as refused:
        authoring.update_course(course, course_data(slug="dia-chi-moi"))
    assert refused.value.field == "slug"


def test_a_lesson_body_is_stored_as_sanitised_html(course):
    lesson = authoring.create_lesson(course, lesson_data(body=XSS_BODY))
    db.session.commit()
    html = lesson.body_html.lower()
    for forbidden in ("<script", "onerror", "onclick", "javascript:"):
        assert forbidden not in html
    assert "<h2>bài 1</h2>" in html
    assert lesson.body == XSS_BODY  # the author's text is kept as written


def test_media_links_point_at_the_catalogue_and_follow_a_new_slug(course):
    lesson = authoring.create_lesson(course, lesson_data(body="![sơ đồ](media/so-do.png)"))
    assert 'src="/courses/an-toan-tren-mang/media/so-do.png"' in lesson.body_html
    authoring.update_course(course, course_data(slug="bao-mat"))
    assert 'src="/courses/bao-mat/media/so-do.png"' in lesson.body_html


def test_lesson_slugs_come_from_titles_and_are_unique_in_the_course(course):
    first, = add_lessons(course, "Đặt mật khẩu mạnh")
    assert (first.slug, first.position) == ("dat-mat-khau-manh", 1)
    with pytest.raises(AuthoringError) as refused:
        authoring.create_lesson(course, lesson_data("Đặt mật khẩu mạnh"))
    assert refused.value.field == "slug"


def test_windows_line_ends_and_decomposed_accents_are_normalised(course):
    lesson = authoring.create_lesson(course, lesson_data("Bài", body="Dòng 1\r\nDòng 2"))
    assert lesson.body == "Dòng 1\nDòng 2"
    decomposed = authoring.create_course(make_user("gv2", "trainer"),
                                         course_data(title="Tie\u0302\u0301ng Vie\u0323\u0302t"))
    assert decomposed.title == "Tiếng Việt"
    assert decomposed.slug == "tieng-viet"


def test_moving_lessons_changes_their_order_not_their_ids(course):
    one, two, three = add_lessons(course, "Một", "Hai", "Ba")
    ids = {one.id, two.id, three.id}
    assert authoring.move_lesson(three, "up")
    assert authoring.move_lesson(one, "down")
    db.session.commit()
    assert [lesson.title for lesson in get_lessons(course.id)] == ["Ba", "Một", "Hai"]
    assert {lesson.id for lesson in get_lessons(course.id)} == ids
    # At either end nothing moves.
    assert not authoring.move_lesson(db.session.get(Lesson, three.id), "up")
    assert not authoring.move_lesson(db.session.get(Lesson, two.id), "down")


def test_archiving_keeps_the_lesson_and_learners_progress(course):
    org = make_org()
    cadre = make_cadre(org.ward_a)
    one, two = add_lessons(course, "Một", "Hai")
    db.session.add(LessonProgress(cadre_id=cadre.id, lesson_id=one.id, completed_at=utcnow()))
    db.session.commit()

    authoring.archive_lesson(one)
    db.session.commit()
    assert [lesson.id for lesson in get_lessons(course.id)] == [two.id]
    assert db.session.get(Lesson, one.id).is_archived
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 1

    authoring.restore_lesson(db.session.get(Lesson, one.id))
    db.session.commit()
    assert [lesson.id for lesson in get_lessons(course.id)] == [two.id, one.id]


def test_editing_a_lesson_of_a_published_course_keeps_its_id(course):
    lesson, = add_lessons(course, "Một")
    authoring.publish_course(course)
    authoring.update_lesson(lesson, lesson_data("Một (sửa)", body="Mới", slug=lesson.slug))
    db.session.commit()
    assert db.session.scalar(select(func.count(Lesson.id))) == 1
    assert db.session.get(Lesson, lesson.id).title == "Một (sửa)"
    with pytest.raises(AuthoringError):
        authoring.update_lesson(lesson, lesson_data("Một", slug="bai-khac"))


def test_publishing_needs_a_lesson_and_the_last_one_stays(course):
    with pytest.raises(AuthoringError):
        authoring.publish_course(course)
    lesson, = add_lessons(course, "Một")
    authoring.publish_course(course)
    assert course.is_published
    with pytest.raises(AuthoringError):
        authoring.archive_lesson(lesson)
    authoring.unpublish_course(course)
    authoring.archive_lesson(lesson)
    assert lesson.is_archived


def test_uploads_get_safe_unique_names_whose_ending_follows_the_content(course):
    names = [authoring.upload_media(course, file_name, io.BytesIO(data)).name
             for file_name, data in [("Sơ đồ Tổ chức.PNG", png_bytes()),
                                     ("so do to chuc.png", png_bytes("green")),
                                     ("../../ảnh.png", jpeg_bytes()),
                                     ("Hướng dẫn", PDF)]]
    db.session.commit()
    assert names == ["so_do_to_chuc.png", "so_do_to_chuc-2.png", "anh.jpg", "huong_dan.pdf"]
    types = dict(db.session.execute(select(MediaFile.name, MediaFile.content_type)).all())
    assert types["anh.jpg"] == "image/jpeg"
    assert types["huong_dan.pdf"] == "application/pdf"


def test_practice_files_can_be_uploaded_and_are_linked_for_download(course):
    workbook = authoring.upload_media(course, "Danh sách thực hành.xlsx",
                                      io.BytesIO(xlsx_bytes()))
    csv = authoring.upload_media(course, "danh sach.csv", io.BytesIO("Họ và tên\n".encode()))
    db.session.commit()
    assert (workbook.name, workbook.content_type) == ("danh_sach_thuc_hanh.xlsx", XLSX)
    assert (csv.name, csv.content_type) == ("danh_sach.csv", "text/csv")
    assert re.fullmatch(r"\[[^\]]+\]\(media/danh_sach_thuc_hanh\.xlsx\)",
                        authoring.media_snippet(workbook))


def test_snippets_show_images_and_link_files(course):
    image = authoring.upload_media(course, "a.png", io.BytesIO(png_bytes()))
    pdf = authoring.upload_media(course, "b.pdf", io.BytesIO(PDF))
    assert re.fullmatch(r"!\[[^\]]+\]\(media/a\.png\)", authoring.media_snippet(image))
    assert re.fullmatch(r"\[[^\]]+\]\(media/b\.pdf\)", authoring.media_snippet(pdf))


def test_executables_and_big_files_are_refused(course, app, monkeypatch):
    with pytest.raises(AuthoringError) as refused:
        authoring.upload_media(course, "anh.png", io.BytesIO(EXECUTABLE))
    assert refused.value.field == "file"
    monkeypatch.setitem(app.config, "MEDIA_MAX_BYTES", 50)
    with pytest.raises(AuthoringError) as refused:
        authoring.upload_media(course, "to.png", io.BytesIO(png_bytes() + b"\0" * 100))
    assert refused.value.field == "file"
    db.session.rollback()
    assert db.session.scalar(select(func.count(MediaFile.id))) == 0


# --- Pages ---

@pytest.fixture
def others_course(app_ctx):
    other = make_user("giangvien.khac", role="trainer")
    course = authoring.create_course(other, course_data(title="Khóa của người khác"))
    lesson = authoring.create_lesson(course, lesson_data("Bài bí mật"))
    archived = authoring.create_lesson(course, lesson_data("Bài cũ"))
    authoring.archive_lesson(archived)
    db.session.commit()
    return course, lesson, archived


def field_errors(html, name):
    """The error messages shown beside the form field `name`."""
    return re.findall(rf'<p class="error" id="{name}-error">([^<]+)</p>', html)


def test_another_trainers_course_is_404_on_every_route(signed_in, others_course):
    course, lesson, archived = others_course
    base = f"/author/courses/{course.id}"
    lesson_url = f"{base}/lessons/{lesson.id}"
    for url in [base, f"{base}/lessons/new", lesson_url]:
        response = signed_in.get(url)
        assert response.status_code == 404, url
        assert "Bài bí mật" not in response.get_data(as_text=True)
    posts = [
        (base, course_data(title="Đổi tên")), (f"{base}/publish", {}), (f"{base}/unpublish", {}),
        (f"{base}/lessons/new", lesson_data("Bài chen vào")),
        (lesson_url, lesson_data("Đổi tên bài")), (f"{base}/preview", {"body": "x"}),
        (f"{lesson_url}/up", {}), (f"{lesson_url}/down", {}), (f"{lesson_url}/archive", {}),
        (f"{base}/lessons/{archived.id}/restore", {}),
        (f"{base}/media", {"file": (io.BytesIO(png_bytes()), "a.png")}),
    ]
    for url, data in posts:
        response = post_form(signed_in, url, data, form_url="/author/courses/new")
        assert response.status_code == 404, url
    assert db.session.get(Course, course.id).title == "Khóa của người khác"
    assert not db.session.get(Course, course.id).is_published
    assert db.session.get(Lesson, lesson.id).title == "Bài bí mật"
    assert db.session.get(Lesson, archived.id).is_archived
    assert db.session.scalar(select(func.count(Lesson.id))) == 2
    assert db.session.scalar(select(func.count(MediaFile.id))) == 0


def test_a_lesson_of_another_course_is_404(signed_in, course, others_course):
    _course, lesson, _archived = others_course
    assert signed_in.get(f"/author/courses/{course.id}/lessons/{lesson.id}").status_code == 404


def test_an_admin_edits_every_course(client, others_course):
    course, _lesson, _archived = others_course
    make_user("quantri", role="admin")
    login(client, "quantri")
    assert client.get(f"/author/courses/{course.id}").status_code == 200
    assert f'data-course="{course.id}"' in client.get("/author").get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "organizer"])
def test_accounts_without_the_trainer_role_get_403(client, app_ctx, role):
    org = make_org()
    make_user("canbo", role=role, unit=org.city, cadre=make_cadre(org.ward_a))
    login(client, "canbo")
    course = authoring.create_course(make_user("gv", "trainer"), course_data())
    db.session.commit()
    for url in ["/author", "/author/courses/new", f"/author/courses/{course.id}"]:
        assert client.get(url).status_code == 403, url
    response = post_form(client, f"/author/courses/{course.id}/publish", form_url="/")
    assert response.status_code == 403


def test_a_post_without_its_csrf_token_is_refused(signed_in, course):
    add_lessons(course, "Một")
    response = signed_in.post(f"/author/courses/{course.id}/publish")
    assert response.status_code == 400
    assert not db.session.get(Course, course.id).is_published


def test_the_list_shows_my_courses_only_with_their_lesson_counts(signed_in, course,
                                                                  others_course):
    add_lessons(course, "Một", "Hai")
    html = signed_in.get("/author").get_data(as_text=True)
    assert f'data-course="{course.id}"' in html
    assert f'data-course="{others_course[0].id}"' not in html
    row = re.search(rf'data-course="{course.id}".*?</tr>', html, re.S).group(0)
    assert re.search(r'class="lesson-count">2<', row)


def test_a_trainer_creates_a_course_with_a_slug_from_its_title(signed_in, trainer):
    response = post_form(signed_in, "/author/courses/new", course_data(title="Bảo mật Zalo"))
    course = db.session.scalar(select(Course))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/author/courses/{course.id}")
    assert (course.slug, course.owner_id, course.hours) == ("bao-mat-zalo", trainer.id,
                                                            Decimal("2.5"))


@pytest.mark.parametrize(("typed", "stored"), [("2,5", Decimal("2.5")), ("2.5", Decimal("2.5")),
                                              ("4", Decimal(4)), (" 1,50 ", Decimal("1.5"))])
def test_hours_are_read_with_a_decimal_comma_or_point(signed_in, typed, stored):
    response = post_form(signed_in, "/author/courses/new", course_data(hours=typed))
    assert response.status_code == 302
    course = db.session.scalar(select(Course))
    assert course.hours == stored
    html = signed_in.get(f"/author/courses/{course.id}").get_data(as_text=True)
    hours_input = re.search(r'<input[^>]*id="hours"[^>]*>', html).group(0)
    assert f'value="{str(stored).replace(".", ",")}"' in hours_input
    # A number input would let a browser set to English send 2,5 as 25.
    assert 'type="text"' in hours_input and 'inputmode="decimal"' in hours_input


@pytest.mark.parametrize("typed", ["1.234,5", "2,5,1", "1,000", "12.500", "2 giờ", "-3", "2,25"])
def test_ambiguous_hours_are_refused_beside_the_field(signed_in, typed):
    response = post_form(signed_in, "/author/courses/new", course_data(hours=typed))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    [message] = field_errors(html, "hours")
    assert "2,5" in message
    assert f'value="{typed.strip()}"' in html  # left as typed, to be corrected
    assert db.session.scalar(select(func.count(Course.id))) == 0


def test_a_pass_mark_typed_with_a_comma_is_refused_not_read_as_75(signed_in):
    form = signed_in.get("/author/courses/new").get_data(as_text=True)
    pass_mark = re.search(r'<input[^>]*id="pass_mark"[^>]*>', form).group(0)
    assert 'type="text"' in pass_mark and 'inputmode="numeric"' in pass_mark
    response = post_form(signed_in, "/author/courses/new", course_data(pass_mark="7,5"))
    assert field_errors(response.get_data(as_text=True), "pass_mark") == [
        "Hãy ghi một số nguyên, chỉ gồm chữ số."]
    assert db.session.scalar(select(func.count(Course.id))) == 0


def test_a_duplicate_slug_is_shown_beside_its_field(signed_in, course):
    response = post_form(signed_in, "/author/courses/new", course_data())
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "slug")
    assert db.session.scalar(select(func.count(Course.id))) == 1


def test_preview_shows_sanitised_html_and_saves_nothing(signed_in, course):
    url = f"/author/courses/{course.id}/lessons/new"
    response = post_form(signed_in, url, {**lesson_data(body=XSS_BODY), "preview": "y"})
    html = response.get_data(as_text=True)
    preview = re.search(r'<div class="lesson-body" id="preview">(.*?)</div>', html, re.S).group(1)
    assert "<h2>Bài 1</h2>" in preview
    for forbidden in ("<script", "onerror", "javascript:"):
        assert forbidden not in preview
    assert XSS_BODY.split("\n")[0] in html  # the text stays in the form
    assert db.session.scalar(select(func.count(Lesson.id))) == 0


def test_the_preview_endpoint_answers_sanitised_html(signed_in, course):
    response = post_form(signed_in, f"/author/courses/{course.id}/preview", {"body": XSS_BODY},
                         form_url=f"/author/courses/{course.id}/lessons/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h2>Bài 1</h2>" in html
    assert "<script" not in html and "onerror" not in html


def test_saving_a_lesson_then_moving_and_archiving_it(signed_in, course):
    url = f"/author/courses/{course.id}/lessons/new"
    for title in ("Một", "Hai"):
        response = post_form(signed_in, url, {**lesson_data(title), "save": "y"})
        assert response.status_code == 302
    one, two = get_lessons(course.id)
    page = f"/author/courses/{course.id}"
    post_form(signed_in, f"{page}/lessons/{two.id}/up", form_url=page)
    assert [lesson.id for lesson in get_lessons(course.id)] == [two.id, one.id]
    post_form(signed_in, f"{page}/lessons/{one.id}/archive", form_url=page)
    assert [lesson.id for lesson in get_lessons(course.id)] == [two.id]
    assert db.session.get(Lesson, one.id).is_archived


def test_publishing_an_empty_course_says_why_not(signed_in, course):
    page = f"/author/courses/{course.id}"
    response = post_form(signed_in, f"{page}/publish", form_url=page, follow_redirects=True)
    assert 'class="flash flash-error"' in response.get_data(as_text=True)
    assert not db.session.get(Course, course.id).is_published
    add_lessons(course, "Một")
    post_form(signed_in, f"{page}/publish", form_url=page)
    assert db.session.get(Course, course.id).is_published
    # Now the address is fixed, and the page says so by locking its field.
    html = signed_in.get(page).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="slug"[^>]*readonly', html)


def upload(client, course, data, file_name):
    page = f"/author/courses/{course.id}"
    return post_form(client, f"{page}/media", {"file": (io.BytesIO(data), file_name)},
                     form_url=page, content_type="multipart/form-data")


def test_an_uploaded_png_is_served_by_the_catalogue(signed_in, course):
    response = upload(signed_in, course, png_bytes(), "Ảnh chụp.png")
    assert response.status_code == 302
    media = db.session.scalar(select(MediaFile))
    assert media.name == "anh_chup.png"
    page = signed_in.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert "](media/anh_chup.png)" in page
    with signed_in.get(f"/courses/{course.slug}/media/anh_chup.png") as served:
        assert served.status_code == 200
        assert served.mimetype == "image/png"
        assert served.data == media_path(media).read_bytes()


def test_an_executable_renamed_png_is_refused_beside_the_field(signed_in, course):
    response = upload(signed_in, course, EXECUTABLE, "anh.png")
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "file")
    assert db.session.scalar(select(func.count(MediaFile.id))) == 0


def test_a_file_over_the_limit_is_refused_with_a_message(signed_in, course, app, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_MAX_BYTES", 1024)
    response = upload(signed_in, course, png_bytes() + b"\0" * 2048, "to.png")
    assert response.status_code == 200
    errors = field_errors(response.get_data(as_text=True), "file")
    assert errors and "1 KB" in errors[0]
    assert db.session.scalar(select(func.count(MediaFile.id))) == 0
