"""Submitting with questions left blank asks once, on the plain form too, and never loses an
answer: the answers given are saved while she decides, and a second submit grades them."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.quizzes.models import AttemptAnswer, AttemptResult, QuizAttempt
from lms.quizzes.rules import unanswered_numbers
from tests.conftest import login, post_form
from tests.factories import enroll, make_cadre, make_user
from tests.quizzes.helpers import make_quiz_course, right_answers


@pytest.fixture
def attempt(client, org):
    cadre = make_cadre(org.branch_a1, full_name="Lê Thị Học")
    make_user("hoc", cadre=cadre)
    login(client, "hoc")
    course = make_quiz_course(review_mode="after_submit")
    enroll(cadre, course)
    response = post_form(client, f"/courses/{course.slug}/quiz/start", {},
                         form_url=f"/courses/{course.slug}/quiz")
    assert response.status_code == 302
    return db.session.scalar(select(QuizAttempt))


def results():
    return db.session.scalar(select(func.count()).select_from(AttemptResult))


def form_answers(attempt, numbers):
    """The plain form's fields answering (rightly) the questions shown as `numbers`."""
    right = right_answers(attempt)
    return {f"q{attempt.question_ids[n - 1]}": right[attempt.question_ids[n - 1]]
            for n in numbers}


def test_the_unanswered_numbers_count_empty_choices_as_blank():
    assert unanswered_numbers([7, 8, 9, 10], {7: 0, 8: [], 9: "", 11: 1}) == [2, 3, 4]
    assert unanswered_numbers([7], {7: [1]}) == []


def test_a_plain_submit_with_blanks_asks_first_and_keeps_the_answers(client, attempt):
    take_url = f"/quiz/attempts/{attempt.id}"
    response = post_form(client, take_url, {**form_answers(attempt, [2]), "action": "submit"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Còn 3 câu chưa trả lời. Vẫn nộp bài?" in html
    for n in (1, 3, 4):
        assert f'href="{take_url}#question-{n}"' in html
    assert f'href="{take_url}#question-2"' not in html
    assert 'name="confirm_blanks" value="1"' in html
    # Nothing graded yet, and the answer she gave is kept.
    assert results() == 0
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 1
    # Her way back shows it checked; the second submit grades it.
    again = client.get(take_url).get_data(as_text=True)
    assert "checked" in again
    graded = post_form(client, take_url, {"action": "submit", "confirm_blanks": "1"})
    assert graded.headers["Location"].endswith(f"{take_url}/result")
    result = db.session.get(AttemptResult, attempt.id)
    assert result.percent == 25.0


def test_answers_saved_as_she_went_count_as_given(client, attempt):
    take_url = f"/quiz/attempts/{attempt.id}"
    post_form(client, take_url, {**form_answers(attempt, [1, 2, 3]), "action": "save"})
    html = post_form(client, take_url, {**form_answers(attempt, [4]), "action": "submit"})
    assert html.status_code == 302  # every question answered: graded at once
    assert db.session.get(AttemptResult, attempt.id).percent == 100.0


def test_confirmed_in_the_page_or_out_of_time_it_submits_without_asking(client, attempt, org):
    take_url = f"/quiz/attempts/{attempt.id}"
    response = post_form(client, take_url, {"action": "submit", "confirm_blanks": "1"})
    assert response.headers["Location"].endswith(f"{take_url}/result")
    assert results() == 1

    # A timed attempt whose time is up is submitted as it is.
    other = make_quiz_course(slug="co-gio", time_limit_minutes=10)
    enroll(attempt.cadre, other)
    post_form(client, f"/courses/{other.slug}/quiz/start", {},
              form_url=f"/courses/{other.slug}/quiz")
    timed = db.session.scalar(select(QuizAttempt).where(QuizAttempt.course_id == other.id))
    form_url = f"/quiz/attempts/{timed.id}"
    token_page = client.get(form_url)
    assert token_page.status_code == 200
    timed.deadline_at = timed.started_at - timedelta(minutes=1)
    db.session.commit()
    late = post_form(client, form_url, {"action": "submit"}, form_url=f"/courses/{other.slug}/quiz")
    assert late.headers["Location"].endswith(f"{form_url}/result")
    assert results() == 2
