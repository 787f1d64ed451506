"""A trainer puts an image in a lesson from the lesson editor on her phone: she describes it,
uploads it, it lands where her cursor was, she saves, and a learner's lesson shows the image
with that description as its alt text. Without scripts the same button keeps her text and
gives her the line to paste."""

import re

import pytest
from playwright.sync_api import expect

from lms.authoring import services as authoring
from lms.extensions import db
from tests.authoring.helpers import course_data
from tests.catalog.helpers import png_bytes
from tests.e2e.conftest import PHONE_VIEWPORT, has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, enroll, make_cadre, make_org, make_user

DESCRIPTION = "Sơ đồ ba bước đặt mật khẩu mạnh"
BODY = "Đoạn đầu.\n\nĐoạn cuối."


@pytest.fixture
def media_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "uploads"))


@pytest.fixture
def lesson(app_ctx, media_folder):
    trainer = make_user("giangvien.lan", role="trainer")
    course = authoring.create_course(trainer, course_data("Mật khẩu an toàn"))
    lesson = authoring.create_lesson(course, {"title": "Đặt mật khẩu", "slug": "", "body": BODY})
    authoring.publish_course(course)
    db.session.commit()
    return lesson


def _min_height(locator):
    return locator.evaluate("e => e.getBoundingClientRect().height")


def test_an_image_inserted_at_the_cursor_shows_with_its_description(lesson, page, browser,
                                                                   live_server):
    course = lesson.course
    sign_in(page, "giangvien.lan", DEFAULT_PASSWORD)
    page.goto(f"/author/courses/{course.id}/lessons/{lesson.id}")
    body = page.locator("textarea[name=body]")
    body.click()
    # Her cursor after the first paragraph.
    body.evaluate("(e) => e.setSelectionRange(9, 9)")

    summary = page.locator("#insert-image summary")
    expect(summary).to_have_text("Chèn ảnh")
    summary.click()
    upload = page.locator("#insert-image button[name=upload_image]")
    assert _min_height(summary) >= 44 and _min_height(upload) >= 44
    # The description comes first: without it, nothing is sent.
    upload.click()
    expect(page.locator("#image_alt-error")).to_have_text(
        "Hãy mô tả ảnh trước: ảnh cho thấy gì, cho người học không nhìn thấy ảnh.")
    expect(page.locator("input[name=image_alt]")).to_be_focused()
    page.fill("input[name=image_alt]", DESCRIPTION)
    page.locator("input[name=image_file]").set_input_files(files={
        "name": "Sơ đồ.png", "mimeType": "image/png", "buffer": png_bytes()})
    with page.expect_response(re.compile(r"/lessons/\d+/image$")) as reply:
        upload.click()
    assert reply.value.status == 200
    expect(body).to_have_value(f"Đoạn đầu.\n\n![{DESCRIPTION}](media/so_do.png)\n\nĐoạn cuối.")
    expect(page.locator("#insert-image-status")).to_have_text(
        "Đã chèn ảnh vào bài. Bấm Lưu để giữ thay đổi.")
    expect(page.locator("#image_alt-error")).to_have_count(0)
    assert not has_horizontal_scroll(page)
    page.locator("button[name=save]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    learner = make_user("canbo.hoa", cadre=make_cadre(make_org().ward_a))
    enroll(learner.cadre, course)
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server, locale="vi-VN")
    reader = context.new_page()
    try:
        sign_in(reader, "canbo.hoa", DEFAULT_PASSWORD)
        reader.goto(f"/courses/{course.slug}/lessons/{lesson.slug}")
        image = reader.locator("main img")
        expect(image).to_have_attribute("alt", DESCRIPTION)
        expect(image).to_have_attribute(
            "src", re.compile(rf"^/courses/{course.slug}/media/so_do\.png\?v=[0-9a-f]+$"))
        reader.wait_for_function("() => document.querySelector('main img').naturalWidth > 0")
        assert not has_horizontal_scroll(reader)
    finally:
        context.close()


def test_without_scripts_the_page_keeps_her_text_and_gives_the_line(lesson, browser,
                                                                    live_server):
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server,
                                  locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "giangvien.lan", DEFAULT_PASSWORD)
        editor = f"/author/courses/{lesson.course.id}/lessons/{lesson.id}"
        page.goto(editor)
        page.fill("textarea[name=body]", "Đoạn chưa lưu.")
        page.locator("#insert-image summary").click()
        page.fill("input[name=image_alt]", DESCRIPTION)
        page.locator("input[name=image_file]").set_input_files(files={
            "name": "so-do.png", "mimeType": "image/png", "buffer": png_bytes()})
        page.locator("button[name=upload_image]").click()
        line = page.locator("#inserted-markdown")
        expect(line).to_have_value(f"![{DESCRIPTION}](media/so-do.png)")
        expect(line).to_be_in_viewport()
        expect(page.locator("textarea[name=body]")).to_have_value("Đoạn chưa lưu.")
        page.fill("textarea[name=body]", f"Đoạn chưa lưu.\n\n{line.input_value()}")
        page.locator("button[name=save]").click()
        expect(page).to_have_url(re.compile(rf"{editor}$"))
        expect(page.locator(".flash-success")).to_be_visible()
        db.session.expire_all()
        assert f'alt="{DESCRIPTION}"' in db.session.get(type(lesson), lesson.id).body_html
    finally:
        context.close()
