"""The bell's unread count in the menu, the notifications page, and the send command."""

import re
from datetime import date

from sqlalchemy import select

from lms.extensions import db
from lms.learning.services import create_assignment
from lms.notifications.models import Notification
from tests.conftest import count_statements, login
from tests.factories import make_course
from tests.learning.helpers import make_learner


def _bell_count(html):
    match = re.search(r'class="bell">[^<]*'
                      r'(?:<span class="count"[^>]*>(\d+)</span>)?', html)
    assert match, "no bell in the menu"
    return int(match.group(1) or 0)


def _assign(unit, title, due=None):
    create_assignment(make_course(title), unit, due_date=due)
    db.session.commit()


def test_bell_counts_unread_and_the_page_marks_them_read(client, org):
    _cadre, user = make_learner(org.ward_a, username="mai")
    _assign(org.ward_a, "Chuyển đổi số", date(2026, 12, 31))
    _assign(org.ward_a, "Pháp luật")
    login(client, "mai")
    home = client.get("/").get_data(as_text=True)
    assert _bell_count(home) == 2

    page = client.get("/notifications").get_data(as_text=True)
    # Newest first, shown as new this once, with the course's one link.
    assert page.index("Pháp luật") < page.index("Chuyển đổi số")
    assert "Hạn hoàn thành: 31/12/2026" in page
    assert page.count("is-unread") == 2
    assert all(n.read_at is not None for n in db.session.scalars(select(Notification)))
    assert _bell_count(client.get("/").get_data(as_text=True)) == 0
    assert "is-unread" not in client.get("/notifications").get_data(as_text=True)


def test_the_bell_costs_one_statement(client, org):
    make_learner(org.ward_a, username="mai")
    login(client, "mai")
    with count_statements() as statements:
        client.get("/courses")
    assert len([s for s in statements if "FROM notification" in s]) == 1


def test_a_learner_sees_only_her_own(client, org):
    make_learner(org.ward_a, username="mai")
    make_learner(org.ward_b, username="lan")
    _assign(org.ward_b, "Chỉ cho phường B")
    login(client, "mai")
    page = client.get("/notifications").get_data(as_text=True)
    assert "Chỉ cho phường B" not in page
    assert "Bạn chưa có thông báo nào." in page


def test_the_list_is_paginated(client, org):
    make_learner(org.ward_a, username="mai")
    for n in range(21):
        _assign(org.ward_a, f"Khóa {n:02d}")
    login(client, "mai")
    first = client.get("/notifications").get_data(as_text=True)
    assert "Khóa 20" in first and "Khóa 00" not in first
    assert "Khóa 00" in client.get("/notifications?page=2").get_data(as_text=True)


def test_send_command_writes_reminders_and_delivers_them(app, org, smtp_inbox):
    from lms.core.clock import local_today

    make_learner(org.ward_a, email="hoa@example.vn")
    _assign(org.ward_a, "Kỹ năng số", local_today())
    result = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    assert "reminders=1 programmes=0 sessions=0 digests=0 sent=2 failed=0" in result.output
    assert [m["Subject"] for m in smtp_inbox] == ["Khóa học mới: Kỹ năng số",
                                                 "Hôm nay hết hạn: Kỹ năng số"]
    again = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert "reminders=0 programmes=0 sessions=0 digests=0 sent=0" in again.output
    assert len(smtp_inbox) == 2
