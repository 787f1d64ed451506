"""Insert image in the lesson editor: the upload with its description (the alt text learners'
screen readers say), as JSON for the page's script and as a plain form without it."""

import io
import re

import pytest
from sqlalchemy import func, select

from lms.authoring import services as authoring
from lms.authoring.services import AuthoringError
from lms.catalog.models import Lesson, MediaFile
from lms.extensions import db
from tests.authoring.helpers import course_data
from tests.authoring.test_courses import EXECUTABLE, add_lessons, field_errors
from tests.catalog.helpers import PDF, png_bytes
from tests.conftest import csrf_token_from, login
from tests.factories import make_user

JSON = {"Accept": "application/json"}


def media_count():
    return db.session.scalar(select(func.count(MediaFile.id)))


# --- Service ---

def test_the_description_becomes_the_alt_text_of_the_saved_lesson(course):
    lesson, = add_lessons(course, "Mật khẩu")
    media, markdown = authoring.upload_lesson_image(
        course, "  Sơ đồ [bước 1]\n đặt   mật khẩu \\ mạnh ", "Sơ đồ.png",
        io.BytesIO(png_bytes()))
    db.session.commit()
    # One line, the brackets escaped so they cannot end the description early.
    assert markdown == r"![Sơ đồ \[bước 1\] đặt mật khẩu \\ mạnh](media/so_do.png)"
    assert media.name == "so_do.png" and media.is_image
    authoring.update_lesson(lesson, {"title": "Mật khẩu", "slug": lesson.slug,
                                     "body": f"Trước ảnh.\n\n{markdown}"})
    db.session.commit()
    image = re.search(r"<img [^>]*>", db.session.get(Lesson, lesson.id).body_html).group(0)
    assert 'alt="Sơ đồ [bước 1] đặt mật khẩu \\ mạnh"' in image
    assert f'src="/courses/{course.slug}/media/so_do.png?v={media.version}"' in image


@pytest.mark.parametrize("description", ["", "   \n "])
def test_an_image_without_a_description_is_not_stored(course, description):
    with pytest.raises(AuthoringError) as refused:
        authoring.upload_lesson_image(course, description, "a.png", io.BytesIO(png_bytes()))
    assert refused.value.field == "image_alt"
    db.session.rollback()
    assert media_count() == 0


@pytest.mark.parametrize(("name", "data"), [("tai-lieu.pdf", PDF), ("anh.png", EXECUTABLE)])
def test_only_images_are_inserted(course, name, data):
    with pytest.raises(AuthoringError) as refused:
        authoring.upload_lesson_image(course, "Tài liệu", name, io.BytesIO(data))
    assert refused.value.field == "image_file"
    assert name in str(refused.value)
    db.session.rollback()
    assert media_count() == 0


def test_the_course_pages_size_limit_applies(course, app, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_MAX_BYTES", 1024)
    with pytest.raises(AuthoringError) as refused:
        authoring.upload_lesson_image(course, "Ảnh", "to.png",
                                      io.BytesIO(png_bytes() + b"\0" * 2048))
    assert refused.value.field == "image_file" and "1 KB" in str(refused.value)


# --- Pages ---

def post_image(client, url, form_url, fields, headers=None):
    token = csrf_token_from(client.get(form_url).get_data(as_text=True))
    return client.post(url, data={**fields, "csrf_token": token}, headers=headers or {},
                       content_type="multipart/form-data")


def test_the_script_gets_the_markdown_to_insert(signed_in, course):
    lesson, = add_lessons(course, "Mật khẩu")
    editor = f"/author/courses/{course.id}/lessons/{lesson.id}"
    response = post_image(signed_in, f"{editor}/image", editor, {
        "image_alt": "Màn hình đổi mật khẩu Zalo",
        "image_file": (io.BytesIO(png_bytes()), "Zalo.png")}, JSON)
    assert response.status_code == 200
    media = db.session.scalar(select(MediaFile))
    assert response.json == {
        "markdown": "![Màn hình đổi mật khẩu Zalo](media/zalo.png)",
        "url": f"/courses/{course.slug}/media/zalo.png?v={media.version}"}
    assert media.uploaded_by_id is not None
    # The lesson itself changes only when she saves it.
    assert db.session.get(Lesson, lesson.id).body == "Nội dung **chính**."


def test_the_script_hears_why_an_image_was_refused(signed_in, course):
    editor = f"/author/courses/{course.id}/lessons/new"
    response = post_image(signed_in, f"{editor}/image", editor, {
        "image_alt": " ", "image_file": (io.BytesIO(png_bytes()), "a.png")}, JSON)
    assert response.status_code == 400
    assert response.json == {"errors": {"image_alt": [
        "Hãy mô tả ảnh trước: ảnh cho thấy gì, cho người học không nhìn thấy ảnh."]}}
    response = post_image(signed_in, f"{editor}/image", editor, {
        "image_alt": "Tài liệu", "image_file": (io.BytesIO(PDF), "tai-lieu.pdf")}, JSON)
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["image_file"]
    assert "tai-lieu.pdf" in response.json["errors"]["image_file"][0]
    assert media_count() == 0


def test_without_the_script_the_editor_keeps_the_lesson_and_shows_the_line(signed_in,
                                                                          course):
    lesson, = add_lessons(course, "Mật khẩu")
    editor = f"/author/courses/{course.id}/lessons/{lesson.id}"
    response = post_image(signed_in, f"{editor}/image", editor, {
        "title": "Mật khẩu mạnh hơn", "slug": lesson.slug, "body": "Đoạn đang viết <dở>",
        "image_alt": "Sơ đồ", "image_file": (io.BytesIO(png_bytes()), "so-do.png")})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The form posts back to the editor, with what she typed, not yet saved.
    assert f'<form method="post" action="{editor}"' in html
    assert re.search(r'<input[^>]*name="title"[^>]*value="Mật khẩu mạnh hơn"', html)
    assert re.search(r"<textarea[^>]*name=\"body\"[^>]*>\s*Đoạn đang viết &lt;dở&gt;</textarea>",
                     html)
    assert re.search(r'<input[^>]*id="inserted-markdown"[^>]*value="!\[Sơ đồ\]\(media/so-do.png\)"',
                     html)
    assert re.search(r'<details class="insert-image" id="insert-image" open', html)
    assert db.session.get(Lesson, lesson.id).title == "Mật khẩu"
    assert media_count() == 1


def test_without_the_script_a_refusal_shows_beside_its_field(signed_in, course):
    editor = f"/author/courses/{course.id}/lessons/new"
    response = post_image(signed_in, f"{editor}/image", editor, {
        "title": "Bài mới", "body": "Chưa lưu", "image_alt": "",
        "image_file": (io.BytesIO(png_bytes()), "a.png")})
    html = response.get_data(as_text=True)
    assert field_errors(html, "image_alt") == [
        "Hãy mô tả ảnh trước: ảnh cho thấy gì, cho người học không nhìn thấy ảnh."]
    assert f'<form method="post" action="{editor}"' in html
    assert "Chưa lưu</textarea>" in html
    assert media_count() == 0
    assert db.session.scalar(select(func.count(Lesson.id))) == 0


def test_the_editor_asks_for_the_description_before_the_file(signed_in, course):
    html = signed_in.get(f"/author/courses/{course.id}/lessons/new").get_data(as_text=True)
    box = re.search(r'<details class="insert-image".*?</details>', html, re.S).group(0)
    assert "Chèn ảnh" in box
    assert box.index('name="image_alt"') < box.index('name="image_file"')
    assert re.search(r'<input[^>]*name="image_alt"[^>]*required', box)
    assert re.search(r'<input[^>]*accept="image/png,image/jpeg,image/gif,image/webp"', box)
    assert (f'formaction="/author/courses/{course.id}/lessons/new/image#insert-image"'
            in box)
    assert "js/lesson_image.js" in html


def test_another_trainers_course_takes_no_image(client, app_ctx, course):
    mine = authoring.create_course(make_user("gv.khac", role="trainer"), course_data("Của tôi"))
    db.session.commit()
    login(client, "gv.khac")
    lesson, = add_lessons(course, "Một")
    for url in [f"/author/courses/{course.id}/lessons/new/image",
                f"/author/courses/{course.id}/lessons/{lesson.id}/image",
                # Her own course, with a lesson of another.
                f"/author/courses/{mine.id}/lessons/{lesson.id}/image"]:
        response = post_image(client, url, "/author/courses/new", {
            "image_alt": "Ảnh", "image_file": (io.BytesIO(png_bytes()), "a.png")}, JSON)
        assert response.status_code == 404, url
    assert media_count() == 0
