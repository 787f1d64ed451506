"""The editor's pages for a course's question bank and quiz settings."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from lms.auth.decorators import trainer_required
from lms.authoring import bp, questions
from lms.authoring.access import authored_course_or_404
from lms.authoring.queries import get_course_question
from lms.authoring.question_forms import QUESTION_TYPE_LABELS, QuestionForm, QuizSettingsForm
from lms.catalog.queries import get_questions
from lms.core.http import or_404
from lms.core.use_case import run
from lms.quizzes.queries import get_settings


def _bank_url(course):
    return url_for("authoring.edit_bank", course_id=course.id)


@bp.route("/courses/<int:course_id>/quiz", methods=["GET", "POST"])
@trainer_required
def edit_bank(course_id):
    course = authored_course_or_404(course_id)
    form = QuizSettingsForm(obj=get_settings(course.id))
    if form.validate_on_submit():
        ok, _settings = run(lambda: questions.save_quiz_settings(course, form.values()), form)
        if ok:
            flash(_("Quiz settings saved."), "success")
            return redirect(_bank_url(course))
    return render_template("authoring/bank.html", course=course, form=form,
                           questions=get_questions(course.id), type_labels=QUESTION_TYPE_LABELS)


@bp.route("/courses/<int:course_id>/questions/new", methods=["GET", "POST"],
          defaults={"question_id": None})
@bp.route("/courses/<int:course_id>/questions/<int:question_id>",
          methods=["GET", "POST"])
@trainer_required
def edit_question(course_id, question_id):
    course = authored_course_or_404(course_id)
    question = or_404(get_course_question(course, question_id)) if question_id else None
    form = QuestionForm()
    if question is not None and not form.is_submitted():
        form.fill_from(question)
    # The form checks the bank's rules too, so every problem shows beside its field.
    if form.validate_on_submit():
        ok, _saved = run(lambda: questions.save_question(course, form.data_for_service(),
                                                         question), form)
        if ok:
            flash(_("Question saved."), "success")
            return redirect(_bank_url(course))
    return render_template("authoring/question_form.html", course=course, form=form,
                           question=question)


@bp.route("/courses/<int:course_id>/questions/<int:question_id>/archive",
          methods=["POST"])
@trainer_required
def archive_question(course_id, question_id):
    course = authored_course_or_404(course_id)
    question = or_404(get_course_question(course, question_id))
    ok, _archived = run(lambda: questions.archive_question(question))
    if ok:
        flash(_("Question removed from the quiz."), "success")
    return redirect(_bank_url(course))
