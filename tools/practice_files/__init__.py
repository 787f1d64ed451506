"""The courses' practice files, built by code so that they can be built again.

A module here named after a course, its slug with underscores (`bang_tinh_danh_sach_hoi_vien.py`
for courses/bang-tinh-danh-sach-hoi-vien), defines `build(media: pathlib.Path) ->
list[pathlib.Path]`: it writes the course's practice files into `media` (with openpyxl or
python-docx) and returns their paths. Modules whose name begins with "_" are helpers and are not
run. `python -m tools.practice_files [slug…]` runs them (see courses/README.md).
"""

import importlib
import pkgutil
from pathlib import Path

COURSES_DIR = Path(__file__).resolve().parents[2] / "courses"


class UnknownCourse(LookupError):
    """Slugs without a builder module, or without a course folder."""


def course_modules(package=__name__):
    """{slug: module name} of the builder modules in `package`, without importing them."""
    path = importlib.import_module(package).__path__
    return {info.name.replace("_", "-"): f"{package}.{info.name}"
            for info in pkgutil.iter_modules(path)
            if not info.ispkg and not info.name.startswith("_")}


def build_practice_files(slugs=(), courses_dir=COURSES_DIR, package=__name__):
    """Run the builders of `slugs` (of every course that has one when empty) into
    courses_dir/<slug>/media, created if missing; returns {slug: [paths written]}."""
    modules = course_modules(package)
    slugs = list(slugs) or sorted(modules)
    unknown = [slug for slug in slugs
               if slug not in modules or not (Path(courses_dir) / slug).is_dir()]
    if unknown:
        raise UnknownCourse(unknown)
    written = {}
    for slug in slugs:
        media = Path(courses_dir) / slug / "media"
        media.mkdir(exist_ok=True)
        written[slug] = [Path(path) for path in importlib.import_module(modules[slug]).build(media)]
    return written
