"""The notifications page and the bell's count in the menu."""

from flask import render_template
from flask_login import current_user, login_required

from lms.core.clock import utcnow
from lms.core.use_case import run
from lms.extensions import db
from lms.notifications import notifications_bp
from lms.notifications.queries import count_unread, get_notifications_query
from lms.notifications.services import mark_read


@notifications_bp.app_context_processor
def inject_unread_count():
    """The bell's number, one COUNT, only on pages of a signed-in user (the menu's)."""
    if not current_user or not current_user.is_authenticated:
        return {}
    return {"unread_notifications": count_unread(current_user.id)}


@notifications_bp.route("/notifications")
@login_required
def list_notifications():
    page = db.paginate(get_notifications_query(current_user.id), per_page=20, error_out=False)
    # Opening the page reads them: shown as new this once, then the bell no longer counts them.
    unread = {notification.id for notification in page.items if notification.read_at is None}
    run(lambda: mark_read(current_user.id, unread, utcnow()))
    return render_template("notifications/list.html", page=page, unread=unread)
