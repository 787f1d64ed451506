"""A SCORM lesson's data: saved by the lesson page as she goes, given back on her next visit
(on any phone), and the lesson done when the package says completed or passed."""

import io
import json
import re
from decimal import Decimal

import pytest

from lms.authoring.services import create_scorm_lesson
from lms.extensions import db
from lms.learning.models import LessonProgress, ScormData
from lms.learning.queries import count_lessons_done
from tests.conftest import csrf_token_from
from tests.factories import enroll, make_course
from tests.scorm_packages import build_package


@pytest.fixture(autouse=True)
def media_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(tmp_path))


@pytest.fixture
def scorm_course(app_ctx):
    course = make_course(lessons=1)
    lesson = create_scorm_lesson(course, "Bài SCORM", io.BytesIO(build_package()))
    db.session.commit()
    return course, lesson


def _page(client, course, lesson):
    return client.get(f"/courses/{course.slug}/lessons/{lesson.slug}")


def _saved_cmi(html):
    match = re.search(r'<script type="application/json" id="scorm-cmi">(.*?)</script>', html,
                      re.S)
    return json.loads(match.group(1))


def _save(client, course, lesson, cmi, token=None):
    if token is None:
        token = csrf_token_from(_page(client, course, lesson).get_data(as_text=True))
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(f"/courses/{course.slug}/lessons/{lesson.slug}/scorm",
                       json={"cmi": cmi}, headers=headers)


def test_the_lesson_page_frames_the_package_sandboxed(client, learner, scorm_course):
    course, lesson = scorm_course
    enroll(learner, course)
    response = _page(client, course, lesson)
    html = response.get_data(as_text=True)
    assert 'sandbox="allow-scripts allow-forms"' in html
    assert f'data-src="/scorm/{lesson.scorm_package.key}/index.html"' in html
    assert "frame-src 'self'" in response.headers["Content-Security-Policy"]
    assert "finish-lesson" not in html  # the package says when it is done
    assert _saved_cmi(html) == {"core": {"student_id": str(learner.id),
                                         "student_name": learner.full_name}}


def test_progress_is_saved_and_resumed_on_another_phone(app, client, learner, scorm_course):
    course, lesson = scorm_course
    enroll(learner, course)
    response = _save(client, course, lesson, {
        "core": {"lesson_status": "incomplete", "lesson_location": "trang-2",
                 "score": {"raw": "45", "min": "", "max": ""}},
        "suspend_data": "da-xem:1,2"})
    assert response.get_json() == {"saved": True, "done": False}
    data = db.session.scalar(db.select(ScormData))
    assert (data.lesson_status, data.lesson_location, data.suspend_data, data.score_raw) == (
        "incomplete", "trang-2", "da-xem:1,2", Decimal("45.00"))

    other_phone = app.test_client()
    from tests.conftest import login
    login(other_phone, "hoc.vien")
    cmi = _saved_cmi(_page(other_phone, course, lesson).get_data(as_text=True))
    assert cmi["suspend_data"] == "da-xem:1,2"
    assert cmi["core"]["lesson_location"] == "trang-2"
    assert cmi["core"]["lesson_status"] == "incomplete"
    assert cmi["core"]["entry"] == "resume"
    assert cmi["core"]["score"] == {"raw": "45"}
    assert count_lessons_done(learner.id, course.id) == (2, 0)


@pytest.mark.parametrize("status", ["completed", "passed"])
def test_completed_or_passed_finishes_the_lesson(client, learner, scorm_course, status):
    course, lesson = scorm_course
    enroll(learner, course)
    response = _save(client, course, lesson, {"core": {"lesson_status": status}})
    assert response.get_json() == {"saved": True, "done": True}
    assert count_lessons_done(learner.id, course.id) == (2, 1)
    # Saving again (a later commit) records it once.
    _save(client, course, lesson, {"core": {"lesson_status": status}})
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 1


def test_failed_does_not_finish_the_lesson(client, learner, scorm_course):
    course, lesson = scorm_course
    enroll(learner, course)
    assert _save(client, course, lesson, {"core": {"lesson_status": "failed"}}).get_json() == {
        "saved": True, "done": False}
    assert count_lessons_done(learner.id, course.id) == (2, 0)


@pytest.mark.parametrize("cmi", [
    {"core": {"lesson_status": "finished"}},
    {"core": {"lesson_status": "completed", "score": {"raw": "1000"}}},
    {"core": {"lesson_status": "completed", "score": {"raw": "abc"}}},
    {"core": {"lesson_location": "x" * 256}},
    {"suspend_data": "x" * 4097},
    "not an object",
])
def test_data_that_is_not_scorm_12_changes_nothing(client, learner, scorm_course, cmi):
    course, lesson = scorm_course
    enroll(learner, course)
    response = _save(client, course, lesson, cmi)
    assert response.status_code == 400 and response.get_json()["saved"] is False
    assert db.session.scalar(db.select(ScormData)) is None
    assert count_lessons_done(learner.id, course.id) == (2, 0)


def test_saving_needs_the_page_csrf_token(client, learner, scorm_course):
    course, lesson = scorm_course
    enroll(learner, course)
    response = _save(client, course, lesson, {"core": {"lesson_status": "completed"}}, token="")
    assert response.status_code == 400
    assert db.session.scalar(db.select(ScormData)) is None


def test_a_learner_not_enrolled_saves_nothing(client, learner, scorm_course):
    course, lesson = scorm_course
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    response = _save(client, course, lesson, {"core": {"lesson_status": "completed"}}, token)
    assert response.status_code == 400
    assert db.session.scalar(db.select(ScormData)) is None


def test_a_text_lesson_takes_no_scorm_data(client, learner, scorm_course):
    course, _lesson = scorm_course
    enroll(learner, course)
    token = csrf_token_from(client.get(f"/courses/{course.slug}/lessons/bai-1")
                            .get_data(as_text=True))
    response = client.post(f"/courses/{course.slug}/lessons/bai-1/scorm",
                           json={"cmi": {}}, headers={"X-CSRFToken": token})
    assert response.status_code == 404


@pytest.mark.parametrize(("score_is_quiz", "score", "passed"), [
    (True, "80", True), (True, "70", True), (True, "60", False), (False, "100", False)])
def test_a_score_stands_for_the_quiz_when_the_trainer_says_so(client, learner, score_is_quiz,
                                                               score, passed):
    course = make_course(lessons=0, questions=2, pass_mark=70)
    lesson = create_scorm_lesson(course, "Bài SCORM", io.BytesIO(build_package()),
                                 score_is_quiz=score_is_quiz)
    db.session.commit()
    enrollment = enroll(learner, course)
    _save(client, course, lesson, {"core": {"lesson_status": "completed",
                                            "score": {"raw": score}}})
    db.session.refresh(enrollment)
    assert (enrollment.quiz_passed_at is not None) is passed
    # Its only lesson done, the course is complete exactly when the quiz counts as passed.
    assert (enrollment.completed_at is not None) is passed
