"""Taking a quiz (start, answer, submit, review) and trainers' results."""

from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.auth.decorators import trainer_required
from lms.authoring.access import authored_course_or_404
from lms.catalog.queries import get_published_course
from lms.core.clock import format_local_datetime, local_today, utcnow
from lms.core.errors import DomainError
from lms.core.http import keep_offline, or_404
from lms.core.spreadsheets import MIMETYPES, write_csv
from lms.core.use_case import run
from lms.learning.queries import get_enrollment, get_learner_course
from lms.quizzes import quizzes_bp as bp
from lms.quizzes.queries import (
    answer_sequences,
    find_open_attempt,
    get_attempt,
    get_attempt_rows,
    get_counting_result,
    get_item_analysis,
    get_learner_attempts,
    get_quiz_overview,
    get_settings,
    saved_answers,
    saved_responses,
)
from lms.quizzes.rules import attempts_left, review_shows_answers, unanswered_numbers
from lms.quizzes.services import (
    QuizClosed,
    is_closed,
    save_answer,
    save_answers,
    start_attempt,
    submit_attempt,
)
from lms.quizzes.types import question_type


def _enrolled_course_or_404(slug):
    """The published course and her current enrollment, if the signed-in cadre is enrolled
    in it: the quiz is that of the enrollment's cycle."""
    cadre = current_user.cadre
    course = get_published_course(slug)
    if cadre is None or course is None:
        abort(404)
    enrollment = get_enrollment(cadre.id, course.id)
    if enrollment is None:
        flash(_("Enroll in the course first."), "info")
        abort(make_response(redirect(url_for("catalog.show_course", slug=slug))))
    return course, enrollment.cycle


def _own_attempt_or_404(attempt_id):
    """Only the learner who started an attempt may see or change it."""
    attempt = or_404(get_attempt(attempt_id))
    if current_user.cadre is None or attempt.cadre_id != current_user.cadre.id:
        abort(404)
    return attempt


@bp.route("/courses/<slug>/quiz")
@login_required
def show_quiz(slug):
    course, cycle = _enrolled_course_or_404(slug)
    settings = get_settings(course.id)
    attempts = get_learner_attempts(current_user.cadre.id, course.id, cycle)
    return keep_offline(render_template(
        "quizzes/quiz.html", course=course, settings=settings, attempts=attempts,
        open_attempt=find_open_attempt(current_user.cadre.id, course.id, cycle),
        left=attempts_left(settings.max_attempts, len(attempts)),
        counting=get_counting_result(current_user.cadre.id, course.id, settings.counting_rule,
                                     cycle),
        question_count=len(course.questions)))


@bp.route("/courses/<slug>/quiz/start", methods=["POST"])
@login_required
def start(slug):
    course, cycle = _enrolled_course_or_404(slug)
    ok, attempt = run(lambda: start_attempt(current_user.cadre, course, cycle=cycle))
    if not ok:
        return redirect(url_for("quizzes.show_quiz", slug=slug))
    return redirect(url_for("quizzes.take", attempt_id=attempt.id))


def _form_answers(attempt):
    """{question id: raw answer} of the questions the submitted form answers."""
    answers = {}
    for qid in attempt.question_ids:
        field = f"q{qid}"
        multiple = attempt.snapshots[str(qid)]["type"] == "multiple"
        raw = request.form.getlist(field) if multiple else request.form.get(field)
        if raw not in (None, "", []):
            answers[qid] = raw
    return answers


@bp.route("/quiz/attempts/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def take(attempt_id):
    attempt = _own_attempt_or_404(attempt_id)
    now = utcnow()
    # The form works without JavaScript: it carries every answer, saved or submitted here.
    answers = _form_answers(attempt) if request.method == "POST" else {}
    if request.method == "POST" and request.form.get("action") != "submit":
        # Refused when submitted meanwhile (a second tap, another phone): said, then the
        # submission below shows the result.
        ok, _saved_at = run(lambda: save_answers(attempt, answers, now), category="info")
        if ok:
            flash(_("Your answers are saved."), "success")
            return redirect(url_for("quizzes.take", attempt_id=attempt.id))
    elif request.method == "POST" and (blanks := _blanks_to_confirm(attempt, answers, now)):
        # Asked once, her answers kept meanwhile; refused when the attempt closed meanwhile
        # (another phone submitted it): the submission below then shows the result.
        ok, _saved_at = run(lambda: save_answers(attempt, answers, now), category="info")
        if ok:
            return render_template("quizzes/confirm_submit.html", attempt=attempt,
                                   blanks=blanks, course=attempt.course)
    if request.method == "POST" or is_closed(attempt, now):
        run(lambda: submit_attempt(attempt, now, answers))
        return redirect(url_for("quizzes.result", attempt_id=attempt.id))
    answers = saved_answers(attempt.id)
    questions = [_question_view(attempt, qid, answers.get(qid)) for qid in attempt.question_ids]
    return keep_offline(render_template("quizzes/take.html", attempt=attempt,
                                        questions=questions, course=attempt.course,
                                        sequences=answer_sequences(attempt.id)))


def _blanks_to_confirm(attempt, answers, now):
    """The numbers of the questions a submission leaves blank (its form's `answers` and
    those saved before), to confirm first; none once she confirmed (on that page or in the
    quiz page's dialog) or when the time is up."""
    if request.form.get("confirm_blanks") == "1" or is_closed(attempt, now):
        return []
    responses = saved_responses(attempt.id)
    for qid, raw in answers.items():
        snapshot = attempt.snapshots[str(qid)]
        responses[qid] = question_type(snapshot["type"]).clean_response(snapshot, raw)
    return unanswered_numbers(attempt.question_ids, responses)


def _question_view(attempt, qid, answer):
    snapshot = attempt.snapshots[str(qid)]
    view = question_type(snapshot["type"]).public_view(snapshot, attempt.option_orders[str(qid)])
    response, saved_at = answer or (None, None)
    chosen = response if isinstance(response, list) else [response]
    return {"id": qid, "text_html": snapshot["text_html"], "saved_at": saved_at,
            "response": response, "chosen": chosen, **view}


def _sequence(value):
    """The phone's number of an answer: a whole number that fits the column, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**62:
        raise ValueError(_("The answer's number is not valid."))
    return value


@bp.route("/quiz/attempts/<int:attempt_id>/answers", methods=["POST"])
@login_required
def save_answer_json(attempt_id):
    """Autosave of one answer; answers JSON so the page can say whether it was saved."""
    attempt = _own_attempt_or_404(attempt_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):  # a garbled retry is refused below, never a 500
        payload = {}
    try:
        sequence = payload.get("seq")
        sequence = None if sequence is None else _sequence(sequence)
        _ok, saved_at = run(lambda: save_answer(
            attempt, int(payload.get("question_id", 0)), payload.get("response"),
            sequence=sequence), reraise=True)
    except QuizClosed as closed:
        # The page shows the message and a way to the result, and stops sending.
        return jsonify(saved=False, closed=True, message=str(closed),
                       result_url=url_for("quizzes.result", attempt_id=attempt.id)), 409
    except DomainError as refused:
        return jsonify(saved=False, message=str(refused)), 400
    except (TypeError, ValueError) as error:
        return jsonify(saved=False, message=str(error)), 400
    return jsonify(saved=True, saved_at=saved_at.isoformat())



@bp.route("/quiz/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id):
    attempt = _own_attempt_or_404(attempt_id)
    if attempt.result is None:
        return redirect(url_for("quizzes.take", attempt_id=attempt.id))
    settings = get_settings(attempt.course_id)
    show_answers = review_shows_answers(settings.review_mode, attempt.result.passed)
    answers = saved_answers(attempt.id)
    review = [_review_row(attempt, qid, answers.get(qid)) for qid in attempt.question_ids] \
        if show_answers else []
    # Where the course stands after this attempt: complete (and the certificate), or what is
    # left; only for an attempt of her current cycle, not one of an earlier year.
    mine = get_learner_course(attempt.cadre_id, attempt.course_id, local_today())
    if mine is not None and mine.progress.cycle != attempt.cycle:
        mine = None
    return render_template("quizzes/result.html", attempt=attempt, result=attempt.result,
                           review=review, show_answers=show_answers, course=attempt.course,
                           mine=mine)


def _review_row(attempt, qid, answer):
    snapshot = attempt.snapshots[str(qid)]
    response = (answer or (None, None))[0]
    chosen = response if isinstance(response, list) else [response]
    detail = attempt.result.details.get(str(qid), {})
    return {"snapshot": snapshot, "response": response, "chosen": chosen,
            "earned": detail.get("earned", 0), "possible": detail.get("possible", 0)}



@bp.route("/author/courses/<int:course_id>/quiz/results")
@trainer_required
def results(course_id):
    course = authored_course_or_404(course_id)
    return render_template("quizzes/results.html", course=course,
                           overview=get_quiz_overview(course.id),
                           items=get_item_analysis(course.id),
                           attempts=get_attempt_rows(course.id)[:200])


@bp.route("/author/courses/<int:course_id>/quiz/results.csv")
@trainer_required
def results_csv(course_id):
    course = authored_course_or_404(course_id)
    header = [_("Cadre code"), _("Full name"), _("Unit"), _("Attempt"), _("Started"),
              _("Submitted"), _("Score (%)"), _("Passed")]
    rows = [[code, name, unit, number, format_local_datetime(started),
             format_local_datetime(submitted), percent, _("Yes") if passed else _("No")]
            for code, name, unit, number, started, submitted, percent, passed
            in get_attempt_rows(course.id)]
    response = make_response(write_csv(header, rows))
    response.headers["Content-Type"] = MIMETYPES["csv"]
    response.headers["Content-Disposition"] = \
        f'attachment; filename="ket-qua-{course.slug}.csv"'
    return response
