"""A cadre taps Submit with questions left blank: the page asks once, in a dialog that fits
her phone, and either takes her back to the first blank or submits what she gave."""

from playwright.sync_api import expect
from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes.models import AttemptResult
from tests.e2e.conftest import PHONE_VIEWPORT, has_horizontal_scroll, laid_out_box
from tests.e2e.test_quiz_attempt import answer, start_quiz_on_her_phone


def results():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AttemptResult))


def test_submitting_with_blanks_asks_once_then_submits_what_she_gave(org, page, live_server):
    questions = start_quiz_on_her_phone(org, page)
    first = questions.nth(0)
    answer(page, first, first.get_attribute("data-type"))
    expect(first.locator(".save-status")).to_contain_text("Đã lưu")

    page.locator("#submit-quiz").click()
    dialog = page.locator("#blank-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Còn 3 câu chưa trả lời. Vẫn nộp bài?")
    box = laid_out_box(dialog)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_VIEWPORT["width"]
    for button in dialog.locator("button").all():
        assert laid_out_box(button)["height"] >= 44
    assert not has_horizontal_scroll(page)

    # "Làm tiếp": back to the quiz, nothing submitted, the first blank question in view.
    dialog.get_by_role("button", name="Làm tiếp").click()
    expect(dialog).to_be_hidden()
    assert results() == 0
    expect(questions.nth(1)).to_be_in_viewport()

    page.locator("#submit-quiz").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Vẫn nộp bài").click()
    page.wait_for_url("**/result")
    # The one answer she gave was right: 1 of 4.
    expect(page.locator(".score")).to_contain_text("25,0\u00a0%")
    assert results() == 1
