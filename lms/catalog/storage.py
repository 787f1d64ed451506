"""Course media: the bytes live on disk outside static/ under random names, checked by content,
and in the database too when FILE_STORAGE=database (lms/core/file_store.py), so that every app
server finds them; the folder is then each server's cache.

A MediaFile row and its bytes must agree, so files are transactional: bytes written in a
transaction that does not commit are removed, and bytes a committed change replaced are deleted
only once the commit has succeeded.
"""

import io
import re
import secrets
import warnings
import zipfile
from pathlib import Path

import docx
import filetype
import openpyxl
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from lms.catalog.models import MediaFile
from lms.catalog.queries import get_media_file
from lms.core import file_store
from lms.core.errors import DomainError
from lms.extensions import db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
# The types a lesson may show or offer for download, with the file name endings each may have.
ALLOWED_TYPES = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    XLSX: (".xlsx",),
    DOCX: (".docx",),
    CSV: (".csv",),
}
# Practice files (a member list to clean, a template to fill in) are known by opening them:
# CSV has no signature, and some office programs order a document's parts so that the
# signature check misses them.
PRACTICE_TYPES = {".xlsx": XLSX, ".docx": DOCX, ".csv": CSV}
# A practice file is a short list or a one-page template, tens of kilobytes: 2 MB leaves room
# for a template with a logo and keeps the download short on a phone. Unpacked, an Excel or
# Word file may take at most 50 MB, so that a small file cannot unpack into gigabytes.
PRACTICE_FILE_MAX_BYTES = 2 * 1024 * 1024
PRACTICE_FILE_MAX_UNPACKED = 50 * 1024 * 1024
# Browsers send this when they do not know a file's type; it claims nothing.
UNKNOWN_TYPE = "application/octet-stream"
MEDIA_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_WRITTEN, _REPLACED = "lms_media_written", "lms_media_replaced"
MEDIA_AREA = "media"


class MediaRejected(DomainError):
    """A file that may not be stored (the message is user-facing)."""


def media_folder():
    """Where media bytes live: the MEDIA_FOLDER setting, by default <instance>/uploads."""
    configured = current_app.config.get("MEDIA_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def media_path(media):
    """The file holding a MediaFile's bytes."""
    return media_folder() / media.stored_name


def local_media_path(media):
    """The file holding a MediaFile's bytes on this server, copied there from the database
    first when it was stored through another; None when the bytes are nowhere."""
    found = file_store.local_path(MEDIA_AREA, media.stored_name, str(media_path(media)))
    return Path(found) if found else None


def check_media(name, data, content_type=None):
    """The content type detected in `data` if it may be stored as `name`; else MediaRejected."""
    if not MEDIA_NAME_RE.match(name):
        raise MediaRejected(_l("%(name)s: a file name may only use letters without accents, "
                               "digits, dots, hyphens and underscores.", name=name))
    detected = _detected_type(name, data)
    if detected not in ALLOWED_TYPES:
        raise MediaRejected(_l("%(name)s is not a PNG, JPEG, GIF or WEBP image, a PDF file or "
                               "an Excel (.xlsx), Word (.docx) or CSV file.", name=name))
    if not name.lower().endswith(ALLOWED_TYPES[detected]):
        raise MediaRejected(_l("%(name)s holds a %(type)s file: its name must end in "
                               "%(ending)s.", name=name, type=detected,
                               ending=ALLOWED_TYPES[detected][0]))
    if content_type and content_type not in (detected, UNKNOWN_TYPE):
        raise MediaRejected(_l("%(name)s was sent as %(claimed)s but holds a %(type)s file.",
                               name=name, claimed=content_type, type=detected))
    if detected in PRACTICE_TYPES.values():
        _check_practice_file(name, data, detected)
    return detected


def _detected_type(name, data):
    detected = filetype.guess_mime(data)
    practice = PRACTICE_TYPES.get(Path(name.lower()).suffix)
    if practice == CSV and detected is None:
        return CSV
    if practice in (XLSX, DOCX) and detected in (None, "application/zip"):
        return practice  # _check_practice_file opens it to be sure
    return detected


def _check_practice_file(name, data, kind):
    """Refuses (MediaRejected) a practice file that is too big or that its program could not
    open: an Excel or Word file that is damaged or holds macros, a CSV file not in UTF-8."""
    if len(data) > PRACTICE_FILE_MAX_BYTES:
        raise MediaRejected(_l("%(name)s is larger than %(size)s MB; a practice file should be "
                               "small enough to download on a phone.", name=name,
                               size=PRACTICE_FILE_MAX_BYTES // (1024 * 1024)))
    if kind == CSV:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            raise MediaRejected(_l("%(name)s is not UTF-8 text; save the CSV file as UTF-8.",
                                   name=name))
        return
    if kind == XLSX:
        unreadable = _l("%(name)s could not be opened as an Excel workbook; save it again "
                        "as .xlsx and try again.", name=name)
    else:
        unreadable = _l("%(name)s could not be opened as a Word document; save it again as "
                        ".docx and try again.", name=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as error:
        raise MediaRejected(unreadable) from error
    if sum(part.file_size for part in parts) > PRACTICE_FILE_MAX_UNPACKED:
        raise MediaRejected(unreadable)
    if any(part.filename.lower().endswith("vbaproject.bin") for part in parts):
        raise MediaRejected(_l("%(name)s holds macros, which can harm a learner's computer; "
                               "save it as a file without macros.", name=name))
    try:
        # The office libraries warn about features they skip; the file still opens.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind == XLSX:
                openpyxl.load_workbook(io.BytesIO(data), read_only=True).close()
            else:
                docx.Document(io.BytesIO(data))
    # Damaged XML raises many kinds of error.
    except Exception as error:
        raise MediaRejected(unreadable) from error


def read_media(media):
    """The stored bytes of a MediaFile."""
    return local_media_path(media).read_bytes()


def save_media(course, name, data, content_type, uploaded_by=None):
    """Store `data` as the course's media file `name`, replacing the bytes of one so named.

    `content_type` is what the sender claimed; the stored type is the one found in the bytes.
    """
    detected = check_media(name, data, content_type)
    media = get_media_file(course.id, name)
    if media is not None and media.size == len(data) and _stored_bytes_equal(media, data):
        return media
    if media is None:
        media = MediaFile(course_id=course.id, name=name)
        db.session.add(media)
    else:
        _pending(_REPLACED).append(media_path(media))
        if file_store.in_database():
            file_store.forget(MEDIA_AREA, media.stored_name)
    media.stored_name = _write_new_file(data)
    media.content_type, media.size = detected, len(data)
    if uploaded_by is not None:
        media.uploaded_by_id = uploaded_by.id
    return media


def store_package(data):
    """Keep a package's bytes (a SCORM zip) with the course media, transactionally as media
    are; returns the name to open them by."""
    return _write_new_file(data)


def open_package(stored_name):
    """The stored bytes of a package, as a binary file to read or seek."""
    return (media_folder() / stored_name).open("rb")


def _stored_bytes_equal(media, data):
    path = local_media_path(media)
    return path is not None and path.read_bytes() == data


def _write_new_file(data):
    folder = media_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = folder / stored_name
    with path.open("xb") as file:
        file.write(data)
    _pending(_WRITTEN).append(path)
    if file_store.in_database():
        file_store.store_bytes(MEDIA_AREA, stored_name, data)
    return stored_name


def _pending(key):
    return db.session.info.setdefault(key, [])


@event.listens_for(Session, "after_commit")
def _delete_replaced_files(session):
    session.info.pop(_WRITTEN, None)
    for path in session.info.pop(_REPLACED, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _delete_uncommitted_files(session, transaction):
    # Runs after a rollback or a close too; after a commit the list is already empty.
    if transaction.parent is None:
        session.info.pop(_REPLACED, None)
        for path in session.info.pop(_WRITTEN, []):
            path.unlink(missing_ok=True)


def media_url_for(course):
    """A function giving the URL of the course's media file `name`, for render_markdown.

    The URL of a stored file carries its version, so browsers may keep it for a year.
    """
    # Stored HTML is served to every later request, so it must not depend on the one saving it.
    adapter = current_app.url_map.bind("localhost",
                                       script_name=current_app.config["APPLICATION_ROOT"])

    def url(name):
        media = get_media_file(course.id, name) if course.id is not None else None
        values = {"slug": course.slug, "name": name}
        if media is not None:
            values["v"] = media.version
        return adapter.build("catalog.media", values)
    return url


def media_not_in_database():
    """(stored name, path) of each media file whose bytes the database does not hold yet;
    the path is None when this machine's folder lacks them too."""
    for stored_name in db.session.scalars(select(MediaFile.stored_name)
                                          .order_by(MediaFile.id)).all():
        if not file_store.is_stored(MEDIA_AREA, stored_name):
            path = media_folder() / stored_name
            yield stored_name, (str(path) if path.is_file() else None)
