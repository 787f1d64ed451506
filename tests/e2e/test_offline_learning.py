"""Learning without a connection, on a phone: a downloaded course read offline, a lesson marked
offline, quiz answers and a submission kept on the phone and sent when the connection returns,
and signing out leaving nothing behind.

"Offline" here is both of what a phone on a dropped 3G line sees: the browser says it is
offline (the page's navigator.onLine, its own requests fail) and the server cannot be reached
(the service worker's requests fail too). The server is stopped and started again on the same
port, so the site, its service worker and what the phone keeps stay the same.
"""

import threading
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from lms.extensions import db
from lms.learning.models import LessonProgress
from lms.quizzes.models import AttemptAnswer, AttemptResult, QuizAttempt
from tests.e2e.conftest import PHONE_VIEWPORT, sign_in
from tests.factories import DEFAULT_PASSWORD, enroll, make_cadre, make_user
from tests.quizzes.helpers import make_quiz_course


class SwitchableServer:
    """The test app on one port, which can go away (no connection) and come back."""

    def __init__(self, app):
        self.app = app
        self.port = None
        self.server = None
        self.up()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def up(self):
        self.server = make_server("127.0.0.1", self.port or 0, self.app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def down(self):
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


@pytest.fixture
def site(app):
    server = SwitchableServer(app)
    yield server
    server.down()


@pytest.fixture
def phone(browser, site):
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=site.url, locale="vi-VN",
                                  service_workers="allow")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def go_offline(phone, site):
    phone.set_offline(True)
    site.down()


def come_back(phone, site):
    site.up()
    phone.set_offline(False)


def flush_queue(page):
    """Send what waits in the page's queue now. Coming back online the page flushes on its
    own too, and a flushed submission takes it to the result: a navigation that may end
    this call, which then has nothing left to do."""
    try:
        page.evaluate("window.offlineQueue.flush()")
    except PlaywrightError as error:
        if "Execution context was destroyed" not in str(error):
            raise


def controlled(page):
    """Wait until the service worker controls the page. A page whose navigation began while the
    worker was starting stays uncontrolled (it saves on its own, as without a worker) until it
    is opened again: a learner's next visit; here, a reload."""
    active = page.evaluate("navigator.serviceWorker.ready.then(() => "
                           "!!navigator.serviceWorker.controller)")
    if not active:
        page.reload()
    assert page.evaluate("navigator.serviceWorker.ready.then(() => "
                         "!!navigator.serviceWorker.controller)")


def nothing_waits(page):
    """Wait until the page says nothing is waiting to be sent (the queue went out)."""
    expect(page.locator("#offline-banner")).to_be_hidden()


def rows_arrive(model, count, seconds=20):
    """The rows of `model` once there are `count` of them (or what there is after `seconds`).
    The banner alone cannot say the queue went out: it is hidden too in the moment before the
    page has read what the phone kept."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.expire_all()
        rows = db.session.scalars(select(model)).all()
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def cadre_with_course(org, lessons=3):
    cadre = make_cadre(org.branch_a1, full_name="Nguyễn Thị Hoa")
    make_user("hoa", cadre=cadre)
    course = make_quiz_course(slug="hoc-ngoai-tuyen", lessons=lessons)
    enroll(cadre, course)
    return cadre, course


def test_a_downloaded_course_is_read_offline_and_a_lesson_marked_offline_reaches_the_server(
        org, phone, site):
    cadre, course = cadre_with_course(org)
    page = phone.new_page()
    sign_in(page, "hoa", DEFAULT_PASSWORD)
    page.goto(f"/courses/{course.slug}")
    controlled(page)
    download = page.locator("section.offline-download")
    expect(download).to_be_visible()
    download.get_by_role("button", name="Tải về để học khi không có mạng").click()
    expect(download.locator(".offline-state")).to_contain_text("Trên máy này:")
    expect(download.get_by_role("button", name="Xóa bản tải về")).to_be_visible()

    go_offline(phone, site)
    # Lessons she never opened open from the download; the page says she is offline.
    page.goto(f"/courses/{course.slug}/lessons/bai-2")
    expect(page.locator("h1")).to_have_text("Bài 2")
    expect(page.locator("#offline-banner")).to_contain_text("Chị đang không có mạng")
    page.locator("form.lesson-complete button").click()
    expect(page.locator(".lesson-queued")).to_contain_text("khi có mạng")
    page.goto(f"/courses/{course.slug}")
    expect(page.locator("h1")).to_have_text(course.title)
    expect(page.locator("#offline-banner")).to_contain_text("Chưa gửi: 1")
    expect(page.locator("#offline-banner a")).to_have_text("Khóa học đã tải về máy này")
    # Her home and the menu open too.
    page.goto("/")
    expect(page.locator("h1")).to_contain_text("Nguyễn Thị Hoa")
    expect(page.locator("summary.menu-button")).to_be_visible()
    # A page that is not on the phone: the offline page, which lists the download.
    page.goto("/notifications")
    expect(page.locator("h1")).to_have_text("Không có mạng")
    expect(page.locator("#offline-course-list")).to_contain_text(course.title)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0

    come_back(phone, site)
    page.goto(f"/courses/{course.slug}")
    nothing_waits(page)
    done = rows_arrive(LessonProgress, 1)
    assert [row.lesson.slug for row in done] == ["bai-2"]
    page.reload()
    expect(page.locator("li[data-lesson-id] .badge-ok")).to_have_count(1)


def answer_first_three(page):
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(4)
    by_type = {questions.nth(i).get_attribute("data-type"): questions.nth(i) for i in range(4)}
    by_type["single"].get_by_text("111", exact=True).click()
    by_type["truefalse"].get_by_text("Sai", exact=True).click()
    by_type["multiple"].get_by_text("Không đưa mã OTP").click()
    by_type["multiple"].get_by_text("Gọi lại số chính thức").click()
    return by_type


def answering_offline(org, phone, site):
    """She starts the quiz online, loses the connection and answers three of four questions:
    the page, its questions by type."""
    _cadre, course = cadre_with_course(org, lessons=1)
    page = phone.new_page()
    sign_in(page, "hoa", DEFAULT_PASSWORD)
    page.goto(f"/courses/{course.slug}/quiz")
    expect(page.locator(".quiz-offline-ok")).to_be_visible()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/quiz/attempts/*")
    controlled(page)
    go_offline(phone, site)
    return page, answer_first_three(page)


def test_answers_given_offline_survive_closing_the_page_and_count_in_the_grade(
        org, phone, site):
    page, by_type = answering_offline(org, phone, site)
    attempt_url = page.url
    for kind in ("single", "truefalse", "multiple"):
        expect(by_type[kind].locator(".save-status")).to_contain_text("Đã giữ trên máy")
    page.close()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 0

    come_back(phone, site)
    page = phone.new_page()
    page.goto(attempt_url)
    controlled(page)
    nothing_waits(page)
    assert len(rows_arrive(AttemptAnswer, 3)) == 3
    # The page shows them, saved.
    page.reload()
    expect(page.locator("fieldset.question input:checked")).to_have_count(4)
    short = page.locator("fieldset.question[data-type=short]")
    short.locator("input").fill("countif")
    short.locator("input").blur()
    expect(short.locator(".save-status")).to_contain_text("Đã lưu")
    page.locator("#submit-quiz").click()
    page.wait_for_url("**/result")
    expect(page.locator(".score")).to_contain_text("100,0\u00a0%")


def test_a_submission_made_offline_is_graded_once_when_the_connection_returns(
        org, phone, site):
    page, _questions = answering_offline(org, phone, site)
    page.locator("#submit-quiz").click()
    page.locator("#blank-dialog [data-choice=submit]").click()
    expect(page.locator("#submit-queued")).to_contain_text("khi có mạng")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AttemptResult)) == 0

    come_back(phone, site)
    flush_queue(page)
    page.wait_for_url("**/result")
    expect(page.locator(".score")).to_contain_text("75,0\u00a0%")
    # The same submission sent again (a replay after a lost reply) grades nothing twice.
    attempt = db.session.scalar(select(QuizAttempt))
    again = page.evaluate("""async ([url]) => {
        const token = (await (await fetch('/csrf-token')).json()).token;
        const reply = await fetch(url, {method: 'POST', headers: {'X-CSRFToken': token,
            'Content-Type': 'application/x-www-form-urlencoded'},
            body: 'action=submit&confirm_blanks=1'});
        return [reply.status, new URL(reply.url).pathname];
    }""", [f"/quiz/attempts/{attempt.id}"])
    assert again == [200, f"/quiz/attempts/{attempt.id}/result"]
    db.session.expire_all()
    results = db.session.scalars(select(AttemptResult)).all()
    assert len(results) == 1 and results[0].percent == 75.0


def test_signing_out_removes_the_downloaded_lessons(org, phone, site):
    _cadre, course = cadre_with_course(org)
    page = phone.new_page()
    sign_in(page, "hoa", DEFAULT_PASSWORD)
    page.goto(f"/courses/{course.slug}")
    controlled(page)
    page.get_by_role("button", name="Tải về để học khi không có mạng").click()
    expect(page.locator(".offline-state")).to_contain_text("Trên máy này:")
    assert page.evaluate("caches.keys()")

    page.locator("summary.menu-button").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
    go_offline(phone, site)
    # Nothing on the phone answers for the lesson any more: the browser's own "no internet".
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(f"/courses/{course.slug}/lessons/bai-2")
