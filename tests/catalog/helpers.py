"""Builders for catalogue tests: course sources, files and small real media files."""

import io
import zipfile
from functools import partial

import docx
import openpyxl
from PIL import Image

from lms.bench.media import phone_photo
from lms.catalog.course_files.format import CourseSource, LessonSource, QuestionSource
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), color).save(buffer, "PNG")
    return buffer.getvalue()


def xlsx_bytes(rows=(("Họ và tên", "Số điện thoại"), ("Nguyễn Thị Mẫu", "0900 000 001"))):
    """A small workbook, as a practice file for cleaning a member list."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(text="Biên bản sinh hoạt chi hội"):
    """A one-paragraph Word document, as a template to fill in."""
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_macros(data):
    """The Office file `data` with a macro project added, as an .xlsm saved as .xlsx."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(100))
    return buffer.getvalue()


def damaged_jpeg():
    """The first half of a phone photo, as an interrupted transfer leaves it."""
    data = phone_photo((800, 600), orientation=1)
    return data[:len(data) // 2]


def lesson(position, slug, title=None, body=None):
    return LessonSource(slug=slug, position=position, title=title or f"Bài {position}: {slug}",
                        body=body or f"Nội dung của bài **{slug}**.\n\n- một\n- hai")


def question(position, text=None):
    return QuestionSource(position=position, type="single",
                          text=text or f"Câu hỏi số {position}?",
                          explanation=f"Giải thích câu {position}.",
                          options=[("Đúng", True), ("Sai", False)])


def make_source(slug="khoa-hoc-thu", title="An toàn khi dùng điện thoại", track="it",
                lessons=3, questions=2, **fields):
    """A valid CourseSource with numbered lessons and single-choice questions."""
    return CourseSource(
        slug=slug, title=title, track=track, hours=fields.pop("hours", 2.5),
        pass_mark=fields.pop("pass_mark", 80), audience=fields.pop("audience", "Cán bộ Hội"),
        summary=fields.pop("summary", "Khóa học **ngắn** cho chị em."),
        lessons=[lesson(n, f"bai-{n}") for n in range(1, lessons + 1)],
        questions=[question(n) for n in range(1, questions + 1)], **fields)


# The catalogue's pages are tested on courses of two lessons.
make_course = partial(factories.make_course, hours="3", lessons=2)
