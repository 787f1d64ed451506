"""Catalogue fixtures: media bytes go to a temporary folder, never to instance/uploads."""

import pytest


@pytest.fixture(autouse=True)
def media_folder(app, tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("uploads")
    monkeypatch.setitem(app.config, "MEDIA_FOLDER", str(folder))
    return folder
