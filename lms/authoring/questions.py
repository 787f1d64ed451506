"""Writes on a course's question bank and quiz settings from the trainer's web editor.

Questions are never deleted: attempts keep a copy of what they showed, and archiving keeps
the bank's history readable."""

from sqlalchemy import func, select

from lms.catalog.course_files.format import QuestionSource, question_problems
from lms.catalog.models import Question, QuizSettings
from lms.catalog.queries import get_quiz_settings
from lms.core.errors import DomainError
from lms.core.text import fold_vietnamese
from lms.extensions import db

# A true/false question's options, as the course files write them ("- [x] Đúng"): the
# course content is Vietnamese whatever language the editor is shown in.
TRUE_FALSE_OPTIONS = ("Đúng", "Sai")

# The editor's field (a key of save_question's data) each question_problems key concerns.
PROBLEM_FIELDS = {None: "text", "Type": "type", "Explanation": "explanation",
                  "Answers": "answers", "Options": "options"}


class QuestionRejected(DomainError):
    """The question is not valid; `problems` is [(data key, message)], the first one the
    error's message and field."""

    def __init__(self, problems):
        field, message = problems[0]
        super().__init__(message, field)
        self.problems = problems


def true_false_answer(options):
    """True when a true/false question's right option is Đúng, False when it is Sai, None
    when its options are something else (typed by hand before the editor offered them)."""
    right = [option["text"] for option in options if option["correct"]]
    if len(right) != 1:
        return None
    return {"dung": True, "sai": False}.get(fold_vietnamese(right[0]).strip().lower())


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


def _checked_source(data):
    """(QuestionSource, [(data key, message)]) of the editor's data."""
    source = _source(data)
    if source.type == "short":
        source.options = []
    else:
        source.answers = []
    return source, [(PROBLEM_FIELDS[key], message) for key, message in question_problems(source)]


def check_question(data):
    """What is wrong with the editor's data, as [(data key, message)]; empty when valid."""
    return _checked_source(data)[1]


def save_question(course, data, question=None):
    """Create (question=None) or update a question from the editor's data:
    {type, text, explanation, options: [(text, correct)], answers: [str], points, settings}."""
    source, problems = _checked_source(data)
    if problems:
        raise QuestionRejected(problems)
    if question is None:
        last = db.session.scalar(select(func.max(Question.position))
                                 .where(Question.course_id == course.id)) or 0
        question = Question(course_id=course.id, position=last + 1)
        db.session.add(question)
    _apply(question, source)
    db.session.flush()  # the caller gets a new question's id
    return question


def archive_question(question):
    """Take a question out of the bank; attempts that showed it keep their copy."""
    question.is_archived = True
    return question


def save_quiz_settings(course, values):
    """Store the quiz settings of a course (a dict of QuizSettings fields)."""
    settings = get_quiz_settings(course.id)
    if settings is None:
        settings = QuizSettings(course_id=course.id)
        db.session.add(settings)
    for key, value in values.items():
        setattr(settings, key, value)
    return settings
