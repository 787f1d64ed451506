"""The unit's half-year or annual report as a Word document or a PDF, for its organizer."""

import io

from flask import abort, request, send_file
from flask_login import current_user

from lms.auth.decorators import organizer_required
from lms.core.http import or_404
from lms.org.scope import unit_in_scope
from lms.reports import reports_bp
from lms.reports.documents import MIMETYPES, document_name, render_report_document
from lms.reports.indicators.definitions import period_from


@reports_bp.route("/units/<int:unit_id>/report-document.<any(docx, pdf):fmt>")
@organizer_required
def report_document(unit_id, fmt):
    unit = or_404(unit_in_scope(current_user, unit_id))
    period = period_from(request.args)
    # Built while the organizer waits: a ward's takes well under a second (see the report).
    data = render_report_document(unit.id, period, fmt)
    if data is None:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[fmt], as_attachment=True,
                         download_name=document_name(unit, period, fmt))
    # Names of cadres who are missing: no shared cache may keep a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response
