"""The question editor: true/false questions with ready Đúng/Sai options, and the required
fields of every authoring form marked (visibly, `required`, aria-required) with a note."""

import re

import pytest
from sqlalchemy import select

from lms.authoring.questions import true_false_answer
from lms.catalog.models import Question
from lms.extensions import db
from tests.authoring.test_questions import question_form
from tests.conftest import login, post_form
from tests.factories import make_user
from tests.quizzes.helpers import make_quiz_course

NOTE = "Các mục có dấu * là bắt buộc."


@pytest.fixture
def course(client, app_ctx):
    trainer = make_user("gv", "trainer")
    login(client, "gv")
    course = make_quiz_course()
    course.owner_id = trainer.id
    db.session.commit()
    return course


def added(text="Câu hỏi mới?"):
    return db.session.scalar(select(Question).where(Question.text == text))


@pytest.mark.parametrize(("answer", "options"), [
    ("true", [{"text": "Đúng", "correct": True}, {"text": "Sai", "correct": False}]),
    ("false", [{"text": "Đúng", "correct": False}, {"text": "Sai", "correct": True}]),
])
def test_a_true_false_question_takes_dung_and_sai_ready_made(client, course, answer,
                                                             options):
    url = f"/author/courses/{course.id}/questions/new"
    # Whatever the option rows hold, a true/false question gets the two ready options.
    response = post_form(client, url, question_form(type="truefalse", truefalse_answer=answer,
                                                    **{"options-0-text": "gõ nhầm"}))
    assert response.status_code == 302
    assert added().options == options


def test_a_true_false_question_needs_its_right_answer_chosen(client, course):
    url = f"/author/courses/{course.id}/questions/new"
    response = post_form(client, url, question_form(type="truefalse"))
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="error" id="truefalse_answer-error">Hãy chọn nhận định này '
                     r"Đúng hay Sai.</p>", html)
    # Not the choice questions' message about ticking options.
    assert "Phải đánh dấu đúng một phương án đúng." not in html
    assert added() is None


def test_a_stored_true_false_question_opens_with_its_answer_chosen(client, course):
    question = db.session.scalar(select(Question).where(Question.type == "truefalse",
                                                        Question.course_id == course.id))
    html = client.get(f"/author/courses/{course.id}/questions/{question.id}").get_data(
        as_text=True)
    # helpers.BANK: "Sai" is the right option.
    assert re.search(r'<input[^>]*checked[^>]*value="false"|<input[^>]*value="false"[^>]*checked',
                     html)
    assert not re.search(r'<input[^>]*value="true"[^>]*checked', html)
    labels = re.findall(r'<label class="check"><input[^>]*name="truefalse_answer"[^>]*> (\w+)',
                        html)
    assert labels == ["Đúng", "Sai"]
    response = post_form(client, f"/author/courses/{course.id}/questions/{question.id}",
                         question_form(type="truefalse", text=question.text,
                                       truefalse_answer="true"))
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.options == [{"text": "Đúng", "correct": True},
                                {"text": "Sai", "correct": False}]


@pytest.mark.parametrize(("options", "answer"), [
    ([{"text": "Đúng", "correct": True}, {"text": "Sai", "correct": False}], True),
    ([{"text": "ĐÚNG ", "correct": False}, {"text": "sai", "correct": True}], False),
    ([{"text": "Có", "correct": True}, {"text": "Không", "correct": False}], None),
    ([{"text": "Đúng", "correct": True}, {"text": "Sai", "correct": True}], None),
])
def test_the_right_answer_of_a_stored_true_false_question(options, answer):
    assert true_false_answer(options) is answer


def required_inputs(html):
    """Names of the inputs marked required, both ways."""
    return {name for tag, name in re.findall(r'(<(?:input|textarea)[^>]*name="([^"]+)"[^>]*>)',
                                             html)
            if " required" in tag and 'aria-required="true"' in tag}


def marked_labels(html):
    return re.findall(r'<label for="([^"]+)">[^<]*<span class="required-mark" '
                      r'aria-hidden="true">\*</span></label>', html)


def test_the_question_editor_marks_its_required_fields(client, course):
    html = client.get(f"/author/courses/{course.id}/questions/new").get_data(as_text=True)
    assert NOTE in html
    assert marked_labels(html) == ["text", "explanation"]
    assert {"text", "explanation"} <= required_inputs(html)
    assert "points" not in required_inputs(html)
    # The radio group carries aria-required; each of its radios `required`.
    assert re.search(r'<fieldset class="truefalse"[^>]*role="radiogroup" aria-required="true"',
                     html)
    radios = re.findall(r'<input[^>]*name="truefalse_answer"[^>]*>', html)
    assert len(radios) == 2 and all(" required" in radio for radio in radios)


def test_the_course_and_lesson_forms_mark_their_required_fields(client, course):
    for url, fields in [
        ("/author/courses/new", ["title", "hours", "pass_mark"]),
        (f"/author/courses/{course.id}", ["scorm-package", "file", "title", "hours",
                                          "pass_mark"]),
        (f"/author/courses/{course.id}/lessons/new", ["title", "image_alt", "image_file"]),
    ]:
        html = client.get(url).get_data(as_text=True)
        assert NOTE in html, url
        assert marked_labels(html) == fields, url
        assert required_inputs(html) >= set(fields), url
        assert "slug" not in required_inputs(html), url
