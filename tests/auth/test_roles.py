"""Granting roles: admins anywhere, organizers only inside their own subtree."""

from sqlalchemy import select

from lms.auth.models import RoleGrant
from lms.extensions import db
from tests.conftest import count_statements, login, post_form
from tests.factories import make_cadre, make_user


def grants_of(user):
    return sorted(db.session.execute(select(RoleGrant.role, RoleGrant.unit_id)
                                     .where(RoleGrant.user_id == user.id)).all())


def test_organizer_grants_organizer_inside_her_subtree(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    colleague = make_user("lan", cadre=make_cadre(org.branch_a1))
    login(client, "org_a")
    response = post_form(client, "/accounts/roles", {
        "username": "lan", "role": "organizer", "unit_code": "B-A1"})
    assert response.status_code == 302
    assert grants_of(colleague) == [("organizer", org.branch_a1.id)]


def test_organizer_cannot_grant_outside_her_subtree_or_grant_admin(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    outsider = make_user("mai", cadre=make_cadre(org.branch_b1))
    insider = make_user("lan", cadre=make_cadre(org.branch_a1))
    login(client, "org_a")
    attempts = [
        {"username": "mai", "role": "trainer", "unit_code": ""},
        {"username": "lan", "role": "organizer", "unit_code": "W-B"},
        {"username": "lan", "role": "organizer", "unit_code": "HN"},
        {"username": "lan", "role": "admin", "unit_code": ""},
    ]
    for data in attempts:
        assert post_form(client, "/accounts/roles", data).status_code == 200, data
    assert grants_of(outsider) == [] and grants_of(insider) == []


def test_organizer_cannot_revoke_a_grant_outside_her_subtree(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    make_user("org_b", "organizer", unit=org.ward_b, cadre=make_cadre(org.branch_b1))
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.unit_id == org.ward_b.id))
    login(client, "org_a")
    response = post_form(client, f"/accounts/roles/{grant.id}/revoke", {},
                         form_url="/accounts/roles")
    assert response.status_code == 404
    assert db.session.get(RoleGrant, grant.id) is not None
    assert "org_b" not in client.get("/accounts/roles").get_data(as_text=True)


def test_admin_grants_and_revokes_any_role_and_it_is_audited(client, org):
    make_user("root", "admin")
    someone = make_user("someone")
    login(client, "root")
    assert post_form(client, "/accounts/roles", {
        "username": "someone", "role": "trainer", "unit_code": ""}).status_code == 302
    assert grants_of(someone) == [("trainer", None)]
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == someone.id))
    assert post_form(client, f"/accounts/roles/{grant.id}/revoke", {},
                     form_url="/accounts/roles").status_code == 302
    assert grants_of(someone) == []
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "role.grant" in html and "role.revoke" in html


def test_audit_log_is_for_admins_only(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    login(client, "org_a")
    assert client.get("/admin/audit").status_code == 403


def test_roles_page_runs_the_same_statements_for_one_grant_or_many(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    make_user("lan", "organizer", unit=org.branch_a1, cadre=make_cadre(org.branch_a1))
    login(client, "org_a")
    client.get("/accounts/roles")
    with count_statements() as one_grant:
        client.get("/accounts/roles")
    for i in range(8):
        make_user(f"to{i}", "organizer", unit=org.group_a1a, cadre=make_cadre(org.group_a1a))
    with count_statements() as nine_grants:
        html = client.get("/accounts/roles").get_data(as_text=True)
    assert "to7" in html
    assert len(nine_grants) == len(one_grant)
