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


# --- A course folder that meets the catalogue's standard (courses/README.md) ---

STANDARD_META = {"Title": "Khóa học theo chuẩn", "Track": "association", "Hours": "1",
                 "Quiz-Questions": "10", "Shuffle-Questions": "yes", "Shuffle-Options": "yes",
                 "Max-Attempts": "3", "Review": "after-pass"}
OBJECTIVES = "Học xong bài này, chị có thể:\n\n- lập danh sách hội viên;\n- kiểm tra số điện thoại."
SUMMARY = "## Tóm tắt\n\n- Mỗi hội viên một hàng.\n- Mỗi thông tin một cột."


def standard_lesson(title="Bài một", words=600, practice="## Thực hành (10 phút)",
                    objectives=OBJECTIVES, summary=SUMMARY, extra=""):
    """A lesson file of exactly `words` words, title included; any part may be left out."""
    practice_task = f"{practice}\n\nChị hãy mở tệp và sửa ba dòng." if practice else ""
    parts = [part for part in (objectives, "{filler}", extra, practice_task, summary) if part]
    body = "\n\n".join(parts)
    filler = " ".join(["chữ"] * (words - len(title.split()) - len(body.split()) + 1))
    return f"Title: {title}\n\n{body.replace('{filler}', filler)}\n"


def standard_quiz(questions=20, right_longest=0):
    """Single choice questions whose right option is the shortest, except in the first
    `right_longest`, where it is the longest."""
    blocks = []
    for number in range(1, questions + 1):
        if number <= right_longest:
            options = "- [ ] Một tuần\n- [x] Trước vài ngày, nhắc lại\n- [ ] Không báo"
        else:
            options = "- [x] Hai ngày\n- [ ] Trước một tuần\n- [ ] Không cần báo"
        blocks.append(f"## Câu hỏi {number}: báo lịch sinh hoạt trước bao lâu?\nType: single\n\n"
                      f"{options}\n\nExplanation: Để chị em sắp xếp công việc.\n")
    return "\n".join(blocks)


def write_standard_course(root, slug="khoa-chuan", meta=None, lessons=None, quiz=None,
                          media=None):
    """Write the course folder root/slug: two lessons of 600 words with 10 and 15 practice
    minutes and 20 questions, 10 drawn (47 minutes), unless told otherwise. A `meta` value of
    None leaves that key out of course.md."""
    folder = root / slug
    (folder / "media").mkdir(parents=True, exist_ok=True)
    values = {**STANDARD_META, **(meta or {})}
    head = "\n".join(f"{key}: {value}" for key, value in values.items() if value is not None)
    (folder / "course.md").write_text(f"{head}\n\nTóm tắt khóa học.\n", encoding="utf-8")
    if lessons is None:
        lessons = [standard_lesson("Bài một"),
                   standard_lesson("Bài hai", practice="### Thực hành (15 phút)")]
    for number, text in enumerate(lessons, start=1):
        (folder / f"{number:02d}-bai-{number}.md").write_text(text, encoding="utf-8")
    (folder / "quiz.md").write_text(standard_quiz() if quiz is None else quiz, encoding="utf-8")
    for name, data in (media or {}).items():
        (folder / "media" / name).write_bytes(data)
    return folder
