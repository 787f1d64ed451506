"""Organizer pages for importing units and cadres from a spreadsheet, and its templates."""

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms import tasks
from lms.auth.decorators import organizer_required
from lms.core.forms import ImportForm
from lms.core.http import or_404
from lms.core.use_case import run, run_import
from lms.jobs.queries import get_job
from lms.org import bp
from lms.org.imports import (
    CADRE_COLUMNS,
    UNIT_COLUMNS,
    import_cadres,
    import_units,
    template_file,
)
from lms.org.imports.common import ImportResult
from lms.org.scope import scope_root_id

# kind -> (importer, columns, page title, where to go after a successful import)
IMPORTS = {
    "cadres": (import_cadres, CADRE_COLUMNS, _l("Import cadres"), "org.list_cadres"),
    "units": (import_units, UNIT_COLUMNS, _l("Import units"), "org.show_unit"),
}
TEMPLATE_NAMES = {"cadres": "mau-nhap-can-bo", "units": "mau-nhap-don-vi"}


@bp.route("/import/cadres", methods=["GET", "POST"], endpoint="import_cadres",
          defaults={"kind": "cadres"})
@bp.route("/import/units", methods=["GET", "POST"], endpoint="import_units",
          defaults={"kind": "units"})
@organizer_required
def import_file(kind):
    importer, columns, title, next_endpoint = IMPORTS[kind]
    form = ImportForm()
    if kind in tasks.IMPORTERS:
        # Imported by a worker: the page follows the job, then shows the outcome.
        if form.validate_on_submit():
            ok, job = run(lambda: tasks.queue_import(kind, form.file.data, current_user,
                                                     scope_root_id(current_user)))
            if ok:
                return redirect(url_for("org.import_progress", job_id=job.id))
        return render_template("org/import.html", form=form, kind=kind, title=title,
                               columns=columns, errors=None, filename=None)
    done, errors = run_import(form, importer, actor=current_user,
                              scope_root_id=scope_root_id(current_user))
    if done:
        return redirect(url_for(next_endpoint))
    return render_template("org/import.html", form=form, kind=kind, title=title,
                           columns=columns, errors=errors,
                           filename=form.file.data.filename if errors else None)


@bp.route("/import/jobs/<job_id>")
@organizer_required
def import_progress(job_id):
    job = or_404(get_job(job_id))
    if job.requested_by_id != current_user.id or not job.kind.startswith("import_"):
        abort(404)
    kind = job.params["kind"]
    _importer, columns, title, next_endpoint = IMPORTS[kind]
    outcome = job.result or {}
    if job.status == "done" and "errors" not in outcome:
        if "refused" in outcome:
            flash(outcome["refused"], "error")
            return redirect(url_for(f"org.import_{kind}"))
        flash(str(ImportResult(**outcome).summary()), "success")
        return redirect(url_for(next_endpoint))
    if job.status == "done":
        return render_template("org/import.html", form=ImportForm(), kind=kind, title=title,
                               columns=columns, errors=outcome["errors"],
                               filename=job.params["filename"])
    return render_template("org/import_progress.html", job=job, kind=kind, title=title)


@bp.route("/import/template/<any(cadres, units):kind>.<any(csv, xlsx):fmt>")
@organizer_required
def import_template(kind, fmt):
    data, mimetype = template_file(kind, fmt)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{TEMPLATE_NAMES[kind]}.{fmt}")
