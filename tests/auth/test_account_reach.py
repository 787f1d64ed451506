"""An organizer resets sign-ins and changes roles only for accounts below her: never a
trainer, an admin, a co-organizer of her unit or anyone whose grants lie outside her units."""

import pytest
from sqlalchemy import select

from lms.auth.models import RoleGrant, User
from lms.core.models import AuditLog
from lms.extensions import db
from tests.conftest import login, post_form
from tests.factories import make_cadre, make_user


@pytest.fixture
def ward_organizer(client, org):
    make_user("org_a", "organizer", unit=org.ward_a, cadre=make_cadre(org.ward_a))
    login(client, "org_a")
    return client


def in_ward_a(org, username, role=None, unit=None):
    """An account whose cadre sits in ward A, holding `role` (bound to `unit`)."""
    return make_user(username, role, unit=unit, cadre=make_cadre(org.branch_a1))


def issue_code(client, user):
    return post_form(client, f"/org/cadres/{user.cadre_id}/one-time-code", {},
                     form_url=f"/org/cadres/{user.cadre_id}")


@pytest.mark.parametrize("role, unit_name", [
    ("organizer", "city"), ("organizer", "ward_a"), ("organizer", "ward_b"),
    ("trainer", None), ("admin", None)])
def test_no_code_for_an_account_at_her_level_or_above(ward_organizer, org, role, unit_name):
    target = in_ward_a(org, "target", role, getattr(org, unit_name) if unit_name else None)
    page = ward_organizer.get(f"/org/cadres/{target.cadre_id}").get_data(as_text=True)
    assert "one-time-code" not in page
    response = issue_code(ward_organizer, target)
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.check_password("secret-pass") and target.one_time_code_hash is None
    assert "cấp trên" in ward_organizer.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "organizer"])
def test_a_code_for_a_cadre_or_an_organizer_below_her(ward_organizer, org, role):
    target = in_ward_a(org, "target", role, org.branch_a1 if role else None)
    assert issue_code(ward_organizer, target).status_code == 200
    db.session.refresh(target)
    assert target.password_hash is None and target.one_time_code_hash
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.issue_one_time_code"))
    assert audit.object_id == target.id


def test_unit_codes_skip_accounts_out_of_reach(ward_organizer, org):
    admin = in_ward_a(org, "boss", "admin")
    plain = in_ward_a(org, "plain")
    for user in (admin, plain):
        user.password_hash = None
    db.session.commit()
    response = post_form(ward_organizer, f"/org/units/{org.branch_a1.id}/one-time-codes", {},
                         form_url=f"/org/units/{org.branch_a1.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert plain.cadre.code in html and admin.cadre.code not in html
    assert db.session.get(User, admin.id).one_time_code_hash is None


def test_no_grant_over_an_account_with_a_role_outside_her_units(ward_organizer, org):
    # A cadre of ward A who organizes ward B: ward A's organizer may neither overwrite
    # nor remove that grant, nor see it.
    target = in_ward_a(org, "target", "organizer", org.ward_b)
    response = post_form(ward_organizer, "/accounts/roles", {
        "username": "target", "role": "organizer", "unit_code": "B-A1"})
    assert response.status_code == 200
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == target.id))
    assert grant.unit_id == org.ward_b.id
    assert post_form(ward_organizer, f"/accounts/roles/{grant.id}/revoke", {},
                     form_url="/accounts/roles").status_code == 404
    assert db.session.get(RoleGrant, grant.id) is not None
    assert "target" not in ward_organizer.get("/accounts/roles").get_data(as_text=True)


def test_roles_page_lists_only_grants_in_her_units(ward_organizer, org):
    in_ward_a(org, "below", "organizer", org.branch_a1)
    in_ward_a(org, "teacher", "trainer")
    make_user("org_b", "organizer", unit=org.ward_b, cadre=make_cadre(org.branch_b1))
    html = ward_organizer.get("/accounts/roles").get_data(as_text=True)
    assert "below" in html
    assert "teacher" not in html and "org_b" not in html


def test_she_grants_only_organizer_below_her_own_unit(ward_organizer, org):
    target = in_ward_a(org, "target")
    for data in ({"role": "trainer", "unit_code": ""},
                 {"role": "organizer", "unit_code": "W-A"}):
        response = post_form(ward_organizer, "/accounts/roles", {"username": "target", **data})
        assert response.status_code == 200, data
    assert target.roles == []
    assert post_form(ward_organizer, "/accounts/roles", {
        "username": "target", "role": "organizer", "unit_code": "G-A1A"}).status_code == 302
    assert post_form(ward_organizer, "/accounts/roles", {
        "username": "target", "role": "organizer", "unit_code": "B-A1"}).status_code == 302
    db.session.refresh(target)
    assert [(g.role, g.unit_id) for g in target.roles] == [("organizer", org.branch_a1.id)]
    audits = db.session.scalars(select(AuditLog.detail).where(AuditLog.action == "role.grant"))
    assert [d["replaced_unit"] for d in audits] == [None, "G-A1A"]
