"""The editor's pages for a course's question bank and quiz settings."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from lms.auth.decorators import trainer_required
from lms.authoring import bp, questions
from lms.authoring.access import authored_course_or_404
from lms.authoring.question_forms import QUESTION_TYPE_LABELS, QuestionForm, QuizSettingsForm
from lms.catalog.models import Question
from lms.catalog.queries import get_questions
from lms.extensions import db
from lms.quizzes.queries import get_settings

# Where question_problems' keys are shown in the editor.
PROBLEM_FIELDS = {None: "text", "Type": "type", "Explanation": "explanation",
                  "Answers": "answers", "Options": "options"}


def _question_or_404(course, question_id):
    question = db.session.get(Question, question_id)
    if question is None or question.course_id != course.id or question.is_archived:
        abort(404)
    return question


@bp.route("/courses/<int:course_id>/quiz", methods=["GET", "POST"])
@trainer_required
def edit_bank(course_id):
    course = authored_course_or_404(course_id)
    form = QuizSettingsForm(obj=get_settings(course.id))
    if form.validate_on_submit():
        questions.save_quiz_settings(course, form.values())
        flash(_("Quiz settings saved."), "success")
        return redirect(url_for("authoring.edit_bank", course_id=course.id))
    return render_template("authoring/bank.html", course=course, form=form,
                           questions=get_questions(course.id), type_labels=QUESTION_TYPE_LABELS)


@bp.route("/courses/<int:course_id>/questions/new", methods=["GET", "POST"],
          defaults={"question_id": None})
@bp.route("/courses/<int:course_id>/questions/<int:question_id>",
          methods=["GET", "POST"])
@trainer_required
def edit_question(course_id, question_id):
    course = authored_course_or_404(course_id)
    question = _question_or_404(course, question_id) if question_id else None
    form = QuestionForm()
    if question is not None and not form.is_submitted():
        form.fill_from(question)
    if form.validate_on_submit():
        try:
            questions.save_question(course, form.data_for_service(), question)
        except questions.QuestionRejected as rejected:
            for key, message in rejected.problems:
                getattr(form, PROBLEM_FIELDS[key]).errors.append(str(message))
        else:
            flash(_("Question saved."), "success")
            return redirect(url_for("authoring.edit_bank", course_id=course.id))
    return render_template("authoring/question_form.html", course=course, form=form,
                           question=question)


@bp.route("/courses/<int:course_id>/questions/<int:question_id>/archive",
          methods=["POST"])
@trainer_required
def archive_question(course_id, question_id):
    course = authored_course_or_404(course_id)
    questions.archive_question(_question_or_404(course, question_id))
    flash(_("Question removed from the quiz."), "success")
    return redirect(url_for("authoring.edit_bank", course_id=course.id))
