"""The dashboard pages: scope, figures, drill-down, statement count, closing and settings."""

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from lms.core.models import AuditLog
from lms.extensions import db, result_cache
from lms.reports.indicators.aggregation import INDICATORS_CACHE
from lms.reports.models import ClosedPeriod, ClosedUnitFigure, ReportSettings
from tests.conftest import count_statements, login, logout, post_form
from tests.factories import make_cadre, make_user
from tests.reports.helpers import d, in_person, online


def counts(html, indicator="annual_training"):
    """(numerator, denominator) of the indicator card, then of each child row."""
    attr = f'data-indicator="{indicator}"'
    found = re.findall(attr + r'[^>]*?data-numerator="(\d+)" data-denominator="(\d+)"', html,
                       re.S)
    cards = re.findall(attr + r'>.*?data-numerator="(\d+)" data-denominator="(\d+)"', html,
                       re.S)
    return [tuple(map(int, c)) for c in cards[:1]] + [tuple(map(int, c)) for c in found]


def test_organizer_sees_her_unit_and_children(client, data):
    make_user("org_a", "organizer", unit=data.ward_a)
    login(client, "org_a")
    response = client.get("/reports?year=2024")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # ward A: 3 active cadres, 2 trained in 2024; its one child branch A1: 2 cadres, 1 trained
    assert counts(html)[:2] == [(2, 3), (1, 2)]
    assert f'href="/reports/units/{data.branch_a1.id}?year=2024"' in html
    assert "<svg" in html and "style=" not in html
    assert f"/reports/units/{data.ward_a.id}/missing/annual_training" in html


def test_the_dashboard_writes_its_numbers_the_vietnamese_way(client, data):
    make_user("org_a", "organizer", unit=data.ward_a)
    login(client, "org_a")
    html = client.get("/reports?year=2024").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S))
    assert "66,7\u00a0%" in text and "2/3 cán bộ" in text
    assert "Chỉ tiêu: 100\u00a0%" in text
    # No decimal point and no per cent sign glued to its number anywhere a person reads.
    assert not re.search(r"\d\.\d|\d%", text), re.findall(r".{20}(?:\d\.\d|\d%).{5}", text)


def test_drill_down_and_breadcrumb_stop_at_scope_root(client, data):
    make_user("org_a", "organizer", unit=data.ward_a)
    login(client, "org_a")
    html = client.get(f"/reports/units/{data.group_a1a.id}?year=2024&half=1").get_data(
        as_text=True)
    # group: 1 cadre, untrained
    assert counts(html)[0] == (0, 1)
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert f"/reports/units/{data.ward_a.id}?" in crumbs
    assert f"/reports/units/{data.city.id}" not in crumbs
    assert 'data-half="1"' in html


def test_organizer_gets_404_for_a_sibling_ward(client, data):
    make_user("org_a", "organizer", unit=data.ward_a)
    login(client, "org_a")
    for url in (f"/reports/units/{data.ward_b.id}", f"/reports/units/{data.branch_b1.id}",
                f"/reports/units/{data.city.id}"):
        assert client.get(url).status_code == 404, url
    assert post_form(client, f"/reports/units/{data.ward_b.id}/close", {"year": "2024"},
                     form_url="/reports").status_code == 404
    assert client.get("/reports/units/999999").status_code == 404


def test_cadre_and_anonymous_are_kept_out(client, data):
    assert client.get("/reports").status_code in (302, 401)
    make_user("plain")
    login(client, "plain")
    assert client.get("/reports").status_code == 403
    assert client.get("/reports/settings").status_code == 403


def test_admin_sees_the_first_root(client, data):
    make_user("boss", "admin")
    login(client, "boss")
    html = client.get("/reports?year=2024").get_data(as_text=True)
    # city: 4 cadres, 2 trained; then the wards furthest below target first: ward B 0/1,
    # ward A 2/3
    assert counts(html)[:3] == [(2, 4), (0, 1), (2, 3)]


def test_bad_year_is_400(client, data):
    make_user("org_a", "organizer", unit=data.ward_a)
    login(client, "org_a")
    assert client.get("/reports?year=abc").status_code == 400


def _grow(org, n):
    from lms.org.services import create_unit
    for i in range(n):
        unit = create_unit(f"X{i}", f"Chi hội X{i}", "branch", parent=org.ward_a)
        db.session.commit()
        for _ in range(3):
            cadre = make_cadre(unit)
            online(cadre, "it", d("2024-05-05"))


def test_dashboard_statement_count_does_not_grow(client, data):
    make_user("org_a", "organizer", unit=data.ward_a)
    login(client, "org_a")
    url = f"/reports/units/{data.ward_a.id}?year=2024"
    client.get(url)
    # Computed afresh, not read from the cache the first request filled.
    result_cache.bump(INDICATORS_CACHE)
    with count_statements() as small:
        assert client.get(url).status_code == 200
    _grow(data, 5)
    with count_statements() as large:
        html = client.get(url).get_data(as_text=True)
    assert len(small) == len(large)
    # 3 + 15 cadres, 2 + 15 trained
    assert counts(html)[0] == (17, 18)


def test_close_then_change_then_reopen(client, data):
    org = data
    make_user("org_a", "organizer", unit=org.ward_a)
    login(client, "org_a")
    url_a = f"/reports/units/{org.ward_a.id}?year=2024"
    url_b1 = f"/reports/units/{org.branch_a1.id}?year=2024"
    response = post_form(client, f"/reports/units/{org.ward_a.id}/close",
                         {"year": "2024", "half": ""}, form_url=url_a)
    assert response.status_code == 302
    closed = db.session.scalar(select(ClosedPeriod))
    assert (closed.unit_id, closed.year, closed.half) == (org.ward_a.id, 2024, 0)
    stored = db.session.scalar(select(ClosedUnitFigure).where(
        ClosedUnitFigure.closed_period_id == closed.id,
        ClosedUnitFigure.unit_id == org.group_a1a.id))
    assert stored.parent_id == org.branch_a1.id and stored.code == org.group_a1a.code
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "report.close"))

    html = client.get(url_a).get_data(as_text=True)
    assert f'data-closed="{closed.id}"' in html and "Close this period" not in html
    assert counts(html)[:2] == [(2, 3), (1, 2)]
    # the years chart stars the closed year and says why
    assert ">2024*</text>" in html and ">2023</text>" in html
    assert "Năm đã chốt" in html

    # later changes: a new trained cadre in the branch, a late import for an old cadre,
    # and ward B's branch moved under ward A
    from lms.org.services import move_unit
    late = make_cadre(org.group_a1a)
    online(late, "association", d("2024-12-31"))
    in_person([c for c in db.session.scalars(select(type(late)).where(
        type(late).unit_id == org.group_a1a.id))], "digital", d("2024-10-10"), unit=org.ward_a)
    move_unit(org.branch_b1, org.ward_a)
    db.session.commit()

    assert counts(client.get(url_a).get_data(as_text=True))[:2] == [(2, 3), (1, 2)]
    # a descendant (branch A1: 2 cadres, 1 trained at closing) stands too
    html_b1 = client.get(url_b1).get_data(as_text=True)
    assert counts(html_b1)[0] == (1, 2) and "data-closed" in html_b1
    # the other half of the year is not closed
    assert "data-closed" not in client.get(url_a + "&half=1").get_data(as_text=True)

    # an organizer cannot reopen
    assert post_form(client, f"/reports/closed/{closed.id}/reopen", {}, form_url=url_a
                     ).status_code == 403

    make_user("boss", "admin")
    logout(client)
    login(client, "boss")
    response = post_form(client, f"/reports/closed/{closed.id}/reopen",
                         {"unit_id": str(org.ward_a.id)}, form_url=url_a)
    assert response.status_code == 302
    db.session.refresh(closed)
    assert closed.reopened_at is not None
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "report.reopen"))
    html = client.get(url_a).get_data(as_text=True)
    assert "data-closed" not in html
    # live: ward A now 3 + 1 new + ward B's branch cadre = 5; trained 2 + the new one (both
    # her trainings in 2024) + the group's older cadre (in-person 2024-10-10) = 4
    assert counts(html)[0] == (4, 5)
    assert counts(client.get(url_b1).get_data(as_text=True))[0] == (3, 3)


def test_settings_admin_only_and_saved(client, data):
    make_user("org_a", "organizer", unit=data.ward_a)
    login(client, "org_a")
    assert client.get("/reports/settings").status_code == 403
    logout(client)
    make_user("boss", "admin")
    login(client, "boss")
    assert client.get("/reports/settings").status_code == 200
    response = post_form(client, "/reports/settings", {
        "term_start": "2022-01-01", "term_end": "2026-12-31", "min_hours_per_year": "2"})
    assert response.status_code == 302
    saved = db.session.scalar(select(ReportSettings))
    assert float(saved.min_hours_per_year) == 2.0 and saved.term_end == date(2026, 12, 31)
    # each 2024 training is 1 hour: nobody reaches 2 hours -> 0 of 4 at the city
    html = client.get("/reports?year=2024").get_data(as_text=True)
    assert counts(html)[0] == (0, 4)
    comma = post_form(client, "/reports/settings", {
        "term_start": "2022-01-01", "term_end": "2026-12-31", "min_hours_per_year": "1,5"})
    assert comma.status_code == 302
    assert db.session.scalar(select(ReportSettings.min_hours_per_year)) == Decimal("1.5")
    assert 'value="1,5"' in client.get("/reports/settings").get_data(as_text=True)
    ambiguous = post_form(client, "/reports/settings", {
        "term_start": "2022-01-01", "term_end": "2026-12-31", "min_hours_per_year": "1,000"})
    assert ambiguous.status_code == 200
    assert 'id="min_hours_per_year-error"' in ambiguous.get_data(as_text=True)
    assert db.session.scalar(select(ReportSettings.min_hours_per_year)) == Decimal("1.5")
    bad = post_form(client, "/reports/settings", {
        "term_start": "2026-01-01", "term_end": "2022-12-31", "min_hours_per_year": ""})
    assert bad.status_code == 200
