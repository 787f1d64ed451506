"""Survey pages: the trainer or organizer attaches and edits one, the learner answers it on
her phone, the results and their export."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.auth.decorators import cadre_required
from lms.authoring.queries import may_edit_course
from lms.core.http import or_404, private_attachment
from lms.core.spreadsheets.writer import download_name, write_spreadsheet
from lms.core.urls import safe_next_path
from lms.core.use_case import run
from lms.feedback import feedback_bp as bp
from lms.feedback.forms import EmptyForm, QuestionForm, SettingsForm, answer_form
from lms.feedback.models import QUESTION_KIND_LABELS
from lms.feedback.queries import (
    EVERYONE,
    MIN_ANONYMOUS_GROUP,
    count_responses,
    get_course_survey,
    get_response_rows,
    get_results,
    get_session_survey,
    get_survey,
    has_answered,
    may_answer,
    may_manage,
    results_scope,
)
from lms.feedback.services import (
    add_question,
    create_survey,
    remove_question,
    update_settings,
)
from lms.feedback.services import submit_response as submit_answers
from lms.learning.queries import get_course
from lms.org.scope import scope_root_id
from lms.training.queries import get_session_in_scope


def _managed_or_404(survey_id):
    survey = get_survey(survey_id)
    if survey is None or not may_manage(current_user, survey):
        abort(404)
    return survey


def _subject(kind, subject_id):
    """(course, None) or (None, session) the user may attach a survey to; else 404."""
    if kind == "courses":
        course = or_404(get_course(subject_id))
        if not may_edit_course(current_user, course):
            abort(404)
        return course, None
    if not (current_user.has_role("organizer") or current_user.is_admin):
        abort(404)
    return None, or_404(get_session_in_scope(subject_id, scope_root_id(current_user)))


@bp.route("/<any(courses, sessions):kind>/<int:subject_id>/survey", methods=["GET", "POST"])
@login_required
def attach(kind, subject_id):
    course, session = _subject(kind, subject_id)
    survey = get_course_survey(course.id) if course else get_session_survey(session.id)
    if survey is not None:
        return redirect(url_for("feedback.edit", survey_id=survey.id))
    form = EmptyForm()
    if form.validate_on_submit():
        ok, survey = run(lambda: create_survey(course=course, session=session,
                                               actor=current_user))
        if ok:
            flash(_("Survey attached with the usual questions. Change them if you wish."),
                  "success")
            return redirect(url_for("feedback.edit", survey_id=survey.id))
    return render_template("feedback/attach.html", form=form, course=course, session=session)


@bp.route("/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
@login_required
def edit(survey_id):
    survey = _managed_or_404(survey_id)
    form = SettingsForm(obj=survey)
    if form.validate_on_submit():
        ok, _result = run(lambda: update_settings(survey, is_anonymous=form.is_anonymous.data,
                                                  is_required=form.is_required.data), form)
        if ok:
            flash(_("Survey saved."), "success")
            return redirect(url_for("feedback.edit", survey_id=survey.id))
    return render_template("feedback/edit.html", survey=survey, form=form,
                           question_form=QuestionForm(formdata=None), button=EmptyForm(),
                           responses=count_responses(survey.id), kinds=QUESTION_KIND_LABELS)


@bp.route("/surveys/<int:survey_id>/questions", methods=["POST"])
@login_required
def add(survey_id):
    survey = _managed_or_404(survey_id)
    form = QuestionForm()
    if form.validate_on_submit() and run(
            lambda: add_question(survey, form.kind.data, form.text.data), form)[0]:
        flash(_("Question added."), "success")
        return redirect(url_for("feedback.edit", survey_id=survey.id))
    return render_template("feedback/edit.html", survey=survey, form=SettingsForm(obj=survey),
                           question_form=form, button=EmptyForm(),
                           responses=count_responses(survey.id), kinds=QUESTION_KIND_LABELS)


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/remove", methods=["POST"])
@login_required
def remove(survey_id, question_id):
    survey = _managed_or_404(survey_id)
    if EmptyForm().validate_on_submit() and run(
            lambda: remove_question(survey, question_id))[0]:
        flash(_("Question removed."), "success")
    return redirect(url_for("feedback.edit", survey_id=survey.id))


@bp.route("/surveys/<int:survey_id>", methods=["GET", "POST"])
@cadre_required
def answer(survey_id):
    survey = get_survey(survey_id)
    cadre = current_user.cadre
    if survey is None or not may_answer(survey, cadre.id):
        abort(404)
    back = safe_next_path(request.values.get("next"))
    if has_answered(survey.id, cadre.id):
        return render_template("feedback/thanks.html", survey=survey, back=back)
    form = answer_form(survey)
    if form.validate_on_submit():
        answers = {question.id: form[f"q{question.id}"].data for question in survey.questions}
        if run(lambda: submit_answers(survey, cadre, answers), form)[0]:
            flash(_("Thank you, your answers are recorded."), "success")
            return redirect(back or url_for("feedback.answer", survey_id=survey.id))
    return render_template("feedback/answer.html", survey=survey, form=form, back=back)


def _results_or_404(survey_id):
    survey = get_survey(survey_id)
    scope = results_scope(current_user, survey) if survey is not None else None
    if scope is None:
        abort(404)
    return survey, scope


@bp.route("/surveys/<int:survey_id>/results")
@login_required
def results(survey_id):
    survey, scope = _results_or_404(survey_id)
    return render_template("feedback/results.html", results=get_results(survey, scope),
                           survey=survey, in_subtree=scope is not EVERYONE,
                           minimum=MIN_ANONYMOUS_GROUP,
                           may_manage=may_manage(current_user, survey))


@bp.route("/surveys/<int:survey_id>/results.<any(csv, xlsx):fmt>")
@login_required
def export(survey_id, fmt):
    survey, scope = _results_or_404(survey_id)
    header = [] if survey.is_anonymous else [_("Full name"), _("Unit"), _("Answered on")]
    header += [question.text for question in survey.questions]
    data, mimetype = write_spreadsheet(
        fmt, header, get_response_rows(survey, scope), _("Feedback survey"),
        titles=[_("Survey: %(title)s", title=survey.subject_title)])
    return private_attachment(data, mimetype, download_name("phieu-danh-gia", survey.id,
                                                            fmt=fmt))
