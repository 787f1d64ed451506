"""Writes on a course's question bank and quiz settings from the trainer's web editor.

Questions are never deleted: attempts keep a copy of what they showed, and archiving keeps
the bank's history readable."""

from sqlalchemy import func, select

from lms.catalog.course_files.format import QuestionSource, question_problems
from lms.catalog.models import Question, QuizSettings
from lms.extensions import db


class QuestionRejected(Exception):
    """The question is not valid; `problems` is [(field key, message)] as question_problems."""

    def __init__(self, problems):
        super().__init__("invalid question")
        self.problems = problems


def _source(data):
    return QuestionSource(position=0, type=data["type"], text=data["text"].strip(),
                          explanation=data["explanation"].strip(),
                          options=[(text.strip(), correct) for text, correct in data["options"]
                                   if text.strip()],
                          answers=[a.strip() for a in data["answers"] if a.strip()],
                          points=data["points"], settings=data["settings"])


def _apply(question, source):
    question.type, question.text = source.type, source.text
    question.explanation, question.points = source.explanation, source.points
    question.options = [{"text": text, "correct": correct} for text, correct in source.options]
    question.answers = source.answers
    question.settings = source.settings


def save_question(course, data, question=None):
    """Create (question=None) or update a question from the editor's data:
    {type, text, explanation, options: [(text, correct)], answers: [str], points, settings}."""
    source = _source(data)
    if source.type == "short":
        source.options = []
    else:
        source.answers = []
    problems = question_problems(source)
    if problems:
        raise QuestionRejected(problems)
    if question is None:
        last = db.session.scalar(select(func.max(Question.position))
                                 .where(Question.course_id == course.id)) or 0
        question = Question(course_id=course.id, position=last + 1)
        db.session.add(question)
    _apply(question, source)
    db.session.commit()
    return question


def archive_question(question):
    """Take a question out of the bank; attempts that showed it keep their copy."""
    question.is_archived = True
    db.session.commit()


def save_quiz_settings(course, values):
    """Store the quiz settings of a course (a dict of QuizSettings fields)."""
    settings = db.session.scalar(select(QuizSettings).where(QuizSettings.course_id == course.id))
    if settings is None:
        settings = QuizSettings(course_id=course.id)
        db.session.add(settings)
    for key, value in values.items():
        setattr(settings, key, value)
    db.session.commit()
    return settings
