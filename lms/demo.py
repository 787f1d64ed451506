"""`flask demo`: seed the Hanoi Women's Union as a demo organisation and serve it.

The organisation is the real one (the city union and its 126 communes and wards, with their
official names and codes) filled with made-up branches, groups and about 2,000 cadres. Everything
comes from a fixed random seed and is keyed by codes and usernames, so a second run finds it all
present and creates nothing. Demo mode is the only place with a known password.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import click
from flask_migrate import upgrade
from sqlalchemy import insert, select
from vietnam_provinces import ProvinceCode, VietNamDivisionType, Ward
from werkzeug.serving import run_simple

from config import BASE_DIR, DemoConfig
from lms import create_app
from lms.auth.models import RoleGrant, User
from lms.auth.passwords import hash_password
from lms.catalog.course_files.sync import import_catalog
from lms.catalog.models import Course
from lms.core.clock import utcnow
from lms.core.text import fold_vietnamese
from lms.demo_names import (
    CITY_DEPARTMENTS,
    MOBILE_PREFIXES,
    VILLAGE_NAMES,
    random_full_name,
)
from lms.extensions import db
from lms.org.models import Cadre, CadreUnitHistory, Unit, UnitClosure
from lms.org.services import create_unit
from lms.training.models import Attendance, TrainingSession
from lms.training.programmes.models import Programme
from lms.training.programmes.services import (
    add_requirement,
    create_programme,
    publish_programme,
)

DEMO_PASSWORD = "demo"
RANDOM_SEED = 39_2022  # plan 39/KH-BCH of 2022
CITY_CODE = "HN"
CITY_NAME = "Hội LHPN thành phố Hà Nội"
DEMO_WARD_CODE = "00070"  # Phường Hoàn Kiếm
DEMO_BRANCH_CODE = f"{DEMO_WARD_CODE}-CH01"
EMAIL_DOMAIN = "hoilhpn-hanoi.example"

# How the demo's summary names each role.
ROLE_NAMES = {"admin": "quản trị", "organizer": "cán bộ tổ chức", "trainer": "giảng viên"}
# username, display name, role, code of the unit an organizer manages
STAFF_ACCOUNTS = (
    ("admin", "Quản trị hệ thống", "admin", None),
    ("organizer", "Cán bộ tổ chức Thành hội", "organizer", CITY_CODE),
    ("organizer_ward", "Cán bộ tổ chức phường Hoàn Kiếm", "organizer", DEMO_WARD_CODE),
    ("trainer", "Giảng viên", "trainer", None),
)
CADRE_USERNAME = "cadre"


# --- The plan: what the demo organisation looks like, computed the same way on every run ---

@dataclass(frozen=True)
class PlannedUnit:
    code: str
    name: str
    kind: str
    parent_code: str | None


# Education mixes (weights) by the kind of post.
CITY_EDUCATION = {"doctorate": 2, "master": 10, "university": 8}
WARD_LEADER_EDUCATION = {"master": 3, "university": 14, "below_university": 3}
STAFF_EDUCATION = {"master": 1, "university": 8, "below_university": 1}
GRASSROOTS_EDUCATION = {"master": 1, "university": 14, "below_university": 35}


@dataclass(frozen=True)
class Post:
    """A position in a unit and what goes with it: flags, an age range, an education mix."""

    title: str
    born: tuple[int, int]
    education: dict
    is_chair: bool = False
    is_key_cadre: bool = False
    is_full_time: bool = False
    is_department_leader: bool = False


def hanoi_wards():
    """The 126 communes and wards of Hanoi since 1 July 2025, by official code."""
    return sorted(Ward.iter_by_province(ProvinceCode.P_01), key=lambda ward: int(ward.code))


def _branch_names(ward, rng):
    count = rng.randint(2, 4)
    if ward.division_type == VietNamDivisionType.PHUONG:
        numbers = sorted(rng.sample(range(1, 31), count))
        return [f"Chi hội Tổ dân phố số {n}" for n in numbers]
    return [f"Chi hội thôn {village}" for village in rng.sample(VILLAGE_NAMES, count)]


def plan_units(rng):
    """The city union, its communes and wards, 2-4 branches each and 1-2 groups per branch."""
    units = [PlannedUnit(CITY_CODE, CITY_NAME, "city", None)]
    for ward in hanoi_wards():
        ward_code = f"{int(ward.code):05d}"
        units.append(PlannedUnit(ward_code, f"Hội LHPN {ward.name}", "commune", CITY_CODE))
        for b, branch_name in enumerate(_branch_names(ward, rng), 1):
            branch_code = f"{ward_code}-CH{b:02d}"
            units.append(PlannedUnit(branch_code, branch_name, "branch", ward_code))
            for g in range(1, rng.randint(1, 2) + 1):
                units.append(PlannedUnit(f"{branch_code}-T{g}", f"Tổ phụ nữ số {g}", "group",
                                         branch_code))
    return units


def _city_posts(_rng):
    leaders = (1965, 1982)
    posts = [Post("Chủ tịch", (1966, 1975), CITY_EDUCATION,
                  is_chair=True, is_key_cadre=True, is_full_time=True)]
    posts += [Post("Phó Chủ tịch", leaders, CITY_EDUCATION, is_key_cadre=True, is_full_time=True)
              ] * 3
    for department in CITY_DEPARTMENTS:
        if department == "Văn phòng":
            head, deputy = "Chánh Văn phòng", "Phó Chánh Văn phòng"
        else:
            head, deputy = f"Trưởng {department}", f"Phó Trưởng {department}"
        posts += [
            Post(head, leaders, CITY_EDUCATION,
                 is_key_cadre=True, is_department_leader=True, is_full_time=True),
            Post(deputy, (1970, 1988), CITY_EDUCATION,
                 is_department_leader=True, is_full_time=True),
        ]
        posts += [Post(f"Chuyên viên {department}", (1985, 2000), STAFF_EDUCATION,
                       is_full_time=True)] * 2
    return posts


def _commune_posts(rng):
    posts = [
        Post("Chủ tịch", (1968, 1992), WARD_LEADER_EDUCATION,
             is_chair=True, is_key_cadre=True, is_full_time=True),
        Post("Phó Chủ tịch", (1968, 1992), WARD_LEADER_EDUCATION,
             is_key_cadre=True, is_full_time=True),
    ]
    if rng.random() < 0.5:
        posts.append(Post("Phó Chủ tịch", (1970, 1995), WARD_LEADER_EDUCATION, is_key_cadre=True))
    posts += [Post("Ủy viên Ban Thường vụ", (1965, 1995), WARD_LEADER_EDUCATION,
                   is_key_cadre=True)] * rng.randint(2, 3)
    if rng.random() < 0.5:
        posts.append(Post("Cán bộ chuyên trách", (1985, 2000), STAFF_EDUCATION,
                          is_full_time=True))
    return posts


def _branch_posts(_rng):
    return [Post("Chi hội trưởng", (1960, 1990), GRASSROOTS_EDUCATION),
            Post("Chi hội phó", (1962, 1995), GRASSROOTS_EDUCATION)]


def _group_posts(_rng):
    return [Post("Tổ trưởng", (1960, 1995), GRASSROOTS_EDUCATION)]


POSTS_BY_KIND = {"city": _city_posts, "commune": _commune_posts, "branch": _branch_posts,
                 "group": _group_posts}


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _phone(rng, taken):
    while True:
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def plan_cadres(units, rng):
    """About 2,000 cadres, each unit's posts filled: a list of (unit code, Cadre fields)."""
    cadres, phones = [], set()
    for unit in units:
        for post in POSTS_BY_KIND[unit.kind](rng):
            birth_year = rng.randint(*post.born)
            full_name = random_full_name(rng, birth_year)
            code = f"HN{len(cadres) + 1:06d}"
            with_email = unit.kind in ("city", "commune") and post.is_full_time
            cadres.append((unit.code, {
                "code": code,
                "full_name": full_name,
                "search_name": fold_vietnamese(full_name),
                "birth_year": birth_year,
                "phone": _phone(rng, phones),
                "email": f"{code.lower()}@{EMAIL_DOMAIN}" if with_email else None,
                "position": post.title,
                "is_full_time": post.is_full_time,
                "is_key_cadre": post.is_key_cadre,
                "is_department_leader": post.is_department_leader,
                "is_chair": post.is_chair,
                "education": _weighted(rng, post.education),
                # A few have retired or moved away but stay on file with their history.
                "is_active": post.is_chair or rng.random() >= 0.03,
            }))
    return cadres


# --- Seeding: create what is missing ---

def _seed_units(plan, created):
    codes = [unit.code for unit in plan]
    found = db.session.scalars(select(Unit).where(Unit.code.in_(codes)))
    units = {unit.code: unit for unit in found}
    for planned in plan:
        if planned.code not in units:
            units[planned.code] = create_unit(planned.code, planned.name, planned.kind,
                                              parent=units.get(planned.parent_code))
            created[planned.kind] += 1
    return {code: unit.id for code, unit in units.items()}


def _seed_cadres(plan, unit_ids, created):
    # Bulk inserts: create_cadre's flush per cadre would take seconds for 2,000 of them.
    codes = [fields["code"] for _unit_code, fields in plan]
    existing = set(db.session.scalars(select(Cadre.code).where(Cadre.code.in_(codes))))
    rows = [{**fields, "unit_id": unit_ids[unit_code]}
            for unit_code, fields in plan if fields["code"] not in existing]
    if not rows:
        return
    inserted = db.session.execute(insert(Cadre).returning(Cadre.id, Cadre.unit_id), rows).all()
    now = utcnow()
    db.session.execute(insert(CadreUnitHistory), [
        {"cadre_id": cadre_id, "unit_id": unit_id, "started_at": now, "reason": "created"}
        for cadre_id, unit_id in inserted])
    created["cadres"] += len(rows)


def demo_cadre():
    """The cadre behind the `cadre` account: the head of the first branch in Phường Hoàn Kiếm."""
    return db.session.scalar(
        select(Cadre).join(Unit, Unit.id == Cadre.unit_id)
        .where(Unit.code == DEMO_BRANCH_CODE, Cadre.is_active.is_(True))
        .order_by(Cadre.code).limit(1))


def _add_account(password_hash, username, display_name, role=None, unit_id=None, cadre=None):
    user = User(username=username, display_name=display_name, cadre=cadre,
                password_hash=password_hash)
    if role:
        user.roles.append(RoleGrant(role=role, unit_id=unit_id))
    db.session.add(user)


def _seed_accounts(unit_ids, created):
    usernames = [account[0] for account in STAFF_ACCOUNTS] + [CADRE_USERNAME]
    existing = set(db.session.scalars(select(User.username).where(User.username.in_(usernames))))
    # One hash for all of them: the password is public, and each hash costs real work.
    password_hash = hash_password(DEMO_PASSWORD)
    for username, display_name, role, unit_code in STAFF_ACCOUNTS:
        if username not in existing:
            _add_account(password_hash, username, display_name, role, unit_ids.get(unit_code))
            created["accounts"] += 1
    cadre = demo_cadre()
    has_account = db.session.scalar(select(User.id).where(User.cadre_id == cadre.id))
    if CADRE_USERNAME not in existing and has_account is None:
        _add_account(password_hash, CADRE_USERNAME, cadre.full_name, cadre=cadre)
        created["accounts"] += 1


def _seed_courses(created):
    """Import and publish the shipped courses, owned by the demo trainer."""
    trainer = db.session.scalar(select(User).where(User.username == "trainer"))
    report = import_catalog(BASE_DIR / "courses", actor=trainer, publish=True)
    if changed := len(report["created"]) + len(report["updated"]):
        created["courses"] += changed


# In-person training so the demo's reports have figures: (code suffix, title, track, date, hours).
DEMO_SESSIONS = (
    ("NV-2026", "Hội nghị tập huấn nghiệp vụ công tác Hội năm 2026", "association",
     date(2026, 3, 14), Decimal(4)),
    ("CNTT-2025", "Tập huấn ứng dụng công nghệ thông tin trong công tác Hội", "it",
     date(2025, 6, 12), Decimal(8)),
    ("CDS-2026", "Tập huấn chuyển đổi số và phần mềm quản lý hội viên", "digital",
     date(2026, 4, 18), Decimal(8)),
)


def _seed_training(created):
    """A few workshops with realistic turnout: each ward's own annual workshop (about seven
    cadres in ten), and city-level IT and digital workshops for most full-time cadres."""
    if db.session.scalar(select(TrainingSession.id).where(TrainingSession.code.like("DEMO-%"))):
        return
    rng = random.Random(RANDOM_SEED + 1)
    city_id = db.session.scalar(select(Unit.id).where(Unit.code == CITY_CODE))
    members = db.session.execute(
        select(UnitClosure.ancestor_id, Unit.code, Cadre.id, Cadre.is_full_time)
        .join(Cadre, Cadre.unit_id == UnitClosure.descendant_id)
        .join(Unit, Unit.id == UnitClosure.ancestor_id)
        .where(Unit.kind == "commune", Cadre.is_active.is_(True))
        .order_by(UnitClosure.ancestor_id, Cadre.id)).all()
    by_ward = {}
    for ward_id, ward_code, cadre_id, full_time in members:
        by_ward.setdefault((ward_id, ward_code), []).append((cadre_id, full_time))
    sessions, attendance = [], []
    suffix, title, track, held_on, hours = DEMO_SESSIONS[0]
    for (ward_id, ward_code), cadres in sorted(by_ward.items(), key=lambda item: item[0][1]):
        code = f"DEMO-{suffix}-{ward_code}"
        sessions.append(dict(code=code, title=title, track=track, held_on=held_on, hours=hours,
                             unit_id=ward_id))
        attendance += [(code, cid) for cid, _ft in cadres if rng.random() < 0.7]
    full_time = [cid for cadres in by_ward.values() for cid, ft in cadres if ft]
    for suffix, title, track, held_on, hours in DEMO_SESSIONS[1:]:
        code = f"DEMO-{suffix}"
        sessions.append(dict(code=code, title=title, track=track, held_on=held_on, hours=hours,
                             unit_id=city_id))
        attendance += [(code, cid) for cid in full_time if rng.random() < 0.75]
    db.session.execute(insert(TrainingSession), sessions)
    session_ids = dict(db.session.execute(select(TrainingSession.code, TrainingSession.id)
                                          .where(TrainingSession.code.like("DEMO-%"))).all())
    db.session.execute(insert(Attendance), [
        {"session_id": session_ids[code], "cadre_id": cid} for code, cid in attendance])
    created["training sessions"] += len(sessions)


# The city's programme for the current year: (kind, course slugs, hours, track).
DEMO_PROGRAMME_REQUIREMENTS = (
    ("course", ("dieu-le-hoi-va-cong-tac-hoi-vien",), None, None),
    ("one_of", ("an-toan-dien-thoai-phong-lua-dao", "chuyen-doi-so-cong-tac-hoi"), None, None),
    ("hours", (), Decimal(4), "association"),
)


def _seed_programme(created):
    """The city's published programme for the demo's year (that of its workshops), due 31
    December, so the cadre's home and the programme report have something to show (the ward
    workshop counts toward its hours)."""
    year = DEMO_SESSIONS[0][3].year
    city = db.session.scalar(select(Unit).where(Unit.code == CITY_CODE))
    if db.session.scalar(select(Programme.id).where(Programme.unit_id == city.id,
                                                    Programme.year == year)):
        return
    organizer = db.session.scalar(select(User).where(User.username == "organizer"))
    programme = create_programme(city, year, f"Chương trình bồi dưỡng cán bộ Hội năm {year}",
                                 date(year, 12, 31), actor=organizer)
    for kind, slugs, hours, track in DEMO_PROGRAMME_REQUIREMENTS:
        course_ids = list(db.session.scalars(select(Course.id).where(Course.slug.in_(slugs))))
        add_requirement(programme, kind, course_ids, hours=hours, track=track, actor=organizer)
    publish_programme(programme, actor=organizer)
    created["programmes"] += 1


def seed_demo():
    """Create whatever part of the demo organisation, accounts and courses is missing.

    Returns a Counter of what was created: unit kinds, "cadres", "accounts" and "courses"
    (imported or brought up to date with courses/); empty when everything was already there.
    """
    rng = random.Random(RANDOM_SEED)
    unit_plan = plan_units(rng)
    cadre_plan = plan_cadres(unit_plan, rng)
    created = Counter()
    unit_ids = _seed_units(unit_plan, created)
    _seed_cadres(cadre_plan, unit_ids, created)
    _seed_accounts(unit_ids, created)
    _seed_courses(created)
    _seed_training(created)
    _seed_programme(created)
    db.session.commit()
    return created


# --- The command ---

def _describe(created):
    # The demo speaks to whoever tries it, in the app's language; counts as Vietnamese
    # write them (2.000).
    parts = [(created["city"], "Thành hội"), (created["commune"], "cơ sở xã, phường"),
             (created["branch"], "chi hội"), (created["group"], "tổ phụ nữ"),
             (created["cadres"], "cán bộ"), (created["accounts"], "tài khoản"),
             (created["courses"], "khóa học"),
             (created["training sessions"], "buổi tập huấn trực tiếp"),
             (created["programmes"], "chương trình bồi dưỡng năm")]
    return ", ".join(f"{n:,}".replace(",", ".") + f" {label}" for n, label in parts if n)


def _print_accounts():
    cadre = demo_cadre()
    click.echo(f'Tài khoản dùng thử, mật khẩu đều là "{DEMO_PASSWORD}":')
    for username, _name, role, unit_code in STAFF_ACCOUNTS:
        scope = ""
        if unit_code:
            scope = ", " + db.session.scalar(select(Unit.name).where(Unit.code == unit_code))
        click.echo(f"  {username:<15} {ROLE_NAMES[role]}{scope}")
    click.echo(f"  {CADRE_USERNAME:<15} học viên {cadre.full_name}, {cadre.unit.name} "
               f"({cadre.unit.parent.name}); chị cũng đăng nhập được bằng mã cán bộ {cadre.code}")


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to serve on.")
@click.option("--no-serve", is_flag=True, help="Build the database only; do not serve.")
def demo_command(host, port, no_serve):
    """Build a demo database (Hanoi Women's Union, password "demo") and serve it."""
    # Its own app: the one `flask --app lms` loads has no secret key and may not serve.
    app = create_app(DemoConfig)
    with app.app_context():
        click.echo(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        upgrade()
        started = time.perf_counter()
        created = seed_demo()
        seconds = time.perf_counter() - started
        if created:
            took = f"{seconds:.1f}".replace(".", ",")
            click.echo(f"Đã tạo {_describe(created)} trong {took} giây.")
        else:
            click.echo("Dữ liệu dùng thử đã có đủ; không tạo thêm gì.")
        _print_accounts()
    if no_serve:
        return
    # Queued jobs (and the periodic ones) run in this process: no worker or Redis to start.
    from lms.tasks import start_in_process

    consumer = start_in_process(workers=1, periodic=True)
    click.echo(f"Các việc nền chạy ngay trong tiến trình này, hàng đợi: "
               f"{app.config['TASK_QUEUE_URL']}.")
    click.echo(f"Mở http://{host}:{port}/ (Ctrl+C để dừng).")
    try:
        # Not app.run(): Flask ignores it inside a `flask` command. No reloader, no debugger.
        run_simple(host, port, app, threaded=True)
    finally:
        consumer.stop(graceful=True)


# What `flask` gains from this module (see lms/app_setup.py COMMAND_MODULES).
COMMANDS = (demo_command,)
