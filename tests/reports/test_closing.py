"""Closing a period: what the service allows (periods that have started, once), and the
confirmation page an organizer goes through before the figures are frozen.

Data (`data` in conftest.py, and one training this year): ward A has 3 cadres (ward,
branch A1, group A1A; 2 units under it), 2 trained in 2024 (2/3 = 66,7 %) and 1 this year;
ward B has 1 cadre, untrained.
"""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.core.clock import VIETNAM_OFFSET, local_today, utcnow
from lms.core.errors import DomainError
from lms.core.models import AuditLog
from lms.extensions import db
from lms.org.models import Cadre
from lms.reports.closing import (
    PeriodAlreadyClosed,
    PeriodError,
    PeriodNotStarted,
    close_period,
    preview_close,
    reopen_period,
)
from lms.reports.indicators.definitions import Period
from lms.reports.models import ClosedPeriod, ClosedUnitFigure
from tests.conftest import csrf_token_from, login, post_form
from tests.factories import make_user
from tests.reports.helpers import closed_meanwhile, d, online


@pytest.fixture
def ward(data):
    """`data` (conftest.py), and branch A1's cadre trained again this year."""
    a2 = db.session.scalar(select(Cadre).where(Cadre.unit_id == data.branch_a1.id))
    online(a2, "digital", local_today().replace(month=1, day=1))
    return data


def stored_counts():
    """(closings, stored unit figures, audit entries of closings)."""
    return (db.session.scalar(select(func.count()).select_from(ClosedPeriod)),
            db.session.scalar(select(func.count()).select_from(ClosedUnitFigure)),
            db.session.scalar(select(func.count()).select_from(AuditLog)
                              .where(AuditLog.action == "report.close")))


def vietnam_noon_utc(year, month, day):
    """Noon in Vietnam on that day, as the naive UTC the services take."""
    return datetime(year, month, day, 5)


# ---- the service ---------------------------------------------------------------------

def test_a_future_year_is_refused_and_nothing_is_stored(ward):
    next_year = Period(local_today().year + 1)
    with pytest.raises(PeriodNotStarted) as refused:
        close_period(ward.ward_a, next_year, actor=None)
    assert str(refused.value) == (f"Chưa thể chốt số liệu của kỳ chưa bắt đầu: kỳ này bắt đầu "
                                  f"từ 01/01/{next_year.year}.")
    with pytest.raises(PeriodNotStarted):
        close_period(ward.ward_a, Period(next_year.year, half=True), actor=None)
    with pytest.raises(PeriodNotStarted):
        preview_close(ward.ward_a, next_year)
    db.session.commit()
    assert stored_counts() == (0, 0, 0)


def test_a_year_starts_at_midnight_in_vietnam_not_in_utc(ward):
    # 31/12/2026 23:59 in Vietnam is 16:59 UTC: 2027 has not started there yet
    with pytest.raises(PeriodNotStarted):
        close_period(ward.ward_a, Period(2027), actor=None, now=datetime(2026, 12, 31, 16, 59))
    # 01/01/2027 00:00 in Vietnam (17:00 UTC on 31/12): it has
    closed = close_period(ward.ward_a, Period(2027), actor=None,
                          now=datetime(2026, 12, 31, 17, 0))
    assert (closed.year, closed.closed_at) == (2027, datetime(2026, 12, 31, 17, 0))


def test_the_current_year_and_half_can_be_closed_with_a_warning_until_they_end(ward):
    mid_december = vietnam_noon_utc(2026, 12, 15)
    preview = preview_close(ward.ward_a, Period(2026), now=mid_december)
    assert preview.runs_until == d("2026-12-31")
    # the half-year ended on 30 June: no warning
    assert preview_close(ward.ward_a, Period(2026, half=True), now=mid_december).runs_until is None
    in_march = vietnam_noon_utc(2026, 3, 1)
    assert preview_close(ward.ward_a, Period(2026, half=True), now=in_march).runs_until == d(
        "2026-06-30")
    # the last day of the period is not over yet
    assert preview_close(ward.ward_a, Period(2026), now=vietnam_noon_utc(2026, 12, 31)
                         ).runs_until == d("2026-12-31")
    closed = close_period(ward.ward_a, Period(2026), actor=None, now=mid_december)
    assert (closed.unit_id, closed.year, closed.half) == (ward.ward_a.id, 2026, 0)
    this_year = local_today().year
    close_period(ward.ward_a, Period(this_year, half=True), actor=None)
    db.session.commit()
    # ward A, branch A1 and group A1A stored for each closing
    assert stored_counts() == (2, 6, 2)


def test_a_past_year_can_be_closed_and_the_preview_shows_what_is_stored(ward):
    preview = preview_close(ward.ward_a, Period(2024))
    assert preview.runs_until is None and preview.units_under == 2
    annual = preview.figures["annual_training"]
    assert (annual.numerator, annual.denominator, annual.percent) == (2, 3, 66.7)
    close_period(ward.ward_a, Period(2024), actor=None)
    db.session.commit()
    assert stored_counts() == (1, 3, 1)
    stored = db.session.scalar(select(ClosedUnitFigure.indicators).where(
        ClosedUnitFigure.unit_id == ward.ward_a.id))
    assert stored["annual_training"]["numerator"] == 2


def test_closing_again_is_refused_and_stores_nothing_more(ward):
    close_period(ward.ward_a, Period(2024), actor=None)
    db.session.commit()
    with pytest.raises(PeriodAlreadyClosed) as refused:
        close_period(ward.ward_a, Period(2024), actor=None)
    assert str(refused.value) == "Kỳ báo cáo này đã được chốt."
    # a unit inside a closed unit is closed with it
    with pytest.raises(PeriodAlreadyClosed):
        close_period(ward.branch_a1, Period(2024), actor=None)
    db.session.rollback()
    assert stored_counts() == (1, 3, 1)
    # the other half, and a unit outside, are still open
    close_period(ward.ward_a, Period(2024, half=True), actor=None)
    close_period(ward.ward_b, Period(2024), actor=None)


def test_a_closing_that_loses_a_race_stores_nothing(ward):
    # Another request closes the same period between this one's check and its insert.
    with closed_meanwhile(ward.ward_a, Period(2024)) as raced, \
            pytest.raises(PeriodAlreadyClosed):
        close_period(ward.ward_a, Period(2024), actor=None)
    db.session.rollback()
    assert raced
    # only the other request's closing (which stored no figures here)
    assert stored_counts() == (1, 0, 0)


# ---- the pages -----------------------------------------------------------------------

def confirm_url(unit, year, half=False):
    return f"/reports/units/{unit.id}/close?year={year}" + ("&half=1" if half else "")


def test_the_dashboard_leads_to_a_confirmation_page_that_shows_what_is_frozen(client, ward):
    make_user("org_a", "organizer", unit=ward.ward_a)
    login(client, "org_a")
    dashboard = client.get(f"/reports/units/{ward.ward_a.id}?year=2024").get_data(as_text=True)
    # a plain link (GET) styled as a secondary button, no POST form on the dashboard
    link = re.search(r'<a class="btn btn-secondary close-period" href="([^"]+)"', dashboard)
    assert link and link.group(1) == confirm_url(ward.ward_a, 2024)
    assert "/close" not in "".join(re.findall(r'<form[^>]*>', dashboard))

    response = client.get(confirm_url(ward.ward_a, 2024))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert ward.ward_a.name in html and "Báo cáo năm 2024" in html
    assert 'data-units-under="2"' in html and "Đơn vị này và 2 đơn vị trực thuộc" in html
    assert '<dd class="close-by">org_a</dd>' in html
    at = re.search(r'<dd class="close-at">(\d\d/\d\d/\d{4} \d\d:\d\d) \(giờ Việt Nam\)', html)
    shown = datetime.strptime(at.group(1), "%d/%m/%Y %H:%M")
    assert abs(shown - (utcnow() + VIETNAM_OFFSET)) < timedelta(minutes=2)
    # the five figures as stored, in Vietnamese form
    assert html.count("<li data-indicator=") == 5
    assert ('data-indicator="annual_training" data-numerator="2" data-denominator="3"' in html
            and "<strong>66,7\u00a0%</strong> · 2/3 cán bộ" in html)
    assert "0/0 cán bộ · Không có cán bộ trong phạm vi" in html  # no department leaders
    assert "Chỉ quản trị viên mới mở lại được kỳ đã chốt" in html
    assert "chưa kết thúc" not in html  # 2024 is over
    assert f'action="/reports/units/{ward.ward_a.id}/close"' in html
    assert 'name="csrf_token"' in html and 'name="year" type="hidden" value="2024"' in html
    # looking closes nothing
    assert stored_counts() == (0, 0, 0)
    # another ward's page does not exist for her
    assert client.get(confirm_url(ward.ward_b, 2024)).status_code == 404


def test_the_confirmation_of_the_current_year_warns_it_is_not_over(client, ward):
    make_user("org_a", "organizer", unit=ward.ward_a)
    login(client, "org_a")
    year = local_today().year
    html = client.get(confirm_url(ward.ward_a, year)).get_data(as_text=True)
    assert f"Kỳ này chưa kết thúc (đến 31/12/{year}): số liệu chốt hôm nay có thể còn thay đổi" \
        in html
    assert "<strong>33,3\u00a0%</strong> · 1/3 cán bộ" in html


def test_confirming_closes_the_period(client, ward):
    make_user("org_a", "organizer", unit=ward.ward_a)
    login(client, "org_a")
    response = post_form(client, f"/reports/units/{ward.ward_a.id}/close", {"year": "2024"},
                         form_url=confirm_url(ward.ward_a, 2024), follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == f"/reports/units/{ward.ward_a.id}"
    html = response.get_data(as_text=True)
    assert "Đã chốt kỳ báo cáo" in html and "data-closed=" in html
    assert "close-period" not in html  # nothing left to close
    assert stored_counts() == (1, 3, 1)
    # the closed period's confirmation page sends back to the report
    again = client.get(confirm_url(ward.ward_a, 2024), follow_redirects=True)
    assert again.request.path == f"/reports/units/{ward.ward_a.id}"
    assert "Kỳ báo cáo này đã được chốt." in again.get_data(as_text=True)


def test_a_future_year_cannot_be_closed_from_the_pages(client, ward):
    make_user("org_a", "organizer", unit=ward.ward_a)
    login(client, "org_a")
    year = local_today().year + 1
    dashboard = client.get(f"/reports/units/{ward.ward_a.id}?year={year}").get_data(as_text=True)
    assert "close-period" not in dashboard
    message = "Chưa thể chốt số liệu của kỳ chưa bắt đầu"
    page = client.get(confirm_url(ward.ward_a, year), follow_redirects=True)
    assert page.request.path == f"/reports/units/{ward.ward_a.id}"
    assert message in page.get_data(as_text=True)
    # a POST made anyway (an old tab, a crafted request) is refused the same way
    response = post_form(client, f"/reports/units/{ward.ward_a.id}/close",
                         {"year": str(year)}, form_url=confirm_url(ward.ward_a, 2024),
                         follow_redirects=True)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert stored_counts() == (0, 0, 0)


def test_a_double_tap_closes_once_and_says_it_is_already_closed(client, ward):
    make_user("org_a", "organizer", unit=ward.ward_a)
    login(client, "org_a")
    # the same form sent twice, as a second tap on the confirm button does
    token = csrf_token_from(client.get(confirm_url(ward.ward_a, 2024)).get_data(as_text=True))
    form = {"year": "2024", "half": "", "csrf_token": token}
    url = f"/reports/units/{ward.ward_a.id}/close"
    assert client.post(url, data=form).status_code == 302
    second = client.post(url, data=form, follow_redirects=True)
    assert second.status_code == 200
    assert second.request.path == f"/reports/units/{ward.ward_a.id}"
    assert "Kỳ báo cáo này đã được chốt." in second.get_data(as_text=True)
    assert stored_counts() == (1, 3, 1)


def test_two_closings_at_once_store_one_and_the_loser_gets_the_message(client, ward):
    make_user("org_a", "organizer", unit=ward.ward_a)
    login(client, "org_a")
    with closed_meanwhile(ward.ward_a, Period(2024)) as raced:
        response = post_form(client, f"/reports/units/{ward.ward_a.id}/close",
                             {"year": "2024"}, form_url=confirm_url(ward.ward_a, 2024),
                             follow_redirects=True)
    assert raced and response.status_code == 200
    assert response.request.path == f"/reports/units/{ward.ward_a.id}"
    assert "Kỳ báo cáo này đã được chốt." in response.get_data(as_text=True)
    # the other request's closing only; this one stored nothing
    assert stored_counts() == (1, 0, 0)


def test_reopening_an_open_period_is_refused_in_her_words(ward):
    closed = close_period(ward.ward_a, Period(2024), actor=None)
    reopen_period(closed, actor=None)
    with pytest.raises(DomainError) as refused:
        reopen_period(closed, actor=None)
    assert isinstance(refused.value, PeriodError)
    assert str(refused.value) == "Kỳ báo cáo này đang mở."
