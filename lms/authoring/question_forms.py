"""The editor's forms for a question and a course's quiz settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from lms.authoring.forms import RequiredMark
from lms.authoring.question_import import EXTENSIONS
from lms.authoring.questions import TRUE_FALSE_OPTIONS, check_question, true_false_answer
from lms.core.forms import WholeNumberField, select_choices

QUESTION_TYPE_LABELS = {
    "single": _l("One right answer"),
    "multiple": _l("Several right answers"),
    "truefalse": _l("True / false"),
    "short": _l("Short typed answer"),
}
OPTION_ROWS = 6
# The two ready options of a true/false question, stored as TRUE_FALSE_OPTIONS.
TRUE_FALSE_CHOICES = {"true": _l("True"), "false": _l("False")}


class OptionForm(Form):
    text = StringField(_l("Option"))
    correct = BooleanField(_l("Right answer"))


class QuestionForm(FlaskForm):
    type = SelectField(_l("Question type"), choices=select_choices(QUESTION_TYPE_LABELS))
    text = TextAreaField(_l("Question"), validators=[DataRequired(_l("Write the question."))])
    options = FieldList(FormField(OptionForm), min_entries=OPTION_ROWS, max_entries=OPTION_ROWS)
    # Checked in validate(), and only for true/false questions.
    truefalse_answer = RadioField(_l("The statement is"),
                                  choices=select_choices(TRUE_FALSE_CHOICES),
                                  validate_choice=False)
    answers = TextAreaField(_l("Accepted answers (one per line)"))
    ignore_diacritics = BooleanField(_l("Accept answers typed without accents"))
    exact_case = BooleanField(_l("Upper and lower case must match"))
    partial = BooleanField(_l("Partial credit (for several right answers)"))
    # Required by the bank's rules (question_problems); the mark shows it before saving.
    explanation = TextAreaField(_l("Explanation of the right answer"),
                                validators=[RequiredMark()])
    points = WholeNumberField(_l("Points"), default=1, validators=[
        NumberRange(1, 100, _l("Points are a whole number from 1 to 100."))])

    def validate(self, extra_validators=None):
        """The fields' own checks, then the bank's rules, every problem beside its field."""
        if not super().validate(extra_validators):
            return False
        problems = check_question(self.data_for_service())
        if self.type.data == "truefalse" and self.truefalse_answer.data not in TRUE_FALSE_CHOICES:
            # Its options are ready-made: what is missing is the choice of the right one.
            problems = [(field, message) for field, message in problems if field != "options"]
            problems.append(("truefalse_answer",
                             _l("Choose whether the statement is true or false.")))
        for field, message in problems:
            getattr(self, field).errors.append(str(message))
        return not problems

    def data_for_service(self):
        """The editor's fields in the shape questions.save_question takes."""
        settings = {}
        if self.type.data == "multiple" and self.partial.data:
            settings["scoring"] = "partial"
        if self.type.data == "short":
            settings["ignore_case"] = not self.exact_case.data
            settings["ignore_diacritics"] = bool(self.ignore_diacritics.data)
        if self.type.data == "truefalse":
            options = [(text, self.truefalse_answer.data == value)
                       for text, value in zip(TRUE_FALSE_OPTIONS, TRUE_FALSE_CHOICES, strict=True)]
        else:
            options = [(row.text.data or "", bool(row.correct.data)) for row in self.options]
        return {"type": self.type.data, "text": self.text.data or "",
                "explanation": self.explanation.data or "", "options": options,
                "answers": (self.answers.data or "").splitlines(),
                "points": self.points.data or 1, "settings": settings}

    def fill_from(self, question):
        """Load a stored question into the editor."""
        self.type.data, self.text.data = question.type, question.text
        self.explanation.data, self.points.data = question.explanation, question.points
        self.answers.data = "\n".join(question.answers or [])
        if question.type == "truefalse":
            right = true_false_answer(question.options or [])
            self.truefalse_answer.data = None if right is None else ("true" if right else "false")
            return
        for row, option in zip(self.options, question.options or [], strict=False):
            row.text.data, row.correct.data = option["text"], option["correct"]
        settings = question.settings or {}
        self.partial.data = settings.get("scoring") == "partial"
        self.exact_case.data = settings.get("ignore_case") is False
        self.ignore_diacritics.data = bool(settings.get("ignore_diacritics"))


class QuizSettingsForm(FlaskForm):
    questions_per_attempt = WholeNumberField(_l("Questions per attempt (0: all)"), default=0,
                                         validators=[Optional(), NumberRange(0, 500)])
    shuffle_questions = BooleanField(_l("Shuffle the questions"))
    shuffle_options = BooleanField(_l("Shuffle the options"))
    max_attempts = WholeNumberField(_l("Attempts allowed (0: unlimited)"), default=0,
                                validators=[Optional(), NumberRange(0, 100)])
    time_limit_minutes = WholeNumberField(_l("Time limit in minutes (0: none)"), default=0,
                                      validators=[Optional(), NumberRange(0, 600)])
    counting_rule = SelectField(_l("Which attempt counts"), choices=select_choices([
        ("highest", _l("The highest score")), ("last", _l("The last attempt"))]))
    review_mode = SelectField(_l("After submitting, learners see"), choices=select_choices([
        ("after_submit", _l("Their score, the right answers and explanations")),
        ("after_pass", _l("The right answers only once they have passed")),
        ("score_only", _l("Only their score"))]))

    def values(self):
        return {name: getattr(self, name).data or (0 if name in (
            "questions_per_attempt", "max_attempts", "time_limit_minutes") else False)
                for name in ("questions_per_attempt", "shuffle_questions", "shuffle_options",
                             "max_attempts", "time_limit_minutes")} | {
            "counting_rule": self.counting_rule.data, "review_mode": self.review_mode.data}


class QuestionImportForm(FlaskForm):
    file = FileField(_l("File of questions (Excel, Word, .txt or .gift)"), validators=[
        FileRequired(_l("Choose a file to import.")),
        FileAllowed(list(EXTENSIONS), _l(
            "Only .xlsx, .ods, .docx, .txt and .gift files can be imported. An old Word "
            ".doc file: open it in Word and save it as a Word Document (.docx)."))])


class ConfirmImportForm(FlaskForm):
    """The confirmation of a preview: the token names the upload kept on the server."""

    token = HiddenField(validators=[DataRequired()])
