"""A cadre passes the final quiz of a course whose lessons she read: the result says the
course is complete and links the certificate, and the course page is now the place where she
finds her done lessons, her result and the certificate, with no "Học tiếp"."""

from playwright.sync_api import expect

from lms.catalog.models import Lesson
from lms.extensions import db
from lms.learning.services import complete_lesson
from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.e2e.test_quiz_attempt import answer
from tests.factories import DEFAULT_PASSWORD, enroll, make_cadre, make_user
from tests.quizzes.helpers import make_quiz_course


def test_after_passing_the_course_page_offers_the_certificate(org, page, live_server):
    cadre = make_cadre(org.branch_a1, full_name="Phạm Thị Lan")
    make_user("lan", cadre=cadre)
    course = make_quiz_course(slug="an-toan-mang", lessons=2, review_mode="after_submit")
    enroll(cadre, course)
    for lesson in db.session.scalars(db.select(Lesson).where(Lesson.course_id == course.id)):
        complete_lesson(cadre, lesson)
    db.session.commit()

    sign_in(page, "lan", DEFAULT_PASSWORD)
    page.goto(f"/courses/{course.slug}")
    quiz = page.locator(".course-quiz")
    expect(quiz).to_contain_text("Chưa làm")
    page.locator(".course-progress").get_by_role("link", name="Làm bài kiểm tra").click()
    page.locator("main form button[type=submit]").click()
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(4)
    for i in range(4):
        fieldset = questions.nth(i)
        answer(page, fieldset, fieldset.get_attribute("data-type"))
        expect(fieldset.locator(".save-status")).to_contain_text("Đã lưu")
    page.locator("#submit-quiz").click()
    page.wait_for_url("**/result")
    expect(page.locator(".result")).to_contain_text("hoàn thành khóa học")
    certificate = page.locator(".result a.certificate-link")
    expect(certificate).to_be_visible()

    page.goto(f"/courses/{course.slug}")
    main = page.locator("main")
    expect(main).not_to_contain_text("Học tiếp")
    expect(page.locator(".course-progress")).to_contain_text("Đã hoàn thành")
    link = page.locator(".course-progress a.certificate-link")
    expect(link).to_have_text("Tải giấy chứng nhận (PDF)")
    assert laid_out_box(link)["height"] >= 44
    lessons = page.locator(".lesson-list li")
    expect(lessons).to_have_count(2)
    for i in range(2):
        expect(lessons.nth(i)).to_contain_text("✓")
        expect(lessons.nth(i).locator("a")).to_have_attribute(
            "href", f"/courses/{course.slug}/lessons/bai-{i + 1}")
    expect(quiz).to_contain_text("Đạt")
    expect(quiz).to_contain_text("100,0\u00a0%")
    assert not has_horizontal_scroll(page)
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
