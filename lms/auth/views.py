"""Sign-in, first sign-in with a one-time code, passwords and role grants."""

import hashlib
import hmac

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms import tasks
from lms.auth import bp
from lms.auth.decorators import admin_required, organizer_required
from lms.auth.forms import (
    ActivateForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    GrantRoleForm,
    LoginForm,
    OrganizerSearchForm,
    ResetPasswordForm,
)
from lms.auth.models import ROLE_LABELS
from lms.auth.queries import (
    find_cadre_by_login,
    find_user_by_login,
    get_grant_in_reach,
    get_manageable_user_ids,
    get_nearest_organizers,
    get_usernames,
    role_grants_query,
    sign_in_account_key,
)
from lms.auth.services import (
    RESET_LINK_HOURS,
    AuthError,
    activate_with_code,
    change_password,
    check_password_reset,
    grant_role_by_name,
    reset_password,
    revoke_role,
    sign_in,
    sign_out_everywhere_else,
)
from lms.auth.sessions import count_other_sessions, end_session
from lms.core.forms import select_choices
from lms.core.http import or_404
from lms.core.queries import audit_log_query
from lms.core.urls import safe_next_path
from lms.core.use_case import run
from lms.extensions import db, limiter
from lms.jobs.errors import JobNotQueued
from lms.org.queries import find_units_by_name
from lms.org.scope import scope_root_id


def _account_key():
    """Rate-limit key for one account, whichever of its names is typed, from any address."""
    return sign_in_account_key(request.form.get("login"))


def _failed(response):
    # Only failed attempts use the budget: a correct sign-in redirects, a refusal shows the
    # form again (200) or a stale form (400). A 429 is the limit itself.
    return response.status_code not in (302, 429)


# Sign-in and first sign-in share one budget per account and one per client address.
_per_address = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], scope="sign-in-address",
    methods=["POST"], deduct_when=_failed)
_per_account = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], scope="sign-in-account",
    methods=["POST"], key_func=_account_key, deduct_when=_failed)


@bp.route("/login", methods=["GET", "POST"])
@_per_address
@_per_account
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learning.home"))
    form = LoginForm()
    if form.validate_on_submit():
        ok, user = run(lambda: sign_in(find_user_by_login(form.login.data),
                                       form.password.data), form)
        if ok:
            login_user(user)
            return _on_this_phone(user, redirect(safe_next_path(request.args.get("next"))
                                                 or url_for("learning.home")))
    return render_template("auth/login.html", form=form)


# What a phone keeps of an account to learn offline (pages, the queue of answers not sent yet:
# static/js/sw.js) is the account's alone. Signing out clears it, and so does another account
# signing in on the same browser (this cookie names, as a keyed hash, the last one).
PHONE_COOKIE = "phone_account"
CLEAR_PHONE = '"cache", "storage"'


def _phone_mark(user):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"phone-account:{user.id}".encode(), hashlib.sha256).hexdigest()[:32]


def _on_this_phone(user, response):
    """The sign-in `response`, clearing what the browser keeps of another account."""
    mark = _phone_mark(user)
    if request.cookies.get(PHONE_COOKIE, mark) != mark:
        response.headers["Clear-Site-Data"] = CLEAR_PHONE
    response.set_cookie(PHONE_COOKIE, mark, max_age=365 * 24 * 3600, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        run(lambda: end_session(current_user))
    logout_user()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("auth.login"))
    # The pages kept on this phone and what waits to be sent go with her account.
    response.headers["Clear-Site-Data"] = CLEAR_PHONE
    return response


@bp.route("/activate", methods=["GET", "POST"])
@_per_address
@_per_account
def activate():
    form = ActivateForm()
    if form.validate_on_submit():
        cadre = find_cadre_by_login(form.login.data)
        ok, user = run(lambda: activate_with_code(cadre, form.one_time_code.data,
                                                  form.new_password.data), form)
        if ok:
            login_user(user)
            flash(_("Your password is set. Welcome!"), "success")
            # Back where sign-in was asked for (a check-in code she scanned, say).
            return _on_this_phone(user, redirect(safe_next_path(request.args.get("next"))
                                                 or url_for("learning.home")))
    return render_template("auth/activate.html", form=form)


# Reset requests count every POST (each may send an email), per account and per address.
_reset_per_address = limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_ADDRESS"],
                                   scope="reset-address", methods=["POST"])
_reset_per_account = limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_ACCOUNT"],
                                   scope="reset-account", methods=["POST"],
                                   key_func=_account_key)
ORGANIZERS_SHOWN = 10


@bp.route("/password/forgot", methods=["GET", "POST"])
@_reset_per_address
@_reset_per_account
def forgot_password():
    """Ask for a reset link. The answer is the same for every name: the lookup (does the
    account exist, has it an address?) happens on the queue, never in this request."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            tasks.queue_password_reset(form.login.data)
        except JobNotQueued:
            flash(_("The link could not be sent just now. Please try again in a few minutes."),
                  "error")
        else:
            return render_template("auth/forgot_sent.html", hours=RESET_LINK_HOURS,
                                   search=OrganizerSearchForm(formdata=None))
    return render_template("auth/forgot.html", form=form, search=OrganizerSearchForm(formdata=None))


@bp.route("/password/organizers")
@limiter.limit(lambda: current_app.config["ORGANIZER_SEARCH_LIMIT_PER_ADDRESS"],
               scope="organizer-search")
def find_organizer():
    """Whom to ask for a new code: units found by name, each with the organizers of the
    unit or of its nearest unit above that has one. Says nothing about any account."""
    form = OrganizerSearchForm(request.args)
    term = (form.q.data or "")[:100]
    units = find_units_by_name(term, limit=ORGANIZERS_SHOWN) if term.strip() else []
    return render_template("auth/organizers.html", form=form, units=units,
                           organizers=get_nearest_organizers(unit.id for unit in units))


def _no_referrer(response):
    # The token is in the address: never pass it on to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/password/reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
def reset_password_view(token):
    """Set a new password from an emailed link; opening it changes nothing (mail scanners
    open links), only the form does, once."""
    form = ResetPasswordForm()
    try:
        check_password_reset(token)
    except AuthError as refused:
        return _no_referrer(make_response(render_template(
            "auth/reset_refused.html", message=str(refused)), 410))
    if form.validate_on_submit() and run(lambda: reset_password(token, form.new_password.data),
                                         form)[0]:
        logout_user()
        flash(_("Your new password is set. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return _no_referrer(make_response(render_template("auth/reset_password.html", form=form)))


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_view():
    form = ChangePasswordForm()
    if form.validate_on_submit() and run(lambda: change_password(
            current_user, form.current_password.data, form.new_password.data), form)[0]:
        flash(_("Your password has been changed. Every other device has been signed out."),
              "success")
        return redirect(url_for("learning.home"))
    return render_template("auth/change_password.html", form=form,
                           other_sessions=count_other_sessions(current_user))


@bp.route("/sessions/sign-out-elsewhere", methods=["POST"])
@login_required
def sign_out_elsewhere():
    run(lambda: sign_out_everywhere_else(current_user))
    flash(_("Every other device has been signed out."), "success")
    return redirect(url_for("auth.change_password"))


def _grantable_roles(user):
    # Trainers write the whole catalogue and admins run everything: only an admin grants them.
    return ["trainer", "organizer", "admin"] if user.is_admin else ["organizer"]


@bp.route("/accounts/roles", methods=["GET", "POST"])
@organizer_required
def list_users():
    root_id = scope_root_id(current_user)
    form = GrantRoleForm()
    form.role.choices = select_choices(
        [(role, ROLE_LABELS[role]) for role in _grantable_roles(current_user)])
    if form.validate_on_submit():
        ok, user = run(lambda: grant_role_by_name(form.username.data, form.role.data,
                                                  form.unit_code.data, current_user), form)
        if ok:
            flash(_("Role granted to %(name)s.", name=user.display_name), "success")
            return redirect(url_for("auth.list_users"))
    grants = db.paginate(role_grants_query(root_id), per_page=50, error_out=False)
    manageable = get_manageable_user_ids(current_user, {grant.user_id for grant in grants.items})
    return render_template("auth/roles.html", form=form, grants=grants, role_labels=ROLE_LABELS,
                           manageable=manageable)


@bp.route("/accounts/roles/<int:grant_id>/revoke", methods=["POST"])
@organizer_required
def revoke_role_view(grant_id):
    scope_root_id(current_user)  # an organizer without a unit gets 403
    # Out of reach answers like a missing grant, so grants cannot be probed.
    grant = or_404(get_grant_in_reach(current_user, grant_id))
    run(lambda: revoke_role(grant, current_user))
    flash(_("Role removed."), "success")
    return redirect(url_for("auth.list_users"))


@bp.route("/admin/audit")
@admin_required
def audit_log():
    prefix = request.args.get("action", "")[:40]
    entries = db.paginate(audit_log_query(prefix), per_page=50, error_out=False)
    actors = get_usernames({entry.actor_id for entry in entries.items})
    return render_template("auth/audit.html", entries=entries, actors=actors, prefix=prefix)
