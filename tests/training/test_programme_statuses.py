"""Programme statuses and report counts on the hand-built city (programme_helpers)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import CourseCompletion
from lms.learning.services import complete_lesson, enroll_cadre
from lms.training.programmes.queries import (
    get_cadre_programmes,
    get_programme_report,
    programme_cadres_query,
    requirement_states,
)
from lms.training.programmes.services import (
    add_requirement,
    create_programme,
    publish_programme,
    roll_over_programme,
)
from tests import factories
from tests.conftest import count_statements
from tests.learning.helpers import lessons_of, make_course
from tests.training.programme_helpers import build_city, make_programme

EARLY = date(2026, 10, 1)      # 60 days before the due date
SOON = date(2026, 11, 20)      # 10 days before
LATE = date(2026, 12, 2)       # after it


@pytest.fixture
def city(org):
    return build_city(org)


def statuses(programme, unit, today):
    rows = db.session.execute(programme_cadres_query(programme, unit.id, today))
    return {row.Cadre.full_name: row.status for row in rows}


def test_statuses_early_in_the_year(org, city):
    assert statuses(city.programme, org.city, EARLY) == {
        "Lê Thị An": "done",             # Law, IT-1, 4 h online + 4 h workshop = 8 h
        "Phạm Thị Bình": "not_started",  # Law in 2025 does not count in 2026
        "Trần Thị Cúc": "on_track",      # 3 of 8 hours
        "Vũ Thị Dung": "on_track",       # Law done, counted in ward B where she is now
        "Hoàng Thị Hạnh": "not_started",
    }                                    # the inactive cadre is not in the programme


def test_statuses_near_and_after_the_due_date(org, city):
    assert set(statuses(city.programme, org.city, SOON).values()) == {"done", "due_soon"}
    late = statuses(city.programme, org.city, LATE)
    assert late.pop("Lê Thị An") == "done"
    assert set(late.values()) == {"overdue"}
    # 14 days before the due date is already "due soon"; 15 is not.
    assert statuses(city.programme, org.city, date(2026, 11, 16))["Trần Thị Cúc"] == "due_soon"
    assert statuses(city.programme, org.city, date(2026, 11, 15))["Trần Thị Cúc"] == "on_track"


def test_a_status_on_a_past_day_leaves_out_the_later_training(org, city):
    # On 31/05 a1 has Law, IT-1 and the 4 h course (not yet the workshop of 01/06), a3 not
    # yet her workshop of 02/06; the day after both, they count.
    assert statuses(city.programme, org.city, date(2026, 5, 31)) == {
        "Lê Thị An": "on_track", "Phạm Thị Bình": "not_started",
        "Trần Thị Cúc": "not_started", "Vũ Thị Dung": "on_track",
        "Hoàng Thị Hạnh": "not_started"}
    on_the_day = statuses(city.programme, org.city, date(2026, 6, 1))
    assert (on_the_day["Lê Thị An"], on_the_day["Trần Thị Cúc"]) == ("done", "not_started")
    assert statuses(city.programme, org.city, date(2026, 6, 2))["Trần Thị Cúc"] == "on_track"
    # Before the year begins nothing counts yet.
    assert set(statuses(city.programme, org.city, date(2025, 12, 31)).values()) == {
        "not_started"}


def test_report_counts_per_child_unit(org, city):
    report = get_programme_report(city.programme, org.city, EARLY)
    assert report.total.counts == {"done": 1, "on_track": 2, "due_soon": 0, "overdue": 0,
                                   "not_started": 2}
    by_unit = {row.unit.code: row.counts for row in report.children}
    assert by_unit["W-A"] == {"done": 1, "on_track": 1, "due_soon": 0, "overdue": 0,
                              "not_started": 2}
    assert by_unit["W-B"] == {"done": 0, "on_track": 1, "due_soon": 0, "overdue": 0,
                              "not_started": 0}
    ward = get_programme_report(city.programme, org.ward_a, LATE)
    assert ward.total.counts["overdue"] == 3 and ward.total.counts["done"] == 1
    assert [(row.unit.code, row.counts["overdue"]) for row in ward.children] == [("B-A1", 2)]


def test_report_is_a_few_statements(org, city):
    db.session.expire_all()
    programme = city.programme
    _ = [req.courses for req in programme.requirements], org.city.name
    with count_statements() as statements:
        get_programme_report(programme, org.city, EARLY)
    assert len(statements) == 2


def test_what_is_left(org, city):
    rows = db.session.execute(programme_cadres_query(city.programme, org.city.id, EARLY))
    row = next(row for row in rows if row.Cadre.id == city.a3.id)
    states = requirement_states(city.programme, row)
    assert [state.is_met for state in states] == [False, False, False]
    assert states[2].hours_done == Decimal("3") and states[2].hours_left == Decimal("5")


def test_flags_limit_the_programme_and_a_new_flag_enters_it(org, city):
    full_time = make_programme(org.city, city.courses, only_full_time=True)
    assert statuses(full_time, org.city, EARLY) == {"Lê Thị An": "done",
                                                     "Trần Thị Cúc": "on_track"}
    city.a2.is_full_time = True
    db.session.commit()
    assert statuses(full_time, org.city, EARLY)["Phạm Thị Bình"] == "not_started"


def test_cadre_home_programmes(org, city):
    make_programme(org.ward_b, city.courses)  # not hers
    make_programme(org.ward_a, city.courses, publish=False)  # a draft
    make_programme(org.ward_a, city.courses, only_chairs=True)  # not a chair
    mine = get_cadre_programmes(city.a3, EARLY)
    assert [(item.programme.id, item.status) for item in mine] == [(city.programme.id,
                                                                    "on_track")]
    assert len(mine[0].left) == 3
    assert get_cadre_programmes(city.a3, date(2027, 1, 5)) == []
    assert get_cadre_programmes(city.b2, EARLY) == []


def test_two_years_of_a_programme_with_the_course_taken_twice(org):
    """The 2025 programme rolled over to 2026: the course taken in 2025 meets 2025's only;
    taken again in 2026 (a new cycle, through the learning services) it meets 2026's, and
    2025's status is unchanged."""
    course = make_course("Kỹ năng vận động hội viên", hours="2")
    cadre = factories.make_cadre(org.branch_a1, full_name="Lê Thị Học")
    first = create_programme(org.ward_a, 2025, "Bồi dưỡng hằng năm", date(2025, 11, 30))
    add_requirement(first, "course", [course.id])
    publish_programme(first)
    second = roll_over_programme(first)
    publish_programme(second)
    db.session.commit()

    def take(at):
        enroll_cadre(cadre, course, at=at)
        for lesson in lessons_of(course):
            complete_lesson(cadre, lesson, at=at)
        db.session.commit()

    take(datetime(2025, 3, 10, 2, 0))  # 09:00 in Hanoi
    assert statuses(first, org.ward_a, date(2025, 12, 31)) == {"Lê Thị Học": "done"}
    assert statuses(second, org.ward_a, date(2026, 1, 5)) == {"Lê Thị Học": "not_started"}
    assert statuses(second, org.ward_a, date(2026, 12, 1)) == {"Lê Thị Học": "overdue"}

    take(datetime(2026, 2, 5, 2, 0))
    assert statuses(second, org.ward_a, date(2026, 12, 1)) == {"Lê Thị Học": "done"}
    assert statuses(first, org.ward_a, date(2025, 12, 31)) == {"Lê Thị Học": "done"}
    completions = db.session.execute(
        select(CourseCompletion.cycle, CourseCompletion.completed_on)
        .where(CourseCompletion.cadre_id == cadre.id).order_by(CourseCompletion.cycle)).all()
    assert completions == [(2025, date(2025, 3, 10)), (2026, date(2026, 2, 5))]
