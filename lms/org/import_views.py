"""Organizer pages for importing units and cadres from a spreadsheet, and its templates."""

import io

from flask import redirect, render_template, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms import tasks
from lms.auth.decorators import organizer_required
from lms.core.forms import ImportForm
from lms.core.use_case import run
from lms.jobs.imports import follow_import
from lms.org import bp
from lms.org.imports import (
    CADRE_COLUMNS,
    UNIT_COLUMNS,
    template_file,
)
from lms.org.imports.common import ImportResult
from lms.org.scope import scope_root_id

# kind -> (columns, page title, where to go after a successful import)
IMPORTS = {
    "cadres": (CADRE_COLUMNS, _l("Import cadres"), "org.list_cadres"),
    "units": (UNIT_COLUMNS, _l("Import units"), "org.show_unit"),
}
TEMPLATE_NAMES = {"cadres": "mau-nhap-can-bo", "units": "mau-nhap-don-vi"}


@bp.route("/import/cadres", methods=["GET", "POST"], endpoint="import_cadres",
          defaults={"kind": "cadres"})
@bp.route("/import/units", methods=["GET", "POST"], endpoint="import_units",
          defaults={"kind": "units"})
@organizer_required
def import_file(kind):
    columns, title, _next = IMPORTS[kind]
    form = ImportForm()
    # Imported by a worker: the page follows the job, then shows the outcome.
    if form.validate_on_submit():
        ok, job = run(lambda: tasks.queue_import(kind, form.file.data, current_user,
                                                 scope_root_id(current_user)))
        if ok:
            return redirect(url_for("org.import_progress", job_id=job.id))
    return render_template("org/import.html", form=form, kind=kind, title=title,
                           columns=columns, errors=None, filename=None)


@bp.route("/import/jobs/<job_id>")
@organizer_required
def import_progress(job_id):
    return follow_import(job_id, IMPORTS, title=lambda kind: IMPORTS[kind][1],
                         again_url=lambda kind: url_for(f"org.import_{kind}"),
                         next_url=lambda kind: url_for(IMPORTS[kind][2]),
                         show_errors=_import_page, result_class=lambda _kind: ImportResult)


def _import_page(kind, errors, filename):
    columns, title, _next = IMPORTS[kind]
    return render_template("org/import.html", form=ImportForm(), kind=kind, title=title,
                           columns=columns, errors=errors, filename=filename)


@bp.route("/import/template/<any(cadres, units):kind>.<any(csv, xlsx):fmt>")
@organizer_required
def import_template(kind, fmt):
    data, mimetype = template_file(kind, fmt)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{TEMPLATE_NAMES[kind]}.{fmt}")
