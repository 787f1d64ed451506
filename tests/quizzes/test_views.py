"""The quiz pages: nothing a learner's browser receives before submission reveals the
right answers; answers saved one by one; one result however often she submits."""

import re

import pytest
from sqlalchemy import func, select

from lms.catalog.models import Question
from lms.extensions import db
from lms.quizzes.models import AttemptResult, QuizAttempt
from tests.conftest import count_statements, csrf_token_from, login, post_form
from tests.factories import enroll, make_cadre, make_user
from tests.quizzes.helpers import BANK, make_quiz_course, right_answers


@pytest.fixture
def course(learner):
    course = make_quiz_course(review_mode="after_submit")
    enroll(learner, course)
    return course


def start(client, course):
    response = post_form(client, f"/courses/{course.slug}/quiz/start", {},
                         form_url=f"/courses/{course.slug}/quiz")
    assert response.status_code == 302
    return db.session.scalar(select(QuizAttempt).order_by(QuizAttempt.id.desc()))


def secrets_of_the_bank():
    """Strings that would give the answers away: explanations, accepted short answers."""
    found = []
    for _kind, _text, _options, answers, _extra in BANK:
        found += answers
    found += [f"Giải thích câu {n}" for n in range(1, len(BANK) + 1)]
    return found


def test_nothing_reachable_during_an_attempt_reveals_the_answers(client, course):
    attempt = start(client, course)
    take_url = f"/quiz/attempts/{attempt.id}"
    scripts = []
    for url in ("/static/js/quiz.js", "/static/js/offline.js"):
        with client.get(url) as script:  # closes the static file it streams
            scripts.append(script.get_data(as_text=True))
    # What a phone keeps to take the quiz offline holds no more than the pages do.
    pages = [client.get(f"/courses/{course.slug}/quiz"), client.get(take_url),
             client.get("/sw.js"), client.get(f"/courses/{course.slug}/offline.json")]
    token = csrf_token_from(pages[1].get_data(as_text=True))
    pages.append(client.post(f"{take_url}/answers", json={
        "question_id": attempt.question_ids[0], "response": "0"},
        headers={"X-CSRFToken": token}))
    pages.append(client.get(f"{take_url}/result", follow_redirects=True))
    bodies = list(scripts)
    for page in pages:
        assert page.status_code == 200
        bodies.append(page.get_data(as_text=True))
    for body in bodies:
        assert '"correct"' not in body
        for secret in secrets_of_the_bank():
            assert secret not in body, secret
    html = pages[1].get_data(as_text=True)
    # Options carry only their index: no data attribute or class tells right from wrong.
    for tag in re.findall(r"<input[^>]*>", html):
        assert re.fullmatch(r'<input (type="(radio|checkbox|text|hidden)"|id="[^"]*"|'
                            r'name="[^"]*"|value="[^"]*"|checked|autocomplete="off"|'
                            r'maxlength="500"|\s)+>', tag), tag


def test_answers_are_saved_one_by_one_and_shown_after_reload(client, course):
    attempt = start(client, course)
    take_url = f"/quiz/attempts/{attempt.id}"
    token = csrf_token_from(client.get(take_url).get_data(as_text=True))
    short = next(q for q in attempt.question_ids
                 if attempt.snapshots[str(q)]["type"] == "short")
    reply = client.post(f"{take_url}/answers", json={"question_id": short,
                                                     "response": "countif"},
                        headers={"X-CSRFToken": token})
    assert reply.get_json()["saved"] is True
    assert 'value="countif"' in client.get(take_url).get_data(as_text=True)


def test_autosave_without_csrf_token_is_refused(client, course):
    attempt = start(client, course)
    reply = client.post(f"/quiz/attempts/{attempt.id}/answers",
                        json={"question_id": attempt.question_ids[0], "response": "0"})
    assert reply.status_code == 400


def test_double_submit_gives_one_result_and_the_review(client, course):
    attempt = start(client, course)
    answers = {f"q{qid}": raw for qid, raw in right_answers(attempt).items()}
    take_url = f"/quiz/attempts/{attempt.id}"
    first = post_form(client, take_url, {**answers, "action": "submit"})
    second = post_form(client, take_url, {"action": "submit"},
                       form_url=f"/courses/{course.slug}/quiz")
    assert first.headers["Location"] == second.headers["Location"] == f"{take_url}/result"
    assert db.session.scalar(select(func.count()).select_from(AttemptResult)) == 1
    review = client.get(f"{take_url}/result").get_data(as_text=True)
    assert "100,0\u00a0%" in review and "Giải thích câu 1" in review


def test_another_learner_cannot_open_or_answer_an_attempt(client, course, org):
    attempt = start(client, course)
    other = make_cadre(org.branch_a1)
    make_user("khac", cadre=other)
    client.post("/logout", data={"csrf_token": csrf_token_from(
        client.get("/").get_data(as_text=True))})
    login(client, "khac")
    assert client.get(f"/quiz/attempts/{attempt.id}").status_code == 404
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    reply = client.post(f"/quiz/attempts/{attempt.id}/answers",
                        json={"question_id": attempt.question_ids[0], "response": "0"},
                        headers={"X-CSRFToken": token})
    assert reply.status_code == 404


def test_quiz_needs_enrollment(client, learner):
    course = make_quiz_course(slug="chua-ghi-danh")
    response = client.get(f"/courses/{course.slug}/quiz")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/{course.slug}")


def test_score_only_review_shows_no_answers(client, learner):
    course = make_quiz_course(slug="chi-diem", review_mode="score_only")
    enroll(learner, course)
    attempt = start(client, course)
    post_form(client, f"/quiz/attempts/{attempt.id}", {"action": "submit", "confirm_blanks": "1"})
    page = client.get(f"/quiz/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "0,0\u00a0%" in page and "Giải thích câu 1" not in page


def test_an_attempt_closed_without_a_grade_is_graded_when_she_opens_it(client, course):
    attempt = start(client, course)  # closed as the migration closes duplicate open attempts
    attempt.submitted_at = attempt.started_at
    db.session.commit()
    page = client.get(f"/courses/{course.slug}/quiz").get_data(as_text=True)
    result_url = f"/quiz/attempts/{attempt.id}/result"
    assert f'<a href="{result_url}">Xem kết quả của bạn</a>' in page
    result = client.get(result_url, follow_redirects=True)
    assert result.request.path == result_url and "0,0\u00a0%" in result.get_data(as_text=True)
    assert db.session.get(AttemptResult, attempt.id).graded_at is not None


def _statements_of_taking(client, learner, slug, extra_questions):
    """Statements of the quiz page and of its review, every question answered."""
    course = make_quiz_course(slug=slug, review_mode="after_submit")
    for position in range(len(BANK) + 1, len(BANK) + 1 + extra_questions):
        db.session.add(Question(course_id=course.id, position=position, type="truefalse",
                                text=f"Câu thêm {position}", explanation="Vì sao.", points=1,
                                options=[{"text": "Đúng", "correct": True},
                                         {"text": "Sai", "correct": False}]))
    db.session.commit()
    enroll(learner, course)
    attempt = start(client, course)
    take_url = f"/quiz/attempts/{attempt.id}"
    answers = {f"q{qid}": raw for qid, raw in right_answers(attempt).items()}
    post_form(client, take_url, {**answers, "action": "save"})
    with count_statements() as taking:
        assert client.get(take_url).status_code == 200
    post_form(client, take_url, {"action": "submit"})
    with count_statements() as review:
        assert "Câu" in client.get(f"{take_url}/result").get_data(as_text=True)
    return len(attempt.question_ids), len(taking), len(review)


def test_the_quiz_page_and_its_review_run_the_same_statements_for_any_number_of_questions(
        client, learner):
    few = _statements_of_taking(client, learner, "it-cau", 0)
    many = _statements_of_taking(client, learner, "nhieu-cau", 12)
    assert (few[0], many[0]) == (len(BANK), len(BANK) + 12)
    # 4 questions or 16, the same statements: nothing runs once per question.
    assert few[1:] == many[1:]
