"""Answers a phone kept offline and sends late, perhaps twice and out of order: each carries
the phone's sequence number, and one whose number is not higher than the stored one's changes
nothing (lms.quizzes.services.save_answer)."""

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.quizzes.models import AttemptAnswer, QuizAttempt
from lms.quizzes.services import save_answer, start_attempt
from tests.conftest import csrf_token_from, post_form
from tests.factories import enroll
from tests.quizzes.helpers import make_quiz_course


@pytest.fixture
def attempt(learner):
    course = make_quiz_course()
    enroll(learner, course)
    found = start_attempt(learner, course)
    db.session.commit()
    return found


def single_question(attempt):
    return next(q for q in attempt.question_ids if attempt.snapshots[str(q)]["type"] == "single")


def stored(attempt, question_id):
    db.session.expire_all()
    return db.session.scalar(select(AttemptAnswer).where(
        AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_id == question_id))


def test_a_late_older_answer_and_a_repeat_change_nothing(attempt):
    question = single_question(attempt)
    save_answer(attempt, question, "1", sequence=200)
    db.session.commit()
    save_answer(attempt, question, "0", sequence=100)  # sent after, given before
    save_answer(attempt, question, "2", sequence=200)  # the same number sent again
    db.session.commit()
    answer = stored(attempt, question)
    assert (answer.response, answer.sequence) == (1, 200)
    save_answer(attempt, question, "2", sequence=201)
    db.session.commit()
    assert stored(attempt, question).response == 2


def test_the_plain_form_still_saves_without_a_number(attempt):
    question = single_question(attempt)
    save_answer(attempt, question, "1", sequence=50)
    save_answer(attempt, question, "2")
    db.session.commit()
    answer = stored(attempt, question)
    assert (answer.response, answer.sequence) == (2, None)
    # A number after a plain save is newer than nothing.
    save_answer(attempt, question, "0", sequence=60)
    db.session.commit()
    assert stored(attempt, question).response == 0


def test_the_autosave_takes_the_number_and_the_page_shows_it(client, attempt):
    take_url = f"/quiz/attempts/{attempt.id}"
    question = single_question(attempt)
    token = csrf_token_from(client.get(take_url).get_data(as_text=True))
    for seq, response in ((175000000000001, "1"), (175000000000000, "0")):
        reply = client.post(f"{take_url}/answers", headers={"X-CSRFToken": token},
                            json={"question_id": question, "response": response, "seq": seq})
        assert reply.status_code == 200 and reply.get_json()["saved"] is True
    assert stored(attempt, question).response == 1
    html = client.get(take_url).get_data(as_text=True)
    assert f'data-question="{question}" data-type="single" data-seq="175000000000001"' in html


@pytest.mark.parametrize("seq", ["12", -1, 0, 1.5, True, 2**62])
def test_a_number_that_is_not_a_phone_sequence_is_refused_with_a_message(client, attempt, seq):
    take_url = f"/quiz/attempts/{attempt.id}"
    token = csrf_token_from(client.get(take_url).get_data(as_text=True))
    reply = client.post(f"{take_url}/answers", headers={"X-CSRFToken": token},
                        json={"question_id": single_question(attempt), "response": "1",
                              "seq": seq})
    assert reply.status_code == 400
    assert reply.get_json() == {"saved": False,
                                "message": "Số thứ tự của câu trả lời không hợp lệ."}
    assert stored(attempt, single_question(attempt)) is None


def test_a_submission_sent_twice_by_the_queue_grades_once(client, attempt):
    take_url = f"/quiz/attempts/{attempt.id}"
    first = post_form(client, take_url, {"action": "submit", "confirm_blanks": "1"})
    second = post_form(client, take_url, {"action": "submit", "confirm_blanks": "1"},
                       form_url=f"/courses/{attempt.course.slug}/quiz")
    assert first.headers["Location"] == second.headers["Location"] == f"{take_url}/result"
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt.id).result is not None
