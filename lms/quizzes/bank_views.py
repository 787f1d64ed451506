"""Trainers' pages for a course's question bank and quiz settings."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from lms.catalog.authoring_views import authored_course_or_404
from lms.catalog.models import Question
from lms.core.permissions import roles_required
from lms.extensions import db
from lms.quizzes import quizzes_bp as bp
from lms.quizzes.bank import QuestionRejected, archive_question, save_question, save_quiz_settings
from lms.quizzes.bank_forms import QUESTION_TYPE_LABELS, QuestionForm, QuizSettingsForm
from lms.quizzes.queries import get_settings

trainer_required = roles_required("trainer", "admin")
# Where question_problems' keys are shown in the editor.
PROBLEM_FIELDS = {None: "text", "Type": "type", "Explanation": "explanation",
                  "Answers": "answers", "Options": "options"}



def _question_or_404(course, question_id):
    question = db.session.get(Question, question_id)
    if question is None or question.course_id != course.id or question.is_archived:
        abort(404)
    return question


@bp.route("/author/courses/<int:course_id>/quiz", methods=["GET", "POST"])
@trainer_required
def edit_bank(course_id):
    course = authored_course_or_404(course_id)
    form = QuizSettingsForm(obj=get_settings(course.id))
    if form.validate_on_submit():
        save_quiz_settings(course, form.values())
        flash(_("Quiz settings saved."), "success")
        return redirect(url_for("quizzes.edit_bank", course_id=course.id))
    questions = db.session.scalars(select(Question).where(
        Question.course_id == course.id, Question.is_archived.is_(False))
        .order_by(Question.position)).all()
    return render_template("quizzes/bank.html", course=course, form=form, questions=questions,
                           type_labels=QUESTION_TYPE_LABELS)


@bp.route("/author/courses/<int:course_id>/questions/new", methods=["GET", "POST"],
          defaults={"question_id": None})
@bp.route("/author/courses/<int:course_id>/questions/<int:question_id>",
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
            save_question(course, form.data_for_service(), question)
        except QuestionRejected as rejected:
            for key, message in rejected.problems:
                getattr(form, PROBLEM_FIELDS[key]).errors.append(str(message))
        else:
            flash(_("Question saved."), "success")
            return redirect(url_for("quizzes.edit_bank", course_id=course.id))
    return render_template("quizzes/question_form.html", course=course, form=form,
                           question=question)


@bp.route("/author/courses/<int:course_id>/questions/<int:question_id>/archive",
          methods=["POST"])
@trainer_required
def archive_question_view(course_id, question_id):
    course = authored_course_or_404(course_id)
    archive_question(_question_or_404(course, question_id))
    flash(_("Question removed from the quiz."), "success")
    return redirect(url_for("quizzes.edit_bank", course_id=course.id))
