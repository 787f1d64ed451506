"""SCORM 1.2 packages: what is accepted, what is refused and why, and how their files are
served (sandboxed, apart from the app's cookies)."""

import io
import zipfile

import pytest

from lms.authoring.services import create_scorm_lesson
from lms.catalog.scorm import ScormRejected, check_package, is_safe_path
from lms.extensions import db
from tests.factories import make_course
from tests.scorm_packages import build_package


def test_a_scorm_12_package_is_read_from_its_manifest(app_ctx):
    info = check_package(build_package({"css/site.css": "h1{}"}, href="index.html"))
    assert info.title == "An toàn thông tin"
    assert info.launch_href == "index.html"
    assert info.file_count == 3


def _refusal(data):
    with pytest.raises(ScormRejected) as caught:
        check_package(data)
    return str(caught.value)


def test_a_zip_without_manifest_is_not_scorm(app_ctx):
    assert "không có imsmanifest.xml" in _refusal(build_package(manifest=False))


def test_a_file_that_is_not_a_zip_is_refused(app_ctx):
    assert "không phải là tệp nén zip" in _refusal(b"%PDF-1.4 not a zip")


def test_a_scorm_2004_package_is_refused(app_ctx):
    assert "không theo chuẩn SCORM 1.2" in _refusal(build_package(version="2004 4th Edition"))


@pytest.mark.parametrize("path", ["../evil.html", "/etc/passwd", "a/../../b.html",
                                  "C:/windows.html", "a\\..\\b.html"])
def test_a_path_outside_the_package_folder_is_refused(app_ctx, path):
    assert "ra ngoài thư mục của gói" in _refusal(build_package({path: "x"}))


def test_a_launch_page_outside_the_package_is_refused(app_ctx):
    assert "nằm ngoài thư mục" in _refusal(build_package(href="../index.html"))


def test_a_missing_launch_page_is_named(app_ctx):
    assert "start.html" in _refusal(build_package(href="start.html"))


def test_a_symbolic_link_is_refused(app_ctx):
    assert "liên kết tượng trưng" in _refusal(build_package(symlinks=["link.html"]))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(app, app_ctx, monkeypatch):
    # 30 MB of zeros compress to a few kilobytes.
    data = build_package({"video.bin": b"\0" * (30 * 1024 * 1024)})
    assert len(data) < 100_000
    monkeypatch.setitem(app.config, "SCORM_MAX_UNPACKED_BYTES", 20 * 1024 * 1024)
    assert "Khi giải nén" in _refusal(data)


def test_too_many_files_are_refused(app, app_ctx, monkeypatch):
    monkeypatch.setitem(app.config, "SCORM_MAX_FILES", 5)
    assert "nhiều hơn 5 tệp" in _refusal(build_package({f"p{i}.html": "x" for i in range(5)}))


def test_a_manifest_with_entities_is_refused(app_ctx):
    manifest = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
                '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><manifest>&b;</manifest>')
    assert "Không đọc được tệp imsmanifest.xml" in _refusal(build_package(manifest=manifest))


def test_safe_paths():
    assert is_safe_path("index.html") and is_safe_path("a/b/c.js")
    for path in ("", "/a", "a//b", "./a", "a/./b", "..", "a:b", "a\x00"):
        assert not is_safe_path(path)


@pytest.fixture
def package(app_ctx):
    course = make_course(lessons=1)
    lesson = create_scorm_lesson(course, "", io.BytesIO(build_package(
        {"js/app.js": "var x = 1;", "media/a.png": b"\x89PNG\r\n\x1a\n"})))
    db.session.commit()
    return lesson.scorm_package


def test_the_package_becomes_the_last_lesson_titled_as_its_manifest(package):
    lesson = package.lesson
    assert lesson.title == "An toàn thông tin" and lesson.position == 2
    assert len(package.key) == 32 and package.launch_href == "index.html"


def test_a_package_page_is_served_sandboxed_with_the_api_bridge(client, package):
    response = client.get(f"/scorm/{package.key}/index.html")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts allow-forms;")
    assert "allow-same-origin" not in policy
    assert "default-src 'self' 'unsafe-inline' data:" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Set-Cookie" not in response.headers
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    head = html.index("<head>") + len("<head>")
    assert html[head:].startswith(
        '<script src="/static/vendor/scorm-again/cross-frame-api.min.js"></script>'
        '<script src="/static/js/scorm_frame.js"></script>')


def test_other_files_keep_their_bytes_and_type(client, package):
    script = client.get(f"/scorm/{package.key}/js/app.js")
    assert script.mimetype == "text/javascript" and script.data == b"var x = 1;"
    assert script.headers["Content-Security-Policy"].startswith("sandbox")
    image = client.get(f"/scorm/{package.key}/media/a.png")
    assert image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")


def test_no_cookie_is_set_even_for_a_signed_in_visitor(client, package):
    from tests.conftest import login
    from tests.factories import make_user

    make_user("hv")
    login(client, "hv")
    response = client.get(f"/scorm/{package.key}/index.html")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", ["nothing.html", "../imsmanifest.xml", "js/../index.html",
                                  "%2e%2e/index.html"])
def test_unknown_or_escaping_paths_are_not_found(client, package, path):
    assert client.get(f"/scorm/{package.key}/{path}").status_code == 404


def test_an_unknown_package_is_not_found(client, package):
    assert client.get("/scorm/" + "0" * 32 + "/index.html").status_code == 404


def test_the_package_bytes_live_in_the_media_storage(package, media_folder):
    stored = media_folder / package.stored_name
    with zipfile.ZipFile(stored) as archive:
        assert "imsmanifest.xml" in archive.namelist()
