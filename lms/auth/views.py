"""Sign-in, first sign-in with a one-time code, passwords and role grants."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth import bp
from lms.auth.forms import ActivateForm, ChangePasswordForm, GrantRoleForm, LoginForm
from lms.auth.models import ROLE_LABELS, RoleGrant
from lms.auth.queries import find_cadre_by_login, find_user_by_login, role_grants_query
from lms.auth.services import (
    AuthError,
    activate_with_code,
    authenticate,
    change_password,
    grant_role,
    revoke_role,
)
from lms.core.forms import select_choices
from lms.core.permissions import is_unit_in_scope, roles_required, scope_root_id
from lms.extensions import db, limiter
from lms.org.queries import get_unit_by_code


def _login_key():
    """Rate-limit key for one account, whatever address the attempts come from."""
    return "login:" + (request.form.get("login") or "").strip().lower()


def _safe_next(target):
    return target if target and target.startswith("/") and not target.startswith("//") else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_login_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user_by_login(form.login.data)
        if authenticate(user, form.password.data):
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("core.home"))
        form.password.errors.append(_("Wrong sign-in name or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/activate", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_login_key)
def activate():
    form = ActivateForm()
    if form.validate_on_submit():
        cadre = find_cadre_by_login(form.login.data)
        try:
            if cadre is None:
                raise AuthError(_("The code is wrong or has expired. "
                                  "Ask your organizer for a new one."))
            user = activate_with_code(cadre, form.one_time_code.data, form.new_password.data)
        except AuthError as error:
            form.one_time_code.errors.append(str(error))
        else:
            login_user(user)
            flash(_("Your password is set. Welcome!"), "success")
            return redirect(url_for("core.home"))
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
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("core.home"))
    return render_template("auth/change_password.html", form=form)


def _grantable_roles(user):
    roles = ["trainer", "organizer"]
    return roles + ["admin"] if user.is_admin else roles


@bp.route("/accounts/roles", methods=["GET", "POST"])
@roles_required("organizer", "admin")
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
            grant_role(user, form.role.data, unit if form.role.data == "organizer" else None,
                       current_user)
            flash(_("Role granted to %(name)s.", name=user.display_name), "success")
            return redirect(url_for("auth.list_users"))
    grants = db.paginate(role_grants_query(root_id), per_page=50, error_out=False)
    return render_template("auth/roles.html", form=form, grants=grants, role_labels=ROLE_LABELS)


@bp.route("/accounts/roles/<int:grant_id>/revoke", methods=["POST"])
@roles_required("organizer", "admin")
def revoke_role_view(grant_id):
    root_id = scope_root_id(current_user)
    grant = db.get_or_404(RoleGrant, grant_id)
    user = grant.user
    if root_id is not None and (grant.role == "admin" or user.cadre is None
                                or not is_unit_in_scope(root_id, user.cadre.unit_id)):
        abort(404)
    revoke_role(grant, current_user)
    flash(_("Role removed."), "success")
    return redirect(url_for("auth.list_users"))
