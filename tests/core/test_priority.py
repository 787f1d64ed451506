"""Report pages compute at a lower CPU priority than learners' pages (lms/core/priority.py)."""

import os
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lms.core.priority import run_at_lower_priority
from lms.extensions import db
from tests import factories
from tests.conftest import login

pytestmark = pytest.mark.skipif(not hasattr(os, "setpriority"),
                                reason="no per-thread priority on this system")

REPORT_ENDPOINTS = ("reports.dashboard", "reports.confirm_close", "reports.missing",
                    "reports.export_missing", "reports.export_dashboard", "reports.completion",
                    "reports.trainer_completion", "programmes.report")


def _niceness():
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def _lowered(base, by):
    return min(19, base + by)


@pytest.fixture(autouse=True)
def _room_to_lower():
    if _niceness() >= 19:
        pytest.skip("the tests already run at the lowest priority")


@contextmanager
def niceness_of_statements(about):
    """A list that receives the nice value of the thread running each SQL statement that
    mentions `about`."""
    seen = []

    def record(_conn, _cursor, statement, *_args):
        if about in statement:
            seen.append(_niceness())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_the_call_runs_at_lower_priority_and_the_caller_keeps_its_own():
    base = _niceness()
    assert run_at_lower_priority(_niceness, 5) == _lowered(base, 5)
    assert _niceness() == base


def test_the_calls_error_is_raised_in_the_caller():
    def fail():
        raise LookupError("no such unit")

    with pytest.raises(LookupError, match="no such unit"):
        run_at_lower_priority(fail, 5)


def test_the_city_report_is_computed_at_lower_priority(app, organizer_a, org):
    base = _niceness()
    niceness = app.config["REPORTS_NICE"]
    assert niceness > 0
    with niceness_of_statements("unit_closure") as report_statements:
        page = organizer_a.get(f"/reports/units/{org.ward_a.id}")
    assert page.status_code == 200
    assert org.ward_a.name in page.get_data(as_text=True)
    assert report_statements
    assert set(report_statements) == {_lowered(base, niceness)}
    assert _niceness() == base


def test_a_learners_page_keeps_the_workers_priority(app, client, org):
    cadre = factories.make_cadre(org.ward_a)
    factories.make_user("hoc_vien", cadre=cadre)
    login(client, "hoc_vien")
    base = _niceness()
    with niceness_of_statements("SELECT") as statements:
        assert client.get("/").status_code == 200
    assert statements
    assert set(statements) == {base}


def test_with_reports_nice_zero_the_report_runs_in_the_request(app, organizer_a, org,
                                                               monkeypatch):
    base = _niceness()
    monkeypatch.setitem(app.config, "REPORTS_NICE", 0)
    with niceness_of_statements("unit_closure") as report_statements:
        assert organizer_a.get(f"/reports/units/{org.ward_a.id}").status_code == 200
    assert report_statements
    assert set(report_statements) == {base}


def test_errors_of_a_report_page_answer_as_usual(organizer_a, org):
    # A unit outside her scope (the other ward): the view's 404, raised in its thread.
    assert organizer_a.get(f"/reports/units/{org.ward_b.id}").status_code == 404


@pytest.mark.parametrize("endpoint", REPORT_ENDPOINTS)
def test_every_report_page_yields_to_learners(app, endpoint):
    assert getattr(app.view_functions[endpoint], "yields_to_learners", False)
