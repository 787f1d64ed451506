"""The organizers' programme pages, the report and its download, the cadre's home, and who
may do what."""

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.training.programmes.models import Programme
from tests.conftest import login, post_form
from tests.factories import make_user
from tests.training.programme_helpers import build_city, make_programme

TODAY = date(2026, 12, 2)  # after the due date, 30/11/2026


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("lms.training.programmes.views.local_today", lambda: TODAY)
    monkeypatch.setattr("lms.learning.views.local_today", lambda: TODAY)


@pytest.fixture
def city(org):
    return build_city(org)


@pytest.fixture
def city_organizer(client, org):
    make_user("org_city", role="organizer", unit=org.city)
    login(client, "org_city")
    return client


def test_draft_requirements_and_publish_through_the_pages(city_organizer, org, city):
    client = city_organizer
    response = post_form(client, "/programmes/new", {
        "title": "Chương trình bồi dưỡng năm 2027", "year": "2027", "due_date": "2027-11-30",
        "unit_code": "W-A", "only_key_cadres": "y"})
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme).where(Programme.year == 2027))
    assert (programme.unit_id, programme.only_key_cadres, programme.status) == (
        org.ward_a.id, True, "draft")
    url = f"/programmes/{programme.id}"
    add = f"{url}/requirements"
    assert post_form(client, add, {"kind": "course", "course_id": str(city.courses.law.id)},
                     form_url=url).status_code == 302
    assert post_form(client, add, {"kind": "one_of", "course_ids": [
        str(city.courses.it1.id), str(city.courses.it2.id)]}, form_url=url).status_code == 302
    assert post_form(client, add, {"kind": "hours", "hours": "7,5", "track": "digital"},
                     form_url=url).status_code == 302
    refused = post_form(client, add, {"kind": "one_of", "course_ids": [
        str(city.courses.it1.id)]}, form_url=url)
    assert refused.status_code == 400
    assert "Chọn ít nhất hai khóa học" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert [(r.kind, len(r.courses), r.hours) for r in programme.requirements] == [
        ("course", 1, None), ("one_of", 2, None), ("hours", 0, 7.5)]
    assert post_form(client, f"{url}/publish", form_url=url).status_code == 302
    db.session.expire_all()
    assert programme.status == "published"
    page = client.get(url).get_data(as_text=True)
    assert "Ít nhất 7,5 giờ" in page


def test_roll_over_through_the_page(city_organizer, org, city):
    url = f"/programmes/{city.programme.id}"
    response = post_form(city_organizer, f"{url}/roll-over", form_url=url)
    copy = db.session.scalar(select(Programme).where(Programme.year == 2027))
    assert response.headers["Location"].endswith(f"/programmes/{copy.id}")
    assert (copy.status, copy.due_date, len(copy.requirements)) == ("draft", date(2027, 11, 30),
                                                                     3)


def test_report_counts_and_drill_down(city_organizer, org, city):
    page = city_organizer.get(f"/programmes/{city.programme.id}/report").get_data(as_text=True)
    # After the due date: a1 done, the four others overdue (3 in ward A, 1 in ward B).
    assert re.search(r'data-status="done">\s*<h2>[^<]+</h2>\s*<p class="indicator-figures">'
                     r'<a class="indicator-percent" href="[^"]+">1</a>', page)
    ward_a_row = re.search(rf'<tr data-unit="{org.ward_a.id}">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'data-status="overdue"><a [^>]+>3</a>', ward_a_row)
    assert re.search(r'data-status="done"><a [^>]+>1</a>', ward_a_row)
    assert set(re.findall(r'<tr data-cadre="[^"]+" data-status="(\w+)"', page)) == {"overdue"}
    assert len(re.findall(r'<tr data-cadre=', page)) == 4
    drilled = city_organizer.get(f"/programmes/{city.programme.id}/report?unit_id="
                                 f"{org.ward_b.id}").get_data(as_text=True)
    assert re.findall(r'<tr data-cadre="([^"]+)"', drilled) == [city.b1.code]


def test_export_lists_the_overdue_with_what_each_lacks(city_organizer, org, city):
    response = city_organizer.get(f"/programmes/{city.programme.id}/report.csv?status=overdue")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[2][2:4] == ["Đơn vị", "Cơ sở xã/phường"]  # the ward in its own column
    by_name = {row[0]: row for row in rows if len(row) == 8}
    cuc = by_name["Trần Thị Cúc"]
    assert cuc[6] == "Quá hạn"
    assert "Luật bình đẳng giới" in cuc[7] and "Còn 5 giờ" in cuc[7]
    assert "Lê Thị An" not in by_name
    assert "Vũ Thị Dung" in by_name and "Luật" not in by_name["Vũ Thị Dung"][7]
    xlsx = city_organizer.get(f"/programmes/{city.programme.id}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_cadre_home_shows_this_years_programme_first(client, org, city):
    make_user("cuc", cadre=city.a3)
    login(client, "cuc")
    page = client.get("/").get_data(as_text=True)
    assert page.index("Chương trình bồi dưỡng năm 2026") < page.index("Khóa học của tôi")
    section = re.search(r'<section class="card programme-card programme-overdue".*?</section>',
                        page, re.S).group(0)
    assert "Quá hạn" in section and "30/11/2026" in section
    assert "Còn 5 giờ" in section
    assert f'href="/courses/{city.courses.law.slug}"' in section
    assert section.count("<li ") == 3
    # A course requirement names its courses once, as the buttons that open them.
    assert "Hoàn thành một trong các khóa học:" in section
    assert section.count(city.courses.it1.title) == 1


def test_authorisation(client, org, city):
    ward_programme = make_programme(org.ward_a, city.courses)
    draft = make_programme(org.city, city.courses, publish=False)
    make_user("org_b", role="organizer", unit=org.ward_b)
    login(client, "org_b")
    assert client.get(f"/programmes/{ward_programme.id}").status_code == 404
    assert client.get(f"/programmes/{ward_programme.id}/report").status_code == 404
    # A draft of the city is not shown below it.
    assert client.get(f"/programmes/{draft.id}").status_code == 404
    # The city's published programme: followed for her own ward only, not edited.
    assert client.get(f"/programmes/{city.programme.id}").status_code == 200
    report = client.get(f"/programmes/{city.programme.id}/report?status=all")
    assert re.findall(r'<tr data-cadre="([^"]+)"', report.get_data(as_text=True)) == [
        city.b1.code]
    assert client.get(f"/programmes/{city.programme.id}/report?unit_id="
                      f"{org.ward_a.id}").status_code == 404
    url = f"/programmes/{city.programme.id}"
    for action in ("publish", "roll-over", "delete", "edit"):
        assert post_form(client, f"{url}/{action}", form_url=url).status_code == 403
    listed = client.get("/programmes").get_data(as_text=True)
    assert f'data-programme="{city.programme.id}"' in listed
    assert f'data-programme="{ward_programme.id}"' not in listed
    assert f'data-programme="{draft.id}"' not in listed


def test_a_cadre_cannot_open_the_organizer_pages(client, org, city):
    make_user("cuc", cadre=city.a3)
    login(client, "cuc")
    assert client.get("/programmes").status_code == 403
    assert client.get(f"/programmes/{city.programme.id}/report").status_code == 403


def test_a_long_export_is_written_by_a_worker_with_the_same_rows(city_organizer, org, city,
                                                                  monkeypatch):
    url = f"/programmes/{city.programme.id}/report.csv?status=overdue"
    at_once = city_organizer.get(url).get_data(as_text=True)
    monkeypatch.setattr("lms.training.programmes.views.EXPORT_AT_ONCE_ROWS", 1)
    monkeypatch.setattr("lms.tasks.local_today", lambda: TODAY)
    response = city_organizer.get(url)
    # The queue runs at once in the tests: the job's file is ready behind its page.
    assert response.status_code == 303 and response.headers["Location"].startswith("/jobs/")
    download = city_organizer.get(response.headers["Location"] + "/file")
    assert download.status_code == 200
    assert "filename=chuong-trinh-2026-HN-overdue.csv" in download.headers["Content-Disposition"]
    assert download.get_data(as_text=True) == at_once
    download.close()
