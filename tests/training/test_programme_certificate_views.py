"""Programme certificates on the pages: the PDF, who may download it, the public verification
page, the cadre's home and the organizer's programme page."""

import io
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select

from lms.extensions import db
from lms.training.programmes.models import ProgrammeCompletion
from lms.training.programmes.pdf import render_programme_certificate_pdf
from tests.conftest import login, logout
from tests.factories import make_cadre, make_user
from tests.learning.test_certificates import link_uris, pdf_text
from tests.training.programme_helpers import build_city


@pytest.fixture
def city(org):
    city = build_city(org)
    make_user("an", cadre=city.a1)
    return city


@pytest.fixture
def an_certificate(city):
    """Lê Thị An's certificate, issued at 10:00 on 2 June 2026 in Hanoi."""
    completion = db.session.scalar(select(ProgrammeCompletion))
    completion.issued_at = datetime(2026, 6, 2, 3, 0)
    db.session.commit()
    return completion


def url(completion):
    return f"/programmes/certificates/{completion.code}.pdf"


# ---- the PDF ---------------------------------------------------------------------------------

def test_pdf_says_who_completed_which_programme_of_which_unit_and_when(app, an_certificate):
    with app.test_request_context():
        data = render_programme_certificate_pdf(an_certificate)
    lines = [" ".join(line.split()) for line in pdf_text(data)]
    for expected in ("HỘI LIÊN HIỆP PHỤ NỮ THÀNH PHỐ HÀ NỘI", "GIẤY CHỨNG NHẬN",
                     "Hoàn thành chương trình bồi dưỡng", "Chứng nhận đồng chí", "Lê Thị An",
                     "Đơn vị: Phường Hoàn Kiếm",
                     "đã hoàn thành Chương trình bồi dưỡng năm 2026:",
                     "Chương trình bồi dưỡng năm 2026",
                     "Đơn vị cấp: Hội LHPN Hà Nội", "Ngày hoàn thành: 01/06/2026",
                     "Hà Nội, ngày 02 tháng 6 năm 2026",
                     f"Mã chứng nhận: {an_certificate.code}"):
        assert expected in lines, (expected, lines)
    assert f"http://localhost/verify/{an_certificate.code}" in link_uris(data)
    assert PdfReader(io.BytesIO(data)).metadata.title == (
        "Giấy chứng nhận - Chương trình bồi dưỡng năm 2026")


def test_pdf_keeps_the_unit_she_was_in_when_it_was_issued(app, org, city):
    from lms.org.services import move_cadre

    completion = db.session.scalar(select(ProgrammeCompletion))
    move_cadre(city.a1, org.ward_b, at=completion.issued_at + timedelta(minutes=5))
    db.session.commit()
    with app.test_request_context():
        lines = pdf_text(render_programme_certificate_pdf(completion))
    assert "Đơn vị: Phường Hoàn Kiếm" in [" ".join(line.split()) for line in lines]


# ---- download rights ---------------------------------------------------------------------

@pytest.mark.parametrize(("username", "role", "unit_name", "status"), [
    ("an", None, None, 200),                       # herself
    ("other_cadre", None, None, 404),              # another cadre
    ("org_b", "organizer", "ward_b", 404),         # an organizer of another ward
    ("org_branch", "organizer", "branch_a1", 404),  # below her unit (she is in ward A)
    ("org_a", "organizer", "ward_a", 200),         # her ward's organizer
    ("org_city", "organizer", "city", 200),        # an organizer above
    ("admin", "admin", None, 200),
])
def test_download_rights(client, org, an_certificate, username, role, unit_name, status):
    if username == "other_cadre":
        make_user(username, cadre=make_cadre(org.ward_a))
    elif username != "an":
        make_user(username, role, unit=getattr(org, unit_name) if unit_name else None)
    login(client, username)
    response = client.get(url(an_certificate))
    assert response.status_code == status
    if status == 200:
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            "attachment; filename=chung-nhan-chuong-trinh-boi-duong-nam-2026-"
            f"{an_certificate.cadre.code.lower()}.pdf")
        assert response.headers["Cache-Control"] == "private, no-store"
        assert response.data.startswith(b"%PDF-")


def test_download_needs_sign_in(client, an_certificate):
    response = client.get(url(an_certificate))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_revoked_certificate_is_neither_downloaded_nor_valid(client, an_certificate):
    an_certificate.is_revoked = True
    db.session.commit()
    login(client, "an")
    assert client.get(url(an_certificate)).status_code == 404
    response = client.get(f"/verify/{an_certificate.code}")
    assert response.status_code == 404
    assert "Lê Thị An" not in response.get_data(as_text=True)


def test_a_course_code_is_not_a_programme_download(client, an_certificate):
    login(client, "an")
    assert client.get("/programmes/certificates/HN-AAAA-BBBB-CCCC.pdf").status_code == 404


# ---- public verification -----------------------------------------------------------------

def test_verify_page_shows_what_the_programme_certificate_proves(client, an_certificate):
    response = client.get(f"/verify/{an_certificate.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in ("Giấy chứng nhận hợp lệ", "Lê Thị An", "Chương trình bồi dưỡng năm 2026",
                  "Hội LHPN Hà Nội", "01/06/2026"):
        assert shown in html, shown
    for private in (an_certificate.cadre.code, "Phường Hoàn Kiếm", 'class="mainnav"'):
        assert private not in html, private


def test_verify_takes_a_programme_code_typed_loosely(client, an_certificate):
    typed = an_certificate.code.removeprefix("HN-").lower().replace("-", " ")
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{an_certificate.code}")
    assert client.get(f"/verify/{typed}").status_code == 200


def test_an_unknown_programme_code_is_not_valid(client, an_certificate):
    response = client.get("/verify/HN-CT-AAAA-BBBB-CCCC")
    assert response.status_code == 404
    assert "Lê Thị An" not in response.get_data(as_text=True)


# ---- the cadre's home and the organizer's page -----------------------------------------------

def test_home_shows_the_download_link_on_a_done_programme_only(client, city, an_certificate):
    login(client, "an")
    html = client.get("/").get_data(as_text=True)
    assert f'href="{url(an_certificate)}"' in html
    assert "Tải giấy chứng nhận (PDF)" in html
    make_user("cuc", cadre=city.a3)
    logout(client)
    login(client, "cuc")
    assert "/programmes/certificates/" not in client.get("/").get_data(as_text=True)


def test_home_says_a_done_programme_s_certificate_is_coming(client, city):
    db.session.execute(delete(ProgrammeCompletion))
    db.session.commit()
    login(client, "an")
    html = client.get("/").get_data(as_text=True)
    assert "/programmes/certificates/" not in html
    assert "Giấy chứng nhận của bạn đang được cấp" in html


@pytest.mark.parametrize(("unit_name", "shown"), [
    ("city", "Giấy chứng nhận đã cấp"),                  # the programme's own unit: all
    ("ward_b", "Giấy chứng nhận đã cấp trong đơn vị của bạn"),   # below, following it
    ("ward_a", "Giấy chứng nhận đã cấp trong đơn vị của bạn"),
])
def test_programme_page_counts_the_certificates_issued(client, org, city, unit_name, shown):
    make_user("organizer", "organizer", unit=getattr(org, unit_name))
    login(client, "organizer")
    html = client.get(f"/programmes/{city.programme.id}").get_data(as_text=True)
    assert f"<dt>{shown}</dt>" in html
    count = 0 if unit_name == "ward_b" else 1
    assert f'<dd class="programme-certificates">{count}</dd>' in html
