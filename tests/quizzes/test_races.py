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
from sqlalchemy import event, select

from lms.extensions import db
from lms.quizzes.models import QuizAttempt
from tests.conftest import FreshContextClient, csrf_token_from, login
from tests.factories import make_cadre, make_user
from tests.quizzes.helpers import enroll, make_quiz_course

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
