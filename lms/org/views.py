"""Organizer pages: the unit tree and the cadres of a scope."""

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.auth.decorators import admin_required, organizer_required
from lms.auth.queries import (
    get_account_status,
    get_cadres_without_password,
    may_manage_account,
)
from lms.auth.services import issue_codes_for_cadres, issue_one_time_code
from lms.core.clock import local_today
from lms.core.forms import select_choices
from lms.core.http import or_404
from lms.core.use_case import run
from lms.extensions import db
from lms.org import bp
from lms.org.forms import CadreFilterForm, CadreForm, UnitForm, UnitTargetForm, unit_label
from lms.org.queries import (
    cadre_list_query,
    count_subtree_cadres,
    find_units,
    get_cadre_history,
    get_children_with_counts,
    get_roots,
    get_unit_filter_choices,
    get_unit_paths,
    parse_cadre_filter,
)
from lms.org.scope import (
    cadre_in_scope,
    is_unit_in_scope,
    scope_root_id,
    scoped_ancestors,
    unit_in_scope,
)
from lms.org.services import create_unit_under, move_or_merge_unit, save_cadre, update_unit

# The unit page offers certificate ZIPs for this many most recent years (or all years).
CERTIFICATE_YEARS = 6


def _recent_years(count):
    this_year = local_today().year
    return range(this_year, this_year - count, -1)


@bp.route("/units")
@bp.route("/units/<int:unit_id>")
@organizer_required
def show_unit(unit_id=None):
    if unit_id is None:
        root_id = scope_root_id(current_user)
        if root_id is None:
            return render_template("org/roots.html", roots=get_roots())
        unit_id = root_id
    unit = or_404(unit_in_scope(current_user, unit_id))
    return render_template("org/unit.html", unit=unit,
                           breadcrumb=scoped_ancestors(current_user, unit),
                           children=get_children_with_counts(unit.id),
                           cadre_count=count_subtree_cadres(unit.id),
                           certificate_years=_recent_years(CERTIFICATE_YEARS))


@bp.route("/units/<int:unit_id>/new", methods=["GET", "POST"])
@organizer_required
def create_child_unit(unit_id):
    parent = or_404(unit_in_scope(current_user, unit_id))
    form = UnitForm()
    if form.validate_on_submit():
        ok, unit = run(lambda: create_unit_under(
            parent, form.code.data.strip(), form.name.data.strip(), form.kind.data,
            form.is_active.data, current_user), form)
        if ok:
            flash(_("Unit %(name)s created.", name=unit.name), "success")
            return redirect(url_for("org.show_unit", unit_id=unit.id))
    return render_template("org/unit_form.html", form=form, parent=parent, unit=None)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@organizer_required
def edit_unit(unit_id):
    unit = or_404(unit_in_scope(current_user, unit_id))
    form = UnitForm(obj=unit)
    form.code.render_kw = {"readonly": True}
    if form.validate_on_submit() and run(lambda: update_unit(
            unit, form.name.data.strip(), form.kind.data, form.is_active.data,
            actor=current_user))[0]:
        flash(_("Unit saved."), "success")
        return redirect(url_for("org.show_unit", unit_id=unit.id))
    return render_template("org/unit_form.html", form=form, parent=unit.parent, unit=unit)


@bp.route("/units/<int:unit_id>/<any(move, merge):action>", methods=["GET", "POST"])
@admin_required
def restructure_unit(unit_id, action):
    unit = or_404(unit_in_scope(current_user, unit_id))
    form = UnitTargetForm()
    if form.validate_on_submit():
        ok, target = run(lambda: move_or_merge_unit(
            unit, action, form.target_code.data.strip(), current_user), form)
        if ok:
            flash(_("Unit moved.") if action == "move" else _("Units merged."), "success")
            return redirect(url_for("org.show_unit", unit_id=target.id if action == "merge"
                                    else unit.id))
    return render_template("org/unit_restructure.html", form=form, unit=unit, action=action)


@bp.route("/units/suggest")
@organizer_required
def suggest_units():
    """The unit picker's type-ahead: the units of her scope matching ?q=, best first (at
    most UNIT_MATCHES), with their ward, as JSON."""
    matches, total = find_units(scope_root_id(current_user), request.args.get("q", "")[:100])
    response = jsonify(total=total, units=[
        {"code": unit.code, "name": unit.name, "context": path.context,
         "label": unit_label(unit)} for unit, path in matches])
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/cadres")
@organizer_required
def list_cadres():
    root_id = scope_root_id(current_user)
    filters = parse_cadre_filter(request.args)
    if filters.unit_id is not None and not is_unit_in_scope(root_id, filters.unit_id):
        abort(404)
    form = CadreFilterForm(request.args)
    form.unit.choices = select_choices([("", _("All my units"))] + [
        (str(unit.id), unit.name) for unit in get_unit_filter_choices(root_id, filters.unit_id)])
    page = db.paginate(cadre_list_query(root_id, filters), per_page=50, error_out=False)
    return render_template("org/cadres.html", form=form, page=page,
                           paths=get_unit_paths(cadre.unit_id for cadre in page.items))


@bp.route("/cadres/<int:cadre_id>")
@organizer_required
def show_cadre(cadre_id):
    cadre = or_404(cadre_in_scope(current_user, cadre_id))
    account = get_account_status(cadre.id)
    may_reset = account.user_id is None or may_manage_account(current_user, account.user_id)
    return render_template("org/cadre.html", cadre=cadre, history=get_cadre_history(cadre.id),
                           account=account, may_reset=may_reset,
                           breadcrumb=scoped_ancestors(current_user, cadre.unit))


def _cadre_data(form):
    fields = ("code", "full_name", "birth_year", "phone", "email", "position", "is_full_time",
              "is_key_cadre", "is_department_leader", "is_chair", "education", "is_active")
    data = {name: getattr(form, name).data for name in fields}
    data["code"] = data["code"].strip()
    data["phone"] = data["phone"] or None
    data["email"] = data["email"] or None
    return data


def _save_cadre_form(form, cadre=None):
    """Create or update the cadre from the form; (True, the cadre) once committed."""
    return run(lambda: save_cadre(_cadre_data(form), form.unit_code.data, current_user,
                                  cadre=cadre), form)


@bp.route("/cadres/new", methods=["GET", "POST"])
@organizer_required
def new_cadre():
    form = CadreForm(unit_code=request.args.get("unit_code", ""))
    if form.validate_on_submit():
        ok, cadre = _save_cadre_form(form)
        if ok:
            flash(_("Cadre %(name)s added.", name=cadre.full_name), "success")
            return redirect(url_for("org.show_cadre", cadre_id=cadre.id))
    return render_template("org/cadre_form.html", form=form, cadre=None)


@bp.route("/cadres/<int:cadre_id>/edit", methods=["GET", "POST"])
@organizer_required
def edit_cadre(cadre_id):
    cadre = or_404(cadre_in_scope(current_user, cadre_id))
    form = CadreForm(obj=cadre, unit_code=cadre.unit.code)
    if form.validate_on_submit() and _save_cadre_form(form, cadre)[0]:
        flash(_("Changes saved."), "success")
        return redirect(url_for("org.show_cadre", cadre_id=cadre.id))
    return render_template("org/cadre_form.html", form=form, cadre=cadre)


@bp.route("/cadres/<int:cadre_id>/one-time-code", methods=["POST"])
@organizer_required
def issue_code(cadre_id):
    cadre = or_404(cadre_in_scope(current_user, cadre_id))
    ok, code = run(lambda: issue_one_time_code(cadre, current_user,
                                               days=current_app.config["ONE_TIME_CODE_DAYS"]))
    if not ok:
        return redirect(url_for("org.show_cadre", cadre_id=cadre.id))
    return render_template("org/one_time_codes.html", slips=[(cadre, code)])


@bp.route("/units/<int:unit_id>/one-time-codes", methods=["POST"])
@organizer_required
def issue_unit_codes(unit_id):
    """Codes for every active cadre of the unit itself who has not set a password yet."""
    unit = or_404(unit_in_scope(current_user, unit_id))
    # It skips the accounts out of reach rather than refusing: run always answers ok here.
    _ok, (slips, skipped) = run(lambda: issue_codes_for_cadres(
        get_cadres_without_password(unit.id), current_user,
        days=current_app.config["ONE_TIME_CODE_DAYS"]))
    if skipped:
        flash(ngettext("%(num)s account holds a role at your level or above and got no code.",
                       "%(num)s accounts hold a role at your level or above and got no code.",
                       skipped), "warning")
    if not slips:
        flash(_("Every active cadre of this unit has already set a password."), "info")
        return redirect(url_for("org.show_unit", unit_id=unit.id))
    return render_template("org/one_time_codes.html", slips=slips, unit=unit)
