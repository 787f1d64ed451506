"""Certificates: issuing, the Vietnamese PDF, download rights, public verification, unit ZIPs."""

import io
import re
import unicodedata
import zipfile
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from lms.core.clock import local_today
from lms.extensions import db
from lms.learning.certificates.codes import normalise_code
from lms.learning.certificates.files import build_certificates_zip
from lms.learning.certificates.pdf import render_certificate_pdf
from lms.learning.certificates.queries import get_unit_certificates
from lms.learning.certificates.service import issue_certificate
from lms.learning.models import Certificate
from lms.org.services import move_cadre
from tests.conftest import count_statements, login
from tests.factories import make_cadre, make_user
from tests.learning.cert_helpers import make_certificate, make_completion, make_course

CODE_RE = re.compile(r"^HN(-[A-HJKMNP-Z2-9]{4}){3}$")


def nfc(text):
    return unicodedata.normalize("NFC", text)


def pdf_text(data):
    """Every line of text in the PDF, NFC-normalised and stripped."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return [nfc(line).strip() for line in text.splitlines() if line.strip()]


def render(app, certificate):
    with app.test_request_context():
        return render_certificate_pdf(certificate)


def link_uris(data):
    page = PdfReader(io.BytesIO(data)).pages[0]
    return [annot.get_object()["/A"]["/URI"] for annot in page.get("/Annots", [])]



# ---- issuing ---------------------------------------------------------------------------------

def test_issue_certificate_is_idempotent(org):
    completion = make_completion(org.ward_a)
    first = issue_certificate(completion)
    db.session.commit()
    again = issue_certificate(completion)
    assert again.id == first.id
    assert db.session.scalar(select(func.count(Certificate.id))) == 1
    assert CODE_RE.match(first.code), first.code
    assert first.issued_at == completion.completed_at
    assert (first.is_revoked, first.download_count) == (False, 0)


def test_issue_certificate_does_not_commit(org):
    completion = make_completion(org.ward_a)
    issue_certificate(completion)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_codes_are_unique(org):
    cadre = make_cadre(org.ward_a)
    codes = {make_certificate(cadre=cadre).code for _ in range(20)}
    assert len(codes) == 20


@pytest.mark.parametrize(("typed", "expected"), [
    ("HN-ABCD-EFGH-JK23", "HN-ABCD-EFGH-JK23"),
    (" hn abcd efgh jk23 ", "HN-ABCD-EFGH-JK23"),
    ("abcdefghjk23", "HN-ABCD-EFGH-JK23"),
    ("HNAB-CDEF-GHJK", "HN-HNAB-CDEF-GHJK"),
    ("HN-ABCD", None),
    ("", None),
])
def test_normalise_code(typed, expected):
    assert normalise_code(typed) == expected


# ---- the PDF ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "Nguyễn Thị Hoà",
    "Đặng Thị Ngọc Ánh",
    # Decomposed, as some spreadsheets export it: printed precomposed all the same.
    unicodedata.normalize("NFD", "Trần Thị Thuỷ Dương"),
])
def test_pdf_holds_the_vietnamese_text(app, org, name):
    cadre = make_cadre(org.ward_a, full_name=name)
    course = make_course(title="Ứng dụng bảng tính trong quản lý hội viên", track="it", hours="4")
    certificate = make_certificate(cadre=cadre, course=course)
    lines = pdf_text(render(app, certificate))
    assert nfc(name) in lines
    for expected in ("HỘI LIÊN HIỆP PHỤ NỮ THÀNH PHỐ HÀ NỘI", "GIẤY CHỨNG NHẬN",
                     "Hoàn thành khóa bồi dưỡng", "Đơn vị: Phường Hoàn Kiếm",
                     "Ứng dụng bảng tính trong quản lý hội viên",
                     "Lĩnh vực: Công nghệ thông tin · Thời lượng: 4 giờ",
                     "Ngày hoàn thành: 27/11/2026", "Hà Nội, ngày 27 tháng 11 năm 2026",
                     f"Mã chứng nhận: {certificate.code}"):
        assert any(" ".join(line.split()) == expected for line in lines), (expected, lines)


def test_pdf_is_a4_landscape_with_embedded_subset_fonts(app, org):
    data = render(app, make_certificate(org.ward_a))
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    descriptors = [font["/DescendantFonts"][0].get_object()["/FontDescriptor"] for font in fonts]
    # A six-letter tag before "+" marks a subset font.
    assert sorted(re.sub(r"^/[A-Z]{6}\+", "", font["/BaseFont"]) for font in fonts) == [
        "BeVietnamPro", "BeVietnamProBold"]
    assert all("/FontFile2" in descriptor for descriptor in descriptors)
    assert len(data) < 60_000


def test_pdf_links_the_qr_code_to_the_public_verification_page(app, org):
    certificate = make_certificate(org.ward_a)
    data = render(app, certificate)
    url = f"http://localhost/verify/{certificate.code}"
    assert url in link_uris(data)
    assert url in " ".join(pdf_text(data))
    xobjects = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())


def test_pdf_is_the_same_every_time(app, org):
    certificate = make_certificate(org.ward_a)
    assert render(app, certificate) == render(app, certificate)


def test_pdf_keeps_the_unit_she_belonged_to_when_she_completed(app, org):
    cadre = make_cadre(org.branch_a1)
    completion = make_completion(cadre=cadre, completed_at=datetime(2030, 1, 5, 3, 0))
    certificate = issue_certificate(completion)
    move_cadre(cadre, org.ward_b, at=datetime(2030, 6, 1))
    db.session.commit()
    lines = pdf_text(render(app, certificate))
    assert "Đơn vị: Chi hội Tổ dân phố 1" in lines
    # Month below 3 and day below 10 take a leading zero in Vietnamese documents.
    assert "Hà Nội, ngày 05 tháng 01 năm 2030" in lines


def test_pdf_writes_fractional_hours_with_a_comma(app, org):
    certificate = make_certificate(org.ward_a, course=make_course(hours="1.5", track="digital"))
    text = " ".join(" ".join(pdf_text(render(app, certificate))).split())
    assert "Lĩnh vực: Chuyển đổi số · Thời lượng: 1,5 giờ" in text


# ---- verification (public) -------------------------------------------------------------------

@pytest.fixture
def private_cadre(org):
    return make_cadre(org.group_a1a, full_name="Đặng Thị Ngọc Ánh", phone="0912345678",
                      email="anh@example.vn", code="CB-RIENG-01")


def test_verify_shows_name_course_and_date_only(client, private_cadre):
    certificate = make_certificate(cadre=private_cadre, course=make_course(title="Điều lệ Hội"))
    other = make_certificate(cadre=private_cadre, course=make_course(title="Khóa khác"))
    response = client.get(f"/verify/{certificate.code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đặng Thị Ngọc Ánh" in html and "Điều lệ Hội" in html and "27/11/2026" in html
    for private in ("0912345678", "anh@example.vn", "CB-RIENG-01", "Tổ phụ nữ số 1",
                    "Khóa khác", other.code, 'class="mainnav"'):
        assert private not in html, private


@pytest.mark.parametrize("revoke", [False, True])
def test_verify_rejects_unknown_and_revoked_codes(client, private_cadre, revoke):
    certificate = make_certificate(cadre=private_cadre)
    if revoke:
        certificate.is_revoked = True
        db.session.commit()
    code = certificate.code if revoke else "HN-AAAA-BBBB-CCCC"
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    assert "Đặng Thị Ngọc Ánh" not in response.get_data(as_text=True)


def test_verify_accepts_a_code_typed_loosely(client, private_cadre):
    certificate = make_certificate(cadre=private_cadre)
    loose = certificate.code.lower().replace("-", " ")
    assert client.get(f"/verify/{loose}").status_code == 200
    response = client.get("/verify", query_string={"code": loose})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{certificate.code}")


def test_verify_form_page_is_public(client, org):
    response = client.get("/verify")
    assert response.status_code == 200
    assert 'name="code"' in response.get_data(as_text=True)


def test_verify_form_rejects_what_cannot_be_a_code(client, org):
    response = client.get("/verify", query_string={"code": "xin chào"})
    assert response.status_code == 404
    assert 'name="code"' in response.get_data(as_text=True)


def test_verify_is_rate_limited(client, org):
    statuses = [client.get(f"/verify/HN-AAAA-BBBB-{n:04d}").status_code for n in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


# ---- download --------------------------------------------------------------------------------

@pytest.fixture
def owned(org):
    """A certificate of a cadre in branch A1, who has her own account."""
    cadre = make_cadre(org.branch_a1, code="CB-0042")
    make_user("owner", cadre=cadre)
    course = make_course(slug="dieu-le-hoi")
    return make_certificate(cadre=cadre, course=course)


@pytest.mark.parametrize(("username", "role", "unit_name", "status"), [
    ("owner", None, None, 200),
    ("other_cadre", None, None, 404),
    ("org_ward_a", "organizer", "ward_a", 200),
    ("org_branch", "organizer", "branch_a1", 200),
    ("org_ward_b", "organizer", "ward_b", 404),
    ("trainer", "trainer", None, 404),
    ("admin", "admin", None, 200),
])
def test_download_rights(client, org, owned, username, role, unit_name, status):
    if username == "other_cadre":
        make_user(username, cadre=make_cadre(org.branch_a1))
    elif username != "owner":
        make_user(username, role, unit=getattr(org, unit_name) if unit_name else None)
    login(client, username)
    response = client.get(f"/certificates/{owned.code}.pdf")
    assert response.status_code == status
    assert db.session.get(Certificate, owned.id).download_count == (1 if status == 200 else 0)
    if status == 200:
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            "attachment; filename=chung-nhan-dieu-le-hoi-cb-0042.pdf")
        assert response.data.startswith(b"%PDF-")


def test_download_needs_sign_in(client, owned):
    response = client.get(f"/certificates/{owned.code}.pdf")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_revoked_certificate_cannot_be_downloaded(client, owned):
    owned.is_revoked = True
    db.session.commit()
    login(client, "owner")
    assert client.get(f"/certificates/{owned.code}.pdf").status_code == 404


def test_organizer_follows_the_cadre_to_her_current_unit(client, org, owned):
    move_cadre(owned.completion.cadre, org.ward_b)
    db.session.commit()
    make_user("org_ward_b", "organizer", unit=org.ward_b)
    login(client, "org_ward_b")
    assert client.get(f"/certificates/{owned.code}.pdf").status_code == 200


# ---- unit ZIP --------------------------------------------------------------------------------

def zip_names(response):
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert all(PdfReader(io.BytesIO(archive.read(n))).pages for n in archive.namelist())
        return sorted(archive.namelist())


@pytest.fixture
def ward_a_certificates(org):
    """Certificates in ward A's subtree (ward, branch, group) and one in ward B."""
    course = make_course(slug="chuyen-doi-so")
    inside = [make_certificate(cadre=make_cadre(unit, code=f"CB-{unit.code}"), course=course)
              for unit in (org.ward_a, org.branch_a1, org.group_a1a)]
    make_certificate(cadre=make_cadre(org.branch_b1, code="CB-B"), course=course)
    return inside


def test_unit_zip_holds_exactly_the_subtree(client, org, ward_a_certificates):
    make_user("org_ward_a", "organizer", unit=org.ward_a)
    login(client, "org_ward_a")
    response = client.get(f"/org/units/{org.ward_a.id}/certificates.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "chung-nhan-w-a.zip" in response.headers["Content-Disposition"]
    assert zip_names(response) == [f"chung-nhan-chuyen-doi-so-cb-{code}.pdf"
                                   for code in ("b-a1", "g-a1a", "w-a")]


def test_unit_zip_filters_by_year(client, org, ward_a_certificates):
    make_certificate(cadre=make_cadre(org.ward_a, code="CB-2025"),
                     completed_at=datetime(2025, 12, 31, 17, 30))  # 1/1/2026 in Hanoi
    make_certificate(cadre=make_cadre(org.ward_a, code="CB-OLD"),
                     completed_at=datetime(2025, 12, 31, 16, 30))  # 31/12/2025 in Hanoi
    make_user("admin", "admin")
    login(client, "admin")
    url = f"/org/units/{org.ward_a.id}/certificates.zip"
    names = zip_names(client.get(url, query_string={"year": 2026}))
    assert len(names) == 4 and not any("cb-old" in name for name in names)
    assert client.get(url, query_string={"year": "20x6"}).status_code == 400


def test_unit_zip_is_404_outside_the_scope(client, org, ward_a_certificates):
    make_user("org_ward_b", "organizer", unit=org.ward_b)
    login(client, "org_ward_b")
    assert client.get(f"/org/units/{org.ward_a.id}/certificates.zip").status_code == 404


def test_unit_zip_with_no_certificates_goes_back_to_the_unit(client, org, ward_a_certificates):
    make_user("org_ward_a", "organizer", unit=org.ward_a)
    login(client, "org_ward_a")
    response = client.get(f"/org/units/{org.branch_a1.id}/certificates.zip?year=2024")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/org/units/{org.branch_a1.id}")


def test_a_unit_zip_above_the_threshold_is_made_by_a_job(client, org, ward_a_certificates,
                                                         monkeypatch):
    monkeypatch.setattr("lms.learning.certificates.views.ZIP_AT_ONCE", 2)
    make_user("org_ward_a", "organizer", unit=org.ward_a)
    login(client, "org_ward_a")
    response = client.get(f"/org/units/{org.ward_a.id}/certificates.zip")
    # Queued (run at once in the tests) and followed on its page.
    assert response.status_code == 303
    job_page = response.headers["Location"]
    assert job_page.startswith("/jobs/")
    html = client.get(job_page).get_data(as_text=True)
    assert "Giấy chứng nhận của Phường Hoàn Kiếm" in html and "job-download" in html
    download = client.get(f"{job_page}/file")
    assert "chung-nhan-w-a.zip" in download.headers["Content-Disposition"]
    assert zip_names(download) == [f"chung-nhan-chuyen-doi-so-cb-{code}.pdf"
                                   for code in ("b-a1", "g-a1a", "w-a")]
    download.close()
    # Under the threshold, at once.
    assert client.get(f"/org/units/{org.branch_a1.id}/certificates.zip").status_code == 200


def test_unit_zip_names_stay_unique_when_cadre_codes_fold_alike(app, org):
    course = make_course(slug="an-toan")
    for code in ("CB 7", "cb-7"):
        make_certificate(cadre=make_cadre(org.ward_a, code=code), course=course)
    with app.test_request_context():
        data = build_certificates_zip(get_unit_certificates(org.ward_a.id))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(set(names)) == 2


def test_unit_certificates_are_read_in_one_statement(app, org):
    for _ in range(4):
        make_certificate(org.group_a1a)
    ward_id = org.ward_a.id
    with count_statements() as statements:
        rows = get_unit_certificates(ward_id)
        titles = [(cert.completion.course.title, cert.completion.cadre.full_name, unit_name)
                  for cert, unit_name in rows]
    assert len(titles) == 4 and all(unit == "Tổ phụ nữ số 1" for *_, unit in titles)
    assert len(statements) == 1


def test_unit_certificates_are_read_in_batches_in_the_same_order(app, org):
    course, other = make_course(slug="mot"), make_course(slug="hai")
    # Two cadres of the same name (the sort key ties), one with two certificates.
    twins = [make_cadre(org.ward_a, full_name="Lê Thị Hoa") for _ in range(2)]
    for cadre in twins:
        make_certificate(cadre=cadre, course=course)
    make_certificate(cadre=twins[0], course=other)
    for name in ("Đỗ Thị An", "Vũ Thị Yến", "Bùi Thị Cúc"):
        make_certificate(cadre=make_cadre(org.branch_a1, full_name=name), course=course)
    whole = [cert.id for cert, _unit in get_unit_certificates(org.ward_a.id)]
    with count_statements() as statements:
        batched = [cert.id for cert, _unit in get_unit_certificates(org.ward_a.id, batch=2)]
    assert batched == whole and len(whole) == 6
    assert len(statements) == 4  # three full batches of 2, then an empty one


def test_unit_page_offers_the_zip_for_all_years_or_a_chosen_one(client, org,
                                                               ward_a_certificates):
    make_user("org_ward_a", "organizer", unit=org.ward_a)
    login(client, "org_ward_a")
    html = client.get(f"/org/units/{org.ward_a.id}").get_data(as_text=True)
    form = re.search(r'<form method="get"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert form.group(1) == f"/org/units/{org.ward_a.id}/certificates.zip"
    this_year = local_today().year
    years = re.findall(r'<option value="(\d*)"', form.group(2))
    assert years == ["", *(str(this_year - n) for n in range(6))]
    # "All years" sends an empty year, which downloads everything.
    response = client.get(form.group(1), query_string={"year": ""})
    assert response.status_code == 200 and len(zip_names(response)) == 3
