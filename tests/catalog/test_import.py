"""Importing course sources: identity by slug, lessons by slug, questions by position,
learners' progress kept, archived never deleted; export gives back what was imported."""

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update

from config import BASE_DIR
from lms.catalog.course_files.format import read_catalog, read_course, write_course
from lms.catalog.course_files.sync import export_course, import_catalog, import_course
from lms.catalog.models import Course, Lesson, MediaFile, Question, QuizSettings
from lms.catalog.queries import get_lessons, get_questions
from lms.core.clock import utcnow
from lms.extensions import db
from lms.learning.models import LessonProgress
from tests.catalog.helpers import (
    PDF,
    docx_bytes,
    lesson,
    make_source,
    png_bytes,
    question,
    xlsx_bytes,
)
from tests.factories import make_cadre, make_user


def imported(source, **kwargs):
    """import_course, committed, with the session's objects reloaded from the database."""
    course = import_course(source, **kwargs)
    db.session.commit()
    db.session.expire_all()
    return course


def lesson_ids(course):
    return {lesson.slug: lesson.id for lesson in get_lessons(course.id, include_archived=True)}


def test_import_creates_the_course_its_lessons_questions_and_media(app_ctx):
    trainer = make_user("gv", role="trainer")
    source = make_source(title="Đảm bảo An toàn thông tin", hours=1.5,
                         media={"media/so-do.png": png_bytes(), "media/mau.pdf": PDF})
    source.lessons[0].body = "Xem ![sơ đồ](media/so-do.png) và [mẫu](media/mau.pdf)."
    course = imported(source, actor=trainer)

    assert (course.slug, course.title, course.track) == (source.slug, source.title, "it")
    assert course.search_title == "dam bao an toan thong tin"
    assert course.hours == Decimal("1.5") and course.pass_mark == 80
    assert course.audience == "Cán bộ Hội" and course.summary == source.summary
    assert course.summary_html == "<p>Khóa học <strong>ngắn</strong> cho chị em.</p>"
    assert course.owner_id == trainer.id and course.is_published is False
    lessons = get_lessons(course.id)
    assert [(x.slug, x.position, x.title) for x in lessons] == [
        (x.slug, x.position, x.title) for x in source.lessons]
    first = get_questions(course.id)[0]
    assert first.options == [{"text": "Đúng", "correct": True}, {"text": "Sai", "correct": False}]
    assert (first.type, first.explanation, first.points) == ("single", "Giải thích câu 1.", 1)
    media = {m.name: m for m in db.session.scalars(select(MediaFile))}
    assert {name: m.content_type for name, m in media.items()} == {
        "so-do.png": "image/png", "mau.pdf": "application/pdf"}
    # Each link names the version of the bytes it shows (the media URLs' cache key).
    image, pdf = media["so-do.png"].version, media["mau.pdf"].version
    assert (f'<img alt="sơ đồ" src="/courses/khoa-hoc-thu/media/so-do.png?v={image}">'
            in lessons[0].body_html)
    assert f'href="/courses/khoa-hoc-thu/media/mau.pdf?v={pdf}"' in lessons[0].body_html
    assert "<li>một</li>" in lessons[1].body_html


def test_practice_files_are_imported_and_linked_as_downloads(app_ctx, tmp_path):
    source = make_source(media={"media/danh-sach-thuc-hanh.xlsx": xlsx_bytes(),
                                "media/mau-bien-ban.docx": docx_bytes()})
    source.lessons[0].body = ("## Thực hành (15 phút)\n\nChị hãy mở [Tải tệp thực hành: danh "
                              "sách hội viên (Excel)](media/danh-sach-thuc-hanh.xlsx).")
    write_course(source, tmp_path)
    assert import_catalog(tmp_path)["created"] == ["khoa-hoc-thu"]
    db.session.commit()
    media = dict(db.session.execute(select(MediaFile.name, MediaFile.content_type)).all())
    assert media == {
        "danh-sach-thuc-hanh.xlsx":
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mau-bien-ban.docx":
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    body_html = get_lessons(db.session.scalar(select(Course.id)))[0].body_html
    # The practice heading is plain Markdown.
    assert "<h2>Thực hành (15 phút)</h2>" in body_html
    assert 'href="/courses/khoa-hoc-thu/media/danh-sach-thuc-hanh.xlsx?v=' in body_html


def test_a_second_import_of_the_same_catalogue_changes_nothing(app_ctx, tmp_path):
    write_course(make_source(media={"media/a.png": png_bytes()}), tmp_path)
    first = import_catalog(tmp_path, publish=True)
    assert first == {"created": ["khoa-hoc-thu"], "updated": [], "unchanged": []}
    # Backdate everything: any UPDATE the second import issues would show in updated_at.
    long_ago = datetime(2020, 1, 1)
    db.session.execute(update(Course).values(updated_at=long_ago))
    db.session.execute(update(Lesson).values(updated_at=long_ago))
    db.session.commit()
    before = snapshot()

    second = import_catalog(tmp_path, publish=True)
    db.session.commit()
    assert second == {"created": [], "updated": [], "unchanged": ["khoa-hoc-thu"]}
    # The same work done unconditionally by import_course writes nothing either.
    imported(read_course(tmp_path / "khoa-hoc-thu")[0])
    assert snapshot() == before


def snapshot():
    """Every catalogue row as a tuple of its columns."""
    db.session.expire_all()
    return {model.__name__: sorted(tuple(getattr(row, c.key) for c in model.__table__.columns)
                                   for row in db.session.scalars(select(model)))
            for model in (Course, Lesson, Question, MediaFile)}


def test_renamed_and_reordered_lessons_keep_their_id_and_learners_progress(app_ctx, org):
    course = imported(make_source(lessons=3))
    ids = lesson_ids(course)
    cadre = make_cadre(org.branch_a1)
    db.session.add(LessonProgress(cadre_id=cadre.id, lesson_id=ids["bai-1"],
                                  completed_at=utcnow()))
    db.session.commit()

    edited = make_source(lessons=0)
    edited.lessons = [lesson(1, "bai-3", title="Bài mới đầu tiên"), lesson(2, "bai-1"),
                      lesson(3, "bai-2", body="Nội dung đã sửa")]
    imported(edited)

    assert lesson_ids(course) == ids
    assert [(x.slug, x.title) for x in get_lessons(course.id)] == [
        ("bai-3", "Bài mới đầu tiên"), ("bai-1", "Bài 2: bai-1"), ("bai-2", "Bài 3: bai-2")]
    assert db.session.get(Lesson, ids["bai-2"]).body_html == "<p>Nội dung đã sửa</p>"
    progress = db.session.scalar(select(LessonProgress))
    assert progress.lesson.slug == "bai-1" and not progress.lesson.is_archived


def test_a_lesson_removed_from_the_files_is_archived_and_comes_back_with_its_id(app_ctx, org):
    course = imported(make_source(lessons=3))
    ids = lesson_ids(course)
    cadre = make_cadre(org.branch_a1)
    db.session.add(LessonProgress(cadre_id=cadre.id, lesson_id=ids["bai-2"],
                                  completed_at=utcnow()))
    db.session.commit()

    imported(replace(make_source(lessons=3), lessons=make_source().lessons[::2]))
    assert [x.slug for x in get_lessons(course.id)] == ["bai-1", "bai-3"]
    archived = db.session.get(Lesson, ids["bai-2"])
    assert archived.is_archived and db.session.scalar(select(LessonProgress)) is not None

    imported(make_source(lessons=3))
    assert lesson_ids(course) == ids and not archived.is_archived


def test_questions_are_updated_in_place_in_order_and_extra_ones_archived(app_ctx):
    course = imported(make_source(questions=4))
    ids = [q.id for q in get_questions(course.id)]

    fewer = make_source(questions=0)
    fewer.questions = [question(1, "Câu một đã sửa?"), question(2)]
    imported(fewer)
    assert [(q.id, q.position, q.text) for q in get_questions(course.id)] == [
        (ids[0], 1, "Câu một đã sửa?"), (ids[1], 2, "Câu hỏi số 2?")]
    archived = list(db.session.scalars(select(Question).where(Question.is_archived.is_(True))))
    assert {q.id for q in archived} == set(ids[2:])

    # A question added back is a new one: an archived question keeps what attempts saw.
    imported(make_source(questions=3))
    active = get_questions(course.id)
    assert [q.id for q in active][:2] == ids[:2] and active[2].id not in ids
    assert all(q.is_archived and q.text == f"Câu hỏi số {q.position}?" for q in archived)


def test_publish_none_keeps_the_published_state(app_ctx):
    course = imported(make_source(), publish=True)
    imported(make_source(title="Tên mới"))
    assert course.is_published and course.title == "Tên mới"
    imported(make_source(), publish=False)
    assert not course.is_published


def test_export_then_import_gives_the_same_course(app_ctx, tmp_path):
    source = make_source(media={"media/so-do.png": png_bytes(), "media/mau.pdf": PDF},
                         quiz={"max_attempts": 3, "shuffle_options": True})
    source.questions[1].settings = {"scoring": "partial"}
    source.questions[1].type = "multiple"
    course = imported(source)
    exported = export_course(course)
    assert exported == source

    write_course(exported, tmp_path)
    reread, errors = read_course(tmp_path / source.slug)
    assert errors == [] and reread == source
    fields = ("title", "search_title", "track", "hours", "pass_mark", "audience", "summary",
              "summary_html", "is_published")
    before = {name: getattr(course, name) for name in fields}
    html = {x.id: x.body_html for x in get_lessons(course.id)}
    assert import_catalog(tmp_path) == {"created": [], "updated": [],
                                        "unchanged": [source.slug]}
    imported(reread)
    assert {name: getattr(course, name) for name in fields} == before
    assert {x.id: x.body_html for x in get_lessons(course.id)} == html
    settings = db.session.scalar(select(QuizSettings))
    assert (settings.max_attempts, settings.shuffle_options, settings.time_limit_minutes) == (
        3, True, 0)


def test_every_shipped_course_survives_an_export_round_trip(app_ctx, tmp_path):
    sources, _errors = read_catalog(BASE_DIR / "courses")
    import_catalog(BASE_DIR / "courses")
    db.session.commit()
    for source in sources:
        course = db.session.scalar(select(Course).where(Course.slug == source.slug))
        write_course(export_course(course), tmp_path)
    assert read_catalog(tmp_path) == (sources, [])
