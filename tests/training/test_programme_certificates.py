"""Programme certificates at service level: who gets one and when, on each path (publish,
course completion, attendance by hand, QR and import, the hourly sweep), once."""

import io
import re
import threading
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms import tasks
from lms.core.clock import local_today
from lms.extensions import db
from lms.learning.services import record_completion
from lms.org.services import move_cadre
from lms.training.imports import import_attendance
from lms.training.models import TrainingSession
from lms.training.programmes.models import ProgrammeCompletion
from lms.training.programmes.services import (
    add_requirement,
    award_certificates,
    award_certificates_for,
    award_year_certificates,
    create_programme,
    publish_programme,
)
from lms.training.services import add_attendees, check_in, open_checkin, remove_attendee
from tests.conftest import count_statements
from tests.factories import make_cadre, make_session, make_user
from tests.org.test_imports import csv_bytes
from tests.training.programme_helpers import build_city, complete, make_programme, workshop
from tests.training.test_imports import HEADER, row

PROGRAMME_CODE = re.compile(r"^HN-CT(-[A-HJKMNP-Z2-9]{4}){3}$")


@pytest.fixture
def city(org):
    return build_city(org)


def certificates(programme=None):
    """{cadre's full name: (completed_on, code)} of the stored certificates."""
    query = select(ProgrammeCompletion)
    if programme is not None:
        query = query.where(ProgrammeCompletion.programme_id == programme.id)
    return {c.cadre.full_name: (c.completed_on, c.code) for c in db.session.scalars(query)}


def days(programme=None):
    return {name: day for name, (day, _code) in certificates(programme).items()}


def count():
    return db.session.scalar(select(func.count(ProgrammeCompletion.id)))


# ---- who, and on which day ------------------------------------------------------------------

def test_publishing_the_hand_built_city_gives_lê_thị_an_hers_only(city):
    # Law on 1/3, IT-1 on 1/4, then 4 h online on 1/5 and 4 h in person on 1/6: the eight
    # digital hours, her last requirement, were reached on 1 June.
    (stored,) = db.session.scalars(select(ProgrammeCompletion)).all()
    assert (stored.cadre_id, stored.programme_id) == (city.a1.id, city.programme.id)
    assert stored.completed_on == date(2026, 6, 1)
    assert PROGRAMME_CODE.match(stored.code), stored.code
    assert stored.is_revoked is False
    assert abs((datetime.utcnow() - stored.issued_at).total_seconds()) < 60


def test_awarding_again_adds_nothing(city):
    assert award_certificates(city.programme) == 0
    assert award_year_certificates(2026) == 0
    assert award_certificates_for([city.a1.id, city.a3.id], 2026) == 0
    db.session.commit()
    assert count() == 1


def test_a_draft_gives_none(org, city):
    other = make_cadre(org.ward_b, full_name="Ngô Thị Lan")
    for course in (city.courses.law, city.courses.it2):
        complete(other, course, date(2026, 2, 1))
    workshop([other], "digital", date(2026, 2, 2), 8, "WS-8")
    draft = make_programme(org.ward_b, city.courses, publish=False)
    assert award_certificates(draft) == 0
    assert award_certificates_for([other.id], 2026) == 1   # the city's, not the draft's
    db.session.commit()
    assert days(draft) == {}
    assert days(city.programme)["Ngô Thị Lan"] == date(2026, 2, 2)


def test_none_before_every_requirement_is_met_then_the_day_the_last_one_was(org, city):
    # Trần Thị Cúc has 3 of the 8 digital hours and neither course.
    complete(city.a3, city.courses.law, date(2026, 7, 1))
    complete(city.a3, city.courses.it2, date(2026, 7, 2))
    workshop([city.a3], "digital", date(2026, 7, 3), 4.5, "WS-3")
    assert award_certificates(city.programme) == 0     # 7.5 hours
    workshop([city.a3], "digital", date(2026, 3, 9), 0.5, "WS-4")
    assert award_certificates(city.programme) == 1
    db.session.commit()
    # 3 h (2/6) + 0.5 h (9/3) = 3.5 by June, + 4.5 on 3/7 = 8: the hours were met on 3 July,
    # after both courses.
    assert days() == {"Lê Thị An": date(2026, 6, 1), "Trần Thị Cúc": date(2026, 7, 3)}


def test_the_last_requirement_may_be_a_course(org, city):
    # Phạm Thị Bình: 8 digital hours in January, IT-2 in March, Law (her 2025 one does not
    # count) on 20 August.
    workshop([city.a2], "digital", date(2026, 1, 10), 8, "WS-5")
    complete(city.a2, city.courses.it2, date(2026, 3, 5))
    complete(city.a2, city.courses.law, date(2026, 8, 20))
    assert award_certificates_for([city.a2.id], 2026) == 1
    db.session.commit()
    assert days()["Phạm Thị Bình"] == date(2026, 8, 20)


def test_only_cadres_the_programme_applies_to(org, city):
    # A full-time-only programme of ward A: Lê Thị An is full-time; a part-time cadre of ward
    # A with the same training gets the city's certificate but not this one.
    ward = make_programme(org.ward_a, city.courses, only_full_time=True)
    part_time = make_cadre(org.ward_a, full_name="Đinh Thị Mai")
    for course in (city.courses.law, city.courses.it1):
        complete(part_time, course, date(2026, 2, 1))
    workshop([part_time], "digital", date(2026, 2, 3), 8, "WS-6")
    award_year_certificates(2026)
    db.session.commit()
    assert set(days(ward)) == {"Lê Thị An"}
    assert set(days(city.programme)) == {"Lê Thị An", "Đinh Thị Mai"}


def test_codes_are_unique_and_not_course_codes(org, city):
    for n in range(30):
        cadre = make_cadre(org.ward_b, full_name=f"Cán bộ {n}")
        complete(cadre, city.courses.law, date(2026, 2, 1))
        complete(cadre, city.courses.it1, date(2026, 2, 1))
        workshop([cadre], "digital", date(2026, 2, 2), 8, f"WS-C{n}")
    assert award_certificates(city.programme) == 30
    db.session.commit()
    codes = [code for _day, code in certificates().values()]
    assert len(set(codes)) == 31 and all(PROGRAMME_CODE.match(code) for code in codes)


# ---- the paths --------------------------------------------------------------------------------

def test_on_publish_cadres_who_met_it_already_get_theirs(org, city):
    programme = make_programme(org.ward_a, city.courses, publish=False)
    assert days(programme) == {}
    publish_programme(programme)
    db.session.commit()
    assert days(programme) == {"Lê Thị An": date(2026, 6, 1)}


def test_on_a_course_completion_at_once(org, city):
    # Vũ Thị Dung (ward B) has Law; with 8 digital hours, IT-2 completed online is her last.
    workshop([city.b1], "digital", date(2026, 5, 5), 8, "WS-7")
    assert days() == {"Lê Thị An": date(2026, 6, 1)}   # no path ran for a direct insert
    # 15/9/2026 09:00 in Hanoi.
    record_completion(city.b1, city.courses.it2, datetime(2026, 9, 15, 2, 0))
    db.session.commit()
    assert days()["Vũ Thị Dung"] == date(2026, 9, 15)


def test_a_completion_of_another_year_looks_at_that_years_programmes(org, city):
    for course in (city.courses.law, city.courses.it2):
        record_completion(city.a3, course, datetime(2025, 6, 1, 2, 0))
    workshop([city.a3], "digital", date(2025, 6, 2), 8, "WS-2025")
    db.session.commit()
    assert "Trần Thị Cúc" not in days()   # 2025's training does not meet 2026's programme


def test_on_attendance_recorded_by_hand(org, city):
    complete(city.a3, city.courses.law, date(2026, 4, 1))
    complete(city.a3, city.courses.it1, date(2026, 4, 2))
    session = make_session(org.ward_a, held_on=date(2026, 10, 12), hours="5")
    with count_statements() as statements:
        assert add_attendees(session, [city.a3.id, city.a4.id]) == 2
    db.session.commit()
    assert days() == {"Lê Thị An": date(2026, 6, 1), "Trần Thị Cúc": date(2026, 10, 12)}
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO PROGRAMME_")]
    assert len(inserts) == 1      # one statement for both cadres, for the one programme


def test_on_qr_check_in(org, city):
    from lms.training.checkin import make_code, step_at

    complete(city.a3, city.courses.law, date(2026, 4, 1))
    complete(city.a3, city.courses.it1, date(2026, 4, 2))
    now = datetime(2026, 10, 20, 3, 0)   # 10:00 in Hanoi
    session = make_session(org.ward_a, held_on=date(2026, 10, 20), hours="5")
    open_checkin(session, now=now)
    user = make_user("cuc", cadre=city.a3)
    step = step_at(now)
    check_in(session, user, step, make_code(session, step), now=now)
    db.session.commit()
    assert days()["Trần Thị Cúc"] == date(2026, 10, 20)


def test_on_attendance_import(org, city):
    complete(city.a3, city.courses.law, date(2026, 4, 1))
    complete(city.a3, city.courses.it1, date(2026, 4, 2))
    rows = [row(city.a3.code, "IMP-1", track="digital", date="2026-09-09", hours="2,5"),
            row(city.a4.code, "IMP-1", track="digital", date="2026-09-09", hours="2,5"),
            row(city.a3.code, "IMP-2", track="digital", date="12/09/2026", hours="2,5")]
    import_attendance(io.BytesIO(csv_bytes([HEADER, *rows])), "attendance.csv")
    db.session.commit()
    # 3 + 2.5 + 2.5 = 8 hours on 12 September.
    assert days()["Trần Thị Cúc"] == date(2026, 9, 12)
    assert "Hoàng Thị Hạnh" not in days()


def test_the_hourly_sweep_catches_a_cadre_moved_into_the_unit(org, city):
    ward = make_programme(org.ward_a, city.courses)
    assert set(days(ward)) == {"Lê Thị An"}
    # Vũ Thị Dung (ward B) meets it too once she has the hours and IT-1; then she moves to
    # ward A: no training is recorded for her, the sweep finds her.
    workshop([city.b1], "digital", date(2026, 5, 5), 8, "WS-9")
    complete(city.b1, city.courses.it1, date(2026, 5, 6))
    award_certificates(city.programme)
    move_cadre(city.b1, org.branch_a1)
    db.session.commit()
    assert "Vũ Thị Dung" not in days(ward)
    tasks.PERIODIC["award_programme_certificates"].call_local()
    assert days(ward)["Vũ Thị Dung"] == date(2026, 5, 6)


def test_the_sweep_is_a_recorded_periodic_job_of_this_year(org, city):
    from lms.jobs.models import Job

    this_year = local_today().year
    programme = create_programme(org.ward_b, this_year, "IT", date(this_year, 12, 31))
    add_requirement(programme, "hours", hours=Decimal(2), track="it")
    cadre = make_cadre(org.ward_b, full_name="Lý Thị Nga")
    workshop([cadre], "it", date(this_year, 1, 3), 2, "WS-Y")
    programme.status = "published"     # as if published before her training was recorded
    db.session.commit()
    tasks.PERIODIC["award_programme_certificates"].call_local()
    assert days(programme) == {"Lý Thị Nga": date(this_year, 1, 3)}
    (job,) = db.session.scalars(select(Job)).all()
    assert (job.kind, job.periodic, job.status, job.result) == (
        "award_programme_certificates", True, "done", {"issued": 1})


def test_a_certificate_stays_when_its_training_is_removed(org, city):
    session = db.session.scalar(select(TrainingSession).where(TrainingSession.code == "WS-1"))
    assert remove_attendee(session, city.a1.id)
    award_year_certificates(2026)
    db.session.commit()
    assert days() == {"Lê Thị An": date(2026, 6, 1)}


def test_two_awards_at_once_issue_one_certificate_and_neither_fails(app, org, city):
    workshop([city.a3], "digital", date(2026, 6, 3), 5, "WS-R")
    complete(city.a3, city.courses.law, date(2026, 6, 4))
    complete(city.a3, city.courses.it1, date(2026, 6, 5))
    programme_id, cadre_id = city.programme.id, city.a3.id
    outcome = {}

    def second_request():
        with app.app_context():
            from lms.training.programmes.models import Programme

            try:
                outcome["issued"] = award_certificates(db.session.get(Programme, programme_id),
                                                       [cadre_id])
                db.session.commit()
            except Exception as error:  # pragma: no cover - the failure this test is about
                outcome["error"] = error
                db.session.rollback()

    assert award_certificates(city.programme, [cadre_id]) == 1   # not committed yet
    other = threading.Thread(target=second_request)
    other.start()
    time.sleep(0.5)   # the second one now waits for this transaction's row
    db.session.commit()
    other.join(10)
    assert outcome == {"issued": 0}
    assert days()["Trần Thị Cúc"] == date(2026, 6, 5)
    assert count() == 2


def test_awarding_a_programme_is_one_insert(city, org):
    with count_statements() as statements:
        award_year_certificates(2026)
    inserts = [s for s in statements if "INSERT" in s.upper()]
    assert len(inserts) == 1
    assert "SELECT" in inserts[0].upper()
