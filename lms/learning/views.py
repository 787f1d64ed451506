"""Learners' pages: enrolling, reading lessons, progress; organizers' assignments."""


from flask import (
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.auth.decorators import cadre_required, organizer_required
from lms.catalog.queries import get_course_by_slug
from lms.core.clock import local_today, utcnow
from lms.core.decimals import format_count
from lms.core.errors import DomainError
from lms.core.forms import select_choices
from lms.core.http import keep_offline, or_404
from lms.core.use_case import run
from lms.learning import learning_bp
from lms.learning.forms import AssignmentForm
from lms.learning.offline import offline_manifest
from lms.learning.queries import (
    can_take_again,
    get_assignment,
    get_assignments,
    get_course,
    get_enrollment,
    get_lesson,
    get_lesson_page,
    get_my_courses,
    get_next_lesson_slug,
    get_published_courses,
)
from lms.learning.scorm import get_scorm_data, resume_cmi, save_scorm_data
from lms.learning.services import (
    ASSIGNMENT_FLAGS,
    complete_lesson,
    create_assignment,
    enroll_cadre,
    withdraw_assignment,
)
from lms.learning.trainer_home import RECENT_DAYS, get_taught_courses
from lms.org.scope import scope_root_id, unit_in_scope
from lms.training.programmes.queries import (
    STATUS_LABELS,
    describe_lack,
    get_cadre_programmes,
)

# The app's policy (lms.app_setup), with the lesson's own site allowed in frames: the package,
# whose files carry a sandbox policy of their own (lms.catalog.scorm_views).
SCORM_LESSON_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                       "script-src 'self'; frame-src 'self'; frame-ancestors 'none'; "
                       "form-action 'self'")


def _course_or_404(slug):
    return or_404(get_course_by_slug(slug))


def _to_course_page(course):
    flash(_("Enroll in the course first to read its lessons."), "info")
    return redirect(url_for("catalog.show_course", slug=course.slug))


def _resume_url(course):
    """Her first unfinished lesson, or the course's page when all are done."""
    slug = get_next_lesson_slug(current_user.cadre.id, course.id)
    if slug is None:
        return url_for("catalog.show_course", slug=course.slug)
    return url_for("learning.show_lesson", slug=course.slug, lesson_slug=slug)


@learning_bp.route("/")
@login_required
def home():
    cadre = current_user.cadre
    today = local_today()
    courses = get_my_courses(cadre.id, today) if cadre else []
    # This year's programmes come first on her page.
    programmes = get_cadre_programmes(cadre, today) if cadre else []
    # A trainer sees how her courses are going.
    taught = (get_taught_courses(current_user, today.year, utcnow())
              if current_user.has_role("trainer") else None)
    page = render_template("learning/home.html", user=current_user, courses=courses,
                           programmes=programmes, describe_lack=describe_lack,
                           status_labels=STATUS_LABELS, taught=taught,
                           recent_days=RECENT_DAYS, year=today.year)
    return keep_offline(page) if _home_is_hers_only() else page


def _home_is_hers_only():
    """Whether the home page holds only her own learning (a cadre with no other role): only
    then may her phone keep it; a trainer's or organizer's home shows other people's figures."""
    return (current_user.cadre is not None and not current_user.can_organize
            and not current_user.can_author and not current_user.is_admin)


@learning_bp.route("/courses/<slug>/enroll", methods=["POST"])
@cadre_required
def enroll(slug):
    course = _course_or_404(slug)
    # A course taken off the catalogue looks missing, as its page does.
    if not course.is_published:
        abort(404)
    run(lambda: enroll_cadre(current_user.cadre, course))
    return redirect(_resume_url(course))


@learning_bp.route("/courses/<slug>/take-again", methods=["POST"])
@cadre_required
def take_again(slug):
    """A course she completed in an earlier year, taken again in this year's cycle; a
    double tap makes one enrollment."""
    course = _course_or_404(slug)
    if not course.is_published:
        abort(404)
    # A second tap, or a course not completed before: she simply goes on where she is.
    if can_take_again(get_enrollment(current_user.cadre.id, course.id), local_today()):
        ok, enrollment = run(lambda: enroll_cadre(current_user.cadre, course))
        if ok:
            flash(_("You are taking this course again for %(year)s.", year=enrollment.cycle),
                  "success")
    return redirect(_resume_url(course))


@learning_bp.route("/courses/<slug>/continue")
@cadre_required
def continue_course(slug):
    course = _course_or_404(slug)
    if get_enrollment(current_user.cadre.id, course.id) is None:
        return _to_course_page(course)
    return redirect(_resume_url(course))


@learning_bp.route("/courses/<slug>/lessons/<lesson_slug>")
@cadre_required
def show_lesson(slug, lesson_slug):
    course = _course_or_404(slug)
    # Her cadre's id is on her account: the cadre's row is not needed here.
    cadre_id = current_user.cadre_id
    if get_enrollment(cadre_id, course.id) is None:
        return _to_course_page(course)
    lesson = get_lesson(course.id, lesson_slug)
    if lesson is None:
        abort(404)
    page = get_lesson_page(cadre_id, lesson)
    if lesson.scorm_package is not None:
        return _scorm_lesson(course, page)
    return keep_offline(render_template("learning/lesson.html", course=course, page=page))


def _scorm_lesson(course, page):
    """A SCORM lesson: its package in a sandboxed frame, run by scorm-again on this page.
    Not kept offline: the package's files and her saved data come from the server."""
    cmi = resume_cmi(current_user.cadre, get_scorm_data(current_user.cadre.id, page.lesson.id))
    response = make_response(render_template("learning/lesson.html", course=course, page=page,
                                             scorm_cmi=cmi))
    response.headers["Content-Security-Policy"] = SCORM_LESSON_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


@learning_bp.route("/courses/<slug>/lessons/<lesson_slug>/scorm", methods=["POST"])
@cadre_required
def save_scorm(slug, lesson_slug):
    """What the package recorded, sent by static/js/scorm_lesson.js as JSON ({"cmi": ...})."""
    course = _course_or_404(slug)
    lesson = or_404(get_lesson(course.id, lesson_slug))
    if lesson.scorm_package is None:
        abort(404)
    cmi = (request.get_json(silent=True) or {}).get("cmi")
    try:
        run(lambda: save_scorm_data(current_user.cadre, lesson, cmi), reraise=True)
    except DomainError as error:
        return jsonify(saved=False, message=str(error)), 400
    return jsonify(saved=True, done=get_lesson_page(current_user.cadre.id, lesson).is_done)


@learning_bp.route("/courses/<slug>/offline.json")
@cadre_required
def offline_copy(slug):
    """What her phone downloads to learn the course offline (lms.learning.offline)."""
    course = _course_or_404(slug)
    if get_enrollment(current_user.cadre.id, course.id) is None:
        abort(404)
    response = jsonify(offline_manifest(course, with_home=_home_is_hers_only()))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@learning_bp.route("/courses/<slug>/lessons/<lesson_slug>/complete", methods=["POST"],
                   endpoint="complete_lesson")
@cadre_required
def finish_lesson(slug, lesson_slug):
    course = _course_or_404(slug)
    lesson = or_404(get_lesson(course.id, lesson_slug))
    # Not enrolled: the refusal is flashed as the other pages' reminder is.
    ok, completion = run(lambda: complete_lesson(current_user.cadre, lesson), category="info")
    if not ok:
        return redirect(url_for("catalog.show_course", slug=course.slug))
    following = get_lesson_page(current_user.cadre.id, lesson).next
    if following is not None:
        return redirect(url_for("learning.show_lesson", slug=slug, lesson_slug=following.slug))
    if completion is not None:
        flash(_("Congratulations! You have completed this course."), "success")
    return redirect(url_for("catalog.show_course", slug=slug))


@learning_bp.route("/courses/<slug>/progress")
@cadre_required
def show_progress(slug):
    """Her progress is on the course's page now; old links and bookmarks lead there."""
    course = _course_or_404(slug)
    return redirect(url_for("catalog.show_course", slug=course.slug), code=301)


@learning_bp.route("/assignments")
@organizer_required
def list_assignments():
    return render_template("learning/assignments.html",
                           rows=get_assignments(scope_root_id(current_user)))


def _assign(form):
    """Create and commit the assignment the form describes and return how many cadres it
    enrolled; None, with the error on the form, when the course cannot be used."""
    unit = form.unit_code.unit  # in her scope: the field saw to it
    flags = {name: getattr(form, name).data for name in ASSIGNMENT_FLAGS}
    ok, created = run(lambda: create_assignment(
        get_course(form.course_id.data), unit, due_date=form.due_date.data,
        actor=current_user, **flags), form)
    return created[1] if ok else None


@learning_bp.route("/assignments/new", methods=["GET", "POST"])
@organizer_required
def new_assignment():
    # The "who is missing" pages link here with the unit (and flags) to assign to.
    form = AssignmentForm(unit_code=request.args.get("unit_code", ""),
                          only_full_time=request.args.get("only_full_time") == "1")
    form.course_id.choices = select_choices(get_published_courses())
    if form.validate_on_submit() and (enrolled := _assign(form)) is not None:
        flash(_("Course assigned: %(n)s cadres enrolled.", n=format_count(enrolled)), "success")
        return redirect(url_for("learning.list_assignments"))
    return render_template("learning/assignment_form.html", form=form)


@learning_bp.route("/assignments/<int:assignment_id>/withdraw", methods=["POST"],
                   endpoint="withdraw_assignment")
@organizer_required
def withdraw(assignment_id):
    assignment = or_404(get_assignment(assignment_id))
    or_404(unit_in_scope(current_user, assignment.unit_id))
    ok, _withdrawn = run(lambda: withdraw_assignment(assignment, actor=current_user))
    if ok:
        flash(_("Assignment withdrawn. Cadres keep their enrollment and progress."), "success")
    return redirect(url_for("learning.list_assignments"))
