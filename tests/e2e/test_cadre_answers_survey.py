"""A cadre who completed a course whose survey comes before the certificate taps the
certificate, answers the survey on her phone with the big 1-5 buttons, and gets her PDF."""

from playwright.sync_api import expect

from lms.extensions import db
from lms.feedback.queries import get_results
from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD, enroll, make_cadre, make_user
from tests.feedback.helpers import course_survey
from tests.learning.cert_helpers import make_certificate


def test_after_completing_she_answers_the_survey_then_downloads_the_certificate(
        org, page, live_server):
    survey = course_survey(is_required=True)
    cadre = make_cadre(org.branch_a1, full_name="Phạm Thị Lan")
    make_user("lan", cadre=cadre)
    enroll(cadre, survey.course)
    make_certificate(cadre=cadre, course=survey.course)

    sign_in(page, "lan", DEFAULT_PASSWORD)
    page.goto(f"/courses/{survey.course.slug}")
    expect(page.locator(".survey-prompt")).to_contain_text("trước khi tải giấy chứng nhận")
    page.locator(".course-progress a.certificate-link").click()
    page.wait_for_url(f"**/feedback/surveys/{survey.id}?next=**")
    expect(page.locator(".flash").first).to_contain_text(
        "trả lời phiếu đánh giá trước")
    expect(page.locator("main")).to_contain_text("ẩn danh")
    scales = page.locator("fieldset.rating")
    expect(scales).to_have_count(4)
    # Nothing chosen: the phone's own check keeps the form here (the server says so too).
    page.locator("main button[type=submit]").click()
    assert page.locator("fieldset.rating input:invalid").count() == 4 * 5
    for i in range(4):
        button = scales.nth(i).locator("label.rating-option", has_text="5")
        box = laid_out_box(button)
        assert box["height"] >= 44 and box["width"] >= 44
        button.click()
    page.locator("textarea").last.fill("Cần thêm ví dụ thực tế ở tổ dân phố")
    page.screenshot(path="/tmp/fsurvey-answer.png", full_page=True)
    assert not has_horizontal_scroll(page)
    with page.expect_download() as download:
        page.locator("main button[type=submit]").click()
    assert download.value.suggested_filename.endswith(".pdf")

    db.session.expire_all()
    results = get_results(survey)
    assert results.responses == 1 and results.withheld   # anonymous, fewer than three
    page.goto(f"/feedback/surveys/{survey.id}")
    expect(page.locator(".survey-thanks")).to_contain_text("Cảm ơn chị đã góp ý")
