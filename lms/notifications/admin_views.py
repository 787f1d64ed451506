"""The admin's notification settings: when the organizers' digest goes out, and the switch
that turns a new kind's email on for the accounts older than the kind."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import admin_required
from lms.core.clock import utcnow
from lms.core.use_case import run
from lms.notifications import notifications_bp
from lms.notifications.forms import DigestScheduleForm, KindSwitchForm
from lms.notifications.kinds import KINDS, NEW_KINDS
from lms.notifications.queries import (
    get_kind_settings,
    get_kind_switchers,
    get_notification_settings,
)
from lms.notifications.services import switch_kind_email, update_digest_schedule


@notifications_bp.route("/admin/notifications", methods=["GET", "POST"])
@admin_required
def admin_settings():
    form = DigestScheduleForm(obj=get_notification_settings())
    if form.validate_on_submit():
        ok, _saved = run(lambda: update_digest_schedule(
            form.digest_weekday.data, form.digest_hour.data, current_user, utcnow()), form)
        if ok:
            flash(_("Notification settings saved."), "success")
            return redirect(url_for("notifications.admin_settings"))
    settings = get_kind_settings()
    return render_template("notifications/admin.html", form=form, settings=settings,
                           kinds=[KINDS[name] for name in NEW_KINDS],
                           switchers=get_kind_switchers(settings), switch_form=KindSwitchForm())


@notifications_bp.post("/admin/notifications/kinds/<kind>")
@admin_required
def switch_kind(kind):
    if kind not in NEW_KINDS:
        abort(404)
    form = KindSwitchForm()
    if not form.validate_on_submit() or form.on.data not in ("0", "1"):
        abort(400)
    on = form.on.data == "1"
    ok, _setting = run(lambda: switch_kind_email(kind, on, current_user, utcnow()))
    if ok:
        flash(_("Emails of “%(kind)s” now go to every account that has not turned them off.",
                kind=KINDS[kind].label) if on else
              _("Emails of “%(kind)s” go again only to accounts created after it was added.",
                kind=KINDS[kind].label), "success")
    return redirect(url_for("notifications.admin_settings"))
