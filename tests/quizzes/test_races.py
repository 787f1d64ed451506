"""Double taps and answers racing the submission, sent through the app in threads (each
request with its own app context and database connection, so SQLite's file and PostgreSQL
see two real clients): every tap lands on the result, one attempt opens, and no answer is
acknowledged that the grade then ignores.

Two threads released together do not reliably fall into the unlucky order on their own,
so the tests also hold a request just after a given statement until the other request has
got somewhere: that replays, every time, the interleaving a slow phone produces."""

import threading
from typing import NamedTuple

import pytest
from sqlalchemy import event, func, select

from lms.extensions import db
from lms.quizzes.models import AttemptAnswer, AttemptResult, QuizAttempt
from lms.quizzes.queries import saved_answers
from lms.quizzes.rules import score_attempt
from tests.conftest import FreshContextClient, csrf_token_from, login, post_form
from tests.factories import enroll, make_cadre, make_user
from tests.quizzes.helpers import make_quiz_course, right_answers

# A hold ends when its event is set, or after this long: the other request is then waiting
# for a lock the held one has (SQLite's database lock, a PostgreSQL row lock).
WAIT_SECONDS = 5
LOCKED_SECONDS = 0.5


@pytest.fixture
def course(app_ctx, org):
    cadre = make_cadre(org.branch_a1, full_name="Lê Thị Học")
    make_user("hoc", cadre=cadre)
    course = make_quiz_course(review_mode="after_submit")
    enroll(cadre, course)
    return course


def phone(app):
    """A signed-in browser of the learner (its own cookies and CSRF token)."""
    client = FreshContextClient(app, app.response_class, use_cookies=True)
    login(client, "hoc")
    return client


def token(client, url):
    return csrf_token_from(client.get(url).get_data(as_text=True))


def start(client, course):
    quiz_url = f"/courses/{course.slug}/quiz"
    client.post(f"{quiz_url}/start", data={"csrf_token": token(client, quiz_url)})
    return db.session.scalar(select(QuizAttempt).order_by(QuizAttempt.id.desc()))


# Events the jobs of together() set: when a job ends, when a job ran a given statement.
events = {}


@pytest.fixture(autouse=True)
def _forget_events():
    yield
    events.clear()


def done(job):
    """An event set once the job has finished (whatever its outcome)."""
    return events.setdefault((job, None), threading.Event())


def ran(job, marker):
    """An event set once the job has run an SQL statement that contains `marker`."""
    return events.setdefault((job, marker), threading.Event())


class Hold(NamedTuple):
    """Stop `job` just after its first SQL statement that contains `marker` until `until`
    is set or `seconds` have passed."""

    job: str
    marker: str
    until: threading.Event
    seconds: float = WAIT_SECONDS


def _run_threads(app, jobs):
    barrier = threading.Barrier(len(jobs))
    replies, errors = {}, {}

    def run(name, job):
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                replies[name] = job()
            except Exception as error:  # a 500 in production; reported by the test
                errors[name] = error
            finally:
                db.session.remove()
                done(name).set()

    threads = [threading.Thread(target=run, args=item, name=item[0]) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    db.session.expire_all()
    return replies, errors


def together(app, jobs, holds=()):
    """Run each named job in its own thread and app context, released at the same moment;
    returns ({name: what it returned}, {name: the exception it raised}), holding them as
    `holds` (Hold tuples) say."""
    for name in jobs:
        done(name)
    waiting = list(holds)

    def after_statement(_conn, _cursor, statement, *_args):
        job = threading.current_thread().name
        for (name, marker), event_ in list(events.items()):
            if name == job and marker is not None and marker in statement:
                event_.set()
        for hold in [h for h in waiting if h.job == job and h.marker in statement]:
            waiting.remove(hold)
            hold.until.wait(hold.seconds)

    event.listen(db.engine, "after_cursor_execute", after_statement)
    try:
        outcome = _run_threads(app, jobs)
    finally:
        event.remove(db.engine, "after_cursor_execute", after_statement)
    assert waiting == [], "a hold never happened: the test no longer replays its interleaving"
    return outcome


def both_read_then_first_goes(marker, first="tap-1", second="tap-2"):
    """Holds where both jobs run the statement with `marker`, then the first one finishes
    before the second goes on."""
    return [Hold(first, marker, ran(second, marker)), Hold(second, marker, done(first))]


def test_two_taps_on_submit_both_land_on_the_one_result(app, course):
    phones = {"tap-1": phone(app), "tap-2": phone(app)}
    attempt = start(phones["tap-1"], course)
    take_url = f"/quiz/attempts/{attempt.id}"
    answers = {f"q{qid}": raw for qid, raw in right_answers(attempt).items()}
    tokens = {name: token(client, take_url) for name, client in phones.items()}

    def tap(name):
        return lambda: phones[name].post(take_url, data={
            **answers, "action": "submit", "confirm_blanks": "1", "csrf_token": tokens[name]},
            follow_redirects=True)

    # Both taps read the attempt while it is open; the first then grades it.
    replies, errors = together(app, {name: tap(name) for name in phones},
                               holds=both_read_then_first_goes("FROM quiz_attempt"))
    assert errors == {}
    for reply in replies.values():
        assert reply.status_code == 200 and reply.request.path == f"{take_url}/result"
        assert "100,0\u00a0%" in reply.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AttemptResult)) == 1


def test_a_submission_that_lost_the_race_keeps_none_of_its_late_answers(app, course):
    phones = {"first": phone(app), "late": phone(app)}
    attempt = start(phones["first"], course)
    take_url = f"/quiz/attempts/{attempt.id}"
    right = right_answers(attempt)
    wrong = {qid: "" if attempt.snapshots[str(qid)]["type"] == "short" else 2
             for qid in right}
    wrong[attempt.question_ids[0]] = 1
    forms = {"first": {f"q{qid}": raw for qid, raw in right.items()},
             "late": {f"q{qid}": raw for qid, raw in wrong.items() if raw != ""}}
    tokens = {name: token(client, take_url) for name, client in phones.items()}

    def tap(name):
        return lambda: phones[name].post(take_url, data={
            **forms[name], "action": "submit", "confirm_blanks": "1",
            "csrf_token": tokens[name]})

    # The late tap finds no result yet, then waits while the first one grades and commits:
    # its answers arrive after the grade.
    replies, errors = together(app, {name: tap(name) for name in phones},
                               holds=[Hold("late", "FROM attempt_result", done("first"))])
    assert errors == {}
    for reply in replies.values():
        assert reply.headers["Location"] == f"{take_url}/result"
    graded = db.session.get(AttemptResult, attempt.id)
    assert graded.percent == 100.0
    # What is kept is what was graded: the review shows the answers behind the score.
    kept = score_attempt({int(qid): snap for qid, snap in attempt.snapshots.items()},
                         saved_answers(attempt.id), course.pass_mark, attempt.deadline_at)
    assert kept.percent == graded.percent, "late answers were kept after the grade"


def test_two_taps_on_start_open_one_attempt(app, course):
    phones = {"tap-1": phone(app), "tap-2": phone(app)}
    quiz_url = f"/courses/{course.slug}/quiz"
    tokens = {name: token(client, quiz_url) for name, client in phones.items()}

    def tap(name):
        return lambda: phones[name].post(f"{quiz_url}/start",
                                         data={"csrf_token": tokens[name]})

    # Both taps find no open attempt; the first then opens one before the second counts
    # the attempts used.
    replies, errors = together(app, {name: tap(name) for name in phones},
                               holds=both_read_then_first_goes("FROM quiz_attempt"))
    assert errors == {}
    attempts = list(db.session.scalars(select(QuizAttempt)))
    assert len(attempts) == 1
    for reply in replies.values():
        assert reply.status_code == 302
        assert reply.headers["Location"] == f"/quiz/attempts/{attempts[0].id}"


def closed_reply(attempt):
    return {"saved": False, "closed": True,
            "message": "Lượt làm bài đã kết thúc: câu trả lời không được lưu.",
            "result_url": f"/quiz/attempts/{attempt.id}/result"}


# name: (the holds, built when the test runs; the outcomes the save may have)
INTERLEAVINGS = {
    "together": (lambda: [], {"saved", "closed"}),
    # The save reads the attempt while open; the submission then grades and closes it.
    "save-read-first": (lambda: both_read_then_first_goes("FROM quiz_attempt", "submit", "save"),
                        {"closed"}),
    # The save has written its answer, not committed, when the submission grades. SQLite
    # lets no one else write meanwhile: there the save commits first and is graded.
    "save-wrote-first": (lambda: [
        Hold("submit", "FROM quiz_attempt", ran("save", "INSERT INTO attempt_answer")),
        Hold("save", "INSERT INTO attempt_answer", done("submit"), LOCKED_SECONDS)],
        {"saved", "closed"}),
    # The submission has read the answers, not committed, when the save checks the attempt.
    "submit-read-first": (lambda: [
        Hold("save", "FROM quiz_attempt", ran("submit", "FROM attempt_answer")),
        Hold("submit", "FROM attempt_answer", done("save"), LOCKED_SECONDS)], {"closed"}),
}


@pytest.mark.parametrize("interleaving", INTERLEAVINGS)
def test_an_answer_racing_the_submission_is_graded_or_refused(app, course, interleaving):
    holds, outcomes = INTERLEAVINGS[interleaving]
    holds = holds()
    saver, submitter = phone(app), phone(app)
    attempt = start(saver, course)
    take_url = f"/quiz/attempts/{attempt.id}"
    question = attempt.question_ids[0]
    right = right_answers(attempt)[question]
    save_token, submit_token = token(saver, take_url), token(submitter, take_url)
    replies, errors = together(app, {
        "save": lambda: saver.post(f"{take_url}/answers", headers={"X-CSRFToken": save_token},
                                   json={"question_id": question, "response": right}),
        "submit": lambda: submitter.post(take_url, data={"action": "submit",
                                                         "confirm_blanks": "1",
                                                         "csrf_token": submit_token}),
    }, holds=holds)
    assert errors == {}
    assert replies["submit"].headers["Location"] == f"{take_url}/result"
    earned = db.session.get(AttemptResult, attempt.id).details[str(question)]["earned"]
    stored = db.session.scalar(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id))
    save = replies["save"]
    if save.status_code == 200:
        assert save.get_json()["saved"] is True
        assert earned == 1, "the answer was acknowledged but the grade ignored it"
        outcome = "saved"
    else:
        assert (save.status_code, save.get_json()) == (409, closed_reply(attempt))
        assert earned == 0 and stored is None
        outcome = "closed"
    assert outcome in outcomes


def test_answers_retried_after_the_submission_are_told_the_attempt_is_closed(client, course):
    login(client, "hoc")
    attempt = start(client, course)
    take_url = f"/quiz/attempts/{attempt.id}"
    csrf = token(client, take_url)
    assert post_form(client, take_url, {"action": "submit", "confirm_blanks": "1"}).status_code \
        == 302
    for _retry in range(2):
        reply = client.post(f"{take_url}/answers", headers={"X-CSRFToken": csrf},
                            json={"question_id": attempt.question_ids[0], "response": "0"})
        assert (reply.status_code, reply.get_json()) == (409, closed_reply(attempt))
    garbled = client.post(f"{take_url}/answers", headers={"X-CSRFToken": csrf}, json=[0])
    assert (garbled.status_code, garbled.get_json()) == (409, closed_reply(attempt))
    # The plain form's "save" sent again after the submission: the result, and why.
    page = client.post(take_url, data={f"q{attempt.question_ids[0]}": "0", "action": "save",
                                       "csrf_token": csrf}, follow_redirects=True)
    assert page.status_code == 200 and page.request.path == f"{take_url}/result"
    assert "Lượt làm bài đã kết thúc" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 0
