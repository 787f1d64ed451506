"""Authoring fixtures: uploads go to a temporary folder, as in the catalogue's tests."""

from tests.catalog.conftest import media_folder  # noqa: F401
