"""A trainer adds a SCORM 1.2 zip as a lesson from her course's page; a package that is not
SCORM, or that reaches outside its folder, is refused with a message and adds nothing."""

import io

from lms.catalog.models import Lesson, ScormPackage
from lms.core.models import AuditLog
from lms.extensions import db
from tests.conftest import post_form
from tests.factories import make_user
from tests.scorm_packages import build_package


def _upload(client, course, data, title=""):
    return post_form(client, f"/author/courses/{course.id}/lessons/scorm",
                     {"scorm-title": title,
                      "scorm-package": (io.BytesIO(data), "goi-scorm.zip")},
                     form_url=f"/author/courses/{course.id}",
                     content_type="multipart/form-data", follow_redirects=True)


def test_the_package_is_added_as_the_last_lesson(signed_in, course):
    page = _upload(signed_in, course, build_package(), title="Bài tương tác")
    html = page.get_data(as_text=True)
    assert "Bài tương tác" in html and "SCORM" in html
    lesson = db.session.scalar(db.select(Lesson).where(Lesson.course_id == course.id))
    package = lesson.scorm_package
    assert package.launch_href == "index.html" and package.title == "An toàn thông tin"
    assert db.session.scalar(db.select(AuditLog.action).where(
        AuditLog.action == "lesson.scorm")) is not None


def test_a_package_without_manifest_is_refused_with_its_reason(signed_in, course):
    html = _upload(signed_in, course, build_package(manifest=False)).get_data(as_text=True)
    assert "không có imsmanifest.xml ở thư mục gốc" in html
    assert db.session.scalar(db.select(db.func.count(Lesson.id))) == 0
    assert db.session.scalar(db.select(db.func.count(ScormPackage.id))) == 0


def test_a_package_escaping_its_folder_is_refused(signed_in, course, media_folder):
    html = _upload(signed_in, course, build_package({"../../x.html": "x"})).get_data(
        as_text=True)
    assert "ra ngoài thư mục của gói" in html
    assert db.session.scalar(db.select(db.func.count(Lesson.id))) == 0
    assert list(media_folder.iterdir()) == []


def test_only_the_course_authors_may_add_a_package(client, course):
    from tests.conftest import login

    make_user("khac", role="trainer")
    login(client, "khac")
    response = post_form(client, f"/author/courses/{course.id}/lessons/scorm",
                         {"scorm-package": (io.BytesIO(build_package()), "a.zip")},
                         form_url="/author", content_type="multipart/form-data")
    assert response.status_code == 404
    assert db.session.scalar(db.select(db.func.count(Lesson.id))) == 0
