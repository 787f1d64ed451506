"""The installable app's server side: the service worker and its settings, the manifest, the
offline page, which pages a phone may keep, what a course download lists, and the phone's
copies cleared when she signs out or another account signs in."""

import json
import re
from pathlib import Path

import pytest

from lms.core.http import OFFLINE_HEADER
from tests.conftest import login, logout
from tests.factories import enroll, make_cadre, make_course, make_user


def service_worker_settings(client):
    reply = client.get("/sw.js")
    assert reply.status_code == 200
    assert reply.mimetype == "text/javascript" and reply.headers["Cache-Control"] == "no-cache"
    first_line = reply.get_data(as_text=True).split("\n", 1)[0]
    return json.loads(re.fullmatch(r"self\.OFFLINE_CONFIG = (.*);", first_line).group(1))


def test_the_service_worker_keeps_an_app_shell_of_files_that_exist(client, app):
    settings = service_worker_settings(client)
    urls = [entry["url"] for entry in settings["precache"]]
    assert "/static/css/app.css" in urls and "/static/js/offline.js" in urls
    assert "/offline" in urls
    static = Path(app.static_folder)
    for entry in settings["precache"]:
        assert len(entry["revision"]) == 16
        if entry["url"].startswith("/static/"):
            assert (static / entry["url"].removeprefix("/static/")).is_file(), entry["url"]
    # Workbox is served from the app itself, never from a CDN.
    assert settings["workbox"] == "/static/vendor/workbox"
    for module in ("workbox-sw.js", "workbox-routing.prod.js", "workbox-background-sync.prod.js"):
        assert (static / "vendor" / "workbox" / module).is_file()
    assert "https://" not in (static / "js" / "sw.js").read_text()


def test_the_manifest_names_the_app_in_vietnamese_with_its_icons(client, app):
    reply = client.get("/manifest.webmanifest")
    assert reply.mimetype == "application/manifest+json"
    manifest = reply.get_json(force=True)
    assert manifest["name"] == "Học tập cán bộ Hội" and manifest["short_name"] == "Học tập Hội"
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert (Path(app.static_folder) / icon["src"].removeprefix("/static/")).is_file()


def test_the_offline_page_holds_no_one_s_menu(client, org):
    make_user("boss", "organizer", unit=org.city)
    login(client, "boss")
    html = client.get("/offline").get_data(as_text=True)
    assert "Không có mạng" in html and "offline-course-list" in html
    assert "/reports" not in html and "/org/cadres" not in html


@pytest.fixture
def hoa(client, org):
    cadre = make_cadre(org.branch_a1, full_name="Trần Thị Hoa")
    make_user("hoa", cadre=cadre)
    course = make_course("An toàn trên mạng", lessons=2, questions=2)
    enroll(cadre, course)
    login(client, "hoa")
    return course


def test_her_learning_pages_may_stay_on_her_phone(client, hoa):
    for url in ("/", f"/courses/{hoa.slug}", f"/courses/{hoa.slug}/lessons/bai-1",
                f"/courses/{hoa.slug}/quiz"):
        reply = client.get(url)
        assert reply.status_code == 200 and reply.headers.get(OFFLINE_HEADER) == "keep", url


def test_pages_with_other_people_s_data_never_stay_on_a_phone(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    login(client, "org_a")
    for url in ("/", "/reports", "/org/cadres", "/training", "/assignments", "/offline"):
        reply = client.get(url)
        assert reply.status_code == 200, url
        assert OFFLINE_HEADER not in reply.headers, url


def test_a_course_download_lists_her_pages_and_pictures_and_no_result(client, hoa, app_ctx):
    from lms.catalog.models import Lesson
    from lms.extensions import db

    lesson = db.session.query(Lesson).filter_by(course_id=hoa.id, slug="bai-2").one()
    lesson.body_html = (f'<p><img alt="Sơ đồ" src="/courses/{hoa.slug}/media/so-do.png?v=ab12">'
                        f'</p>')
    db.session.commit()
    reply = client.get(f"/courses/{hoa.slug}/offline.json")
    assert reply.headers["Cache-Control"] == "private, no-store"
    manifest = reply.get_json()
    assert manifest["title"] == "An toàn trên mạng" and len(manifest["version"]) == 16
    assert manifest["urls"] == [
        f"/courses/{hoa.slug}", f"/courses/{hoa.slug}/lessons/bai-1",
        f"/courses/{hoa.slug}/lessons/bai-2", f"/courses/{hoa.slug}/media/so-do.png?v=ab12",
        f"/courses/{hoa.slug}/quiz", "/"]
    before = manifest["version"]
    lesson.title = "Bài hai, sửa lại"
    db.session.commit()
    assert client.get(f"/courses/{hoa.slug}/offline.json").get_json()["version"] != before


def test_a_course_she_is_not_in_cannot_be_downloaded(client, hoa):
    other = make_course("Khóa khác", lessons=1)
    assert client.get(f"/courses/{other.slug}/offline.json").status_code == 404


def test_signing_out_clears_what_the_phone_keeps(client, hoa):
    reply = logout(client)
    assert reply.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_another_account_signing_in_on_the_same_browser_clears_the_first_one_s(client, org):
    make_user("lan", cadre=make_cadre(org.branch_a1))
    make_user("mai", cadre=make_cadre(org.branch_a1))
    first = login(client, "lan")
    assert "Clear-Site-Data" not in first.headers
    logout(client)
    again = login(client, "lan")
    assert "Clear-Site-Data" not in again.headers  # her own copies stay for her
    logout(client)
    other = login(client, "mai")
    assert other.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_a_stale_form_token_is_said_in_a_header_the_queue_reads(client, hoa):
    reply = client.post(f"/courses/{hoa.slug}/lessons/bai-1/complete",
                        data={"csrf_token": "stale"})
    assert reply.status_code == 400 and reply.headers["X-CSRF-Expired"] == "1"
