"""Certificates: download, public verification (of programme certificates too), a unit's
certificates as a ZIP."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms import tasks
from lms.auth.decorators import organizer_required
from lms.core.http import or_404, private_attachment
from lms.core.use_case import run
from lms.core.years import year_arg
from lms.extensions import limiter
from lms.feedback.queries import survey_before_certificate
from lms.jobs.pages import queue_and_follow
from lms.learning import certificates_bp as bp
from lms.learning.certificates.codes import is_programme_code, normalise_code
from lms.learning.certificates.files import (
    build_certificates_zip,
    certificate_filename,
    zip_filename,
)
from lms.learning.certificates.pdf import render_certificate_pdf
from lms.learning.certificates.queries import (
    count_unit_certificates,
    get_certificate,
    get_unit_certificates,
    get_valid_certificate,
)
from lms.learning.certificates.service import record_download
from lms.org.scope import is_self_or_in_scope, unit_in_scope
from lms.training.programmes.queries import get_valid_programme_certificate

# Up to this many certificates the ZIP is built in the request; more are written to a file by
# a worker, on a page she may leave. Each PDF takes 72 ms of CPU to build (mostly font
# subsetting; 185-250 ms on the clock while the 2-core machine ran other work), so 10 answer
# in under a second, or about 2 s on a busy machine; a ward's hundreds would hold a web worker
# for a minute.
ZIP_AT_ONCE = 10


def _downloadable_or_404(code):
    """(certificate, unit name) if the signed-in user may download it; otherwise 404."""
    certificate, unit_name = get_certificate(code)
    # Someone else's certificate answers like a missing one, so codes cannot be probed.
    if (certificate is None or certificate.is_revoked
            or not is_self_or_in_scope(current_user, certificate.completion.cadre)):
        abort(404)
    return certificate, unit_name


@bp.route("/certificates/<code>.pdf")
@login_required
def download(code):
    certificate, unit_name = _downloadable_or_404(code)
    completion = certificate.completion
    # A course whose survey comes first: the learner answers it, then the download goes on.
    # Organizers downloading for her (one by one or as a unit's ZIP) never wait.
    if current_user.cadre_id == completion.cadre_id and (
            survey := survey_before_certificate(completion.course_id, completion.cadre_id)):
        flash(_("Please answer the feedback survey first; your certificate follows."), "info")
        return redirect(url_for("feedback.answer", survey_id=survey.id, next=request.path))
    pdf = render_certificate_pdf(certificate, unit_name)
    run(lambda: record_download(certificate))
    return private_attachment(pdf, "application/pdf", certificate_filename(certificate))


@bp.route("/verify")
def verify_form():
    typed = request.args.get("code", "").strip()
    if not typed:
        return render_template("certificates/verify_form.html")
    code = normalise_code(typed)
    if code is None:
        # Not even shaped like a code: say so here, without a database lookup.
        return render_template("certificates/invalid.html", code=typed), 404
    return redirect(url_for("certificates.verify", code=code))


@bp.route("/verify/<code>")
# Verification is public: limiting the codes not found per client address makes guessing
# hopeless (31^12 codes), while an employer checking many real certificates is never held up.
@limiter.limit(lambda: current_app.config["VERIFY_LIMIT_PER_ADDRESS"],
               deduct_when=lambda response: response.status_code == 404)
def verify(code):
    # The code's shape says which kind of certificate it is (see codes.py).
    normal = normalise_code(code)
    if normal is not None and is_programme_code(normal):
        completion = get_valid_programme_certificate(normal)
        if completion is not None:
            return render_template("certificates/verify_programme.html", completion=completion)
    elif (certificate := get_valid_certificate(code)) is not None:
        return render_template("certificates/verify.html", completion=certificate.completion)
    return render_template("certificates/invalid.html", code=code), 404


@bp.route("/org/units/<int:unit_id>/certificates.zip")
@organizer_required
def unit_zip(unit_id):
    unit = or_404(unit_in_scope(current_user, unit_id))
    year = year_arg(request.args)
    count = count_unit_certificates(unit.id, year)
    if not count:
        flash(_("No certificates to download for this unit."), "info")
        return redirect(url_for("org.show_unit", unit_id=unit.id))
    name = zip_filename(unit, year)
    if count <= ZIP_AT_ONCE:
        return private_attachment(build_certificates_zip(get_unit_certificates(unit.id, year)),
                           "application/zip", name)
    title = (_("Certificates of %(unit)s, %(year)s", unit=unit.name, year=year) if year
             else _("Certificates of %(unit)s", unit=unit.name))
    return queue_and_follow(
        lambda **page: tasks.queue_certificates_zip(
            unit, year, current_user, title=title, download_name=name, **page),
        url_for("org.show_unit", unit_id=unit.id))
