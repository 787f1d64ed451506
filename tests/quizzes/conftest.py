"""Fixtures of the quiz tests: a signed-in learner."""

import pytest

from tests.conftest import login
from tests.factories import make_cadre, make_user


@pytest.fixture
def learner(client, org):
    """A cadre with an account, signed in on `client`."""
    cadre = make_cadre(org.branch_a1, full_name="Lê Thị Học")
    make_user("hoc", cadre=cadre)
    login(client, "hoc")
    return cadre
