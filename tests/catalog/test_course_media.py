"""The shipped catalogue's media: every image a lesson shows is there, described for a learner
who cannot see it and light enough for a phone; every practice file opens in its program."""

import re
import warnings

import docx
import openpyxl
import pytest

from config import BASE_DIR
from tests.catalog.helpers import docx_bytes, png_bytes, xlsx_bytes

# `![description](media/name.png)`, the description may hold escaped brackets.
IMAGE_LINK_RE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\(\s*<?(media/[^)\s>]+)")
MAX_IMAGE_BYTES = 150 * 1024


def _open_workbook(path):
    openpyxl.load_workbook(path, read_only=True).close()


def _open_document(path):
    docx.Document(str(path))


def _read_csv(path):
    path.read_bytes().decode("utf-8-sig")


OPENERS = {".xlsx": _open_workbook, ".docx": _open_document, ".csv": _read_csv}


def media_problems(folder):
    """What is wrong with the images the lessons of the course in `folder` link to and with
    the practice files of its media/ folder, one line each."""
    problems = []
    for lesson in sorted(folder.glob("[0-9][0-9]-*.md")):
        for description, target in IMAGE_LINK_RE.findall(lesson.read_text(encoding="utf-8")):
            image = folder / target
            if not description.strip():
                problems.append(f"{lesson.name}: {target} has no description")
            if not image.is_file():
                problems.append(f"{lesson.name}: {target} is missing")
            elif (size := image.stat().st_size) > MAX_IMAGE_BYTES:
                problems.append(f"{lesson.name}: {target} is {-(-size // 1024)} KB, over "
                                f"{MAX_IMAGE_BYTES // 1024} KB")
    media = folder / "media"
    for path in sorted(media.iterdir()) if media.is_dir() else []:
        if (opener := OPENERS.get(path.suffix.lower())) is None:
            continue
        try:
            # A file that opens with a library's warning still opens.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                opener(path)
        # What a damaged file raises depends on the library and the damage.
        except Exception as error:
            problems.append(f"media/{path.name} does not open: {type(error).__name__}")
    return problems


COURSE_FOLDERS = sorted(path for path in (BASE_DIR / "courses").iterdir()
                        if (path / "course.md").is_file())


@pytest.mark.parametrize("folder", COURSE_FOLDERS, ids=lambda folder: folder.name)
def test_the_shipped_images_are_there_described_and_light_and_practice_files_open(folder):
    assert media_problems(folder) == []


def test_missing_undescribed_heavy_images_and_practice_files_that_do_not_open_are_found(
        tmp_path):
    folder = tmp_path / "khoa-co-tep-hong"
    media = folder / "media"
    media.mkdir(parents=True)
    (folder / "course.md").write_text("Title: Khóa\nTrack: it\nHours: 1\n\nTóm tắt.\n")
    (folder / "01-bai.md").write_text(
        "Title: Bài\n\n![Nút Lọc trên thanh công cụ](media/nut-loc.png)\n", encoding="utf-8")
    (media / "nut-loc.png").write_bytes(png_bytes())
    (media / "danh-sach.xlsx").write_bytes(xlsx_bytes())
    (media / "mau.docx").write_bytes(docx_bytes())
    (media / "du-lieu.csv").write_text("Họ và tên\n", encoding="utf-8")
    assert media_problems(folder) == []

    (folder / "02-bai.md").write_text(
        "Title: Bài hai\n\n![](media/so-do.png)\n\n"
        "![Ảnh chụp cả trang bảng tính](media/ca-trang.png)\n\n"
        "![Sơ đồ các bước](media/chua-co.png)\n", encoding="utf-8")
    (media / "so-do.png").write_bytes(png_bytes())
    (media / "ca-trang.png").write_bytes(png_bytes() + bytes(MAX_IMAGE_BYTES))
    (media / "danh-sach-hong.xlsx").write_bytes(xlsx_bytes()[:500])
    (media / "mau-hong.docx").write_bytes(b"not a Word document")
    (media / "ansi.csv").write_bytes("Tên,Đơn".encode("windows-1258"))
    assert media_problems(folder) == [
        "02-bai.md: media/so-do.png has no description",
        "02-bai.md: media/ca-trang.png is 151 KB, over 150 KB",
        "02-bai.md: media/chua-co.png is missing",
        "media/ansi.csv does not open: UnicodeDecodeError",
        "media/danh-sach-hong.xlsx does not open: BadZipFile",
        "media/mau-hong.docx does not open: PackageNotFoundError",
    ]
