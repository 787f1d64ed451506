"""`flask courses validate|import|export` on the shipped catalogue and on broken files."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import BASE_DIR
from lms.catalog.course_files.format import TRACKS, read_catalog, read_course, write_course
from lms.catalog.models import Course, Lesson
from lms.extensions import db
from tests.catalog.helpers import make_source
from tests.factories import make_user

COURSE_MD = "Title: {title}\nTrack: {track}\nHours: 2\n\nTóm tắt khóa học.\n"
LESSON_MD = "Title: Bài học\n\nNội dung bài học.\n"
QUIZ_NO_RIGHT_OPTION = ("## Câu hỏi không có đáp án đúng?\nType: single\n\n"
                        "- [ ] Một\n- [ ] Hai\n\nExplanation: Vì vậy.\n")


def run(app, *args):
    return app.test_cli_runner().invoke(args=["courses", *args])


def problem_places(stderr, root):
    """{(file relative to root, line)} of the `file:line: reason` lines."""
    places = set()
    for line in stderr.splitlines():
        match = re.match(r"^(.+?):(\d+): .+$", line)
        assert match, f"not a file:line: reason line: {line!r}"
        places.add((Path(match.group(1)).relative_to(root).as_posix(), int(match.group(2))))
    return places


def write_files(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_shipped_catalogue_is_valid_and_big_enough(app):
    result = run(app, "validate", "--json")
    assert result.exit_code == 0, result.stderr
    courses = json.loads(result.stdout)
    assert len(courses) >= 9
    assert set(courses[0]) == {"slug", "title", "track", "lessons", "questions", "words"}
    for track in TRACKS:
        assert sum(course["track"] == track for course in courses) >= 3, track
    sources, errors = read_catalog(BASE_DIR / "courses")
    assert errors == []
    assert {s.slug: s.words for s in sources} == {c["slug"]: c["words"] for c in courses}
    for source in sources:
        assert len(source.lessons) >= 4, source.slug
        for lesson in source.lessons:
            assert len(lesson.body.split()) >= 400, (source.slug, lesson.slug)
        assert len(source.questions) >= 8, source.slug
        assert all(question.explanation.strip() for question in source.questions), source.slug


def test_broken_courses_are_reported_as_file_line_and_exit_1(app, tmp_path):
    write_files(tmp_path, {
        "thieu-tieu-de/course.md": "Track: it\nHours: 2\n\nTóm tắt.\n",
        "thieu-tieu-de/01-bai.md": LESSON_MD,
        "sai-linh-vuc/course.md": COURSE_MD.format(title="Khóa học", track="cooking"),
        "sai-linh-vuc/01-bai.md": LESSON_MD,
        "thieu-dap-an/course.md": COURSE_MD.format(title="Khóa học", track="it"),
        "thieu-dap-an/01-bai.md": LESSON_MD,
        "thieu-dap-an/quiz.md": QUIZ_NO_RIGHT_OPTION,
        "sai-ten-bai/course.md": COURSE_MD.format(title="Khóa học", track="digital"),
        "sai-ten-bai/1-bai-mot.md": LESSON_MD,
        "sai-ten-bai/02-bai-hai.md": LESSON_MD,
    })
    result = run(app, "validate", str(tmp_path))
    assert result.exit_code == 1
    assert problem_places(result.stderr, tmp_path) == {
        ("thieu-tieu-de/course.md", 1),
        ("sai-linh-vuc/course.md", 2),
        ("thieu-dap-an/quiz.md", 1),
        ("sai-ten-bai/1-bai-mot.md", 1),
    }
    # Each reason in Vietnamese, the default language.
    assert "thiếu dòng 'Title:'" in result.stderr
    assert "'Track:' phải là một trong các giá trị: association, it, digital" in result.stderr
    assert "Phải đánh dấu đúng một phương án đúng." in result.stderr
    assert "tệp bài học phải đặt tên dạng NN-ten-bai.md" in result.stderr
    assert result.stdout == ""


def test_a_media_file_that_is_not_an_image_or_pdf_fails_validation(app, tmp_path):
    write_course(make_source(media={"media/so-do.png": b"MZ\x90\x00" + bytes(200)}), tmp_path)
    result = run(app, "validate", str(tmp_path))
    assert result.exit_code == 1
    assert problem_places(result.stderr, tmp_path) == {("khoa-hoc-thu/media/so-do.png", 1)}


@pytest.mark.parametrize("fields", [{"title": "Khóa " * 50}, {"audience": "Cán bộ " * 60},
                                    {"hours": 1.25}])
def test_values_the_database_cannot_hold_fail_validation(app, tmp_path, fields):
    write_course(make_source(**fields), tmp_path)
    key = {"title": "Title", "audience": "Audience", "hours": "Hours"}[next(iter(fields))]
    lines = (tmp_path / "khoa-hoc-thu" / "course.md").read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:"))
    result = run(app, "validate", str(tmp_path))
    assert result.exit_code == 1
    assert problem_places(result.stderr, tmp_path) == {("khoa-hoc-thu/course.md", line)}


@pytest.mark.parametrize(("written", "hours"), [("1,5", Decimal("1.5")), ("1.5", Decimal("1.5")),
                                                ("4", Decimal(4))])
def test_course_file_hours_take_a_decimal_comma_or_point(tmp_path, written, hours):
    write_files(tmp_path, {"khoa/course.md": COURSE_MD.replace("Hours: 2", f"Hours: {written}")
                           .format(title="Khóa học", track="it"), "khoa/01-bai.md": LESSON_MD})
    course, errors = read_course(tmp_path / "khoa")
    assert (course.hours, errors) == (hours, [])


@pytest.mark.parametrize("written", ["1,000", "1.234,5", "2,5,1", "hai"])
def test_ambiguous_course_file_hours_fail_validation(app, tmp_path, written):
    write_files(tmp_path, {"khoa/course.md": COURSE_MD.replace("Hours: 2", f"Hours: {written}")
                           .format(title="Khóa học", track="it"), "khoa/01-bai.md": LESSON_MD})
    result = run(app, "validate", str(tmp_path))
    assert result.exit_code == 1
    assert problem_places(result.stderr, tmp_path) == {("khoa/course.md", 3)}
    assert "1,5" in result.stderr


def test_exported_hours_are_written_with_a_decimal_comma(tmp_path):
    write_course(make_source(hours=Decimal("1.5")), tmp_path)
    assert "\nHours: 1,5\n" in (tmp_path / "khoa-hoc-thu" / "course.md").read_text("utf-8")


def course_rows():
    db.session.rollback()  # see what the command committed
    return {course.slug: (course.id, course.updated_at, course.is_published)
            for course in db.session.scalars(select(Course))}


def test_import_creates_the_courses_and_a_second_import_changes_nothing(app, app_ctx):
    make_user("trainer", role="trainer")
    first = run(app, "import", "--publish", "--owner", "trainer")
    assert first.exit_code == 0, first.stderr
    sources, _errors = read_catalog(BASE_DIR / "courses")
    rows = course_rows()
    assert set(rows) == {source.slug for source in sources}
    assert all(published for _id, _at, published in rows.values())
    lessons = db.session.scalar(select(func.count(Lesson.id)))
    assert lessons == sum(len(source.lessons) for source in sources)

    second = run(app, "import")
    assert second.exit_code == 0, second.stderr
    assert course_rows() == rows
    # Only the summary line: no course is listed as created or updated.
    assert len(second.stdout.strip().splitlines()) == 1


def test_new_courses_stay_unpublished_unless_asked(app, app_ctx, tmp_path):
    write_course(make_source(), tmp_path)
    assert run(app, "import", str(tmp_path)).exit_code == 0
    assert course_rows()["khoa-hoc-thu"][2] is False


def test_an_import_with_problems_imports_nothing(app, app_ctx, tmp_path):
    write_course(make_source(slug="tot"), tmp_path)
    write_files(tmp_path, {"xau/course.md": COURSE_MD.format(title="", track="it"),
                           "xau/01-bai.md": LESSON_MD})
    result = run(app, "import", str(tmp_path))
    assert result.exit_code == 1
    assert ("xau/course.md", 1) in problem_places(result.stderr.splitlines()[0], tmp_path)
    assert course_rows() == {}


def test_an_unknown_owner_is_refused(app, app_ctx, tmp_path):
    write_course(make_source(), tmp_path)
    result = run(app, "import", str(tmp_path), "--owner", "nobody")
    assert result.exit_code != 0
    assert course_rows() == {}


def test_export_writes_files_that_read_back_the_same(app, app_ctx, tmp_path):
    source = make_source()
    write_course(source, tmp_path / "in")
    assert run(app, "import", str(tmp_path / "in")).exit_code == 0

    result = run(app, "export", source.slug, str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    exported, errors = read_course(tmp_path / "out" / source.slug)
    assert errors == []
    assert exported == read_course(tmp_path / "in" / source.slug)[0]
    assert run(app, "export", "no-such-course", str(tmp_path / "out")).exit_code != 0
