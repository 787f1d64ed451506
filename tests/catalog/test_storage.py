"""save_media: type checked by content, bytes outside static/ under random names, kept in
step with the database row through commits and rollbacks."""

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from lms.catalog.models import MediaFile
from lms.catalog.storage import (
    CSV,
    DOCX,
    PRACTICE_FILE_MAX_BYTES,
    XLSX,
    MediaRejected,
    media_path,
    read_media,
    save_media,
)
from lms.extensions import db
from tests.catalog.helpers import PDF, docx_bytes, make_course, png_bytes, with_macros, xlsx_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
ELF = b"\x7fELF\x02\x01\x01" + bytes(200)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
HTML = b"<!doctype html><script>alert(1)</script>"


@pytest.fixture
def course(app_ctx):
    return make_course("Khóa có tệp")


def stored_files(folder):
    return sorted(path.name for path in folder.iterdir())


def test_an_image_is_stored_outside_static_under_a_random_name(course, media_folder):
    data = png_bytes()
    media = save_media(course, "so-do.png", data, "image/png")
    db.session.commit()
    assert (media.name, media.content_type, media.size) == ("so-do.png", "image/png", len(data))
    assert re.fullmatch(r"[0-9a-f]{32}", media.stored_name)
    assert media_path(media) == media_folder / media.stored_name
    assert read_media(media) == data and media.is_image


def test_a_pdf_is_stored_as_a_pdf(course):
    media = save_media(course, "mau-bien-ban.pdf", PDF, "application/pdf")
    assert media.content_type == "application/pdf" and not media.is_image


def test_a_workbook_is_stored_as_a_workbook(course):
    book, out = Workbook(), io.BytesIO()
    book.active["A1"] = "Họ và tên"
    book.save(out)
    media = save_media(course, "danh-sach.xlsx", out.getvalue(), None)
    assert media.content_type.endswith(".spreadsheetml.sheet") and not media.is_image


@pytest.mark.parametrize("name, data, claimed", [
    ("anh.png", EXE, "image/png"),  # a program dressed as an image
    ("anh.png", ELF, None),
    ("so-do.png", SVG, "image/svg+xml"),  # SVG can carry scripts
    ("trang.pdf", HTML, "application/pdf"),
    ("rong.png", b"", None),
    ("anh.pdf", png_bytes(), None),  # the name says PDF, the bytes are a PNG
    ("anh.png", png_bytes(), "application/pdf"),  # the sender claims another type
    ("../anh.png", png_bytes(), None),
    ("thư mục/ảnh.png", png_bytes(), None),
])
def test_files_that_are_not_what_they_claim_are_refused(course, media_folder, name, data,
                                                        claimed):
    with pytest.raises(MediaRejected):
        save_media(course, name, data, claimed)
    db.session.commit()
    assert db.session.scalar(select(MediaFile)) is None
    assert stored_files(media_folder) == []


CSV_TEXT = "Họ và tên,Số điện thoại\nNguyễn Thị Mẫu,0900 000 001\n"


@pytest.mark.parametrize("name, data, kind", [
    ("danh-sach-thuc-hanh.xlsx", xlsx_bytes(), XLSX),
    ("mau-bien-ban.docx", docx_bytes(), DOCX),
    ("danh-sach.csv", CSV_TEXT.encode(), CSV),
    ("danh-sach-excel.csv", b"\xef\xbb\xbf" + CSV_TEXT.encode(), CSV),  # Excel's UTF-8 mark
])
def test_practice_files_are_stored_with_their_office_type(course, name, data, kind):
    media = save_media(course, name, data, None)
    assert (media.content_type, media.is_image) == (kind, False)
    db.session.commit()  # the Word type is longer than 60 characters: the column holds it
    assert read_media(media) == data


@pytest.mark.parametrize("name, data", [
    ("danh-sach.xlsx", with_macros(xlsx_bytes())),
    ("mau.docx", with_macros(docx_bytes())),
    ("danh-sach.xlsx", xlsx_bytes()[:1000]),  # an interrupted download
    ("danh-sach.xlsx", b"PK\x03\x04" + bytes(300)),
    ("danh-sach.xlsx", docx_bytes()),  # a Word document named as a workbook
    ("mau.docx", xlsx_bytes()),
    ("mau.docx", png_bytes()),
    ("danh-sach.csv", CSV_TEXT.encode("utf-16")),  # not UTF-8
    ("danh-sach.csv", "Tên,Đơn".encode("windows-1258")),  # saved as Windows ANSI
    ("danh-sach.csv", b"a,b\n" * (PRACTICE_FILE_MAX_BYTES // 4 + 1)),
    ("danh-sach.csv", png_bytes()),
    ("anh.png", xlsx_bytes()),
])
def test_practice_files_that_do_not_open_are_refused(course, media_folder, name, data):
    with pytest.raises(MediaRejected):
        save_media(course, name, data, None)
    assert stored_files(media_folder) == []


def test_an_unknown_claimed_type_is_not_held_against_a_good_file(course):
    media = save_media(course, "anh.png", png_bytes(), "application/octet-stream")
    assert media.content_type == "image/png"


def test_saving_under_a_taken_name_replaces_the_bytes(course, media_folder):
    first = save_media(course, "anh.png", png_bytes("red"), "image/png")
    db.session.commit()
    old_file = first.stored_name

    second = save_media(course, "anh.png", png_bytes("blue"), "image/png")
    assert second.id == first.id
    assert sorted([old_file, second.stored_name]) == stored_files(media_folder)
    db.session.commit()
    # The old bytes go only once the new row is committed.
    assert stored_files(media_folder) == [second.stored_name]
    assert read_media(second) == png_bytes("blue")


def test_the_same_bytes_again_write_nothing(course, media_folder):
    first = save_media(course, "anh.png", png_bytes(), "image/png")
    db.session.commit()
    stored = first.stored_name
    assert save_media(course, "anh.png", png_bytes(), "image/png").stored_name == stored
    assert stored_files(media_folder) == [stored]


def test_bytes_of_a_rolled_back_save_are_removed(course, media_folder):
    kept = save_media(course, "giu.png", png_bytes("green"), "image/png")
    db.session.commit()
    save_media(course, "giu.png", png_bytes("red"), "image/png")
    save_media(course, "moi.pdf", PDF, None)
    db.session.rollback()
    assert stored_files(media_folder) == [kept.stored_name]
    assert read_media(kept) == png_bytes("green")
