"""Organizer pages: scope on every route, search, editing."""

import re

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.org.models import Cadre, CadreUnitHistory, Unit
from tests.conftest import count_statements, login, logout, post_form
from tests.factories import make_cadre, make_user


@pytest.fixture
def ward_a_organizer(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    login(client, "org_a")
    return org


def organizer_get_urls(org, cadre):
    """Every GET page of the org blueprint that names a unit or a cadre."""
    return [
        f"/org/units/{org.ward_b.id}",
        f"/org/units/{org.branch_b1.id}",
        f"/org/units/{org.ward_b.id}/new",
        f"/org/units/{org.ward_b.id}/edit",
        f"/org/cadres/{cadre.id}",
        f"/org/cadres/{cadre.id}/edit",
        f"/org/cadres?unit={org.ward_b.id}",
    ]


def test_organizer_gets_404_for_everything_in_a_sibling_ward(client, ward_a_organizer):
    org = ward_a_organizer
    other = make_cadre(org.branch_b1, full_name="Trần Thị Bí Mật")
    for url in organizer_get_urls(org, other):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Bí Mật" not in response.get_data(as_text=True)


def test_organizer_cannot_post_into_a_sibling_ward(client, ward_a_organizer):
    org = ward_a_organizer
    other = make_cadre(org.branch_b1, full_name="Trần Thị Bí Mật")
    form_url = f"/org/units/{org.ward_a.id}/new"
    posts = [
        (f"/org/units/{org.ward_b.id}/new", {"code": "X1", "name": "X", "kind": "branch"}),
        (f"/org/units/{org.ward_b.id}/edit", {"code": "W-B", "name": "Đổi tên", "kind": "commune"}),
        (f"/org/cadres/{other.id}/edit", {"code": other.code, "full_name": "Đổi",
                                          "unit_code": "W-B", "education": "university"}),
        (f"/org/cadres/{other.id}/one-time-code", {}),
    ]
    for url, data in posts:
        assert post_form(client, url, data, form_url=form_url).status_code == 404, url
    assert db.session.get(Unit, org.ward_b.id).name == "Xã Sóc Sơn"
    assert db.session.scalar(select(Unit).where(Unit.code == "X1")) is None
    assert db.session.get(Cadre, other.id).full_name == "Trần Thị Bí Mật"


def test_organizer_cannot_move_a_cadre_out_of_her_scope(client, ward_a_organizer):
    org = ward_a_organizer
    mine = make_cadre(org.branch_a1)
    response = post_form(client, f"/org/cadres/{mine.id}/edit", {
        "code": mine.code, "full_name": mine.full_name, "unit_code": "W-B",
        "education": "university", "is_active": "y"})
    assert response.status_code == 200
    assert "Không có đơn vị nào thuộc phạm vi bạn quản lý có mã hoặc tên này." in \
        response.get_data(as_text=True)
    assert db.session.get(Cadre, mine.id).unit_id == org.branch_a1.id


def test_cadre_list_shows_only_the_scope(client, ward_a_organizer):
    org = ward_a_organizer
    make_cadre(org.group_a1a, full_name="Lê Thị Trong Phạm Vi")
    make_cadre(org.branch_b1, full_name="Phạm Thị Ngoài Phạm Vi")
    html = client.get("/org/cadres").get_data(as_text=True)
    assert "Lê Thị Trong Phạm Vi" in html
    assert "Ngoài Phạm Vi" not in html


def test_unit_page_breadcrumb_stops_at_the_scope_root(client, ward_a_organizer):
    org = ward_a_organizer
    html = client.get(f"/org/units/{org.group_a1a.id}").get_data(as_text=True)
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert "Phường Hoàn Kiếm" in breadcrumb and "Tổ phụ nữ số 1" in breadcrumb
    assert "Hội LHPN Hà Nội" not in breadcrumb
    assert client.get("/org/units").status_code == 200


@pytest.mark.parametrize("term", ["nguyen thi hoa", "NGUYỄN THỊ HOA", "Nguyen Thi Hoà", "hoa"])
def test_search_ignores_case_and_diacritics(client, ward_a_organizer, term):
    org = ward_a_organizer
    make_cadre(org.branch_a1, full_name="Nguyễn Thị Hoa")
    make_cadre(org.branch_a1, full_name="Trần Thị Lan")
    html = client.get("/org/cadres", query_string={"q": term}).get_data(as_text=True)
    assert "Nguyễn Thị Hoa" in html
    assert "Trần Thị Lan" not in html


def test_search_by_code_and_phone_and_flag_filters(client, ward_a_organizer):
    org = ward_a_organizer
    make_cadre(org.branch_a1, full_name="Đỗ Thị Mai", code="CB-MAI", phone="0912345678",
               is_full_time=True)
    make_cadre(org.branch_a1, full_name="Vũ Thị Thu", is_full_time=False)
    assert "Đỗ Thị Mai" in client.get("/org/cadres?q=cb-mai").get_data(as_text=True)
    assert "Đỗ Thị Mai" in client.get("/org/cadres?q=0912345678").get_data(as_text=True)
    html = client.get("/org/cadres?is_full_time=1").get_data(as_text=True)
    assert "Đỗ Thị Mai" in html and "Vũ Thị Thu" not in html
    html = client.get("/org/cadres?is_full_time=0").get_data(as_text=True)
    assert "Đỗ Thị Mai" not in html and "Vũ Thị Thu" in html


def test_cadre_list_paginates(client, ward_a_organizer):
    org = ward_a_organizer
    for i in range(55):
        make_cadre(org.branch_a1, full_name=f"Người Số {i:02d}")
    first = client.get("/org/cadres").get_data(as_text=True)
    second = client.get("/org/cadres?page=2").get_data(as_text=True)
    cadre_link = re.compile(r'href="/org/cadres/\d+"')
    assert len(cadre_link.findall(first)) == 50
    assert len(cadre_link.findall(second)) == 5


def test_organizer_adds_and_moves_a_cadre_in_scope(client, ward_a_organizer):
    org = ward_a_organizer
    response = post_form(client, "/org/cadres/new", {
        "code": "CB-NEW", "full_name": "  Bùi   Thị Hạnh ", "birth_year": "1985",
        "phone": "0987654321", "unit_code": "B-A1", "education": "master",
        "is_full_time": "y", "is_active": "y"})
    assert response.status_code == 302
    cadre = db.session.scalar(select(Cadre).where(Cadre.code == "CB-NEW"))
    assert cadre.full_name == "Bùi Thị Hạnh" and cadre.search_name == "bui thi hanh"
    assert cadre.is_full_time and cadre.education == "master"
    response = post_form(client, f"/org/cadres/{cadre.id}/edit", {
        "code": "CB-NEW", "full_name": "Bùi Thị Hạnh", "unit_code": "G-A1A",
        "education": "master", "is_active": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Cadre, cadre.id).unit_id == org.group_a1a.id
    units = db.session.scalars(select(CadreUnitHistory.unit_id).where(
        CadreUnitHistory.cadre_id == cadre.id).order_by(CadreUnitHistory.id)).all()
    assert units == [org.branch_a1.id, org.group_a1a.id]


def test_duplicate_code_or_phone_is_refused_beside_the_field(client, ward_a_organizer):
    org = ward_a_organizer
    make_cadre(org.branch_a1, code="CB-1", phone="0911111111")
    response = post_form(client, "/org/cadres/new", {
        "code": "CB-1", "full_name": "Ai Đó", "unit_code": "B-A1", "education": "university"})
    assert response.status_code == 200
    response = post_form(client, "/org/cadres/new", {
        "code": "CB-2", "full_name": "Ai Đó", "phone": "0911111111", "unit_code": "B-A1",
        "education": "university"})
    assert response.status_code == 200
    assert db.session.scalar(select(Cadre).where(Cadre.code == "CB-2")) is None


def test_cadre_and_trainer_cannot_open_organizer_pages(client, org):
    make_user("plain", cadre=make_cadre(org.branch_a1))
    login(client, "plain")
    assert client.get("/org/cadres").status_code == 403
    assert client.get(f"/org/units/{org.ward_a.id}").status_code == 403


def test_anonymous_is_sent_to_sign_in(client, org):
    response = client.get("/org/cadres")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_move_and_merge_are_for_admins_only(client, ward_a_organizer):
    org = ward_a_organizer
    assert client.get(f"/org/units/{org.branch_a1.id}/move").status_code == 403
    assert client.get(f"/org/units/{org.branch_a1.id}/merge").status_code == 403


def test_admin_merges_units_from_the_web(client, org):
    make_user("root", "admin")
    login(client, "root")
    cadre = make_cadre(org.ward_a)
    response = post_form(client, f"/org/units/{org.ward_a.id}/merge", {"target_code": "W-B"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, org.ward_a.id).is_active is False
    assert db.session.get(Cadre, cadre.id).unit_id == org.ward_b.id
    response = post_form(client, f"/org/units/{org.ward_b.id}/move", {"target_code": "B-A1"})
    assert response.status_code == 200  # B-A1 now lies under W-B: refused beside the field


def test_organizer_issues_a_one_time_code_and_the_cadre_activates(client, ward_a_organizer):
    org = ward_a_organizer
    cadre = make_cadre(org.branch_a1, phone="0909000111")
    html = post_form(client, f"/org/cadres/{cadre.id}/one-time-code", {},
                     form_url=f"/org/cadres/{cadre.id}").get_data(as_text=True)
    code = re.search(r'class="code-box">([A-Z0-9]{8})<', html).group(1)
    logout(client)
    response = post_form(client, "/activate", {
        "login": "0909000111", "one_time_code": code.lower(),
        "new_password": "mat-khau-moi", "confirm_password": "mat-khau-moi"})
    assert response.status_code == 302
    logout(client)
    assert login(client, cadre.code, "mat-khau-moi").status_code == 302


def test_unit_codes_are_issued_only_to_cadres_without_password(client, ward_a_organizer):
    org = ward_a_organizer
    waiting = make_cadre(org.branch_a1, full_name="Chưa Có Mật Khẩu")
    ready = make_cadre(org.branch_a1, full_name="Đã Có Mật Khẩu")
    make_user("ready", cadre=ready)
    make_cadre(org.group_a1a, full_name="Ở Tổ Dưới")
    html = post_form(client, f"/org/units/{org.branch_a1.id}/one-time-codes", {},
                     form_url=f"/org/units/{org.branch_a1.id}").get_data(as_text=True)
    assert "Chưa Có Mật Khẩu" in html and waiting.code in html
    assert "Đã Có Mật Khẩu" not in html and "Ở Tổ Dưới" not in html
    assert html.count('class="code-box"') == 1


def test_cadre_list_runs_the_same_statements_for_one_unit_or_many(client, org):
    make_user("boss", "admin")
    login(client, "boss")
    make_cadre(org.branch_a1)
    client.get("/org/cadres")
    with count_statements() as one_unit:
        client.get("/org/cadres")
    for unit in (org.group_a1a, org.branch_b1, org.ward_a, org.ward_b, org.city):
        make_cadre(unit)
    with count_statements() as six_units:
        html = client.get("/org/cadres").get_data(as_text=True)
    assert "Chi hội Thôn Đông · Xã Sóc Sơn" in html  # each unit with its ward
    assert len(six_units) == len(one_unit)
