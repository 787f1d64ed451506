"""The organizers' weekly digest tells, for each of this year's published programmes that
applies to her unit, the done / overdue / due soon counts of her subtree (those of the
programme's report) with a link to that report; one statement per programme for all units.

On the hand-built city of tests/training/programme_helpers.py, Monday 23 November 2026:
the city's programme P (due 30/11) has a1 done and a2, a3, a4 (ward A), b1 (ward B) due soon;
ward A's programme Q (due 10/11, the same requirements) has a1 done and a2, a3, a4 overdue.
"""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.notifications.models import Notification
from lms.notifications.services import queue_digests
from lms.training.programmes.queries import get_programme_report
from tests.conftest import count_statements, login
from tests.factories import make_cadre, make_user
from tests.notifications.conftest import deliver_one_email
from tests.training.programme_helpers import build_city, make_programme

# Monday 23 November 2026, 09:00 in Hanoi: the default digest slot is Monday 07:00.
NOW = datetime(2026, 11, 23, 2, 0)
TODAY = date(2026, 11, 23)
P_TITLE, Q_TITLE = "Bồi dưỡng nghiệp vụ công tác Hội", "Kỹ năng số cho cán bộ phường"
BASE = "http://localhost:5000"


@pytest.fixture
def city(org):
    city = build_city(org)
    city.programme.title = P_TITLE
    city.ward_programme = make_programme(org.ward_a, city.courses, due=date(2026, 11, 10))
    city.ward_programme.title = Q_TITLE
    # Not in any digest: a draft, and last year's programme.
    make_programme(org.city, city.courses, publish=False)
    make_programme(org.ward_b, city.courses, year=2025, due=date(2025, 11, 30))
    db.session.commit()
    return city


def _digest(user):
    return db.session.scalars(select(Notification).where(
        Notification.kind == "digest", Notification.user_id == user.id)).one()


def _line(title, due, done, total, overdue, due_soon, programme, unit):
    return (f"“{title}” (hạn {due}): {done}/{total} cán bộ đã hoàn thành, {overdue} quá hạn, "
            f"{due_soon} sắp đến hạn. Báo cáo: "
            f"{BASE}/programmes/{programme.id}/report?unit_id={unit.id}")


def _report_line(title, programme, unit):
    counts = get_programme_report(programme, unit, TODAY).total.counts
    return _line(title, f"{programme.due_date:%d/%m/%Y}", counts["done"], sum(counts.values()),
                 counts["overdue"], counts["due_soon"], programme, unit)


def test_each_programme_of_her_unit_and_above_with_her_subtrees_counts(org, city):
    chair = make_user("org_city", "organizer", unit=org.city)
    ward_a = make_user("org_a", "organizer", unit=org.ward_a)
    ward_b = make_user("org_b", "organizer", unit=org.ward_b)
    branch = make_user("org_a1", "organizer", unit=org.branch_a1)
    assert queue_digests(NOW) == 4
    db.session.commit()
    p, q = city.programme, city.ward_programme
    expected = {
        # The city sees its own programme only (ward A's is below it).
        chair: [_line(P_TITLE, "30/11/2026", 1, 5, 0, 4, p, org.city)],
        # Ward A: its own programme (due first), then the city's.
        ward_a: [_line(Q_TITLE, "10/11/2026", 1, 4, 3, 0, q, org.ward_a),
                 _line(P_TITLE, "30/11/2026", 1, 4, 0, 3, p, org.ward_a)],
        ward_b: [_line(P_TITLE, "30/11/2026", 0, 1, 0, 1, p, org.ward_b)],
        # Branch A1 (a2, and a3 in its group): both programmes of the units above.
        branch: [_line(Q_TITLE, "10/11/2026", 0, 2, 2, 0, q, org.branch_a1),
                 _line(P_TITLE, "30/11/2026", 0, 2, 0, 2, p, org.branch_a1)],
    }
    units = {chair: org.city, ward_a: org.ward_a, ward_b: org.ward_b, branch: org.branch_a1}
    for user, lines in expected.items():
        body = _digest(user).body.split("\n")
        start = body.index("Chương trình bồi dưỡng năm 2026:")
        assert body[start + 1:] == lines
        # The same figures as the programme's report for her unit.
        titles = {p.id: P_TITLE, q.id: Q_TITLE}
        programmes = [q, p] if len(lines) == 2 else [p]
        assert lines == [_report_line(titles[item.id], item, units[user])
                         for item in programmes]


def test_the_link_opens_the_programme_report_of_her_unit(client, org, city):
    make_user("org_a", "organizer", unit=org.ward_a)
    queue_digests(NOW)
    db.session.commit()
    notice = db.session.scalars(select(Notification)).one()
    login(client, "org_a")
    for programme in (city.ward_programme, city.programme):
        path = f"/programmes/{programme.id}/report?unit_id={org.ward_a.id}"
        assert f"{BASE}{path}" in notice.body
        assert client.get(path).status_code == 200


def test_a_programme_with_no_cadre_in_her_subtree_is_left_out(org, city):
    # Chairs only: the city has none.
    make_programme(org.city, city.courses, only_chairs=True)
    user = make_user("org_b", "organizer", unit=org.ward_b)
    queue_digests(NOW)
    body = _digest(user).body
    assert body.count("Báo cáo: ") == 1


def test_no_programme_line_without_a_programme(org, city):
    city.programme.status = city.ward_programme.status = "draft"
    user = make_user("org_a", "organizer", unit=org.ward_a)
    queue_digests(NOW)
    assert "Chương trình bồi dưỡng" not in _digest(user).body


def test_in_english_for_an_organizer_who_reads_english(org, city):
    user = make_user("org_b", "organizer", unit=org.ward_b)
    user.locale = "en"
    queue_digests(NOW)
    lines = _digest(user).body.split("\n")
    assert lines[-2:] == [
        "Training programmes 2026:",
        f"“{P_TITLE}” (due 30/11/2026): 0 of 1 cadres done, 0 overdue, 1 due soon. Report: "
        f"{BASE}/programmes/{city.programme.id}/report?unit_id={org.ward_b.id}"]


def _programme_statements(statements):
    return [sql for sql in statements if "programme" in sql]


def test_one_statement_per_programme_for_all_units(org, city):
    for name, unit in (("org_city", org.city), ("org_a", org.ward_a), ("org_b", org.ward_b)):
        make_user(name, "organizer", unit=unit)
    db.session.expire_all()
    with count_statements() as statements:
        assert queue_digests(NOW) == 3
    db.session.rollback()
    for name, unit in (("org_a1", org.branch_a1), ("org_a1a", org.group_a1a),
                       ("org_b1", org.branch_b1), ("org_b_2", org.ward_b)):
        make_user(name, "organizer", unit=unit)
    db.session.expire_all()
    with count_statements() as more:
        assert queue_digests(NOW) == 7
    # Which programmes apply, with their requirements and courses (3), then one count per
    # programme (P and Q): the same for three units or six.
    assert len(_programme_statements(statements)) == len(_programme_statements(more)) == 5


def test_the_digest_email_has_the_programme_lines(org, city, smtp_inbox):
    cadre = make_cadre(org.ward_a, email="lan@example.vn")
    make_user("org_a", "organizer", unit=org.ward_a, cadre=cadre)
    queue_digests(NOW)
    _mail, message, _signature = deliver_one_email(smtp_inbox, NOW)
    # Lan is a fifth cadre of ward A now (no training: due soon in P, overdue in Q).
    p, q = city.programme, city.ward_programme
    assert _line(Q_TITLE, "10/11/2026", 1, 5, 4, 0, q, org.ward_a) in message
    assert _line(P_TITLE, "30/11/2026", 1, 5, 0, 4, p, org.ward_a) in message
