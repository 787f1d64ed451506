"""Trainers' pages: write and publish courses in the browser."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import trainer_required
from lms.authoring import bp
from lms.authoring import services as authoring
from lms.authoring.access import authored_course_or_404
from lms.authoring.forms import (
    CourseForm,
    LessonForm,
    LessonImageForm,
    MediaForm,
    PreviewForm,
    ScormLessonForm,
)
from lms.authoring.queries import get_authored_courses, get_course_lesson
from lms.catalog.queries import get_lessons, get_media_files
from lms.catalog.storage import media_url_for
from lms.core.http import or_404
from lms.core.use_case import run
from lms.feedback.queries import get_course_survey, survey_status


def _lesson_or_404(course, lesson_id):
    return or_404(get_course_lesson(course, lesson_id))


def _course_url(course, anchor=None):
    return url_for("authoring.edit_course", course_id=course.id, _anchor=anchor)


def _fields(form, *names):
    return {name: getattr(form, name).data for name in names}


@bp.route("")
@trainer_required
def list_courses():
    return render_template("authoring/courses.html", rows=get_authored_courses(current_user))


@bp.route("/courses/new", methods=["GET", "POST"])
@trainer_required
def new_course():
    form = CourseForm()
    if form.validate_on_submit():
        data = _fields(form, "slug", *authoring.COURSE_FIELDS)
        ok, course = run(lambda: authoring.create_course(current_user, data), form)
        if ok:
            flash(_("Course created. Now add its lessons."), "success")
            return redirect(_course_url(course))
    return render_template("authoring/course_form.html", form=form)


def _course_page(course, form=None, media_form=None, scorm_form=None):
    """The course page: lessons, media, publishing and the details form."""
    return render_template(
        "authoring/course.html", course=course,
        form=form or CourseForm(formdata=None, obj=course),
        media_form=media_form or MediaForm(formdata=None),
        scorm_form=scorm_form or ScormLessonForm(formdata=None, prefix="scorm"),
        scorm_max_size=authoring.human_size(authoring.max_package_bytes()),
        lessons=get_lessons(course.id, include_archived=True, with_packages=True),
        media_files=get_media_files(course.id), snippet=authoring.media_snippet,
        max_size=authoring.human_size(authoring.media_max_bytes()),
        **survey_status(get_course_survey(course.id)))


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
@trainer_required
def edit_course(course_id):
    course = authored_course_or_404(course_id)
    form = CourseForm(obj=course)
    if form.validate_on_submit():
        data = _fields(form, "slug", *authoring.COURSE_FIELDS)
        ok, _course = run(lambda: authoring.update_course(course, data, current_user), form)
        if ok:
            flash(_("Changes saved."), "success")
            return redirect(_course_url(course))
    return _course_page(course, form=form)


def _change_publication(course_id, service, message):
    course = authored_course_or_404(course_id)
    ok, _course = run(lambda: service(course, current_user))
    if ok:
        flash(message, "success")
    return redirect(_course_url(course))


@bp.route("/courses/<int:course_id>/publish", methods=["POST"])
@trainer_required
def publish_course(course_id):
    return _change_publication(course_id, authoring.publish_course,
                               _("The course is published: learners can find it in the catalogue."))


@bp.route("/courses/<int:course_id>/unpublish", methods=["POST"])
@trainer_required
def unpublish_course(course_id):
    return _change_publication(course_id, authoring.unpublish_course,
                               _("The course is no longer in the catalogue."))


def _lesson_url(course, lesson):
    if lesson is None:
        return url_for("authoring.new_lesson", course_id=course.id)
    return url_for("authoring.edit_lesson", course_id=course.id, lesson_id=lesson.id)


def _lesson_editor(course, lesson, form, preview=None, image_form=None, inserted=None):
    """The lesson editor; `inserted` is (media, Markdown) of an image just uploaded."""
    image_url = (url_for("authoring.insert_image", course_id=course.id, lesson_id=lesson.id)
                 if lesson else url_for("authoring.insert_new_image", course_id=course.id))
    return render_template(
        "authoring/lesson_form.html", course=course, lesson=lesson, form=form,
        preview=preview, image_form=image_form or LessonImageForm(formdata=None),
        inserted=inserted, image_url=image_url,
        action=_lesson_url(course, lesson),
        max_size=authoring.human_size(authoring.media_max_bytes()))


def _lesson_page(course, lesson, form):
    """Save the lesson form, or show it again with a server-side preview of the text."""
    preview = None
    if form.is_submitted() and form.preview.data:
        preview = authoring.render_lesson_body(course, form.body.data)
    elif form.validate_on_submit():
        data = _fields(form, "title", "slug", "body")
        if lesson is None:
            ok, saved = run(lambda: authoring.create_lesson(course, data, current_user), form)
        else:
            ok, saved = run(lambda: authoring.update_lesson(lesson, data, current_user), form)
        if ok:
            flash(_("Lesson saved."), "success")
            return redirect(_lesson_url(course, saved))
    return _lesson_editor(course, lesson, form, preview=preview)


@bp.route("/courses/<int:course_id>/lessons/new", methods=["GET", "POST"])
@trainer_required
def new_lesson(course_id):
    return _lesson_page(authored_course_or_404(course_id), None, LessonForm())


@bp.route("/courses/<int:course_id>/lessons/scorm", methods=["POST"])
@trainer_required
def new_scorm_lesson(course_id):
    """A SCORM 1.2 package added as a lesson at the end of the course."""
    course = authored_course_or_404(course_id)
    form = ScormLessonForm(prefix="scorm")
    if form.validate_on_submit():
        ok, lesson = run(lambda: authoring.create_scorm_lesson(
            course, form.title.data, form.package.data.stream, current_user,
            score_is_quiz=form.score_is_quiz.data), form)
        if ok:
            flash(_("SCORM package added as the lesson %(title)s.", title=lesson.title),
                  "success")
            return redirect(_course_url(course, "lessons"))
    return _course_page(course, scorm_form=form)


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>", methods=["GET", "POST"])
@trainer_required
def edit_lesson(course_id, lesson_id):
    course = authored_course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id)
    return _lesson_page(course, lesson, LessonForm(obj=lesson))


@bp.route("/courses/<int:course_id>/lessons/new/image", methods=["POST"],
          endpoint="insert_new_image", defaults={"lesson_id": None})
@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/image", methods=["POST"])
@trainer_required
def insert_image(course_id, lesson_id):
    """Upload an image for the lesson being edited, with its description. For
    static/js/lesson_image.js, JSON with the Markdown to insert at the cursor; without the
    script, the editor again with the lesson as typed and the line to paste."""
    course = authored_course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id) if lesson_id is not None else None
    image_form = LessonImageForm()
    ok, uploaded = False, None
    if image_form.validate_on_submit():
        upload = image_form.image_file.data
        ok, uploaded = run(lambda: authoring.upload_lesson_image(
            course, image_form.image_alt.data, upload.filename, upload.stream, current_user),
            image_form)
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) \
            == "application/json":
        if ok:
            media, markdown = uploaded
            return jsonify(markdown=markdown, url=media_url_for(course)(media.name))
        return jsonify(errors={name: [str(error) for error in field.errors]
                               for name, field in image_form._fields.items()
                               if field.errors}), 400
    return _lesson_editor(course, lesson, LessonForm(), image_form=None if ok else image_form,
                          inserted=uploaded)


@bp.route("/courses/<int:course_id>/preview", methods=["POST"])
@trainer_required
def preview(course_id):
    """The sanitised HTML of a lesson text, for static/js/preview.js."""
    course = authored_course_or_404(course_id)
    form = PreviewForm()
    if not form.validate_on_submit():
        abort(400)
    return authoring.render_lesson_body(course, form.body.data)


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/<any(up, down):direction>",
                    methods=["POST"])
@trainer_required
def move_lesson(course_id, lesson_id, direction):
    course = authored_course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id)
    run(lambda: authoring.move_lesson(lesson, direction))
    return redirect(_course_url(course, "lessons"))


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/archive", methods=["POST"])
@trainer_required
def archive_lesson(course_id, lesson_id):
    course = authored_course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id)
    ok, _lesson = run(lambda: authoring.archive_lesson(lesson, current_user))
    if ok:
        flash(_("Lesson archived. Learners keep their progress; you can restore it below."),
              "success")
    return redirect(_course_url(course, "lessons"))


@bp.route("/courses/<int:course_id>/lessons/<int:lesson_id>/restore", methods=["POST"])
@trainer_required
def restore_lesson(course_id, lesson_id):
    course = authored_course_or_404(course_id)
    lesson = _lesson_or_404(course, lesson_id)
    ok, _lesson = run(lambda: authoring.restore_lesson(lesson, current_user))
    if ok:
        flash(_("Lesson restored at the end of the course."), "success")
    return redirect(_course_url(course, "lessons"))


@bp.route("/courses/<int:course_id>/media", methods=["POST"])
@trainer_required
def upload_media(course_id):
    course = authored_course_or_404(course_id)
    form = MediaForm()
    if form.validate_on_submit():
        upload = form.file.data
        ok, media = run(lambda: authoring.upload_media(course, upload.filename, upload.stream,
                                                       current_user), form)
        if ok:
            flash(_("File uploaded. To show it in a lesson, paste: %(snippet)s",
                    snippet=authoring.media_snippet(media)), "success")
            return redirect(_course_url(course, "media"))
    return _course_page(course, media_form=form)
