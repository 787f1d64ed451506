"""A trainer brings her questions from Word on her phone: she finds the import from her
course's page; a file with a mistake is previewed with the line named and nothing added; the
corrected Word document is previewed question by question and added in one tap; the same
questions again, as a text file, add nothing."""

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from lms.catalog.models import Question
from lms.catalog.storage import DOCX
from lms.extensions import db
from tests.authoring.question_files import AIKEN, AIKEN_BROKEN, docx_bytes
from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.quizzes.helpers import make_quiz_course


def _upload(page, text, name="cau-hoi.txt"):
    data, mimetype = (docx_bytes(text), DOCX) if name.endswith(".docx") else \
        (text.encode(), "text/plain")
    page.locator("input[name=file]").set_input_files(files={
        "name": name, "mimeType": mimetype, "buffer": data})
    page.locator("main form[enctype] button[type=submit]").click()


def _count(course_id):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Question)
                             .where(Question.course_id == course_id))


def test_trainer_previews_and_imports_questions(app_ctx, page, live_server):
    trainer = make_user("giangvien.hoa", role="trainer")
    course = make_quiz_course(slug="lua-dao")
    course.owner_id = trainer.id
    db.session.commit()
    before = _count(course.id)
    sign_in(page, "giangvien.hoa", DEFAULT_PASSWORD)

    page.goto(f"/author/courses/{course.id}")
    page.locator("#quiz a[href$='/questions/import']").click()
    expect(page.locator("h1")).to_have_text("Nhập câu hỏi từ tệp")
    formats = page.locator("details.import-formats summary")
    assert laid_out_box(formats)["height"] >= 44
    formats.click()
    expect(page.locator("details.import-formats")).to_contain_text("Word (.docx)")
    _upload(page, AIKEN_BROKEN)
    problems = page.locator("#import-preview .import-problems li")
    expect(problems.first).to_have_text("Dòng 21: Không có đáp án đúng (ANSWER: …).")
    expect(problems).to_have_count(2)
    expect(page.locator("#import-preview button[type=submit]")).to_have_count(0)
    assert not has_horizontal_scroll(page)
    page.screenshot(path="/tmp/question-import-errors.png", full_page=True)
    assert _count(course.id) == before

    _upload(page, AIKEN, "cau-hoi.docx")
    preview = page.locator("#import-preview")
    expect(preview.locator(".import-questions > li")).to_have_count(2)
    expect(preview.locator("strong").first).to_have_text(
        "✓ Không bấm, xóa tin nhắn và cảnh báo người thân")
    add = preview.locator("button[type=submit]")
    expect(add).to_have_text("Thêm 2 câu hỏi")
    assert laid_out_box(add)["height"] >= 44
    assert not has_horizontal_scroll(page)
    page.screenshot(path="/tmp/question-import-preview.png", full_page=True)
    add.click()
    expect(page).to_have_url(re.compile(rf"/author/courses/{course.id}/quiz$"))
    expect(page.locator(".flash-success")).to_contain_text("Đã thêm 2 câu hỏi")
    assert _count(course.id) == before + 2

    page.locator("main a[href$='/questions/import']").click()
    _upload(page, AIKEN)
    expect(page.locator("#import-preview")).to_contain_text(
        "Không có gì để thêm: mọi câu hỏi của tệp đã có trong ngân hàng.")
    assert _count(course.id) == before + 2
