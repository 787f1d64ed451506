"""A trainer writes a course on her phone: creates it, uploads an image, writes a lesson that
shows it, previews and saves the lesson, publishes, and finds the course in the catalogue; a
photo the platform cannot use is explained where she is looking."""

import re

import pytest
from playwright.sync_api import expect

from tests.catalog.helpers import damaged_jpeg, png_bytes
from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user

TITLE = "An toàn trên mạng cho chị em"
SLUG = "an-toan-tren-mang-cho-chi-em"


@pytest.fixture
def media_folder(app, tmp_path, monkeypatch):
    """Uploaded bytes go to a temporary folder, never to instance/uploads."""
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path / "uploads"))


def _create_course(page):
    page.goto("/author")
    page.locator("main a[href$='/author/courses/new']").click()
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=track]", "it")
    # As typed in Vietnam: a browser set to English would send 2,5 from a number input as 25.
    page.fill("input[name=hours]", "2,5")
    page.fill("textarea[name=summary]", "Giữ **mật khẩu** và tài khoản Zalo an toàn.")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/author/courses/\d+$"))
    expect(page.locator("input[name=hours]")).to_have_value("2,5")


def _upload_image(page):
    """Upload a PNG from the course page; returns the Markdown snippet the page offers."""
    form = page.locator("#media form")
    form.locator("input[name=file]").set_input_files(files={
        "name": "Sơ đồ bảo mật.png", "mimeType": "image/png", "buffer": png_bytes()})
    form.locator("button[type=submit]").click()
    snippet = page.locator("#media li[data-media='so_do_bao_mat.png'] .snippet")
    expect(snippet).to_be_visible()
    return snippet.inner_text().strip()


def _write_lesson(page, snippet):
    page.locator("#lessons a[href$='/lessons/new']").click()
    page.fill("input[name=title]", "Đặt mật khẩu mạnh")
    page.fill("textarea[name=body]", f"## Mật khẩu\n\nDùng **ít nhất 12 ký tự**.\n\n{snippet}")
    assert not has_horizontal_scroll(page)
    # static/js/preview.js fetches the preview; without it the form posts and gets the same.
    with page.expect_response(re.compile(r"/preview$")):
        page.locator("button[name=preview]").click()
    image = page.locator("#preview img")
    expect(image).to_have_attribute(
        "src", re.compile(rf"^/courses/{SLUG}/media/so_do_bao_mat\.png\?v=[0-9a-f]+$"))
    expect(page.locator("#preview strong")).to_have_text("ít nhất 12 ký tự")
    # The image itself loads: catalog.media serves it to its author before publishing.
    page.wait_for_function("() => document.querySelector('#preview img').naturalWidth > 0")
    page.locator("button[name=save]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def test_trainer_writes_and_publishes_a_course(app_ctx, media_folder, page, live_server):
    make_user("giangvien.lan", role="trainer")
    sign_in(page, "giangvien.lan", DEFAULT_PASSWORD)

    _create_course(page)
    course_page = page.url
    snippet = _upload_image(page)
    assert snippet.endswith("(media/so_do_bao_mat.png)") and snippet.startswith("![")
    _write_lesson(page, snippet)

    page.goto(course_page)
    expect(page.locator("#lessons li[data-lesson]")).to_have_count(1)
    assert not has_horizontal_scroll(page)
    page.locator("#publish button[type=submit]").click()
    expect(page.locator("#publish form[action$='/unpublish']")).to_be_visible()

    page.goto("/courses")
    expect(page.locator(f"main a[href='/courses/{SLUG}']")).to_be_visible()
    page.goto(f"/courses/{SLUG}")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("2,5 giờ")


def test_a_refused_photo_is_explained_beside_the_file_input(app_ctx, media_folder, page,
                                                            live_server):
    make_user("giangvien.lan", role="trainer")
    sign_in(page, "giangvien.lan", DEFAULT_PASSWORD)
    _create_course(page)
    form = page.locator("#media form")
    form.locator("input[name=file]").set_input_files(files={
        "name": "IMG_0415.jpg", "mimeType": "image/jpeg", "buffer": damaged_jpeg()})
    form.locator("button[type=submit]").click()

    # The page comes back at the upload form, far below the top on a phone, not at the top.
    error = page.locator("#media #file-error")
    expect(error).to_contain_text("IMG_0415.jpg")
    expect(error).to_be_in_viewport()
    expect(page.locator("#media input[name=file]")).to_be_in_viewport()
    expect(page.locator("#media li[data-media]")).to_have_count(0)
    assert not has_horizontal_scroll(page)
