"""QR check-in at service level: the codes' lifetime, their session, closing, the day, recording
once, and attendance counting in the indicators at once."""

import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.core.clock import local_date
from lms.core.models import AuditLog
from lms.extensions import db
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.unit_report import get_unit_report
from lms.training.checkin import (
    CODE_LENGTH,
    PASS_SECONDS,
    CheckinOutcome,
    CodeStatus,
    check_code,
    checkin_state,
    make_code,
    step_at,
)
from lms.training.imports import import_attendance
from lms.training.models import Attendance
from lms.training.services import (
    CheckinNotToday,
    add_attendees,
    check_in,
    close_checkin,
    open_checkin,
)
from tests.factories import make_cadre, make_session, make_user
from tests.org.test_imports import csv_bytes
from tests.training.test_imports import HEADER, row

# 10:00 in Hanoi; a step begins here (a whole minute).
NOW = datetime(2026, 3, 15, 3, 0, 0)
TODAY = local_date(NOW)
STEP = step_at(NOW)


def seconds(n):
    return NOW + timedelta(seconds=n)


@pytest.fixture
def today_session(org):
    """A session of ward A held today, its check-in open since NOW."""
    session = make_session(org.ward_a, held_on=TODAY)
    assert open_checkin(session, now=NOW)
    db.session.commit()
    return session


@pytest.fixture
def hoa(org):
    """A cadre of ward A with her account."""
    cadre = make_cadre(org.branch_a1, full_name="Trần Thị Hoa")
    return make_user("hoa", cadre=cadre)


def rows_of(session):
    return db.session.execute(select(Attendance.cadre_id, Attendance.source)
                              .where(Attendance.session_id == session.id)).all()


def test_a_code_works_for_its_step_and_the_next_then_expires(today_session):
    code = make_code(today_session, STEP)
    assert len(code) == CODE_LENGTH and code.replace("-", "").replace("_", "").isalnum()
    assert check_code(today_session, STEP, code, NOW) is CodeStatus.VALID
    assert check_code(today_session, STEP, code, seconds(59)) is CodeStatus.VALID  # next step
    assert check_code(today_session, STEP, code, seconds(60)) is CodeStatus.EXPIRED
    assert check_code(today_session, STEP, code, seconds(600)) is CodeStatus.EXPIRED
    # The previous step's code is still accepted now; the one before is not.
    assert check_code(today_session, STEP - 1, make_code(today_session, STEP - 1),
                      NOW) is CodeStatus.VALID
    assert check_code(today_session, STEP - 2, make_code(today_session, STEP - 2),
                      NOW) is CodeStatus.EXPIRED


def test_a_code_for_a_future_step_or_altered_is_not_valid(today_session):
    code = make_code(today_session, STEP)
    assert check_code(today_session, STEP + 1, make_code(today_session, STEP + 1),
                      NOW) is CodeStatus.INVALID
    assert check_code(today_session, STEP + 1, code, NOW) is CodeStatus.INVALID
    altered = ("A" if code[0] != "A" else "B") + code[1:]
    assert check_code(today_session, STEP, altered, NOW) is CodeStatus.INVALID
    assert check_code(today_session, STEP, code[:-1], NOW) is CodeStatus.INVALID
    assert check_code(today_session, STEP, "Điểm-danh", NOW) is CodeStatus.INVALID


def test_a_code_of_one_session_never_works_for_another(org, today_session):
    other = make_session(org.ward_a, held_on=TODAY)
    open_checkin(other, now=NOW)
    db.session.commit()
    code = make_code(today_session, STEP)
    assert check_code(other, STEP, code, NOW) is CodeStatus.INVALID
    assert make_code(other, STEP) != code


def test_closing_stops_every_code_at_once_and_reopening_makes_new_ones(today_session):
    code = make_code(today_session, STEP)
    assert close_checkin(today_session, now=seconds(5))
    assert check_code(today_session, STEP, code, seconds(6)) is CodeStatus.CLOSED
    assert not close_checkin(today_session, now=seconds(7))  # closed already
    assert checkin_state(today_session, seconds(8)) == "closed"
    assert open_checkin(today_session, now=seconds(9))
    assert checkin_state(today_session, seconds(9)) == "open"
    # A photo of the first opening's code does not work in the second.
    assert check_code(today_session, STEP, code, seconds(10)) is CodeStatus.INVALID
    assert check_code(today_session, STEP, make_code(today_session, STEP),
                      seconds(10)) is CodeStatus.VALID


def test_no_code_works_before_opening_nor_after_the_day(org):
    session = make_session(org.ward_a, held_on=TODAY)
    assert checkin_state(session, NOW) == "ready"
    assert check_code(session, STEP, "0123456789", NOW) is CodeStatus.CLOSED
    open_checkin(session, now=NOW)
    # Left open in the evening: the next morning (Hanoi) no code works.
    next_day = datetime(2026, 3, 15, 17, 0, 0)
    assert local_date(next_day) != TODAY
    assert check_code(session, step_at(next_day), make_code(session, step_at(next_day)),
                      next_day) is CodeStatus.CLOSED
    assert checkin_state(session, next_day) == "not_today"


def test_check_in_opens_only_on_the_sessions_day(org):
    tomorrow = make_session(org.ward_a, held_on=TODAY + timedelta(days=1))
    with pytest.raises(CheckinNotToday):
        open_checkin(tomorrow, now=NOW)
    assert checkin_state(tomorrow, NOW) == "not_today"
    # 23:59:59 in Hanoi is still today; a second later it is the session's day.
    with pytest.raises(CheckinNotToday):
        open_checkin(tomorrow, now=datetime(2026, 3, 15, 16, 59, 59))
    assert open_checkin(tomorrow, now=datetime(2026, 3, 15, 17, 0, 0))
    yesterday = make_session(org.ward_a, held_on=TODAY - timedelta(days=1))
    with pytest.raises(CheckinNotToday):
        open_checkin(yesterday, now=NOW)


def test_opening_twice_keeps_the_same_codes(today_session):
    code = make_code(today_session, STEP)
    assert open_checkin(today_session, now=seconds(20)) is False
    assert make_code(today_session, STEP) == code
    assert today_session.checkin_opened_at == NOW


def test_a_browser_that_brought_a_valid_code_keeps_it_while_she_signs_in(today_session):
    code = make_code(today_session, STEP)
    seen = seconds(40)
    later = seen + timedelta(seconds=PASS_SECONDS)
    assert check_code(today_session, STEP, code, later, seen_at=seen) is CodeStatus.VALID
    assert check_code(today_session, STEP, code, later + timedelta(seconds=1),
                      seen_at=seen) is CodeStatus.EXPIRED
    # A "seen" time at which the code was not valid any more is no pass.
    assert check_code(today_session, STEP, code, seconds(90),
                      seen_at=seconds(65)) is CodeStatus.EXPIRED


def test_checking_in_records_her_once_from_qr(today_session, hoa):
    code = make_code(today_session, STEP)
    assert check_in(today_session, hoa, STEP, code, now=seconds(3)) is CheckinOutcome.RECORDED
    db.session.commit()
    assert check_in(today_session, hoa, STEP, code, now=seconds(4)) is CheckinOutcome.ALREADY
    # Scanning later, even an expired code, says she is on the list: nothing new.
    assert check_in(today_session, hoa, STEP, code, now=seconds(300)) is CheckinOutcome.ALREADY
    db.session.commit()
    assert rows_of(today_session) == [(hoa.cadre_id, "qr")]
    assert db.session.scalar(select(func.count(AuditLog.id))
                             .where(AuditLog.action == "training.check_in")) == 1


def test_a_double_tap_racing_the_first_insert_records_one_row(today_session, hoa, monkeypatch):
    code = make_code(today_session, STEP)
    assert check_in(today_session, hoa, STEP, code, now=NOW) is CheckinOutcome.RECORDED
    db.session.commit()
    # The second request checked before the first committed: the insert meets the row.
    monkeypatch.setattr("lms.training.checkin.is_attending", lambda *_args: False)
    assert check_in(today_session, hoa, STEP, code, now=NOW) is CheckinOutcome.ALREADY
    db.session.commit()
    assert len(rows_of(today_session)) == 1


def test_refused_codes_write_nothing(today_session, hoa):
    stale = make_code(today_session, STEP - 3)
    assert check_in(today_session, hoa, STEP - 3, stale, now=NOW) is CheckinOutcome.EXPIRED
    assert check_in(today_session, hoa, STEP, "0123456789", now=NOW) is CheckinOutcome.INVALID
    assert check_in(None, hoa, STEP, "0123456789", now=NOW) is CheckinOutcome.INVALID
    close_checkin(today_session, now=NOW)
    assert check_in(today_session, hoa, STEP, make_code(today_session, STEP),
                    now=NOW) is CheckinOutcome.CLOSED
    assert rows_of(today_session) == []


def test_only_an_active_cadres_account_checks_in(org, today_session):
    code = make_code(today_session, STEP)
    organizer = make_user("org_a", role="organizer", unit=org.ward_a)
    assert check_in(today_session, organizer, STEP, code, now=NOW) is CheckinOutcome.NOT_A_CADRE
    left = make_user("left", cadre=make_cadre(org.ward_a, is_active=False))
    assert check_in(today_session, left, STEP, code, now=NOW) is CheckinOutcome.NOT_A_CADRE
    assert rows_of(today_session) == []


def test_opening_and_closing_are_audited(org, today_session):
    organizer = make_user("org_a", role="organizer", unit=org.ward_a)
    close_checkin(today_session, actor=organizer, now=seconds(1))
    open_checkin(today_session, actor=organizer, now=seconds(2))
    db.session.commit()
    actions = db.session.execute(select(AuditLog.action, AuditLog.actor_id)
                                 .where(AuditLog.object_type == "trainingsession")
                                 .where(AuditLog.action.like("%checkin"))
                                 .order_by(AuditLog.id)).all()
    assert actions == [("training.open_checkin", None), ("training.close_checkin", organizer.id),
                       ("training.open_checkin", organizer.id)]


def test_a_check_in_counts_in_the_unit_report_at_once(org, today_session, hoa):
    def trained():
        db.session.expire_all()
        report = get_unit_report(org.ward_a.id, Period(TODAY.year))
        return report.figures["annual_training"].numerator

    assert trained() == 0
    check_in(today_session, hoa, STEP, make_code(today_session, STEP), now=NOW)
    db.session.commit()
    assert trained() == 1


def test_each_attendance_says_how_it_was_recorded(org, today_session, hoa):
    by_hand = make_cadre(org.ward_a, code="A1")
    imported = make_cadre(org.ward_a, code="A2")
    add_attendees(today_session, [by_hand.id])
    check_in(today_session, hoa, STEP, make_code(today_session, STEP), now=NOW)
    db.session.commit()
    import_attendance(io.BytesIO(csv_bytes([HEADER, row("A2", today_session.code,
                                                        date=TODAY.isoformat())])),
                      "attendance.csv")
    db.session.commit()
    assert sorted(rows_of(today_session)) == sorted([
        (by_hand.id, "hand"), (hoa.cadre_id, "qr"), (imported.id, "import")])
