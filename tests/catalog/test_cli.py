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
from tests.catalog.helpers import (
    make_source,
    png_bytes,
    standard_lesson,
    standard_quiz,
    write_standard_course,
    xlsx_bytes,
)
from tests.factories import make_user

COURSE_MD = "Title: {title}\nTrack: {track}\nHours: 2\n\nTóm tắt khóa học.\n"
LESSON_MD = "Title: Bài học\n\nNội dung bài học.\n"
QUIZ_NO_RIGHT_OPTION = ("## Câu hỏi không có đáp án đúng?\nType: single\n\n"
                        "- [ ] Một\n- [ ] Hai\n\nExplanation: Vì vậy.\n")


WARNING_RE = re.compile(r"^\S+\.md: .+$")


def run(app, *args):
    return app.test_cli_runner().invoke(args=["courses", *args])


def problem_places(stderr, root):
    """{(file relative to root, line)} of the `file:line: reason` lines; the warnings, as
    `file: reason`, are left out."""
    places = set()
    for line in stderr.splitlines():
        match = re.match(r"^(.+?):(\d+): .+$", line)
        if match is None:
            assert WARNING_RE.match(line), f"neither file:line: nor file: reason: {line!r}"
            continue
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
    courses = json.loads(result.stdout)["courses"]
    assert len(courses) >= 9
    assert set(courses[0]) == {"slug", "title", "track", "lessons", "questions", "words",
                               "images", "practice_files", "practice_minutes",
                               "declared_hours", "estimated_hours", "warnings"}
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


def test_json_gives_each_course_its_estimate_and_warnings_and_the_totals(app, tmp_path):
    lesson = standard_lesson(extra="![Sơ đồ các bước lọc danh sách](media/so-do.png)\n\n"
                                   "[Tải tệp thực hành](media/danh-sach.xlsx)")
    write_standard_course(tmp_path, "khoa-chuan", lessons=[lesson, standard_lesson("Bài hai")],
                          media={"so-do.png": png_bytes(), "danh-sach.xlsx": xlsx_bytes()})
    write_standard_course(tmp_path, "khoa-thoi-phong", meta={"Hours": "4", "Review": None})
    result = run(app, "validate", "--json", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    standard, inflated = report["courses"]
    assert standard == {
        "slug": "khoa-chuan", "title": "Khóa học theo chuẩn", "track": "association",
        "lessons": 2, "words": 1200, "questions": 20, "images": 1, "practice_files": 1,
        "practice_minutes": 20, "declared_hours": 1.0, "estimated_hours": 0.7, "warnings": []}
    assert (inflated["declared_hours"], inflated["estimated_hours"]) == (4.0, 0.8)
    assert inflated["warnings"] == [
        "course.md: 'Hours:' khai báo 4 giờ, hơn 1,5 lần 0,8 giờ ước tính (số chữ của các bài "
        "đọc với tốc độ 100 chữ một phút, số phút ghi ở các tiêu đề thực hành, 1 phút cho mỗi "
        "câu hỏi được rút)",
        "course.md: 'Review:' chưa đặt là after-pass: chỉ nên cho xem đáp án đúng khi người học "
        "đã đạt"]
    assert report["totals"] == {
        "courses": 2, "lessons": 4, "words": 2400, "questions": 40, "images": 1,
        "practice_files": 1, "practice_minutes": 45, "declared_hours": 5.0,
        "estimated_hours": 1.5, "warnings": 2}


def test_warnings_are_printed_but_do_not_fail_the_check(app, tmp_path):
    write_standard_course(tmp_path, "khoa-it-cau-hoi", quiz=standard_quiz(5))
    result = run(app, "validate", str(tmp_path))
    assert result.exit_code == 0
    folder = tmp_path / "khoa-it-cau-hoi"
    assert result.stderr.splitlines() == [
        f"{folder / 'quiz.md'}: mới có 5 câu hỏi; bài kiểm tra cần ít nhất 20 câu để mỗi lượt "
        "làm bài rút được những câu khác nhau"]
    assert result.stdout.splitlines() == [
        "khoa-it-cau-hoi: khai báo 1 giờ, ước tính 0,7 giờ",
        "Đã kiểm tra 1 khóa học, không có lỗi.",
        "1 cảnh báo: vẫn nhập được khóa học, nhưng hãy đọc và sửa."]


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
