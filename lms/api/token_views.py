"""The page where organizers and admins make and revoke their own API tokens, and the
admins' review of every account's active tokens."""

from flask import Blueprint, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.api.auth import create_token, revoke_token
from lms.api.forms import TokenForm
from lms.api.queries import get_token, get_user_token, list_active_tokens, list_user_tokens
from lms.auth.decorators import admin_required, organizer_required
from lms.core.http import or_404
from lms.core.use_case import run

tokens_bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


@tokens_bp.route("/", methods=["GET", "POST"])
@organizer_required
def list_tokens():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        _ok, new_token = run(lambda: create_token(current_user, form.name.data))
        form = TokenForm(formdata=None)
    response = make_response(render_template(
        "api/tokens.html", form=form, new_token=new_token,
        tokens=list_user_tokens(current_user.id)))
    # The new token is in this page only: keep it out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@tokens_bp.post("/<int:token_id>/revoke")
@organizer_required
def revoke(token_id):
    token = or_404(get_user_token(current_user.id, token_id))
    run(lambda: revoke_token(token, current_user))
    flash(_("The token has been revoked; it no longer works."), "success")
    return redirect(url_for("tokens.list_tokens"))


@tokens_bp.get("/all")
@admin_required
def all_tokens():
    return render_template("api/all_tokens.html", rows=list_active_tokens())


@tokens_bp.post("/all/<int:token_id>/revoke")
@admin_required
def revoke_any(token_id):
    """An admin cuts off a token of any account (a leaked token, a cadre who left)."""
    token = or_404(get_token(token_id))
    run(lambda: revoke_token(token, current_user))
    flash(_("The token has been revoked; it no longer works."), "success")
    return redirect(url_for("tokens.all_tokens"))
