"""The reports benchmark: a synthetic city in a fresh database, then the indicators request
for the city and for one group timed against plain hand-written SQL for the same figures."""

import json
import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from itertools import groupby, islice
from pathlib import Path

from sqlalchemy import Date, bindparam, event, text

from lms.bench.common import BenchmarkError, fresh_database, shown_url
from lms.catalog.models import Course
from lms.core.clock import VIETNAM_OFFSET, local_date
from lms.core.cycles import cycle_of
from lms.core.text import fold_vietnamese
from lms.demo_names import random_full_name
from lms.extensions import db
from lms.learning.models import CourseCompletion, Enrollment
from lms.org.models import Cadre, Unit, UnitClosure
from lms.reports.indicators.definitions import DEFAULT_TERM_END, DEFAULT_TERM_START
from lms.training.models import Attendance, TrainingSession

__all__ = ["closure_rows", "handwritten_figures", "plan_units", "run_benchmark"]

COMMUNES = 126
REPORT_YEAR = 2025
# Issue targets: city request within 1.3× the hand-written SQL on PostgreSQL (1.5× on
# SQLite), a leaf's request within a twentieth of the city's, and time growing at most 1.2×
# as fast as the number of cadres (1,000,000 cadres ≤ 12× the time of 100,000).
TARGET = {"city_over_handwritten": {"postgresql": 1.3, "sqlite": 1.5},
          "leaf_over_city": 0.05, "growth_per_scale": 1.2}

# Training records fall on every day of the term; 60% are online completions. A fresh
# database has no ReportSettings row: the hand-written SQL uses the default term too, and no
# minimum number of hours per year.
FIRST_DAY, LAST_DAY = DEFAULT_TERM_START, DEFAULT_TERM_END
ONLINE_SHARE = 0.6
COURSES_PER_TRACK = 12
ATTENDEES_PER_SESSION = 130
CHUNK = 20_000

# Where cadres sit, by unit kind, and how likely each flag is there. Chairs are added on
# top: the first cadre placed in each commune chairs it.
LEVELS = {
    #           share  full-time key   dept-leader  education weights (below, uni, master, doc)
    "city":    (0.005, 0.90,     0.30, 0.30,        (10, 60, 27, 3)),
    "commune": (0.06,  0.50,     0.30, 0.04,        (30, 58, 11, 1)),
    "branch":  (0.24,  0.10,     0.05, 0.004,       (60, 37, 3, 0)),
    "group":   (None,  0.06,     0.02, 0.0,         (60, 37, 3, 0)),
}
EDUCATION = ("below_university", "university", "master", "doctorate")
INACTIVE_SHARE = 0.03
POSITIONS = {"city": "Ủy viên Ban Chấp hành", "commune": "Ủy viên Ban Chấp hành",
             "branch": "Chi hội trưởng", "group": "Tổ trưởng"}
TRACK_WEIGHTS = {"association": 50, "it": 25, "digital": 25}

# Names repeat across 100,000 cadres: fold each one once.
_folded = cache(fold_vietnamese)


# --- the synthetic city -------------------------------------------------------------------

def plan_units(count, communes=COMMUNES):
    """Rows (id, code, name, kind, parent_id, depth) of a city of `count` units: the city,
    up to `communes` communes/wards, branches (about a tenth of the rest), then groups.

    Parents come before their children; ids are 1..count."""
    count = max(count, 4)
    communes = min(communes, max(1, (count - 1) // 10))
    rest = count - 1 - communes
    branches = max(1, min(rest - 1, max(communes, rest // 10)))
    groups = rest - branches
    rows = [(1, "HN", "Hội LHPN Hà Nội", "city", None, 0)]
    commune_ids = list(range(2, 2 + communes))
    for n, unit_id in enumerate(commune_ids, 1):
        rows.append((unit_id, f"XP{n:03d}", f"Hội LHPN xã/phường {n}", "commune", 1, 1))
    branch_ids = list(range(commune_ids[-1] + 1, commune_ids[-1] + 1 + branches))
    for n, unit_id in enumerate(branch_ids):
        rows.append((unit_id, f"CH{n + 1:05d}", f"Chi hội {n + 1}", "branch",
                     commune_ids[n % communes], 2))
    for n in range(groups):
        rows.append((branch_ids[-1] + 1 + n, f"TO{n + 1:06d}", f"Tổ phụ nữ {n + 1}", "group",
                     branch_ids[n % branches], 3))
    return rows


def closure_rows(units):
    """(ancestor_id, descendant_id, distance) for every unit and each of its ancestors,
    itself included at distance 0, from (id, parent_id) pairs listed parents first."""
    chains = {}
    for unit_id, parent_id in units:
        chain = (chains[parent_id] if parent_id is not None else ()) + (unit_id,)
        chains[unit_id] = chain
        for distance, ancestor_id in enumerate(reversed(chain)):
            yield ancestor_id, unit_id, distance


def _unit_ids_by_kind(units):
    by_kind = {kind: [] for kind in LEVELS}
    for unit_id, _code, _name, kind, _parent, _depth in units:
        by_kind[kind].append(unit_id)
    return by_kind


def _cadres_per_level(cadres, by_kind):
    counts = {}
    for kind, (share, *_rest) in LEVELS.items():
        if share is not None:
            counts[kind] = max(len(by_kind[kind]), round(cadres * share))
    counts["group"] = max(0, cadres - sum(counts.values()))
    return counts


def cadre_rows(cadres, units, seed=39):
    """Dicts for Cadre inserts, ids 1..cadres, placed on `units` (rows of plan_units)."""
    rng = random.Random(seed)
    by_kind = _unit_ids_by_kind(units)
    cadre_id = 0
    for kind, count in _cadres_per_level(cadres, by_kind).items():
        _share, full_time, key, leader, weights = LEVELS[kind]
        unit_ids = by_kind[kind]
        for k in range(count):
            cadre_id += 1
            if cadre_id > cadres:
                return
            # Every unit of the level gets one cadre before any gets a second.
            unit_id = unit_ids[k] if k < len(unit_ids) else rng.choice(unit_ids)
            is_chair = kind == "commune" and k < len(unit_ids)
            birth_year = rng.randint(1972, 1995) if is_chair else rng.randint(1960, 2002)
            name = random_full_name(rng, birth_year)
            yield {
                "id": cadre_id, "code": f"CB{cadre_id:07d}", "full_name": name,
                "search_name": _folded(name), "birth_year": birth_year,
                "phone": f"09{cadre_id:08d}", "email": None, "unit_id": unit_id,
                "position": "Chủ tịch" if is_chair else POSITIONS[kind],
                "is_full_time": is_chair or rng.random() < full_time,
                "is_key_cadre": is_chair or rng.random() < key,
                "is_department_leader": rng.random() < leader,
                "is_chair": is_chair,
                "education": rng.choices(EDUCATION, weights)[0],
                "is_active": rng.random() >= INACTIVE_SHARE,
            }


def _spread(total, people, cap, rng):
    """How many records each of `people` gets: varied, at most `cap`, summing to `total`."""
    total = min(total, people * cap)
    if not people:
        return []
    upper = min(cap, 2 * total // people + 1)
    counts = [rng.randint(0, upper) for _ in range(people)]
    diff = total - sum(counts)
    while diff:
        i = rng.randrange(people)
        if diff > 0 and counts[i] < cap:
            counts[i] += 1
            diff -= 1
        elif diff < 0 and counts[i] > 0:
            counts[i] -= 1
            diff += 1
    return counts


def _random_day(rng, span=(LAST_DAY - FIRST_DAY).days):
    return FIRST_DAY + timedelta(days=rng.randint(0, span))


def course_rows():
    """A few published courses per track, ids 1..n."""
    rows = []
    for track in TRACK_WEIGHTS:
        for n in range(1, COURSES_PER_TRACK + 1):
            rows.append({"id": len(rows) + 1, "slug": f"bench-{track}-{n}",
                         "title": f"Khóa {track} {n}", "search_title": f"khoa {track} {n}",
                         "track": track, "summary": "", "summary_html": "",
                         "hours": Decimal((2, 4, 8)[n % 3]), "pass_mark": 70, "audience": "",
                         "is_published": True})
    return rows


ENROLLED_BEFORE = timedelta(days=30)  # how long before her completion a cadre enrolled


def completion_rows(total, cadres, courses, seed=40):
    """Dicts for CourseCompletion inserts: distinct courses per cadre, dated over the term."""
    rng = random.Random(seed)
    for cadre_id, n in enumerate(_spread(total, cadres, len(courses), rng), 1):
        for course in rng.sample(courses, n):
            local = datetime.combine(_random_day(rng), datetime.min.time())
            completed_at = local + timedelta(seconds=rng.randrange(86_400)) - VIETNAM_OFFSET
            # The cycle of its enrollment, begun 30 days earlier (enrollment_rows).
            yield {"cadre_id": cadre_id, "course_id": course["id"], "track": course["track"],
                   "hours": course["hours"], "completed_at": completed_at,
                   "completed_on": local_date(completed_at),
                   "cycle": cycle_of(completed_at - ENROLLED_BEFORE)}


def enrollment_rows(completions, courses, seed=43):
    """Dicts for Enrollment inserts: each online completion's enrollment, completed, and for
    about half the cadres one more course still open, half of those due on 30 June of the
    report year (overdue by its end)."""
    rng = random.Random(seed)
    course_ids = [course["id"] for course in courses]
    for cadre_id, done in groupby(completions, key=lambda row: row["cadre_id"]):
        done = list(done)
        for row in done:
            yield {"cadre_id": cadre_id, "course_id": row["course_id"], "cycle": row["cycle"],
                   "enrolled_at": row["completed_at"] - ENROLLED_BEFORE,
                   "quiz_passed_at": row["completed_at"], "completed_at": row["completed_at"],
                   "due_date": None}
        untouched = sorted(set(course_ids) - {row["course_id"] for row in done})
        if untouched and rng.random() < 0.5:
            yield {"cadre_id": cadre_id, "course_id": rng.choice(untouched),
                   "cycle": REPORT_YEAR,
                   "enrolled_at": datetime(REPORT_YEAR, 1, 15), "quiz_passed_at": None,
                   "completed_at": None,
                   "due_date": date(REPORT_YEAR, 6, 30) if rng.random() < 0.5 else None}


def session_rows(count, units, seed=41):
    """Dicts for TrainingSession inserts, ids 1..count, held by the city or a commune."""
    rng = random.Random(seed)
    by_kind = _unit_ids_by_kind(units)
    organizers = by_kind["city"] + by_kind["commune"]
    tracks, weights = list(TRACK_WEIGHTS), list(TRACK_WEIGHTS.values())
    for session_id in range(1, count + 1):
        track = rng.choices(tracks, weights)[0]
        yield {"id": session_id, "code": f"TH{session_id:06d}",
               "title": f"Tập huấn {track} {session_id}", "track": track,
               "held_on": _random_day(rng), "hours": Decimal(rng.choice((2, 4, 8))),
               "unit_id": rng.choice(organizers), "created_by_id": None}


def attendance_rows(total, cadres, sessions, seed=42):
    """Dicts for Attendance inserts: distinct sessions per cadre."""
    rng = random.Random(seed)
    for cadre_id, n in enumerate(_spread(total, cadres, sessions, rng), 1):
        for session_id in rng.sample(range(1, sessions + 1), n):
            yield {"session_id": session_id, "cadre_id": cadre_id}


def _insert(table, rows):
    """Bulk insert in bounded batches (COPY on PostgreSQL, several times faster than
    INSERT for the millions of rows of a national city, where no column's default is
    computed in Python); returns the number of rows."""
    rows, inserted = iter(rows), 0
    computed = any(column.default is not None and callable(column.default.arg)
                   for column in table.columns)
    with db.engine.begin() as conn:
        while batch := list(islice(rows, CHUNK)):
            if conn.dialect.name == "postgresql" and not computed:
                _copy(conn, table, batch)
            else:
                conn.execute(table.insert(), batch)
            inserted += len(batch)
    return inserted


def _copy(conn, table, batch):
    # Columns the rows leave out take their defaults, as with INSERT.
    defaults = {column.name: column.default.arg for column in table.columns
                if column.default is not None and not callable(column.default.arg)}
    names = list(dict.fromkeys([*batch[0], *defaults]))
    columns = ", ".join(f'"{name}"' for name in names)
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in batch:
            copy.write_row([row.get(name, defaults.get(name)) for name in names])


def build_city(cadres, units, records):
    """Fill the empty schema with the synthetic city; returns what was inserted."""
    plan = plan_units(units)
    online = round(records * ONLINE_SHARE)
    in_person = records - online
    sessions = max(1, min(in_person, max(10, in_person // ATTENDEES_PER_SESSION)))
    courses = course_rows()
    keys = ("id", "code", "name", "kind", "parent_id", "depth")
    counts = {
        "units": _insert(Unit.__table__, ({**dict(zip(keys, row, strict=True)),
                                           "is_active": True} for row in plan)),
        "closure_rows": _insert(UnitClosure.__table__, (
            {"ancestor_id": a, "descendant_id": d, "distance": n}
            for a, d, n in closure_rows((row[0], row[4]) for row in plan))),
        "cadres": _insert(Cadre.__table__, cadre_rows(cadres, plan)),
        "courses": _insert(Course.__table__, courses),
        "completions": _insert(CourseCompletion.__table__,
                               completion_rows(online, cadres, courses)),
        # The completions again from the same seed, rather than 600,000 rows kept in memory.
        "enrollments": _insert(Enrollment.__table__, enrollment_rows(
            completion_rows(online, cadres, courses), courses)),
        "sessions": _insert(TrainingSession.__table__, session_rows(sessions, plan)),
        "attendances": _insert(Attendance.__table__,
                               attendance_rows(in_person, cadres, sessions)),
    }
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return counts


# --- the reference: plain hand-written SQL ------------------------------------------------

# Active cadres of the subtree; who trained in the period is one set (UNION of two indexed
# date ranges); whether a full-time cadre has both an IT and a digital-transformation training
# in the term is asked per cadre (EXISTS on the (cadre_id, track, date) indexes), since only
# about a tenth of cadres are full-time.
_TRACK_IN_TERM = """(
        EXISTS (SELECT 1 FROM course_completion cc
                WHERE cc.cadre_id = s.id AND cc.track = '{track}'
                  AND cc.completed_on BETWEEN :term_start AND :digital_end)
        OR EXISTS (SELECT 1 FROM attendance a
                   JOIN training_session ts ON ts.id = a.session_id
                   WHERE a.cadre_id = s.id AND ts.track = '{track}'
                     AND ts.held_on BETWEEN :term_start AND :digital_end))"""

_HANDWRITTEN = text(f"""
WITH scope AS (
    SELECT c.id, c.is_full_time, c.is_key_cadre, c.is_department_leader, c.is_chair,
           c.education, c.birth_year, u.kind
    FROM unit_closure uc
    JOIN cadre c ON c.unit_id = uc.descendant_id
    JOIN unit u ON u.id = c.unit_id
    WHERE uc.ancestor_id = :unit_id AND c.is_active
),
trained AS (
    SELECT cc.cadre_id FROM course_completion cc
    WHERE cc.completed_on BETWEEN :period_start AND :period_end
    UNION
    SELECT a.cadre_id FROM attendance a
    JOIN training_session ts ON ts.id = a.session_id
    WHERE ts.held_on BETWEEN :period_start AND :period_end
)
SELECT
    COUNT(t.cadre_id) AS annual_training_num,
    COUNT(*) AS annual_training_den,
    SUM(CASE WHEN s.is_full_time AND {_TRACK_IN_TERM.format(track="it")}
                  AND {_TRACK_IN_TERM.format(track="digital")} THEN 1 ELSE 0 END)
        AS digital_training_full_time_num,
    SUM(CASE WHEN s.is_full_time THEN 1 ELSE 0 END) AS digital_training_full_time_den,
    SUM(CASE WHEN s.is_department_leader AND s.education IN ('master', 'doctorate')
             THEN 1 ELSE 0 END) AS master_dept_leaders_num,
    SUM(CASE WHEN s.is_department_leader THEN 1 ELSE 0 END) AS master_dept_leaders_den,
    SUM(CASE WHEN s.is_key_cadre AND s.kind IN ('city', 'district')
                  AND s.education IN ('master', 'doctorate') THEN 1 ELSE 0 END)
        AS master_key_cadres_num,
    SUM(CASE WHEN s.is_key_cadre AND s.kind IN ('city', 'district') THEN 1 ELSE 0 END)
        AS master_key_cadres_den,
    SUM(CASE WHEN s.is_chair AND s.kind = 'commune' AND s.birth_year > :young_after
                  AND s.education IN ('university', 'master', 'doctorate') THEN 1 ELSE 0 END)
        AS university_young_chairs_num,
    SUM(CASE WHEN s.is_chair AND s.kind = 'commune' AND s.birth_year > :young_after
             THEN 1 ELSE 0 END) AS university_young_chairs_den
FROM scope s
LEFT JOIN trained t ON t.cadre_id = s.id
""").bindparams(*(bindparam(name, type_=Date) for name in
                  ("period_start", "period_end", "term_start", "digital_end")))


def handwritten_figures(unit_id, year, half=False):
    """{indicator_id: (numerator, denominator)} for the unit's subtree, by the plain SQL."""
    period_end = date(year, 6, 30) if half else date(year, 12, 31)
    row = db.session.execute(_HANDWRITTEN, {
        "unit_id": unit_id, "period_start": date(year, 1, 1), "period_end": period_end,
        "term_start": DEFAULT_TERM_START, "digital_end": min(period_end, DEFAULT_TERM_END),
        # (year - birth year) < 40
        "young_after": year - 40,
    }).mappings().one()
    ids = [key[:-4] for key in row if key.endswith("_num")]
    return {i: (int(row[f"{i}_num"] or 0), int(row[f"{i}_den"] or 0)) for i in ids}


# --- timing -------------------------------------------------------------------------------

def _median_seconds(call, runs):
    """Warm up once, then the median wall time of `runs` calls, each as its own request."""
    return _medians_in_turns((call,), runs)[0]


def _medians_in_turns(calls, runs):
    """The median wall time of each of `calls` after one warm-up each, timed in turns (first,
    second, first, ...), each call as its own request: a ratio of two is not skewed by the
    machine getting busier or quieter between two blocks of runs."""
    for call in calls:
        call()
        db.session.remove()
    times = [[] for _ in calls]
    for _ in range(runs):
        for call, taken in zip(calls, times, strict=True):
            start = time.perf_counter()
            call()
            taken.append(time.perf_counter() - start)
            db.session.remove()
    return tuple(round(statistics.median(taken), 4) for taken in times)


def _figures_of(report_figures, indicator_ids):
    return {i: (int(report_figures[i].numerator), int(report_figures[i].denominator))
            for i in indicator_ids}


def _leaf_unit():
    """The group with the most cadres (the 'leaf' of the benchmark, its largest case)."""
    return db.session.execute(text(
        "SELECT u.id, u.code, COUNT(c.id) AS cadres FROM unit u JOIN cadre c ON c.unit_id = u.id "
        "WHERE u.kind = 'group' GROUP BY u.id, u.code ORDER BY COUNT(c.id) DESC, u.id "
        "LIMIT 1")).one()


def _verdict(ok):
    return "PASS" if ok else "MISS"


def run_benchmark(cadres, units=None, records=None, runs=5, database_url=None, echo=print,
                  work_mem=()):
    """Build the synthetic city at each scale of `cadres` (a number or a list; units and
    records scaled alike unless given), time the indicators requests against the hand-written
    SQL (and, without targets, the five-year chart and the course completion tables), on
    PostgreSQL also with each `work_mem` setting; echo and return the figures. With several
    scales, end with the growth table."""
    scales = [cadres] if isinstance(cadres, int) else list(cadres)
    summaries = []
    for n in scales:
        summaries.extend(_run_scale(n, units or max(4, n // 5),
                                    n * 10 if records is None else records,
                                    runs, database_url, echo, work_mem))
    if len(summaries) == 1:
        echo(json.dumps(summaries[0], ensure_ascii=False))
        return summaries[0]
    growth = _growth_table(summaries, echo)
    result = {"scales": summaries, "growth": growth,
              "match": all(summary["match"] for summary in summaries)}
    echo(json.dumps(result, ensure_ascii=False))
    return result


def _settings_label(work_mem):
    return f"work_mem={work_mem}" if work_mem else "default settings"


def _run_scale(cadres, units, records, runs, database_url, echo, work_mems):
    """One synthetic city, timed with the database's settings and then (PostgreSQL only)
    with each of `work_mems`; a summary for each."""
    where = shown_url(database_url) if database_url else "sqlite (temporary file)"
    summaries = []
    with (tempfile.TemporaryDirectory(prefix="lms-bench-reports-") as tmp,
          fresh_database(database_url, Path(tmp), "reports")):
        start = time.perf_counter()
        counts = build_city(cadres, units, records)
        build_s = round(time.perf_counter() - start, 1)
        echo(("Built in {build_s} s on {where}: {units:,} units ({closure_rows:,} closure rows),"
              " {cadres:,} cadres, {completions:,} course completions ({courses} courses), "
              "{enrollments:,} enrollments and {attendances:,} attendances ({sessions:,} "
              "sessions)").format(
                  build_s=build_s, where=where, **counts))
        dialect = db.engine.dialect.name
        settings = [None] + ([m for m in work_mems if m] if dialect == "postgresql" else [])
        for work_mem in settings:
            with _work_mem(work_mem):
                summary = _time_requests(runs, echo, dialect, work_mem)
            summaries.append({"database": where, "dialect": dialect, "work_mem": work_mem,
                              "year": REPORT_YEAR, "runs": runs, **counts,
                              "records": counts["completions"] + counts["attendances"],
                              "build_s": build_s, **summary})
    return summaries


@contextmanager
def _work_mem(value):
    """Every pooled connection with PostgreSQL's work_mem set to `value` (None: unchanged)."""
    if value is None:
        yield
        return

    def set_work_mem(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET work_mem = '{value}'")
        # Committed: a SET inside a transaction rolled back later would be undone.
        dbapi_connection.commit()

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "connect", set_work_mem)
    try:
        shown = db.session.execute(text("SHOW work_mem")).scalar()
        if shown.lower() != value.lower().replace(" ", ""):
            raise BenchmarkError(f"work_mem is {shown}, not {value}")
        db.session.remove()
        yield
    finally:
        db.session.remove()
        event.remove(db.engine, "connect", set_work_mem)
        db.engine.dispose()


def _time_requests(runs, echo, dialect, work_mem):
    from lms.reports.completion import get_completion_by_unit, get_course_completion
    from lms.reports.indicators.definitions import INDICATOR_IDS, Period
    from lms.reports.indicators.unit_report import get_annual_training_series, get_unit_report

    period = Period(REPORT_YEAR)
    city_id = 1
    leaf = _leaf_unit()
    echo(f"{_settings_label(work_mem).capitalize()}. Leaf unit: group {leaf.code}, cadres: "
         f"{leaf.cadres}; report period: {REPORT_YEAR}; median of {runs} runs after one warm-up "
         "(the city request and the hand-written SQL timed in turns)")

    city_s, handwritten_s = _medians_in_turns(
        (lambda: get_unit_report(city_id, period),
         lambda: handwritten_figures(city_id, REPORT_YEAR)), runs)
    leaf_s = _median_seconds(lambda: get_unit_report(leaf.id, period), runs)
    # The dashboard's other query, the chart of the last five years, and the two tables of
    # the course completion page for the city (timed, no target).
    series_s = _median_seconds(lambda: get_annual_training_series(
        city_id, range(REPORT_YEAR - 4, REPORT_YEAR + 1)), runs)
    today = date(REPORT_YEAR, 12, 31)
    courses_s = _median_seconds(lambda: get_course_completion(city_id, today), runs)
    by_unit_s = _median_seconds(lambda: get_completion_by_unit(city_id, 1, today), runs)

    report = get_unit_report(city_id, period)
    function_figures = _figures_of(report.figures, INDICATOR_IDS)
    targets = {i: report.figures[i].target for i in INDICATOR_IDS}
    reference = handwritten_figures(city_id, REPORT_YEAR)
    leaf_function = _figures_of(get_unit_report(leaf.id, period).figures, INDICATOR_IDS)
    leaf_reference = handwritten_figures(leaf.id, REPORT_YEAR)
    db.session.remove()

    mismatches = [
        f"MISMATCH {scope} {i}: get_unit_report {got[i]} != hand-written {want.get(i)}"
        for scope, got, want in (("city", function_figures, reference),
                                 (f"leaf {leaf.code}", leaf_function, leaf_reference))
        for i in INDICATOR_IDS if got[i] != want.get(i)]
    echo(f"City figures {REPORT_YEAR} (numerator/denominator, target):")
    for i in INDICATOR_IDS:
        num, den = function_figures[i]
        echo(f"  {i}: {num:,}/{den:,} (target {targets[i]})")
    for line in mismatches:
        echo(line)
    echo("Hand-written SQL and get_unit_report "
         + ("DISAGREE (see MISMATCH lines above)" if mismatches else "agree for city and leaf"))

    city_ratio = round(city_s / handwritten_s, 2) if handwritten_s else None
    leaf_ratio = round(leaf_s / city_s, 3) if city_s else None
    city_target = TARGET["city_over_handwritten"][dialect]
    verdicts = {
        "city_within_target_of_handwritten": city_ratio is not None and city_ratio <= city_target,
        "leaf_within_target_of_city": leaf_ratio is not None
        and leaf_ratio <= TARGET["leaf_over_city"],
    }
    echo(f"City request (get_unit_report): {city_s:.4f} s")
    echo(f"Leaf request (get_unit_report): {leaf_s:.4f} s")
    echo(f"Hand-written SQL (city):        {handwritten_s:.4f} s")
    echo(f"City five-year chart (get_annual_training_series): {series_s:.4f} s")
    echo(f"City course completion, all courses (get_course_completion): {courses_s:.4f} s")
    echo(f"City course completion, one course by ward (get_completion_by_unit): "
         f"{by_unit_s:.4f} s")
    echo(f"city / hand-written = {city_ratio} (target ≤ {city_target} on {dialect}): "
         f"{_verdict(verdicts['city_within_target_of_handwritten'])}")
    echo(f"leaf / city = {leaf_ratio} (target ≤ {TARGET['leaf_over_city']}): "
         f"{_verdict(verdicts['leaf_within_target_of_city'])}")
    return {
        "leaf_unit": leaf.code, "leaf_cadres": leaf.cadres,
        "city_s": city_s, "leaf_s": leaf_s, "handwritten_s": handwritten_s,
        "city_series_s": series_s, "city_course_completion_s": courses_s,
        "city_completion_by_unit_s": by_unit_s,
        "city_over_handwritten": city_ratio, "leaf_over_city": leaf_ratio,
        "targets": verdicts,
        "figures": {i: {"numerator": function_figures[i][0],
                        "denominator": function_figures[i][1],
                        "target": _jsonable(targets[i])} for i in INDICATOR_IDS},
        "handwritten_figures": {i: list(reference.get(i, ())) for i in INDICATOR_IDS},
        "match": not mismatches,
    }


def _growth_table(summaries, echo):
    """Print, for each setting, the city request, the hand-written SQL and their ratio at each
    scale, with each time's growth over the smallest scale; return the rows."""
    rows = []
    by_setting = {}
    for summary in summaries:
        by_setting.setdefault(summary["work_mem"], []).append(summary)
    echo("")
    echo(f"Growth ({summaries[0]['dialect']}): city request, hand-written SQL, leaf request, "
         "and growth over the smallest scale")
    echo(f"{'setting':<18} {'cadres':>10} {'records':>11} {'city s':>9} {'hand s':>9} "
         f"{'city/hand':>9} {'leaf/city':>9} {'city ×':>8} {'hand ×':>8}")
    for work_mem, group in by_setting.items():
        base = group[0]
        for summary in group:
            city_growth = round(summary["city_s"] / base["city_s"], 2) if base["city_s"] else None
            hand_growth = (round(summary["handwritten_s"] / base["handwritten_s"], 2)
                           if base["handwritten_s"] else None)
            scale = round(summary["cadres"] / base["cadres"], 2)
            row = {"setting": _settings_label(work_mem), "cadres": summary["cadres"],
                   "records": summary["records"], "city_s": summary["city_s"],
                   "handwritten_s": summary["handwritten_s"],
                   "city_over_handwritten": summary["city_over_handwritten"],
                   "leaf_over_city": summary["leaf_over_city"], "scale": scale,
                   "city_growth": city_growth, "handwritten_growth": hand_growth,
                   "city_growth_within_target": city_growth is not None
                   and city_growth <= TARGET["growth_per_scale"] * scale}
            rows.append(row)
            echo(f"{row['setting']:<18} {row['cadres']:>10,} {row['records']:>11,} "
                 f"{row['city_s']:>9.3f} {row['handwritten_s']:>9.3f} "
                 f"{row['city_over_handwritten']:>9} {row['leaf_over_city']:>9} "
                 f"{city_growth:>8} {hand_growth:>8}")
    echo(f"Targets: city/hand ≤ {TARGET['city_over_handwritten']['postgresql']} on PostgreSQL, "
         f"≤ {TARGET['city_over_handwritten']['sqlite']} on SQLite; leaf/city ≤ "
         f"{TARGET['leaf_over_city']}; city time at 10× the cadres ≤ "
         f"{TARGET['growth_per_scale'] * 10:g}× the smallest scale's")
    return rows


def _jsonable(value):
    return float(value) if isinstance(value, Decimal) else value
