"""The committed migrations build exactly the schema the models describe, on both engines."""

import json
import os
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from config import TestConfig
from lms import create_app
from lms.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    """A database no other test touches: a new SQLite file, or a scratch PostgreSQL database."""
    base = os.environ.get("LMS_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
        return
    url = make_url(base)
    scratch = f"{url.database}_migrations"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield url.set(database=scratch).render_as_string(hide_password=False)
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    server.dispose()


def test_migrations_match_models_and_downgrade_cleanly(empty_database_url):
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "render_as_batch": True}), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


def test_closed_period_figures_move_to_one_row_per_unit_and_back(empty_database_url):
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    indicators = {"annual_training": {"numerator": 1, "denominator": 2, "percent": 50.0,
                                      "target": 100}}
    figures = {  # ward 2 closed with branches 3 (listed) and 4 (inactive, empty: not listed)
        "2": {"unit": {"id": 2, "code": "W", "name": "Phường", "kind": "commune"},
              "indicators": indicators, "children": [3]},
        "3": {"unit": {"id": 3, "code": "B", "name": "Chi hội", "kind": "branch"},
              "indicators": indicators, "children": []},
        "4": {"unit": {"id": 4, "code": "C", "name": "Chi hội cũ", "kind": "branch"},
              "indicators": {}, "children": []},
    }
    with app.app_context():
        upgrade(revision="32baf2147ac5")
        with db.engine.begin() as conn:
            for unit_id, parent_id in ((1, None), (2, 1), (3, 2), (4, 2)):
                conn.execute(text(
                    "INSERT INTO unit (id, code, name, kind, parent_id, depth, is_active, "
                    "created_at) VALUES (:id, :code, 'x', 'branch', :parent, 0, :active, "
                    "CURRENT_TIMESTAMP)"),
                    {"id": unit_id, "code": f"U{unit_id}", "parent": parent_id,
                     "active": unit_id != 4})
            conn.execute(text(
                "INSERT INTO closed_period (id, unit_id, year, half, figures, closed_at) "
                "VALUES (7, 2, 2025, 0, :figures, CURRENT_TIMESTAMP)"),
                {"figures": json.dumps(figures)})
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT unit_id, parent_id, is_listed, position, code FROM closed_unit_figure "
                "WHERE closed_period_id = 7 ORDER BY unit_id")).all()
        assert [tuple(row) for row in rows] == [(2, None, True, 0, "W"), (3, 2, True, 0, "B"),
                                               (4, None, False, 0, "C")]
        downgrade(revision="32baf2147ac5")
        with db.engine.connect() as conn:
            stored = conn.execute(text("SELECT figures FROM closed_period WHERE id = 7")).scalar()
        stored = json.loads(stored) if isinstance(stored, str) else stored
        assert stored == figures
        downgrade(revision="base")
        db.engine.dispose()


def test_open_duplicate_closings_are_settled_before_the_unique_index(empty_database_url):
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="bde87ef55113")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO unit (id, code, name, kind, depth, is_active, created_at) "
                "VALUES (1, 'U1', 'x', 'commune', 0, true, CURRENT_TIMESTAMP)"))
            # a double tap stored 2025 twice (5 then 6); 2024 was closed, reopened, closed again
            for closed_id, year, closed_at, reopened_at in (
                    (5, 2025, "2025-12-20 03:00:00", None),
                    (6, 2025, "2025-12-20 03:00:01", None),
                    (7, 2024, "2024-12-20 03:00:00", "2024-12-21 03:00:00"),
                    (8, 2024, "2024-12-22 03:00:00", None)):
                conn.execute(text(
                    "INSERT INTO closed_period (id, unit_id, year, half, closed_at, reopened_at) "
                    "VALUES (:id, 1, :year, 0, :closed_at, :reopened_at)"),
                    {"id": closed_id, "year": year, "closed_at": closed_at,
                     "reopened_at": reopened_at})
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, reopened_at FROM closed_period ORDER BY id")).all()
        # the latest stays open (the reports show it); the earlier one is marked reopened
        assert [(row[0], row[1] is None) for row in rows] == [
            (5, False), (6, True), (7, False), (8, True)]
        downgrade(revision="base")
        db.engine.dispose()


@contextmanager
def columns_added_since():
    """Old-schema tests build their rows with today's factories, whose models write columns
    added by later migrations (sort keys, for one): those columns are there, nullable and
    unindexed, while the rows are built, and dropped again before the upgrade under test."""
    inspector = inspect(db.engine)
    added = [(table.name, column) for table in db.metadata.sorted_tables
             if inspector.has_table(table.name)
             for column in table.columns
             if column.name not in {c["name"] for c in inspector.get_columns(table.name)}]
    with db.engine.begin() as conn:
        for table, column in added:
            conn.execute(text(f'ALTER TABLE "{table}" ADD COLUMN "{column.name}" '
                              f'{column.type.compile(dialect=conn.dialect)}'))
    yield
    db.session.remove()
    with db.engine.begin() as conn:
        for table, column in added:
            conn.execute(text(f'ALTER TABLE "{table}" DROP COLUMN "{column.name}"'))


def _old_schema_cadre(unit, code="CB00001"):
    """A cadre added without the org service, whose signal would enroll her through today's
    learning models in a schema that predates them."""
    from lms.org.models import Cadre

    cadre = Cadre(code=code, full_name="Nguyễn Thị Hoa", search_name="nguyen thi hoa",
                  unit_id=unit.id, birth_year=1980,
                  education="university", is_active=True)
    db.session.add(cadre)
    db.session.commit()
    return cadre


def _old_schema_course(slug, lessons=0, **values):
    """A course id and its lesson ids, written with Core: today's Course and Lesson models
    have columns (search_summary, search_text) that older schemas lack."""
    from sqlalchemy import column as sa_column
    from sqlalchemy import table as sa_table

    def insert(table, **row):
        statement = sa_table(table, *map(sa_column, row)).insert().returning(sa_column("id"))
        return db.session.execute(statement, row).scalar()

    course_id = insert("course", **{
        "slug": slug, "title": "An toàn trên mạng", "search_title": "an toan tren mang",
        "track": "it", "summary": "", "summary_html": "", "hours": 2, "pass_mark": 70,
        "audience": "", "is_published": True, **values})
    lesson_ids = [insert("lesson", course_id=course_id, slug=f"bai-{n}", position=n,
                         title=f"Bài {n}", body="Nội dung", body_html="<p>Nội dung</p>",
                         is_archived=False) for n in range(1, lessons + 1)]
    db.session.commit()
    return course_id, lesson_ids


def test_learners_with_several_open_attempts_keep_the_one_they_last_worked_on(
        empty_database_url):
    from datetime import datetime

    from sqlalchemy import column as sa_column
    from sqlalchemy import table as sa_table

    from lms.quizzes.models import AttemptAnswer, QuizAttempt
    from tests.factories import make_org
    from tests.quizzes.helpers import make_quiz_course

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="bde87ef55113")
        with columns_added_since():
            cadre = _old_schema_cadre(make_org().branch_a1)
            course, other = make_quiz_course(), make_quiz_course(slug="khac")
            cadre_id, course_id, other_id = cadre.id, course.id, other.id
            started = datetime(2026, 5, 4, 8, 0)

            def attempt(number, on=course_id, answered_at=None, **cycle):
                # Core, not the model: before the upgrade the table has no cycle column yet.
                columns = [sa_column(name) for name in (
                    "cadre_id", "course_id", "number", "seed", "started_at", "question_ids",
                    "snapshots", "option_orders", *cycle)]
                row_id = db.session.execute(
                    sa_table("quiz_attempt", *columns).insert().returning(sa_column("id")),
                    {"cadre_id": cadre_id, "course_id": on, "number": number, "seed": 1,
                     "started_at": started, "question_ids": "[]", "snapshots": "{}",
                     "option_orders": "{}", **cycle}).scalar()
                if answered_at:
                    db.session.add(AttemptAnswer(attempt_id=row_id, question_id=1, response=0,
                                                 saved_at=answered_at))
                return row_id

            # A double tap opened 1 and 2 at once; she answered in 1, later in 3 from a phone.
            worked_in, unused, last = (attempt(1, answered_at=datetime(2026, 5, 4, 8, 5)),
                                       attempt(2),
                                       attempt(3, answered_at=datetime(2026, 5, 4, 9, 0)))
            alone = attempt(1, on=other_id)
            db.session.commit()
        db.session.remove()
        upgrade()
        rows = dict(db.session.execute(select(QuizAttempt.id, QuizAttempt.submitted_at)).all())
        db.session.remove()
        assert rows == {worked_in: datetime(2026, 5, 4, 8, 5), last: None, alone: None}
        assert unused not in rows
        # A second open attempt is refused now; the closed one (1) is not in the way.
        with pytest.raises(IntegrityError):
            attempt(4, cycle=2026)
        db.session.rollback()
        downgrade(revision="base")
        db.engine.dispose()


def test_existing_learning_rows_move_into_cycles_with_nothing_lost(empty_database_url):
    from datetime import datetime

    from sqlalchemy import column as sa_column
    from sqlalchemy import table as sa_table

    from tests.factories import make_org
    from tests.quizzes.helpers import make_quiz_course

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="c4e1d7a9b2f0")
        with columns_added_since():
            cadre_id = _old_schema_cadre(make_org().branch_a1).id
            course = make_quiz_course(lessons=2)
            other = make_quiz_course(slug="khac", lessons=1)
            course_id, other_id = course.id, other.id
            lesson_ids = [lesson.id for lesson in course.lessons]
            other_lesson_id = other.lessons[0].id

            def insert(table, **values):
                statement = sa_table(table, *map(sa_column, values)).insert()
                return db.session.execute(statement.returning(sa_column("id")), values).scalar()

            # Enrolled at 18:00 UTC on 31 December 2025: 1 January 2026 in Hanoi, cycle 2026.
            enrollment = insert("enrollment", cadre_id=cadre_id, course_id=course_id,
                                enrolled_at=datetime(2025, 12, 31, 18, 0),
                                completed_at=datetime(2026, 1, 6, 2, 0))
            progress = [insert("lesson_progress", cadre_id=cadre_id, lesson_id=lesson_id,
                               completed_at=datetime(2026, 1, 5, 2, 0)) for lesson_id in lesson_ids]
            completion = insert("course_completion", cadre_id=cadre_id, course_id=course_id,
                                track="it", hours=2, completed_at=datetime(2026, 1, 6, 2, 0),
                                completed_on=datetime(2026, 1, 6).date())
            certificate = insert("certificate", code="ABC123", completion_id=completion,
                                 issued_at=datetime(2026, 1, 6, 2, 0), is_revoked=False,
                                 download_count=3)
            attempt = dict(seed=1, question_ids="[]", snapshots="{}", option_orders="{}")
            enrolled_attempt = insert("quiz_attempt", cadre_id=cadre_id, course_id=course_id,
                                      number=1, started_at=datetime(2026, 1, 5, 3, 0),
                                      submitted_at=datetime(2026, 1, 5, 3, 10), **attempt)
            # Rows without an enrollment take the Vietnam year of their own date.
            loose_completion = insert("course_completion", cadre_id=cadre_id, course_id=other_id,
                                      track="it", hours=1, completed_at=datetime(2024, 5, 5, 2, 0),
                                      completed_on=datetime(2024, 5, 5).date())
            loose_progress = insert("lesson_progress", cadre_id=cadre_id, lesson_id=other_lesson_id,
                                    completed_at=datetime(2024, 12, 31, 17, 30))
            loose_attempt = insert("quiz_attempt", cadre_id=cadre_id, course_id=other_id, number=1,
                                   started_at=datetime(2023, 12, 31, 20, 0), **attempt)
            db.session.commit()
        db.session.remove()

        upgrade()

        def cycles(table):
            return dict(db.session.execute(text(f"SELECT id, cycle FROM {table}")).all())

        assert cycles("enrollment") == {enrollment: 2026}
        assert cycles("lesson_progress") == {progress[0]: 2026, progress[1]: 2026,
                                             loose_progress: 2025}
        assert cycles("course_completion") == {completion: 2026, loose_completion: 2024}
        assert cycles("quiz_attempt") == {enrolled_attempt: 2026, loose_attempt: 2024}
        kept = db.session.execute(text(
            "SELECT c.code, c.download_count, k.completed_on, k.hours FROM certificate c "
            "JOIN course_completion k ON k.id = c.completion_id WHERE c.id = :id"),
            {"id": certificate}).one()
        assert (kept[0], kept[1], str(kept[2]), float(kept[3])) == ("ABC123", 3, "2026-01-06",
                                                                     2.0)
        assert db.session.scalar(text("SELECT submitted_at FROM quiz_attempt WHERE id = :id"),
                                 {"id": enrolled_attempt}) is not None
        db.session.remove()

        # The new keys: a second cycle is taken, a second row of one cycle refused.
        insert("enrollment", cadre_id=cadre_id, course_id=course_id, cycle=2027,
               enrolled_at=datetime(2027, 2, 1))
        insert("quiz_attempt", cadre_id=cadre_id, course_id=course_id, cycle=2027, number=1,
               started_at=datetime(2027, 2, 1), **attempt)
        db.session.commit()
        for table, values in (
                ("enrollment", dict(course_id=course_id, enrolled_at=datetime(2027, 3, 1))),
                ("lesson_progress", dict(lesson_id=lesson_ids[0],
                                         completed_at=datetime(2027, 3, 1))),
                ("course_completion", dict(course_id=course_id, track="it", hours=2,
                                           completed_at=datetime(2026, 3, 1),
                                           completed_on=datetime(2026, 3, 1).date())),
                ("quiz_attempt", dict(course_id=course_id, number=1,
                                      started_at=datetime(2026, 3, 1), **attempt))):
            with pytest.raises(IntegrityError):
                insert(table, cadre_id=cadre_id, cycle=2026, **values)
            db.session.rollback()
        # One open attempt per cycle: 2027's is open, a second open one there is refused.
        with pytest.raises(IntegrityError):
            insert("quiz_attempt", cadre_id=cadre_id, course_id=course_id, cycle=2027, number=2,
                   started_at=datetime(2027, 2, 2), **attempt)
        db.session.rollback()
        db.session.remove()

        # The old keys cannot hold two cycles of a course: downgrade refuses until one goes.
        # (Flask-Migrate logs the migration's error and exits.)
        with pytest.raises(SystemExit):
            downgrade(revision="c4e1d7a9b2f0")
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM enrollment WHERE cycle = 2027"))
            conn.execute(text("DELETE FROM quiz_attempt WHERE cycle = 2027"))
        downgrade(revision="c4e1d7a9b2f0")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM lesson_progress")).scalar() == 3
            assert conn.execute(text("SELECT count(*) FROM course_completion")).scalar() == 2
            assert conn.execute(text("SELECT count(*) FROM certificate")).scalar() == 1
        downgrade(revision="base")
        db.engine.dispose()


def test_existing_names_get_their_sort_keys(empty_database_url):
    from lms.catalog.models import Course
    from lms.core.collation import person_sort_key, sort_key
    from lms.org.models import Cadre, Unit
    from tests.factories import make_course, make_org

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="3338c308f754")
        with columns_added_since():
            org = make_org()
            _old_schema_cadre(org.branch_a1, code="CB1")
            make_course("Tin học văn phòng")
            db.session.commit()
        upgrade()
        units = dict(db.session.execute(select(Unit.name, Unit.sort_name)).all())
        assert units and all(key == sort_key(name) for name, key in units.items())
        assert db.session.execute(select(Cadre.full_name, Cadre.sort_name)).one() == (
            "Nguyễn Thị Hoa", person_sort_key("Nguyễn Thị Hoa"))
        assert db.session.scalar(select(Course.sort_title)) == sort_key("Tin học văn phòng")
        db.session.remove()
        downgrade(revision="3338c308f754")
        assert "sort_name" not in {c["name"] for c in inspect(db.engine).get_columns("unit")}
        downgrade(revision="base")
        db.engine.dispose()


def test_programme_certificates_table_comes_and_goes_with_the_programmes_kept(
        empty_database_url):
    from tests.factories import make_org

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="e5a9c2d4f7b1")
        with columns_added_since():
            cadre_id = _old_schema_cadre(make_org().ward_a).id

        def programme(programme_id, year):
            with db.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO programme (id, unit_id, year, title, due_date, only_full_time, "
                    "only_key_cadres, only_department_leaders, only_chairs, status) VALUES "
                    "(:id, 1, :year, 'P', :due, false, false, false, false, 'published')"),
                    {"id": programme_id, "year": year, "due": f"{year}-11-30"})

        programme(5, 2026)
        db.session.remove()
        upgrade()

        def award(code, programme_id=5):
            with db.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO programme_completion (programme_id, cadre_id, completed_on, "
                    "issued_at, code, is_revoked) VALUES (:programme, :cadre, '2026-06-01', "
                    "'2026-06-01 03:00:00', :code, false)"),
                    {"programme": programme_id, "cadre": cadre_id, "code": code})

        award("HN-CT-AAAA-BBBB-CCCC")
        with pytest.raises(IntegrityError):   # one certificate per programme and cadre
            award("HN-CT-AAAA-BBBB-DDDD")
        programme(6, 2027)
        with pytest.raises(IntegrityError):   # a code is never used twice
            award("HN-CT-AAAA-BBBB-CCCC", programme_id=6)
        award("HN-CT-AAAA-BBBB-EEEE", programme_id=6)
        downgrade(revision="e5a9c2d4f7b1")
        tables = set(inspect(db.engine).get_table_names())
        assert "programme_completion" not in tables
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM programme")).scalar() == 2
        downgrade(revision="base")
        db.engine.dispose()


def test_summaries_and_lessons_are_folded_for_the_catalogue_search(empty_database_url):
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="3338c308f754")
        course_id, (lesson_id,) = _old_schema_course(
            "mat-khau", lessons=1, summary="Đặt **mật khẩu** mạnh, an toàn.")
        db.session.execute(text("UPDATE lesson SET body = :body WHERE id = :id"),
                           {"body": "Xác thực hai lớp (OTP) cho Zalo.", "id": lesson_id})
        db.session.commit()
        db.session.remove()
        upgrade(revision="2c78a3460696")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT search_summary FROM course WHERE id = :id"),
                                {"id": course_id}).scalar() == "dat mat khau manh an toan"
            assert conn.execute(text("SELECT search_text FROM lesson WHERE id = :id"),
                                {"id": lesson_id}).scalar() == \
                "bai 1 xac thuc hai lop otp cho zalo"
        downgrade(revision="3338c308f754")
        assert "search_text" not in {c["name"] for c in inspect(db.engine).get_columns("lesson")}
        downgrade(revision="base")
        db.engine.dispose()


def test_existing_units_get_their_folded_names_and_lose_them_on_downgrade(empty_database_url):
    from lms.core.collation import sort_key

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="d6a1cbd7a708")
        with db.engine.begin() as conn:
            for unit_id, name in ((1, "Hội LHPN thành phố Hà Nội"), (2, "Phường  Hoàn Kiếm"),
                                  (3, "Chi hội Tổ dân phố số 1")):
                conn.execute(text(
                    "INSERT INTO unit (id, code, name, kind, depth, is_active, created_at, "
                    "sort_name) VALUES (:id, :code, :name, 'branch', 0, :active, "
                    "CURRENT_TIMESTAMP, :key)"),
                    {"id": unit_id, "code": f"U{unit_id}", "name": name, "active": True,
                     "key": sort_key(name)})
        upgrade(revision="e5c2a9d41b7f")
        with db.engine.connect() as conn:
            folded = conn.execute(text("SELECT id, search_name FROM unit ORDER BY id")).all()
            with pytest.raises(IntegrityError):
                conn.execute(text("INSERT INTO unit (id, code, name, kind, depth, is_active, "
                                  "created_at, sort_name, search_name) VALUES (4, 'U4', 'x', "
                                  "'branch', 0, true, CURRENT_TIMESTAMP, 'x', NULL)"))
        assert folded == [(1, "hoi lhpn thanh pho ha noi"), (2, "phuong hoan kiem"),
                          (3, "chi hoi to dan pho so 1")]
        indexes = {index["name"] for index in inspect(db.engine).get_indexes("unit")}
        assert "ix_unit_search_name" in indexes
        downgrade(revision="d6a1cbd7a708")
        assert "search_name" not in {c["name"] for c in inspect(db.engine).get_columns("unit")}
        assert db.session.scalar(select(func.count()).select_from(text("unit"))) == 3
        db.session.remove()
        db.engine.dispose()


def test_saved_answers_keep_their_rows_and_gain_an_empty_phone_sequence(empty_database_url):
    from lms.quizzes.services import save_answer, start_attempt
    from tests.factories import make_org
    from tests.quizzes.helpers import make_quiz_course

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="b3d8f1a6c2e4")
        with columns_added_since():
            cadre = _old_schema_cadre(make_org().branch_a1)
            attempt = start_attempt(cadre, make_quiz_course())
            question_id = attempt.question_ids[0]
            save_answer(attempt, question_id, "0")
            db.session.commit()
        upgrade(revision="f1a7c3e9b2d4")
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT question_id, sequence FROM attempt_answer")).one()
        assert row.question_id == question_id and row.sequence is None
        downgrade(revision="b3d8f1a6c2e4")
        columns = {c["name"] for c in inspect(db.engine).get_columns("attempt_answer")}
        assert "sequence" not in columns
        assert db.session.scalar(select(func.count()).select_from(text("attempt_answer"))) == 1
        db.session.remove()
        db.engine.dispose()


def test_survey_tables_come_and_go_with_the_courses_kept(empty_database_url):
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="f1a7c3e9b2d4")
        course_id, _lessons = _old_schema_course("an-toan", lessons=1, sort_title="an toan",
                                                 search_summary="")
        db.session.remove()
        upgrade(revision="6111ea3d5337")

        def survey(course=None, session=None):
            with db.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO survey (course_id, session_id, is_anonymous, is_required) "
                    "VALUES (:course, :session, true, false)"),
                    {"course": course, "session": session})

        with pytest.raises(IntegrityError):   # a survey is about a course or a session
            survey()
        survey(course=course_id)
        with pytest.raises(IntegrityError):   # one survey per course
            survey(course=course_id)
        with db.engine.begin() as conn:
            survey_id = conn.execute(text("SELECT id FROM survey")).scalar()
            conn.execute(text("INSERT INTO survey_question (survey_id, position, kind, text) "
                              "VALUES (:s, 1, 'rating', 'Nội dung')"), {"s": survey_id})
            conn.execute(text("INSERT INTO survey_response (id, survey_id) VALUES ('k1', :s)"),
                         {"s": survey_id})
        with pytest.raises(IntegrityError), db.engine.begin() as conn:   # ratings are 1 to 5
            conn.execute(text("INSERT INTO survey_answer (response_id, question_id, rating) "
                              "SELECT 'k1', id, 6 FROM survey_question"))
        downgrade(revision="f1a7c3e9b2d4")
        tables = set(inspect(db.engine).get_table_names())
        assert not {t for t in tables if t.startswith("survey")}
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM course")).scalar() == 1
        downgrade(revision="base")
        db.engine.dispose()
