"""The migration that brings notification kinds: each reminder choice becomes a choice of the
kind "reminder", the new kinds are recorded as introduced at the upgrade, and back."""

from sqlalchemy import text

from config import TestConfig
from lms import create_app
from lms.extensions import db
from lms.notifications.kinds import NEW_KINDS
from lms.notifications.queries import get_email_choices
from tests.test_migrations import empty_database_url  # noqa: F401 (the fixture)

BEFORE = "c4e1a7d93b20"


def test_reminder_choices_move_to_one_row_per_kind_and_back(empty_database_url):  # noqa: F811
    from flask_migrate import downgrade, upgrade

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for user_id, wanted in ((1, False), (2, True), (3, None)):
                conn.execute(text(
                    "INSERT INTO \"user\" (id, username, display_name, is_active_account, "
                    "created_at) VALUES (:id, :name, 'x', true, '2026-01-01 00:00:00')"),
                    {"id": user_id, "name": f"u{user_id}"})
                if wanted is not None:
                    conn.execute(text(
                        "INSERT INTO email_preference (user_id, reminders_by_email, updated_at) "
                        "VALUES (:id, :wanted, '2026-06-01 00:00:00')"),
                        {"id": user_id, "wanted": wanted})
        upgrade()
        with db.engine.connect() as conn:
            choices = conn.execute(text(
                "SELECT user_id, kind, by_email FROM email_choice ORDER BY user_id")).all()
            kinds = conn.execute(text(
                "SELECT kind FROM notification_kind_setting WHERE switched_on_at IS NULL "
                "ORDER BY kind")).scalars().all()
        assert [tuple(row) for row in choices] == [(1, "reminder", False), (2, "reminder", True)]
        assert kinds == sorted(NEW_KINDS)
        # Accounts older than the upgrade: reminders as they chose, the new kinds off.
        assert get_email_choices(1, ["reminder", "digest"]) == {"reminder": False,
                                                                "digest": False}
        assert get_email_choices(3, ["reminder", "completed"]) == {"reminder": True,
                                                                   "completed": False}
        db.session.remove()
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT user_id, reminders_by_email FROM email_preference ORDER BY user_id")).all()
        assert [tuple(row) for row in rows] == [(1, False), (2, True)]
        downgrade(revision="base")
        db.engine.dispose()


def test_programme_reminders_come_by_email_only_to_accounts_made_after_the_upgrade(
        empty_database_url):  # noqa: F811
    from flask_migrate import downgrade, upgrade

    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="e5c2a9f0b7d1")
        with db.engine.begin() as conn:
            for user_id, created in ((1, "2026-01-01 00:00:00"), (2, "2999-01-01 00:00:00")):
                conn.execute(text(
                    "INSERT INTO \"user\" (id, username, display_name, is_active_account, "
                    "created_at) VALUES (:id, :name, 'x', true, :created)"),
                    {"id": user_id, "name": f"u{user_id}", "created": created})
        upgrade()
        # Older than the upgrade: in the app only; an account made after it: by email too.
        assert get_email_choices(1, ["programme_reminder", "reminder"]) == {
            "programme_reminder": False, "reminder": True}
        assert get_email_choices(2, ["programme_reminder"]) == {"programme_reminder": True}
        db.session.remove()
        downgrade(revision="e5c2a9f0b7d1")
        with db.engine.connect() as conn:
            kinds = conn.execute(text("SELECT kind FROM notification_kind_setting")).scalars()
            assert "programme_reminder" not in set(kinds)
        downgrade(revision="base")
        db.engine.dispose()
