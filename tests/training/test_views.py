"""The organizer's training pages: listing, recording, adding attendees, import, scope, CSRF."""

import io
import re
from datetime import date
from decimal import Decimal
from functools import partial

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lms.extensions import db
from lms.training.models import Attendance, TrainingSession
from lms.training.services import add_attendees
from tests import factories
from tests.conftest import count_statements, csrf_token_from, login, post_form
from tests.factories import make_cadre, make_user
from tests.org.test_imports import csv_bytes
from tests.training.test_imports import HEADER, row

# The pages are tested on three-hour IT sessions.
make_session = partial(factories.make_session, title="Tập huấn", track="it", hours="3")


def attendee_ids(session):
    return set(db.session.scalars(select(Attendance.cadre_id)
                                  .where(Attendance.session_id == session.id)))


def list_rows(html):
    """(session id, attendee count) of each row of the session list."""
    return [(int(sid), int(count)) for sid, count in re.findall(
        r'<tr data-session="(\d+)">.*?class="attendee-count">(\d+)<', html, re.S)]


def test_the_list_shows_only_sessions_of_her_units_newest_first(organizer_a, org):
    old = make_session(org.ward_a, held_on=date(2023, 1, 1))
    new = make_session(org.group_a1a)
    make_session(org.ward_b)
    add_attendees(new, [make_cadre(org.ward_a).id, make_cadre(org.branch_a1).id])
    db.session.commit()
    response = organizer_a.get("/training")
    assert response.status_code == 200
    assert list_rows(response.get_data(as_text=True)) == [(new.id, 2), (old.id, 0)]


def test_the_list_runs_the_same_number_of_statements_for_many_sessions(organizer_a, org):
    make_session(org.ward_a)
    with count_statements() as few:
        organizer_a.get("/training")
    for _ in range(10):
        add_attendees(make_session(org.branch_a1), [make_cadre(org.ward_a).id])
    db.session.commit()
    with count_statements() as many:
        organizer_a.get("/training")
    assert len(many) == len(few)


def test_the_organizer_records_a_session_in_her_scope(organizer_a, org):
    form = organizer_a.get("/training/new").get_data(as_text=True)
    # her unit is offered by default
    assert 'value="Phường Hoàn Kiếm (W-A)"' in form
    response = post_form(organizer_a, "/training/new", {
        "title": "Tập huấn kỹ năng số", "track": "digital", "held_on": "2024-04-02",
        "hours": "3.5", "unit_code": "B-A1"})
    assert response.status_code == 302
    session = db.session.scalar(select(TrainingSession))
    assert response.headers["Location"].endswith(f"/training/{session.id}")
    assert (session.title, session.track, session.held_on, session.hours, session.unit_id) == (
        "Tập huấn kỹ năng số", "digital", date(2024, 4, 2), Decimal("3.5"), org.branch_a1.id)
    assert session.code.startswith("TH-20240402-")


def test_a_session_for_a_sibling_ward_is_refused_on_the_form(organizer_a, org):
    response = post_form(organizer_a, "/training/new", {
        "title": "x", "track": "it", "held_on": "2024-04-02", "hours": "2", "unit_code": "W-B"})
    assert response.status_code == 200
    assert 'id="unit_code-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 0


def test_session_hours_take_a_decimal_comma_and_are_shown_back_with_one(organizer_a, org):
    fields = {"title": "Tập huấn", "track": "it", "held_on": "2024-04-02", "unit_code": "W-B"}
    refused = post_form(organizer_a, "/training/new", {**fields, "hours": "3.5"})
    # Refused for its unit: the hours come back in the form people write them.
    assert re.search(r'<input[^>]*id="hours"[^>]*value="3,5"', refused.get_data(as_text=True))
    assert post_form(organizer_a, "/training/new",
                     {**fields, "unit_code": "B-A1", "hours": "3,5"}).status_code == 302
    assert db.session.scalar(select(TrainingSession.hours)) == Decimal("3.5")


def test_ambiguous_session_hours_are_refused_beside_the_field(organizer_a, org):
    response = post_form(organizer_a, "/training/new", {
        "title": "x", "track": "it", "held_on": "2024-04-02", "hours": "1.234,5",
        "unit_code": "B-A1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="hours-error">[^<]*2,5', html)
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 0


def test_the_search_lists_her_cadres_with_checkboxes_and_adding_is_idempotent(organizer_a, org):
    session = make_session(org.ward_a)
    hang = make_cadre(org.branch_a1, full_name="Đỗ Thị Hằng")
    lan = make_cadre(org.group_a1a, full_name="Đỗ Thị Lan")
    make_cadre(org.branch_b1, full_name="Đỗ Thị Hồng")
    url = f"/training/{session.id}"
    html = organizer_a.get(url, query_string={"q": "do thi"}).get_data(as_text=True)
    boxes = {int(v) for v in re.findall(r'name="cadre_ids" value="(\d+)"', html)}
    assert boxes == {hang.id, lan.id}
    for _ in range(2):
        response = post_form(organizer_a, f"{url}/attendees",
                             {"cadre_ids": [str(hang.id), str(lan.id)]}, form_url=url)
        assert response.status_code == 302
    assert attendee_ids(session) == {hang.id, lan.id}
    html = organizer_a.get(url).get_data(as_text=True)
    assert set(map(int, re.findall(r'<tr data-cadre="(\d+)">', html))) == {hang.id, lan.id}
    response = post_form(organizer_a, f"{url}/attendees/{hang.id}/remove", form_url=url)
    assert response.status_code == 302
    assert attendee_ids(session) == {lan.id}


def test_the_search_covers_the_sessions_unit_only_and_says_how_many_it_shows(client, org):
    factories.make_user("org_city", role="organizer", unit=org.city)
    login(client, "org_city")
    ward_session = make_session(org.ward_a)
    for n in range(32):
        make_cadre(org.branch_a1 if n % 2 else org.group_a1a, full_name=f"Đỗ Thị Hằng {n:02d}")
    make_cadre(org.branch_b1, full_name="Đỗ Thị Hằng Sóc Sơn")
    html = client.get(f"/training/{ward_session.id}", query_string={"q": "do thi hang"}) \
        .get_data(as_text=True)
    # The city's organizer searches a ward's session: that ward's cadres only, 30 of 32.
    assert len(re.findall(r'name="cadre_ids"', html)) == 30
    assert "Cán bộ tìm thấy: 30 trên 32." in html and "(30)" not in html
    assert "Sóc Sơn" not in html.split('id="add-title"')[1]
    assert "Chi hội Tổ dân phố 1 · Phường Hoàn Kiếm" in html  # each with its ward
    city_session = make_session(org.city)
    html = client.get(f"/training/{city_session.id}", query_string={"q": "soc son"}) \
        .get_data(as_text=True)
    assert "Cán bộ tìm thấy (1)" in html and "Đỗ Thị Hằng Sóc Sơn" in html


def test_a_ward_b_cadre_cannot_be_added(organizer_a, org):
    session = make_session(org.ward_a)
    mine, theirs = make_cadre(org.ward_a), make_cadre(org.branch_b1)
    url = f"/training/{session.id}"
    response = post_form(organizer_a, f"{url}/attendees",
                         {"cadre_ids": [str(mine.id), str(theirs.id)]}, form_url=url)
    assert response.status_code == 404
    assert attendee_ids(session) == set()


def test_ward_b_session_pages_answer_404(organizer_a, org):
    theirs = make_session(org.ward_b)
    cadre = make_cadre(org.branch_b1)
    add_attendees(theirs, [cadre.id])
    db.session.commit()
    token = csrf_token_from(organizer_a.get("/training/new").get_data(as_text=True))
    url = f"/training/{theirs.id}"
    assert organizer_a.get(url).status_code == 404
    assert organizer_a.post(f"{url}/attendees", data={
        "cadre_ids": [str(cadre.id)], "csrf_token": token}).status_code == 404
    assert organizer_a.post(f"{url}/attendees/{cadre.id}/remove",
                            data={"csrf_token": token}).status_code == 404
    assert organizer_a.get("/training/999999").status_code == 404
    assert attendee_ids(theirs) == {cadre.id}


def test_posts_without_a_csrf_token_answer_400(organizer_a, org):
    session = make_session(org.ward_a)
    cadre = make_cadre(org.ward_a)
    url = f"/training/{session.id}"
    assert organizer_a.post(f"{url}/attendees",
                            data={"cadre_ids": [str(cadre.id)]}).status_code == 400
    assert organizer_a.post(f"{url}/attendees/{cadre.id}/remove").status_code == 400
    assert organizer_a.post("/training/new", data={"title": "x"}).status_code == 400
    assert attendee_ids(session) == set()


def test_cadres_and_anonymous_users_are_kept_out(client, org):
    session = make_session(org.ward_a)
    assert client.get("/training").status_code == 302  # to the sign-in page
    make_user("plain", cadre=make_cadre(org.ward_a))
    login(client, "plain")
    for url in ("/training", "/training/new", f"/training/{session.id}", "/training/import"):
        assert client.get(url).status_code == 403


def upload(client, data, filename, **kwargs):
    return post_form(client, "/training/import", {"file": (io.BytesIO(data), filename)},
                     content_type="multipart/form-data", **kwargs)


def error_cells(html):
    table = re.search(r'<table class="stack import-errors">(.*?)</table>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    return [tuple(cells[i:i + 2]) for i in range(0, len(cells), 3)]


def test_the_import_page_shows_every_problem_and_writes_nothing(organizer_a, org):
    make_cadre(org.ward_a, code="A1")
    make_cadre(org.ward_b, code="B1")
    data = csv_bytes([HEADER, row("A1"), row("B1"), row("A1", "S2", unit_code="W-B")])
    # The file is imported by a job; its page shows the problems once it is done.
    response = upload(organizer_a, data, "tap-huan.csv", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert error_cells(html) == [("3", "Mã cán bộ"), ("4", "Mã đơn vị")]
    assert "tap-huan.csv" in html
    assert db.session.scalar(select(func.count(TrainingSession.id))) == 0


def test_a_good_import_redirects_to_the_list(organizer_a, org):
    make_cadre(org.ward_a, code="A1")
    response = upload(organizer_a, csv_bytes([HEADER, row("A1")], bom=True), "tap-huan.csv")
    # The file is imported by a job; its page sends her on once it is done.
    assert response.status_code == 302
    assert "/training/import/jobs/" in response.headers["Location"]
    response = organizer_a.get(response.headers["Location"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/training")
    assert db.session.scalar(select(func.count(Attendance.id))) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_templates_download(organizer_a, fmt):
    html = organizer_a.get("/training/import").get_data(as_text=True)
    assert f"/training/import/template.{fmt}" in html
    response = organizer_a.get(f"/training/import/template.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(response.data)).active.max_column == 7
    else:
        assert response.data.startswith(b"\xef\xbb\xbf")


def test_the_nav_links_to_training_for_organizers(organizer_a):
    assert 'href="/training"' in organizer_a.get("/").get_data(as_text=True)
