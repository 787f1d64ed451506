"""Forms of the survey pages; the answer form is built from the survey's questions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from lms.core.forms import select_choices
from lms.feedback.models import QUESTION_KIND_LABELS, RATINGS
from lms.feedback.services import MAX_TEXT


class SettingsForm(FlaskForm):
    is_anonymous = BooleanField(_l("Anonymous: nobody can see who gave which answers"))
    is_required = BooleanField(_l("The learner answers before she downloads the certificate"))


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=select_choices(QUESTION_KIND_LABELS))
    text = StringField(_l("Question"), validators=[
        DataRequired(_l("Enter the question.")), Length(max=500)])


class EmptyForm(FlaskForm):
    """A button that posts: CSRF only."""


def answer_form(survey, formdata=None):
    """A form with one field per question, named q<id>: five radio buttons for a rating, a
    text box for an open question."""

    class AnswerForm(FlaskForm):
        pass

    for question in survey.questions:
        if question.kind == "rating":
            field = RadioField(question.text, coerce=int,
                               choices=select_choices((rating, str(rating)) for rating in RATINGS),
                               validators=[InputRequired(_l("Choose a rating from 1 to 5."))])
        else:
            field = TextAreaField(question.text, validators=[Length(max=MAX_TEXT)])
        setattr(AnswerForm, f"q{question.id}", field)
    return AnswerForm(formdata=formdata) if formdata is not None else AnswerForm()
