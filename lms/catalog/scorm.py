"""SCORM 1.2 packages: the zip a trainer uploads as a lesson, checked before it is kept, and
the files a learner's lesson page opens from it.

A package is refused, with a message the trainer can act on, when it is not a zip, has no
imsmanifest.xml at its root, is not SCORM 1.2, names no launch page, or could harm the server
or the learner: a path that leaves the package's folder (absolute, "..", a drive letter), a
symbolic link, too many files, or more unpacked bytes than the limit (a zip bomb).
"""

import io
import posixpath
import secrets
import stat
import zipfile
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask import current_app
from flask_babel import lazy_gettext as _l

from lms.catalog.models import ScormPackage
from lms.catalog.storage import open_package, store_package
from lms.core.errors import DomainError
from lms.extensions import db

# Defaults of the settings SCORM_MAX_BYTES, SCORM_MAX_UNPACKED_BYTES and SCORM_MAX_FILES: a
# vendor's course with video is tens of megabytes; 2,000 files covers a course built by the
# usual authoring tools, whose packages hold a few hundred.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # no more than a request may carry (MAX_CONTENT_LENGTH)
DEFAULT_MAX_UNPACKED = 200 * 1024 * 1024
DEFAULT_MAX_FILES = 2000
MANIFEST = "imsmanifest.xml"
# What the served files may be, by name ending; anything else is sent as bytes to download.
CONTENT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".js": "text/javascript",
    ".css": "text/css", ".json": "application/json", ".xml": "application/xml",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".svg": "image/svg+xml", ".webp": "image/webp", ".ico": "image/x-icon",
    ".mp3": "audio/mpeg", ".mp4": "video/mp4", ".webm": "video/webm", ".ogg": "audio/ogg",
    ".wav": "audio/wav", ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf",
    ".pdf": "application/pdf", ".txt": "text/plain", ".vtt": "text/vtt",
}


class ScormRejected(DomainError):
    """A package that may not be kept (the message is user-facing)."""


@dataclass(frozen=True)
class PackageInfo:
    title: str
    launch_href: str
    file_count: int
    unpacked_size: int


def _setting(name, default):
    return current_app.config.get(name, default)


def max_package_bytes():
    return _setting("SCORM_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_package(data):
    """The PackageInfo of a SCORM 1.2 zip's bytes; ScormRejected if it may not be kept."""
    if len(data) > max_package_bytes():
        raise ScormRejected(_l("The package is larger than %(size)s MB.",
                               size=max_package_bytes() // (1024 * 1024)))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_entries(entries)
            names = {entry.filename for entry in entries}
            if MANIFEST not in names:
                raise ScormRejected(_l("This is not a SCORM package: it has no "
                                       "imsmanifest.xml at the top of the zip. Export the "
                                       "course again as SCORM 1.2."))
            manifest = archive.read(MANIFEST)
    except zipfile.BadZipFile as error:
        raise ScormRejected(_l("The file is not a zip archive. A SCORM package is a .zip "
                               "file.")) from error
    title, launch = _read_manifest(manifest)
    if launch not in names:
        raise ScormRejected(_l("The manifest names %(href)s as the launch page, but the "
                               "package has no such file.", href=launch))
    return PackageInfo(title=title, launch_href=launch, file_count=len(entries),
                       unpacked_size=sum(entry.file_size for entry in entries))


def _check_entries(entries):
    if len(entries) > _setting("SCORM_MAX_FILES", DEFAULT_MAX_FILES):
        raise ScormRejected(_l("The package holds more than %(count)s files.",
                               count=_setting("SCORM_MAX_FILES", DEFAULT_MAX_FILES)))
    limit = _setting("SCORM_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED)
    if sum(entry.file_size for entry in entries) > limit:
        raise ScormRejected(_l("Unpacked, the package would take more than %(size)s MB.",
                               size=limit // (1024 * 1024)))
    for entry in entries:
        if not is_safe_path(entry.filename.rstrip("/")):
            raise ScormRejected(_l("The package holds %(name)s, a path outside its own "
                                   "folder; it cannot be used.", name=entry.filename))
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise ScormRejected(_l("The package holds %(name)s, a symbolic link; it cannot "
                                   "be used.", name=entry.filename))


def is_safe_path(path):
    """Whether `path` names a file inside the package's folder: relative, no "..", no
    backslash or drive letter, nothing the server or a browser could read as elsewhere."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path or ":" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _read_manifest(manifest):
    try:
        # defusedxml refuses DTDs' entities and external references (no billion laughs).
        root = fromstring(manifest, forbid_dtd=True)
    except (DefusedXmlException, SyntaxError) as error:
        raise ScormRejected(_l("The package's imsmanifest.xml could not be read as XML.")) \
            from error
    if _local(root.tag) != "manifest":
        raise ScormRejected(_l("The package's imsmanifest.xml is not a SCORM manifest."))
    versions = [element.text.strip() for element in root.iter()
                if _local(element.tag) == "schemaversion" and element.text]
    if not any(version == "1.2" for version in versions):
        raise ScormRejected(_l("This package is not SCORM 1.2 (its manifest says %(version)s). "
                               "Export the course again as SCORM 1.2.",
                               version=versions[0] if versions else _l("no version")))
    title = ""
    for organizations in _children(root, "organizations"):
        for organization in _children(organizations, "organization"):
            for element in _children(organization, "title"):
                title = (element.text or "").strip()
                break
            if title:
                break
    launch = None
    for resources in _children(root, "resources"):
        for resource in _children(resources, "resource"):
            kind = next((value for key, value in resource.attrib.items()
                         if _local(key) == "scormtype"), "")
            if kind.lower() == "sco" and resource.get("href"):
                base = resource.get("{http://www.w3.org/XML/1998/namespace}base", "")
                launch = posixpath.join(base, resource.get("href"))
                break
        if launch:
            break
    if launch is None:
        raise ScormRejected(_l("The manifest names no SCO resource with a launch page."))
    launch = launch.split("?", 1)[0].split("#", 1)[0]
    if not is_safe_path(launch):
        raise ScormRejected(_l("The manifest's launch page %(href)s lies outside the "
                               "package's folder.", href=launch))
    return title[:200], launch


def save_package(lesson, data, info, uploaded_by=None, score_is_quiz=False):
    """Keep a SCORM zip's bytes, checked by check_package (its PackageInfo `info`), as the
    package of `lesson`, a new lesson; with `score_is_quiz` its score may pass the course's
    quiz."""
    package = ScormPackage(lesson=lesson, key=secrets.token_hex(16), score_is_quiz=score_is_quiz,
                           stored_name=store_package(data), title=info.title,
                           launch_href=info.launch_href, size=len(data),
                           file_count=info.file_count,
                           uploaded_by_id=uploaded_by.id if uploaded_by is not None else None)
    db.session.add(package)
    return package


def read_package_file(package, path):
    """The bytes and content type of the package's file `path`, or None if it has none."""
    if not is_safe_path(path):
        return None
    with open_package(package.stored_name) as stored, zipfile.ZipFile(stored) as archive:
        try:
            data = archive.read(path)
        except KeyError:
            return None
    ending = posixpath.splitext(path.lower())[1]
    return data, CONTENT_TYPES.get(ending, "application/octet-stream")
