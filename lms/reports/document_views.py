"""The unit's half-year or annual report as a Word document or a PDF, for its organizer."""


from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from lms import tasks
from lms.auth.decorators import organizer_required
from lms.core.http import or_404, private_attachment
from lms.jobs.pages import queue_and_follow
from lms.org.queries import count_subtree_cadres
from lms.org.scope import unit_in_scope
from lms.reports import reports_bp
from lms.reports.documents import MIMETYPES, document_name, render_report_document
from lms.reports.indicators.definitions import period_from
from lms.reports.links import dashboard_url

# A unit with up to this many cadres gets its document at once; a larger one is built by a
# worker, on a page she may leave. Measured on the 2-core machine (the synthetic city of
# `flask bench reports`, SQLite): a ward of 850 cadres builds in 0.42 s (Word) and 0.50 s
# (PDF); the city of 100,000 in 8.9 s and 12.9 s, mostly its annex of missing cadres. So
# 5,000 cadres answer in about 2-3 s; a district or the city goes to the queue.
DOCUMENT_AT_ONCE_CADRES = 5000


@reports_bp.route("/units/<int:unit_id>/report-document.<any(docx, pdf):fmt>")
@organizer_required
def report_document(unit_id, fmt):
    unit = or_404(unit_in_scope(current_user, unit_id))
    period = period_from(request.args)
    name = document_name(unit, period, fmt)
    if count_subtree_cadres(unit.id) > DOCUMENT_AT_ONCE_CADRES:
        title = _("Report document: %(unit)s, %(period)s (%(format)s)", unit=unit.name,
                  period=period.label, format=fmt.upper())
        return queue_and_follow(
            lambda **page: tasks.queue_report_document(
                unit, period, fmt, current_user, title=title, download_name=name, **page),
            dashboard_url(unit.id, period))
    data = render_report_document(unit.id, period, fmt)
    if data is None:
        abort(404)
    # Names of cadres who are missing: no shared cache may keep a copy.
    return private_attachment(data, MIMETYPES[fmt], name)
