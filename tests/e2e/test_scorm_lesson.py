"""A trainer adds a SCORM zip as a lesson from her phone; a learner opens the SCORM lesson on
hers: the package, sandboxed in the lesson page, reports completion through scorm-again; the
lesson is done and counted in her course, and what the package saved comes back when she
opens the lesson again."""

import io

import pytest
from playwright.sync_api import expect

from lms.authoring import services as authoring
from lms.authoring.services import create_scorm_lesson
from lms.catalog.models import Lesson
from lms.extensions import db
from lms.learning.models import ScormData
from lms.learning.queries import count_lessons_done
from tests.authoring.helpers import course_data
from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD, enroll, make_cadre, make_course, make_user
from tests.scorm_packages import build_package


@pytest.fixture(autouse=True)
def media_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path))


def test_a_scorm_lesson_reports_completion_and_counts(org, page, live_server):
    cadre = make_cadre(org.branch_a1, full_name="Phạm Thị Lan")
    make_user("lan", cadre=cadre)
    course = make_course(slug="an-toan-thong-tin", lessons=1)
    lesson = create_scorm_lesson(course, "Bài SCORM: mật khẩu an toàn",
                                 io.BytesIO(build_package()))
    db.session.commit()
    enroll(cadre, course)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, "lan", DEFAULT_PASSWORD)
    page.goto(f"/courses/{course.slug}/lessons/{lesson.slug}")
    expect(page.locator(".lesson-done")).to_be_hidden()
    package = page.frame_locator("iframe.scorm-frame")
    expect(package.locator("h1")).to_have_text("An toàn thông tin")
    expect(package.locator("#step")).to_have_text("finished")
    expect(package.locator("#resumed")).to_have_text("location= suspend=")
    expect(page.locator(".lesson-done")).to_be_visible()
    expect(page.locator(".lesson-done")).to_contain_text("Bạn đã học xong bài này")
    assert not has_horizontal_scroll(page)
    page.screenshot(path="/tmp/scorm_lesson.png", full_page=True)

    # The package's frame has an origin of its own: the app's cookies and pages are out of
    # its reach, and so is the lesson page around it.
    frame = page.frame(url=lambda url: "/scorm/" in url)
    assert frame.evaluate("self.origin") == "null"
    assert frame.evaluate("(() => { try { return document.cookie; }"
                          " catch (e) { return 'refused'; } })()") in ("", "refused")
    assert frame.evaluate("(() => { try { return window.parent.document.title; }"
                          " catch (e) { return 'refused'; } })()") == "refused"

    db.session.expire_all()
    assert count_lessons_done(cadre.id, course.id) == (2, 1)
    data = db.session.scalar(db.select(ScormData))
    assert (data.lesson_status, data.lesson_location, data.suspend_data) == (
        "completed", "trang-3", "da-xem:1,2,3")
    page.goto(f"/courses/{course.slug}")
    expect(page.locator(".lesson-list li").nth(1)).to_contain_text("✓")

    # Opened again (on this phone or another), the package finds where she was.
    page.goto(f"/courses/{course.slug}/lessons/{lesson.slug}")
    expect(package.locator("#resumed")).to_have_text("location=trang-3 suspend=da-xem:1,2,3")
    expect(page.locator(".lesson-done")).to_be_visible()
    assert errors == []


def test_a_trainer_adds_a_scorm_package_as_a_lesson(page, live_server, app_ctx, tmp_path):
    trainer = make_user("giangvien.lan", role="trainer")
    course = authoring.create_course(trainer, course_data("Mật khẩu an toàn"))
    db.session.commit()
    broken = tmp_path / "khong-phai-scorm.zip"
    broken.write_bytes(build_package(manifest=False))
    good = tmp_path / "mat-khau.zip"
    good.write_bytes(build_package(title="Mật khẩu mạnh"))

    sign_in(page, "giangvien.lan", DEFAULT_PASSWORD)
    page.goto(f"/author/courses/{course.id}")
    upload = page.locator("details.scorm-upload")
    assert laid_out_box(upload.locator("summary"))["height"] >= 44
    upload.locator("summary").click()
    upload.locator("input[type=file]").set_input_files(str(broken))
    upload.get_by_role("button", name="Thêm gói").click()
    expect(page.locator("details.scorm-upload")).to_contain_text(
        "không có imsmanifest.xml")
    # The page opens where the refusal is, not at its top a long course away.
    expect(page.locator("details.scorm-upload .error")).to_be_in_viewport()
    assert not has_horizontal_scroll(page)
    page.screenshot(path="/tmp/scorm_upload_refused.png", full_page=True)

    upload = page.locator("details.scorm-upload")
    upload.locator("input[type=file]").set_input_files(str(good))
    button = upload.get_by_role("button", name="Thêm gói")
    assert laid_out_box(button)["height"] >= 44
    button.click()
    expect(page.locator(".flash-success")).to_contain_text(
        "Đã thêm gói SCORM thành bài học Mật khẩu mạnh")
    expect(page.locator("#lessons li").first).to_contain_text("SCORM")
    db.session.expire_all()
    lesson = db.session.scalar(db.select(Lesson).where(Lesson.course_id == course.id))
    assert lesson.title == "Mật khẩu mạnh" and lesson.scorm_package is not None
