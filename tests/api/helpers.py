"""Builders for API tests: an organizer of ward A with a token."""

from types import SimpleNamespace

from lms.api.auth import create_token
from lms.extensions import db
from tests.factories import make_cadre, make_org, make_user


def bearer(token):
    return {"Authorization": f"Bearer {token}"}



def make_world():
    """The factories' tree, a cadre in each ward, and organizer of ward A with a token."""
    org = make_org()
    cadre_a = make_cadre(org.branch_a1, full_name="Trần Thị Lan", position="Chi hội trưởng")
    cadre_b = make_cadre(org.branch_b1, full_name="Lê Thị Mai")
    organizer = make_user("org_a", role="organizer", unit=org.ward_a)
    admin = make_user("boss", role="admin")
    world = SimpleNamespace(org=org, cadre_a=cadre_a, cadre_b=cadre_b, organizer=organizer,
                            admin=admin, token=create_token(organizer, "test"),
                            admin_token=create_token(admin))
    db.session.commit()
    return world
