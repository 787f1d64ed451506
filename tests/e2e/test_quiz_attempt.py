"""A cadre takes a quiz on her phone: half the answers, a reload, the rest, a double tap on
submit, one result and the review."""

from playwright.sync_api import expect
from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes.models import AttemptResult, QuizAttempt
from lms.quizzes.services import submit_attempt
from tests.e2e.conftest import PHONE_VIEWPORT, has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, enroll, make_cadre, make_user
from tests.quizzes.helpers import make_quiz_course


def answer(page, fieldset, kind):
    """Give the right answer to one question on the page, as a learner would tap it."""
    if kind == "short":
        fieldset.locator("input[type=text]").fill("countif")
        fieldset.locator("input[type=text]").blur()
        return
    labels = {"single": "111", "truefalse": "Sai"}
    if kind == "multiple":
        fieldset.get_by_text("Không đưa mã OTP").click()
        fieldset.get_by_text("Gọi lại số chính thức").click()
    else:
        fieldset.get_by_text(labels[kind], exact=True).click()


def start_quiz_on_her_phone(org, page):
    """An enrolled cadre signs in and starts the quiz; returns its questions on the page."""
    cadre = make_cadre(org.branch_a1, full_name="Phạm Thị Lan")
    make_user("lan", cadre=cadre)
    course = make_quiz_course(slug="an-toan-mang", review_mode="after_submit")
    enroll(cadre, course)
    sign_in(page, "lan", DEFAULT_PASSWORD)
    page.goto(f"/courses/{course.slug}/quiz")
    page.locator("main form button[type=submit]").click()
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(4)
    return questions


def test_cadre_resumes_after_reload_and_submits_once(org, page, live_server):
    questions = start_quiz_on_her_phone(org, page)
    kinds = [questions.nth(i).get_attribute("data-type") for i in range(4)]

    for i in range(2):
        answer(page, questions.nth(i), kinds[i])
        expect(questions.nth(i).locator(".save-status")).to_contain_text("Đã lưu")
    page.reload()
    questions = page.locator("fieldset.question")
    for i in range(2):
        checked = questions.nth(i).locator("input:checked, input[type=text]")
        assert checked.count() >= 1
        if kinds[i] == "short":
            expect(checked.first).to_have_value("countif")
    assert not has_horizontal_scroll(page)

    for i in range(2, 4):
        answer(page, questions.nth(i), kinds[i])
        expect(questions.nth(i).locator(".save-status")).to_contain_text("Đã lưu")
    submit = page.locator("#submit-quiz")
    submit.dblclick()
    page.wait_for_url("**/result")
    expect(page.locator(".score")).to_contain_text("100,0\u00a0%")
    expect(page.locator("section.review")).to_have_count(4)
    expect(page.locator("main")).to_contain_text("Giải thích câu 1")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AttemptResult)) == 1


def test_an_answer_after_the_attempt_closed_elsewhere_says_so_and_leads_to_the_result(
        org, page, live_server):
    start_quiz_on_her_phone(org, page)
    # She submitted from her other phone; this one still shows the questions.
    submit_attempt(db.session.scalar(select(QuizAttempt)))
    db.session.commit()
    single = page.locator("fieldset.question[data-type=single]")
    answer(page, single, "single")
    notice = page.locator("#attempt-closed")
    expect(notice).to_contain_text("Lượt làm bài đã kết thúc: câu trả lời không được lưu.")
    expect(notice).to_be_in_viewport()
    expect(single.locator(".save-status")).to_contain_text("Lượt làm bài đã kết thúc.")
    notice.get_by_role("link", name="Xem kết quả của bạn").click()
    page.wait_for_url("**/result")
    expect(page.locator(".score")).to_contain_text("0,0\u00a0%")


def test_a_quiz_open_past_its_form_token_takes_a_fresh_one_and_keeps_saving(
        org, page, live_server):
    questions = start_quiz_on_her_phone(org, page)
    # An hour on the quiz: the token the page holds is no longer accepted.
    page.evaluate("""() => {
        document.querySelector('meta[name="csrf-token"]').content = "expired";
        document.querySelector('#quiz-form input[name="csrf_token"]').value = "expired";
    }""")
    kinds = [questions.nth(i).get_attribute("data-type") for i in range(4)]
    for i in range(4):
        answer(page, questions.nth(i), kinds[i])
        expect(questions.nth(i).locator(".save-status")).to_contain_text("Đã lưu")
    # The form's own token was refreshed too, so the submit goes through.
    page.locator("#submit-quiz").click()
    page.wait_for_url("**/result")
    expect(page.locator(".score")).to_contain_text("100,0\u00a0%")


def test_two_quick_taps_on_a_slow_line_leave_the_later_answer_saved(org, browser, live_server):
    # The page's own saving, as on a browser without service workers: the worker's queue
    # orders answers by the phone's sequence instead (tests/quizzes/test_offline_answers.py).
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server,
                                  locale="vi-VN", service_workers="block")
    context.set_default_timeout(10_000)
    page = context.new_page()
    start_quiz_on_her_phone(org, page)
    multiple = page.locator("fieldset.question[data-type=multiple]")
    held = []

    def hold_the_first_save(route):
        # The first tap's save is stuck on the line; anything after it goes straight through.
        if not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/answers", hold_the_first_save)
    multiple.get_by_text("Không đưa mã OTP").click()
    multiple.get_by_text("Gọi lại số chính thức").click()
    page.wait_for_timeout(500)  # time for a second save to overtake the first, if sent
    held[0].continue_()
    expect(multiple.locator(".save-status")).to_contain_text("Đã lưu")
    page.unroute("**/answers")
    page.reload()
    multiple = page.locator("fieldset.question[data-type=multiple]")
    expect(multiple.locator("input:checked")).to_have_count(2)
    context.close()
