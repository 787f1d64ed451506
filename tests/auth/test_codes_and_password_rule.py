"""A one-time code is accepted as people type it off a slip, and every form that sets a
password shows its rule before the first failure."""

import pytest

from lms.auth.services import issue_one_time_code, normalise_code
from lms.extensions import db
from tests.conftest import login, post_form
from tests.factories import make_cadre, make_user


@pytest.mark.parametrize("typed", ["KF9SWZGQ", "KF9S WZGQ", "kf9s-wzgq", " KF9S – WZGQ ",
                                   "KF9S.WZGQ", "KF9S\tWZGQ"])
def test_codes_lose_the_separators_people_type(typed):
    assert normalise_code(typed) == "KF9SWZGQ"


@pytest.mark.parametrize("spaced", [lambda c: f"{c[:4]} {c[4:]}", lambda c: f"{c[:4]}-{c[4:]}",
                                    lambda c: c.lower()])
def test_first_sign_in_accepts_a_code_typed_with_a_space_or_a_dash(client, org, spaced):
    cadre = make_cadre(org.branch_a1, code="CB-LAN", full_name="Trần Thị Lan")
    code = issue_one_time_code(cadre, None)
    db.session.commit()
    response = post_form(client, "/activate", {
        "login": "CB-LAN", "one_time_code": spaced(code), "new_password": "hoa sen nở",
        "confirm_password": "hoa sen nở"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")


def test_a_wrong_code_is_still_refused_however_it_is_typed(client, org):
    cadre = make_cadre(org.branch_a1, code="CB-LAN")
    code = issue_one_time_code(cadre, None)
    db.session.commit()
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    response = post_form(client, "/activate", {
        "login": "CB-LAN", "one_time_code": f"{wrong[:4]} {wrong[4:]}",
        "new_password": "hoa sen nở", "confirm_password": "hoa sen nở"})
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.get_data(as_text=True)


RULE = "Ít nhất 8 ký tự"


def test_the_password_rule_is_shown_before_any_failure(client, org):
    assert RULE in client.get("/activate").get_data(as_text=True)
    make_user("hoa", cadre=make_cadre(org.branch_a1))
    login(client, "hoa")
    html = client.get("/password").get_data(as_text=True)
    assert RULE in html
    # The field points screen readers at it.
    assert 'aria-describedby="new_password-hint"' in html
