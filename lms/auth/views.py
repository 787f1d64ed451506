"""Sign-in, first sign-in with a one-time code, passwords and role grants."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth import bp
from lms.auth.decorators import admin_required, organizer_required
from lms.auth.forms import ActivateForm, ChangePasswordForm, GrantRoleForm, LoginForm
from lms.auth.models import ROLE_LABELS, RoleGrant
from lms.auth.queries import (
    find_cadre_by_login,
    find_user_by_login,
    get_manageable_user_ids,
    get_usernames,
    role_grants_query,
    sign_in_account_key,
)
from lms.auth.services import (
    AuthError,
    activate_with_code,
    authenticate,
    change_password,
    grant_role,
    revoke_role,
    sign_in,
    sign_out_everywhere_else,
)
from lms.auth.sessions import count_other_sessions, end_session
from lms.core.forms import select_choices
from lms.core.queries import audit_log_query
from lms.core.urls import safe_next_path
from lms.extensions import db, limiter
from lms.org.queries import get_unit_by_code
from lms.org.scope import is_unit_in_scope, scope_root_id


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
        user = find_user_by_login(form.login.data)
        if authenticate(user, form.password.data):
            sign_in(user)
            login_user(user)
            return redirect(safe_next_path(request.args.get("next")) or url_for("learning.home"))
        form.password.errors.append(_("Wrong sign-in name or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_session(current_user)
        db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/activate", methods=["GET", "POST"])
@_per_address
@_per_account
def activate():
    form = ActivateForm()
    if form.validate_on_submit():
        cadre = find_cadre_by_login(form.login.data)
        try:
            user = activate_with_code(cadre, form.one_time_code.data, form.new_password.data)
        except AuthError as error:
            form.one_time_code.errors.append(str(error))
        else:
            login_user(user)
            flash(_("Your password is set. Welcome!"), "success")
            return redirect(url_for("learning.home"))
    return render_template("auth/activate.html", form=form)


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_view():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except AuthError as error:
            form.current_password.errors.append(str(error))
        else:
            flash(_("Your password has been changed. Every other device has been signed out."),
                  "success")
            return redirect(url_for("learning.home"))
    return render_template("auth/change_password.html", form=form,
                           other_sessions=count_other_sessions(current_user))


@bp.route("/sessions/sign-out-elsewhere", methods=["POST"])
@login_required
def sign_out_elsewhere():
    sign_out_everywhere_else(current_user)
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
        user = find_user_by_login(form.username.data)
        unit = get_unit_by_code(form.unit_code.data.strip()) if form.unit_code.data else None
        in_scope = user is not None and (root_id is None or (
            user.cadre is not None and is_unit_in_scope(root_id, user.cadre.unit_id)))
        if not in_scope:
            form.username.errors.append(_("No account with that name in your units."))
        elif form.role.data == "organizer" and (
                unit is None or not is_unit_in_scope(root_id, unit.id)):
            form.unit_code.errors.append(_("Enter the code of a unit inside your scope."))
        else:
            try:
                grant_role(user, form.role.data,
                           unit if form.role.data == "organizer" else None, current_user)
            except AuthError as error:
                db.session.rollback()
                getattr(form, error.field or "username").errors.append(str(error))
            else:
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
    grant = db.get_or_404(RoleGrant, grant_id)
    try:
        revoke_role(grant, current_user)
    except AuthError:
        # Out of reach answers like a missing grant, so grants cannot be probed.
        abort(404)
    flash(_("Role removed."), "success")
    return redirect(url_for("auth.list_users"))


@bp.route("/admin/audit")
@admin_required
def audit_log():
    prefix = request.args.get("action", "")[:40]
    entries = db.paginate(audit_log_query(prefix), per_page=50, error_out=False)
    actors = get_usernames({entry.actor_id for entry in entries.items})
    return render_template("auth/audit.html", entries=entries, actors=actors, prefix=prefix)
