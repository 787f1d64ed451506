"""Fixtures shared by the report tests."""

import pytest

from tests.factories import make_cadre
from tests.reports.helpers import d, in_person, online


@pytest.fixture
def data(client, org):
    """ward A: 3 cadres, 2 trained in 2024; ward B: 1 cadre, untrained."""
    a1 = make_cadre(org.ward_a)
    a2 = make_cadre(org.branch_a1)
    make_cadre(org.group_a1a)
    make_cadre(org.branch_b1)
    online(a1, "association", d("2024-03-01"))
    in_person([a2], "it", d("2024-11-20"), unit=org.ward_a)
    return org
