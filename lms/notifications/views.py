"""The notifications page, the bell's count in the menu, and the email settings page."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.core.clock import utcnow
from lms.core.http import or_404
from lms.core.use_case import run
from lms.extensions import db
from lms.notifications import notifications_bp
from lms.notifications.forms import email_settings_form
from lms.notifications.kinds import kinds_for
from lms.notifications.queries import (
    count_unread,
    get_email_choices,
    get_notifications_query,
    get_user,
)
from lms.notifications.services import mark_read, set_email_choices
from lms.notifications.texts import email_settings_path, user_of_settings_token


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
    return render_template("notifications/list.html", page=page, unread=unread,
                           settings_path=email_settings_path(current_user.id))


@notifications_bp.route("/notifications/email/<token>", methods=["GET", "POST"])
def email_settings(token):
    # The link in every email: signed for one user, it opens without signing in.
    user = or_404(get_user(or_404(user_of_settings_token(token))))
    kinds = kinds_for(user)
    optional = [kind for kind in kinds if kind.optional_email]
    form = email_settings_form(optional)
    if form.validate_on_submit():
        wanted = {kind.name: form[kind.name].data for kind in optional}
        ok, _changed = run(lambda: set_email_choices(user.id, wanted, utcnow()))
        if ok:
            flash(_("Your email settings are saved."), "success")
            return redirect(url_for("notifications.email_settings", token=token))
    elif request.method == "GET":
        for kind, wanted in get_email_choices(user.id, [k.name for k in optional]).items():
            form[kind].data = wanted
    return render_template("notifications/email_settings.html", form=form, optional=optional,
                           always=[kind for kind in kinds if not kind.optional_email])
