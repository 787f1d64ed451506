"""Trainers' question bank and results: own courses only, validation beside the fields,
item analysis and a CSV export whose cells cannot run as formulas."""

import csv
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from lms.authoring import questions
from lms.catalog.models import Question, QuizSettings
from lms.extensions import db
from lms.quizzes.services import save_answer, start_attempt, submit_attempt
from tests.conftest import login, post_form
from tests.factories import enroll, make_cadre, make_user
from tests.quizzes.helpers import make_quiz_course


@pytest.fixture
def trainer(client, org):
    user = make_user("gv", "trainer")
    login(client, "gv")
    return user


@pytest.fixture
def course(trainer):
    course = make_quiz_course()
    course.owner_id = trainer.id
    db.session.commit()
    return course


def question_form(**fields):
    data = {"type": "single", "text": "Câu hỏi mới?", "explanation": "Vì sao.", "points": "1"}
    for i in range(6):
        data[f"options-{i}-text"] = ""
    data.update(fields)
    return data


def test_trainer_adds_a_question_with_options(client, course):
    url = f"/author/courses/{course.id}/questions/new"
    response = post_form(client, url, question_form(**{
        "options-0-text": "Đúng là nó", "options-0-correct": "y", "options-1-text": "Không phải"}))
    assert response.status_code == 302
    added = db.session.scalar(select(Question).where(Question.text == "Câu hỏi mới?"))
    assert added.options == [{"text": "Đúng là nó", "correct": True},
                             {"text": "Không phải", "correct": False}]
    assert added.position == 5


def test_invalid_question_is_refused_beside_the_field(client, course):
    url = f"/author/courses/{course.id}/questions/new"
    response = post_form(client, url, question_form(**{
        "options-0-text": "A", "options-1-text": "B", "explanation": ""}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Phải đánh dấu đúng một phương án đúng." in html
    assert "Hãy viết lời giải thích cho đáp án đúng." in html
    assert db.session.scalar(select(Question).where(Question.text == "Câu hỏi mới?")) is None


def test_points_typed_with_a_comma_are_refused_not_read_as_15(client, course):
    url = f"/author/courses/{course.id}/questions/new"
    response = post_form(client, url, question_form(points="1,5", **{
        "options-0-text": "Đúng", "options-0-correct": "y", "options-1-text": "Sai"}))
    html = response.get_data(as_text=True)
    assert re.search(r'id="points-error">Hãy ghi một số nguyên, chỉ gồm chữ số.<', html)
    assert re.search(r'<input[^>]*inputmode="numeric"[^>]*name="points"[^>]*type="text"', html)
    assert db.session.scalar(select(Question).where(Question.text == "Câu hỏi mới?")) is None


def test_short_answer_settings_are_stored(client, course):
    url = f"/author/courses/{course.id}/questions/new"
    post_form(client, url, question_form(type="short", answers="Bình chọn\nbình chọn nhanh",
                                         ignore_diacritics="y"))
    added = db.session.scalar(select(Question).where(Question.text == "Câu hỏi mới?"))
    assert added.answers == ["Bình chọn", "bình chọn nhanh"] and added.options == []
    assert added.settings == {"ignore_case": True, "ignore_diacritics": True}


def test_quiz_settings_are_saved(client, course):
    response = post_form(client, f"/author/courses/{course.id}/quiz", {
        "questions_per_attempt": "3", "shuffle_options": "y", "max_attempts": "2",
        "time_limit_minutes": "15", "counting_rule": "last", "review_mode": "after_pass"})
    assert response.status_code == 302
    settings = db.session.scalar(select(QuizSettings).where(QuizSettings.course_id == course.id))
    assert (settings.questions_per_attempt, settings.shuffle_options, settings.shuffle_questions,
            settings.max_attempts, settings.time_limit_minutes, settings.counting_rule,
            settings.review_mode) == (3, True, False, 2, 15, "last", "after_pass")


def test_bank_writes_are_committed_by_the_caller_not_the_service(course):
    data = {"type": "single", "text": "Câu hỏi mới?", "explanation": "Vì sao.", "points": 1,
            "options": [("Đúng", True), ("Sai", False)], "answers": [], "settings": {}}
    questions.save_question(course, data)
    questions.archive_question(course.questions[0])
    questions.save_quiz_settings(course, {"max_attempts": 9})
    db.session.rollback()
    assert db.session.scalar(select(Question).where(Question.text == "Câu hỏi mới?")) is None
    assert course.questions[0].is_archived is False
    assert db.session.scalar(select(QuizSettings.max_attempts)) is None


def test_another_trainers_course_is_404_everywhere(client, course, org):
    other = make_user("gv2", "trainer")
    foreign = make_quiz_course(slug="cua-nguoi-khac")
    foreign.owner_id = other.id
    db.session.commit()
    question = foreign.questions[0]
    for url in (f"/author/courses/{foreign.id}/quiz",
                f"/author/courses/{foreign.id}/questions/new",
                f"/author/courses/{foreign.id}/questions/{question.id}",
                f"/author/courses/{foreign.id}/quiz/results",
                f"/author/courses/{foreign.id}/quiz/results.csv"):
        assert client.get(url).status_code == 404, url
    response = post_form(client, f"/author/courses/{foreign.id}/questions/{question.id}/archive",
                         {}, form_url=f"/author/courses/{course.id}/quiz")
    assert response.status_code == 404
    assert db.session.get(Question, question.id).is_archived is False


def test_results_show_item_analysis_and_escape_formulas_in_csv(client, course, org):
    learner = make_cadre(org.branch_a1, full_name="=HYPERLINK(\"http://x\")", code="+CB1")
    enroll(learner, course)
    attempt = start_attempt(learner, course)
    single = next(q for q in attempt.question_ids
                  if attempt.snapshots[str(q)]["type"] == "single")
    save_answer(attempt, single, "1")  # a wrong option
    submit_attempt(attempt)
    db.session.commit()
    html = client.get(f"/author/courses/{course.id}/quiz/results").get_data(as_text=True)
    assert "Tổng đài bảo vệ trẻ em là số nào?" in html
    rows = list(csv.reader(io.StringIO(
        client.get(f"/author/courses/{course.id}/quiz/results.csv").get_data(as_text=True)
        .lstrip("\ufeff"))))
    assert rows[1][0] == "'+CB1" and rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][6] == "0.0"


def test_the_csv_gives_times_in_vietnam_time_like_the_pages(client, course, org):
    learner = make_cadre(org.branch_a1)
    enroll(learner, course)
    # 23:50 UTC on 31 December is already 06:50 on New Year's Day in Hanoi.
    attempt = start_attempt(learner, course, now=datetime(2024, 12, 31, 23, 50))
    submit_attempt(attempt, now=datetime(2024, 12, 31, 23, 58))
    db.session.commit()
    rows = list(csv.reader(io.StringIO(
        client.get(f"/author/courses/{course.id}/quiz/results.csv").get_data(as_text=True)
        .lstrip("\ufeff"))))
    assert rows[1][4:6] == ["01/01/2025 06:50", "01/01/2025 06:58"]


def test_a_cadre_cannot_open_the_bank(app, course, org):
    make_user("hv", cadre=make_cadre(org.branch_a1))
    learner_client = app.test_client()
    login(learner_client, "hv")
    assert learner_client.get(f"/author/courses/{course.id}/quiz").status_code == 403
