"""Catalogue pages: the course list, a course's page and its media files."""

from flask import abort, render_template, request, send_file
from flask_login import current_user, login_required

from lms.catalog import catalog_bp
from lms.catalog.course_files.format import TRACKS
from lms.catalog.forms import CourseSearchForm
from lms.catalog.models import DEFAULT_SETTINGS, TRACK_LABELS
from lms.catalog.queries import (
    count_questions,
    get_course_by_slug,
    get_media_file,
    get_quiz_settings,
    published_courses_query,
    with_lesson_counts,
)
from lms.catalog.storage import local_media_path
from lms.core.clock import local_today
from lms.core.http import keep_offline
from lms.core.pagination import CountedRowPage
from lms.feedback.queries import get_course_survey, survey_to_answer
from lms.learning.offline import course_offline_version
from lms.learning.queries import (
    can_take_again,
    get_completion_history,
    get_enrollment,
    get_learner_course,
    get_lesson_outline,
)

# Ten cards: the page is 4,850 px tall on a 360 px phone (a card is ~330 px), six and a half
# screens; the tracks and the search narrow the list before she pages on.
COURSES_PER_PAGE = 10
SEARCH_MAX = 100
MEDIA_MAX_AGE = 365 * 24 * 3600


def _course_or_404(slug):
    """The course if the user may see it: published, or hers, or she is an admin."""
    course = get_course_by_slug(slug)
    if course is None or not (course.is_published or current_user.is_admin
                              or course.owner_id == current_user.id):
        abort(404)
    return course


@catalog_bp.route("")
@login_required
def list_courses():
    form = CourseSearchForm(request.args)
    track = form.track.data if form.track.data in TRACKS else None
    search = (form.q.data or "")[:SEARCH_MAX]
    # One statement for the cards, their lesson counts and the total.
    page = CountedRowPage(with_lesson_counts(published_courses_query(track, search)),
                          request.args.get("page", 1, type=int), COURSES_PER_PAGE, clamp=True)
    # Each track's name translated once for the page, not again on every card.
    track_labels = {value: str(label) for value, label in TRACK_LABELS.items()}
    return render_template("catalog/courses.html", form=form, page=page, track=track,
                           track_labels=track_labels)


@catalog_bp.route("/<slug>")
@login_required
def show_course(slug):
    """The one page of a course: its facts and, for a learner enrolled in it, her lessons
    with their marks, the quiz and her result, the certificate, earlier years' completions."""
    course = _course_or_404(slug)
    # Her cadre's id is on her account: the cadre's row is not needed here.
    cadre_id, today = current_user.cadre_id, local_today()
    enrollment = get_enrollment(cadre_id, course.id) if cadre_id is not None else None
    can_enroll = cadre_id is not None and course.is_published
    page = render_template("catalog/course.html", course=course,
                           lessons=get_lesson_outline(course.id),
                           question_count=count_questions(course.id),
                           settings=get_quiz_settings(course.id) or DEFAULT_SETTINGS,
                           can_enroll=can_enroll, enrollment=enrollment,
                           mine=get_learner_course(cadre_id, course.id, today)
                           if enrollment else None,
                           can_take_again=can_enroll and can_take_again(enrollment, today),
                           history=get_completion_history(cadre_id, course.id)
                           if cadre_id is not None else [],
                           offline_version=course_offline_version(course) if enrollment else "",
                           survey=survey_to_answer(get_course_survey(course.id), cadre_id)
                           if enrollment else None)
    # Her own course page may stay on her phone; a visitor's is not worth keeping.
    return keep_offline(page) if enrollment else page


@catalog_bp.route("/<slug>/media/<name>")
@login_required
def media(slug, name):
    course = _course_or_404(slug)
    media_file = get_media_file(course.id, name)
    path = local_media_path(media_file) if media_file is not None else None
    if path is None:
        abort(404)
    # Images show inside lessons; anything else is downloaded, never opened by the browser.
    response = send_file(path, mimetype=media_file.content_type,
                         as_attachment=not media_file.is_image, download_name=media_file.name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True  # some courses are not public: keep proxies out
    if request.args.get("v") == media_file.version:
        # New bytes get a new version, so this URL always means these bytes: a phone keeps
        # them for a year instead of asking again on every lesson page.
        response.cache_control.no_cache = None
        response.cache_control.max_age = MEDIA_MAX_AGE
        response.cache_control.immutable = True
    return response
