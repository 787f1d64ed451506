"""Fixtures of the learning tests: a signed-in learner."""

import pytest

from tests.conftest import login
from tests.learning.helpers import make_learner


@pytest.fixture
def learner(client, org):
    """A cadre with an account, signed in on `client`."""
    cadre, _user = make_learner(org.branch_a1, username="hoc.vien")
    login(client, "hoc.vien")
    return cadre
