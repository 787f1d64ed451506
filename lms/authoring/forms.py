"""Trainers' forms: a course's details, a lesson, a media upload, an image for a lesson, a
live preview."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from lms.catalog.course_files.format import SLUG_RE
from lms.catalog.models import TRACK_LABELS
from lms.core.forms import DecimalCommaField, WholeNumberField, select_choices

SLUG_MESSAGE = _l("Use only lower-case letters a-z, digits and hyphens, e.g. an-toan-tren-mang.")
# What the file picker offers; the type is then checked by content, never by this list.
IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp"
# Practice files by their endings too: phones often know no type for .xlsx or .csv.
MEDIA_ACCEPT = f"{IMAGE_ACCEPT},application/pdf,.xlsx,.docx,.csv"


class RequiredMark:
    """Flags a field as required (its `required` attribute, the editor's "*") whose check is
    made elsewhere: by FileRequired, which sets no flag, or by the question bank's rules."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        pass


def _slug_field():
    return StringField(_l("Address (slug)"), validators=[
        Optional(), Length(max=80), Regexp(SLUG_RE, message=SLUG_MESSAGE)])


class CourseForm(FlaskForm):
    title = StringField(_l("Course title"), validators=[
        DataRequired(_l("Enter the course title.")), Length(max=200)])
    slug = _slug_field()
    track = SelectField(_l("Track"), choices=select_choices(TRACK_LABELS))
    hours = DecimalCommaField(_l("Training hours"), places=1, default=1, validators=[
        InputRequired(_l("Enter the training hours.")),
        NumberRange(0.5, 200, _l("Enter a number of hours between 0,5 and 200."))])
    pass_mark = WholeNumberField(_l("Pass mark (%)"), default=70, validators=[
        InputRequired(_l("Enter the pass mark.")),
        NumberRange(0, 100, _l("Enter a whole number from 0 to 100."))])
    audience = StringField(_l("Who the course is for"), validators=[Optional(), Length(max=300)])
    summary = TextAreaField(_l("Summary (Markdown)"), render_kw={"rows": 6})


class LessonForm(FlaskForm):
    title = StringField(_l("Lesson title"), validators=[
        DataRequired(_l("Enter the lesson title.")), Length(max=200)])
    slug = _slug_field()
    body = TextAreaField(_l("Lesson text (Markdown)"), render_kw={"rows": 18, "class": "markdown"})
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save"))


class PreviewForm(FlaskForm):
    """The lesson text posted by static/js/preview.js; its CSRF token comes from the page."""

    body = TextAreaField()


class MediaForm(FlaskForm):
    file = FileField(_l("Image (PNG, JPEG, GIF, WEBP), PDF or practice file (Excel, Word, CSV)"),
                     validators=[RequiredMark(), FileRequired(_l("Choose a file to upload."))],
                     render_kw={"accept": MEDIA_ACCEPT})


class ScormLessonForm(FlaskForm):
    """A SCORM 1.2 package (a .zip) to add as a lesson; on the course page beside the course's
    own form, so its fields are prefixed ("scorm-title")."""

    title = StringField(_l("Lesson title"), validators=[Optional(), Length(max=200)])
    package = FileField(_l("SCORM 1.2 package (.zip)"),
                        validators=[RequiredMark(), FileRequired(_l("Choose a file to upload."))],
                        render_kw={"accept": ".zip,application/zip"})
    score_is_quiz = BooleanField(_l("The package's score stands for the course quiz"))


class LessonImageForm(FlaskForm):
    """An image to insert in a lesson: its description first (the alt text), then the file.

    Its fields sit inside the lesson form, so they are named to stay clear of the lesson's."""

    image_alt = StringField(_l("Description of the image"), validators=[
        DataRequired(_l("Describe the image first: what it shows, for learners who cannot "
                        "see it.")), Length(max=300)])
    image_file = FileField(_l("Image (PNG, JPEG, GIF, WEBP)"),
                           validators=[RequiredMark(),
                                       FileRequired(_l("Choose an image to upload."))],
                           render_kw={"accept": IMAGE_ACCEPT})
