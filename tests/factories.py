"""Builders for test data. Each returns model objects flushed to the session."""

from functools import cache
from itertools import count
from types import SimpleNamespace

from lms.auth.models import RoleGrant, User
from lms.auth.passwords import hash_password
from lms.extensions import db
from lms.org.services import create_cadre, create_unit

_seq = count(1)

DEFAULT_PASSWORD = "secret-pass"


def make_org():
    """city > ward_a (branch_a1 > group_a1a), ward_b (branch_b1)."""
    city = create_unit("HN", "Hội LHPN Hà Nội", "city")
    ward_a = create_unit("W-A", "Phường Hoàn Kiếm", "commune", parent=city)
    ward_b = create_unit("W-B", "Xã Sóc Sơn", "commune", parent=city)
    branch_a1 = create_unit("B-A1", "Chi hội Tổ dân phố 1", "branch", parent=ward_a)
    group_a1a = create_unit("G-A1A", "Tổ phụ nữ số 1", "group", parent=branch_a1)
    branch_b1 = create_unit("B-B1", "Chi hội Thôn Đông", "branch", parent=ward_b)
    db.session.commit()
    return SimpleNamespace(city=city, ward_a=ward_a, ward_b=ward_b, branch_a1=branch_a1,
                           group_a1a=group_a1a, branch_b1=branch_b1)


def make_cadre(unit, **fields):
    n = next(_seq)
    data = {"code": f"CB{n:05d}", "full_name": f"Nguyễn Thị Hoa {n}", "unit_id": unit.id,
            "birth_year": 1980, "education": "university", "is_active": True}
    data.update(fields)
    cadre = create_cadre(data)
    db.session.commit()
    return cadre


@cache
def _default_password_hash():
    return hash_password(DEFAULT_PASSWORD)


def make_user(username, role=None, unit=None, cadre=None, password=DEFAULT_PASSWORD):
    """An account, optionally with one role (organizer bound to `unit`)."""
    user = User(username=username, display_name=username, cadre=cadre)
    # Hashed once for the whole run: test users need a working password, not a new salt.
    if password == DEFAULT_PASSWORD:
        user.password_hash = _default_password_hash()
    else:
        user.set_password(password)
    if role:
        user.roles.append(RoleGrant(role=role, unit_id=unit.id if unit else None))
    db.session.add(user)
    db.session.commit()
    return user
