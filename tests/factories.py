"""Builders for test data. Each returns model objects flushed to the session."""

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from itertools import count
from types import SimpleNamespace

from sqlalchemy import select

from lms.auth.models import RoleGrant, User
from lms.auth.passwords import hash_password
from lms.catalog.models import Course, Lesson, Question
from lms.core.text import fold_vietnamese, slugify
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.org.services import create_cadre, create_unit
from lms.training.services import create_session

_seq = count(1)

DEFAULT_PASSWORD = "secret-pass"


def make_org():
    """city > ward_a (branch_a1 > group_a1a), ward_b (branch_b1)."""
    city = create_unit("HN", "Hội LHPN Hà Nội", "city")
    ward_a = create_unit("W-A", "Phường Hoàn Kiếm", "commune", parent=city)
    ward_b = create_unit("W-B", "Xã Sóc Sơn", "commune", parent=city)
    branch_a1 = create_unit("B-A1", "Chi hội Tổ dân phố 1", "branch", parent=ward_a)
    group_a1a = create_unit("G-A1A", "Tổ phụ nữ số 1", "group", parent=branch_a1)
    branch_b1 = create_unit("B-B1", "Chi hội Thôn Đông", "branch", parent=ward_b)
    db.session.commit()
    return SimpleNamespace(city=city, ward_a=ward_a, ward_b=ward_b, branch_a1=branch_a1,
                           group_a1a=group_a1a, branch_b1=branch_b1)


def make_cadre(unit, **fields):
    n = next(_seq)
    data = {"code": f"CB{n:05d}", "full_name": f"Nguyễn Thị Hoa {n}", "unit_id": unit.id,
            "birth_year": 1980, "education": "university", "is_active": True}
    data.update(fields)
    cadre = create_cadre(data)
    db.session.commit()
    return cadre


@cache
def _default_password_hash():
    return hash_password(DEFAULT_PASSWORD)


def make_user(username, role=None, unit=None, cadre=None, password=DEFAULT_PASSWORD):
    """An account, optionally with one role (organizer bound to `unit`)."""
    user = User(username=username, display_name=username, cadre=cadre)
    # Hashed once for the whole run: test users need a working password, not a new salt.
    if password == DEFAULT_PASSWORD:
        user.password_hash = _default_password_hash()
    else:
        user.set_password(password)
    if role:
        user.roles.append(RoleGrant(role=role, unit_id=unit.id if unit else None))
    db.session.add(user)
    db.session.commit()
    return user


def make_course(title=None, track="association", *, slug=None, hours="2", lessons=0,
                questions=0, is_published=True, owner=None, **fields):
    """A course written straight into the tables (faster than an import), with `lessons`
    lessons (slugs bai-1, bai-2, ...) and `questions` true/false questions; committed.

    The slug comes from the title ("An toàn" -> an-toan), numbered if already taken."""
    n = next(_seq)
    title = title or f"Khoá học số {n}"
    slug = slug or slugify(title)
    if db.session.scalar(select(Course.id).where(Course.slug == slug)) is not None:
        slug = f"{slug}-{n}"
    course = Course(slug=slug, title=title, search_title=fold_vietnamese(title), track=track,
                    hours=Decimal(str(hours)), summary="Tóm tắt khóa học",
                    summary_html="<p>Tóm tắt khóa học</p>", is_published=is_published,
                    owner_id=owner.id if owner else None, **fields)
    db.session.add(course)
    db.session.flush()
    for position in range(1, lessons + 1):
        add_lesson(course, position)
    for position in range(1, questions + 1):
        db.session.add(Question(
            course_id=course.id, position=position, type="truefalse",
            text=f"Câu hỏi {position}", options=[{"text": "Đúng", "correct": True},
                                                {"text": "Sai", "correct": False}]))
    db.session.commit()
    return course


def add_lesson(course, position, slug=None):
    """A lesson with cached HTML, as the catalogue saves it."""
    lesson = Lesson(course_id=course.id, slug=slug or f"bai-{position}", position=position,
                    title=f"Bài học {position}", body=f"Nội dung bài {position}",
                    body_html=f"<p>Nội dung bài {position}</p>")
    db.session.add(lesson)
    db.session.flush()
    return lesson


def enroll(cadre, course, due=None, done=None, assignment=None):
    """Enrol `cadre` in `course` (due on `due`, completed on the date `done`); committed."""
    enrollment = Enrollment(cadre_id=cadre.id, course_id=course.id, due_date=due,
                            completed_at=datetime.combine(done, datetime.min.time())
                            if done else None,
                            assignment_id=assignment.id if assignment else None)
    db.session.add(enrollment)
    db.session.commit()
    return enrollment


def make_session(unit, title="Tập huấn chuyển đổi số", track="digital", held_on=date(2024, 3, 15),
                 hours="4", actor=None, scope_root_id=None):
    """An in-person training session of `unit`, recorded through the service; committed."""
    session = create_session(title, track, held_on, Decimal(str(hours)), unit, actor=actor,
                             scope_root_id=scope_root_id)
    db.session.commit()
    return session
