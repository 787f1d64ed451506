"""Authoring fixtures: a trainer, her course, her signed-in browser; uploads go to a temporary
folder, as in the catalogue's tests."""

import pytest

from lms.authoring import services as authoring
from lms.extensions import db
from tests.authoring.helpers import course_data
from tests.catalog.conftest import media_folder  # noqa: F401
from tests.conftest import login
from tests.factories import make_user


@pytest.fixture
def trainer(app_ctx):
    return make_user("giangvien", role="trainer")


@pytest.fixture
def course(trainer):
    course = authoring.create_course(trainer, course_data())
    db.session.commit()
    return course


@pytest.fixture
def signed_in(client, trainer):
    login(client, "giangvien")
    return client
