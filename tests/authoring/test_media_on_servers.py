"""Course media with LMS_FILE_STORAGE=database: uploaded through one app server, served by
another that shares only the database, with the same checks, headers and versioned URLs."""

import io
import os

import pytest
from sqlalchemy import func, select

from lms.authoring import services as authoring
from lms.catalog.models import Course, MediaFile
from lms.catalog.storage import save_media
from lms.core.models import StoredFileChunk
from lms.extensions import db
from tests.authoring.test_courses import upload
from tests.catalog.helpers import png_bytes
from tests.conftest import login
from tests.servers import another_server


@pytest.fixture
def servers(app, app_ctx, tmp_path):
    """Two app servers (a, b), each with a media folder of its own."""
    with another_server(app, tmp_path / "a", FILE_STORAGE="database") as a, \
            another_server(app, tmp_path / "b", FILE_STORAGE="database") as b:
        yield a, b


def browser(server):
    client = server.test_client()
    assert login(client, "giangvien").status_code == 302
    return client


def bytes_on(server, media):
    with open(os.path.join(server.config["MEDIA_FOLDER"], media.stored_name), "rb") as file:
        return file.read()


def on_server(course_id):
    """The course as the server's own session has it: an object of the suite's session,
    loaded in the server's app context, would go through the server's engine and keep one
    of its connections."""
    return db.session.get(Course, course_id)


def stored_names():
    return set(db.session.scalars(select(StoredFileChunk.name)))


def test_an_image_uploaded_through_one_server_is_served_by_the_other(servers, course):
    a, b = servers
    assert upload(browser(a), course, png_bytes(), "Ảnh.png").status_code == 302
    media = db.session.scalars(select(MediaFile)).one()
    assert stored_names() == {media.stored_name}
    reader = browser(b)
    with reader.get(f"/courses/{course.slug}/media/anh.png?v={media.version}") as served:
        assert served.status_code == 200 and served.data == bytes_on(a, media)
        assert served.mimetype == "image/png"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert "immutable" in served.headers["Cache-Control"]
        assert "private" in served.headers["Cache-Control"]
    # Server b keeps a copy in its own folder, its cache of the database.
    assert bytes_on(b, media) == bytes_on(a, media)


def test_a_practice_file_from_the_other_server_is_still_a_download(servers, course):
    a, b = servers
    assert upload(browser(a), course, "Họ và tên\n".encode(), "danh sach.csv").status_code == 302
    with browser(b).get(f"/courses/{course.slug}/media/danh_sach.csv") as served:
        assert served.status_code == 200 and served.data == "Họ và tên\n".encode()
        assert served.headers["Content-Disposition"].startswith("attachment")


def test_new_bytes_under_the_same_name_replace_the_stored_ones_everywhere(servers, course):
    # As a course file import does (course_files/sync.py): the name stays, the bytes change.
    a, b = servers
    reader = browser(b)
    served, course_id = [], course.id
    for color in ("red", "blue"):
        with a.app_context():
            save_media(on_server(course_id), "anh.png", png_bytes(color), "image/png")
            db.session.commit()
        with reader.get(f"/courses/{course.slug}/media/anh.png") as response:
            served.append(response.data)
    media = db.session.scalars(select(MediaFile)).one()
    assert served == [png_bytes("red"), png_bytes("blue")]
    assert stored_names() == {media.stored_name}


def test_a_refused_or_rolled_back_upload_stores_nothing(servers, course):
    a, _b = servers
    client = browser(a)
    assert upload(client, course, b"MZ\x90\x00 not an image", "anh.png").status_code == 200
    course_id = course.id
    with a.app_context():
        authoring.upload_media(on_server(course_id), "anh.png", io.BytesIO(png_bytes()))
        db.session.rollback()
    assert stored_names() == set()
    assert db.session.scalar(select(func.count(MediaFile.id))) == 0


def test_a_name_outside_the_folder_is_never_read(servers, course):
    _a, b = servers
    reader = browser(b)
    for name in ("..%2f..%2fconfig.py", "%2e%2e", "..\\secret"):
        assert reader.get(f"/courses/{course.slug}/media/{name}").status_code == 404
