"""The database storage of files: chunked both ways, copied to a machine's folder whole or
not at all, and `flask files to-database` for the files a one-machine install already has."""

import os

import pytest
from sqlalchemy import select

from config import TestConfig
from lms import create_app
from lms.catalog.models import MediaFile
from lms.catalog.storage import save_media
from lms.core import file_store
from lms.core.models import StoredFileChunk
from lms.extensions import db
from tests.authoring.test_media_on_servers import on_server
from tests.catalog.helpers import png_bytes
from tests.conftest import _config_dict, login
from tests.factories import make_course, make_user
from tests.servers import another_server


@pytest.fixture
def in_database(app, monkeypatch):
    monkeypatch.setitem(app.config, "FILE_STORAGE", "database")
    monkeypatch.setattr(file_store, "CHUNK_BYTES", 4)


def to_database(server):
    # The command runs in the app context it finds: the server's, not the suite's.
    with server.app_context():
        return server.test_cli_runner().invoke(args=["files", "to-database"])


def test_a_file_goes_in_and_out_a_chunk_at_a_time(app_ctx, in_database, tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(b"0123456789")
    file_store.store_file("jobs", "job-1.csv", str(source))
    file_store.store_bytes("media", "abc", b"")
    db.session.commit()
    assert db.session.scalars(select(StoredFileChunk.data).where(
        StoredFileChunk.name == "job-1.csv").order_by(StoredFileChunk.seq)).all() == [
        b"0123", b"4567", b"89"]
    copy = tmp_path / "cache" / "job-1.csv"
    assert file_store.local_path("jobs", "job-1.csv", str(copy)) == str(copy)
    assert copy.read_bytes() == b"0123456789"
    assert file_store.local_path("media", "abc", str(tmp_path / "abc")) is not None
    assert (tmp_path / "abc").read_bytes() == b""
    assert file_store.local_path("jobs", "job-2.csv", str(tmp_path / "job-2.csv")) is None
    assert sorted(os.listdir(tmp_path)) == ["abc", "cache", "source.bin"]  # no .part left


def test_folder_storage_never_reads_the_database(app_ctx, tmp_path):
    file_store.store_bytes("jobs", "job-1.csv", b"kept")
    db.session.commit()
    assert file_store.local_path("jobs", "job-1.csv", str(tmp_path / "job-1.csv")) is None


def test_an_unknown_storage_is_refused_at_start(app):
    with pytest.raises(ValueError, match="LMS_FILE_STORAGE"):
        create_app({**_config_dict(TestConfig), "FILE_STORAGE": "databse"})


def test_the_folders_of_a_one_machine_install_are_copied_into_the_database(
        app, app_ctx, tmp_path):
    # Before: media and an export in the folders of the one machine.
    with another_server(app, tmp_path / "old", FILE_STORAGE="folder") as old:
        trainer = make_user("giangvien", role="trainer")
        course_id = make_course(slug="khoa-hoc", owner=trainer).id
        with old.app_context():
            save_media(on_server(course_id), "anh.png", png_bytes(), "image/png")
            db.session.commit()
        jobs_folder = tmp_path / "old" / "job_files"
        jobs_folder.mkdir()
        (jobs_folder / "job-7.xlsx").write_bytes(b"export")
        (jobs_folder / "job-8.xlsx.part").write_bytes(b"half")
        result = to_database(old)
        assert result.exit_code == 0, result.output
        assert "2 files copied into the database, 0 missing." in result.output
        # Again: nothing more to copy.
        assert "0 files copied" in to_database(old).output
    media = db.session.scalars(select(MediaFile)).one()
    assert set(db.session.scalars(select(StoredFileChunk.name))) == {
        media.stored_name, "job-7.xlsx"}
    # After: a new server with an empty folder serves the course's image.
    with another_server(app, tmp_path / "new", FILE_STORAGE="database") as new:
        browser = new.test_client()
        assert login(browser, "giangvien").status_code == 302
        with browser.get("/courses/khoa-hoc/media/anh.png") as served:
            assert served.status_code == 200
            assert served.data == (tmp_path / "old" / "uploads" / media.stored_name).read_bytes()


def test_media_whose_bytes_are_nowhere_are_named(app, app_ctx, tmp_path):
    with another_server(app, tmp_path / "old", FILE_STORAGE="folder") as old:
        course_id = make_course(slug="khoa-hoc").id
        with old.app_context():
            media = save_media(on_server(course_id), "anh.png", png_bytes(), "image/png")
            db.session.commit()
            stored_name = media.stored_name
        os.remove(tmp_path / "old" / "uploads" / stored_name)
        result = to_database(old)
    assert result.exit_code == 1
    assert stored_name in result.output and "0 files copied" in result.output
