"""The queue's task definitions: thin wrappers that call services.

Every task runs in an app context and commits through `run_in_task`: a failure rolls back and
propagates, and Huey retries it with a growing delay. Each job is recorded in the job table
(lms.jobs) under a uuid made before it is queued, so a retry of a finished job does nothing
and a job that fails for good keeps its error.
"""

import traceback
from dataclasses import asdict

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from huey import crontab
from huey.consumer import Consumer
from sqlalchemy.exc import IntegrityError

from lms.auth.models import User
from lms.auth.queries import find_user_by_login
from lms.auth.services import RESET_LINK_HOURS, issue_password_reset
from lms.core.clock import local_today, utcnow
from lms.core.decimals import format_count
from lms.core.errors import DomainError, ImportClash, ImportRejected
from lms.core.spreadsheets import write_spreadsheet_file
from lms.core.use_case import run_in_task
from lms.extensions import db, result_cache, task_queue
from lms.jobs import services as jobs
from lms.jobs.errors import JobNotQueued, JobNotRetryable
from lms.jobs.files import (
    file_result,
    is_kept,
    keep_upload,
    reading_upload,
    writing_job_file,
)
from lms.jobs.queries import find_done_jobs, find_unfinished_job
from lms.learning.certificates.files import write_certificates_zip
from lms.learning.certificates.queries import count_unit_certificates, get_unit_certificates
from lms.notifications import services as notifications
from lms.notifications.channels import (
    email_of,
    mail_configured,
    password_reset_message,
    send_email,
)
from lms.notifications.texts import in_language
from lms.org.imports import import_cadres, import_units
from lms.org.models import Unit
from lms.reports.closing import PeriodError, check_can_close, close_period
from lms.reports.documents import MIMETYPES as DOCUMENT_MIMETYPES
from lms.reports.documents import write_report_document
from lms.reports.exports import MISSING_BATCH, missing_table, render_to_file
from lms.reports.indicators.aggregation import INDICATORS_CACHE
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.missing import count_missing
from lms.training.imports import import_attendance
from lms.training.programmes.models import Programme
from lms.training.programmes.queries import PROGRAMME_SHEET, programme_cadres_table
from lms.training.programmes.services import award_year_certificates

# Retries after the first attempt, the first after RETRY_DELAY seconds, each next one twice
# as long: 30 s, 1 min, 2 min.
RETRIES = 3
RETRY_DELAY = 30
RETRY_BACKOFF = 2

# Every queued task by kind (to queue a failed one again) and every periodic one.
TASKS = {}
PERIODIC = {}
# What the admin's queue page calls each kind of job.
LABELS = {}


def _describe(error):
    return "".join(traceback.format_exception(error)).strip()


def _finish(job_id, result):
    """Record the job done and tell whoever asked for it (in the same transaction)."""
    job = jobs.finish_job(job_id, result)
    if job.requested_by_id is not None:
        notifications.notify_job_finished(job, utcnow())
    return job


def _run_job(func, job_id, params, last_attempt):
    """Run one attempt of a recorded job: skip it when done, record the outcome."""
    if run_in_task(lambda: jobs.start_job(job_id)) is None:
        return  # already done: a retry or a second delivery of a finished job
    try:
        # The work, the record that it is done and the notice of it commit together.
        run_in_task(lambda: _finish(job_id, func(job_id, **params)))
    except Exception as error:
        why = _describe(error)
        run_in_task(lambda: jobs.record_failure(job_id, why, final=last_attempt))
        raise


def job_task(kind, label=None, retries=RETRIES, retry_delay=RETRY_DELAY):
    """Make `func(job_id, **params) -> result (JSON)` a queued task named `kind`."""

    def decorator(func):
        LABELS[kind] = label or kind
        @task_queue.task(retries=retries, retry_delay=retry_delay, retry_backoff=RETRY_BACKOFF,
                         name=kind, context=True)
        def queued(job_id, params, task=None):
            with task_queue.app_context():
                _run_job(func, job_id, params, last_attempt=task.retries == 0)

        TASKS[kind] = queued
        return queued

    return decorator


def periodic_job(kind, label, schedule):
    """Make `func(job_id) -> result` a periodic task, each run recorded as a job of `kind`."""

    def decorator(func):
        LABELS[kind] = label
        # No retries: the next run comes on schedule.
        @task_queue.periodic_task(schedule, name=kind)
        def queued():
            with task_queue.app_context():
                job = run_in_task(lambda: jobs.record_job(kind, {}, periodic=True))
                _run_job(func, job.id, {}, last_attempt=True)

        PERIODIC[kind] = queued
        return queued

    return decorator


def _send(job):
    try:
        TASKS[job.kind](job.id, job.params)
    except Exception as error:
        # Redis down, disk full: the job stays recorded (failed, with why) to be run again.
        why = _describe(error)
        run_in_task(lambda: jobs.mark_not_queued(job.id, why))
        raise JobNotQueued() from error


def enqueue(kind, params, requested_by=None, still_good=None):
    """Record a job and queue it; JobNotQueued (the job kept as failed) when the queue is down.
    The same request again from the same user while the first waits or runs (a double tap)
    gets the first one back; so does one whose finished job `still_good(job)` accepts (its
    file made from inputs that have not changed since)."""
    if requested_by is not None:
        waiting = find_unfinished_job(kind, requested_by.id, params)
        if waiting is not None:
            return waiting
        if still_good is not None:
            done = next((job for job in find_done_jobs(kind, requested_by.id, params)
                         if still_good(job)), None)
            if done is not None:
                return done
    # Committed before it is queued, so that a worker always finds the record.
    job = run_in_task(lambda: jobs.record_job(kind, params, requested_by))
    _send(job)
    return job


def retry(job_id):
    """Queue a failed job again under the same id."""

    def requeue():
        job = jobs.requeue_job(job_id)
        if job.kind not in TASKS:
            raise JobNotRetryable()
        return job

    job = run_in_task(requeue)
    _send(job)
    return job


def record_progress(job_id, done, total, message):
    """Commit how far a job got (`done` of `total`, and the line the page shows) at once, in
    a transaction of its own: the job's own one stays open (a cursor streaming its rows).
    For jobs that write nothing but their file: on SQLite, uncommitted writes of the job
    would lock this one out (closing a period, atomic, records none)."""
    # A new app context has a session, and so a connection and a transaction, of its own.
    with current_app.app_context():
        run_in_task(lambda: jobs.set_progress(job_id, 100 * done // max(total, 1), message))


def reporting_progress(job_id, items, total, every, message):
    """Yield `items`, recording progress each `every` items once the one before was used
    (written to the file); `message(done, total)` is the line the page shows."""
    for done, item in enumerate(items, 1):
        yield item
        if done % every == 0 and done < total:
            record_progress(job_id, done, total, message(done, total))


def make_consumer(workers=2, periodic=None):
    """A Huey consumer with `workers` threads; only with `periodic` (by default
    LMS_WORKER_PERIODIC) does it schedule the periodic jobs."""
    if periodic is None:
        periodic = current_app.config["WORKER_PERIODIC"]
    return task_queue.create_consumer(workers=workers, worker_type="thread", periodic=periodic,
                                      max_delay=5.0)


class InProcessConsumer(Consumer):
    """A consumer inside another program (the demo's web server), which keeps its signals."""

    def _set_signal_handlers(self):
        pass


def start_in_process(workers=1, periodic=True):
    """Start a consumer's threads beside the caller and return it (stop it with .stop())."""
    consumer = InProcessConsumer(task_queue, workers=workers, worker_type="thread",
                                 periodic=periodic, max_delay=5.0)
    consumer.start()
    return consumer


# --- Imports ---

IMPORTERS = {"cadres": import_cadres, "units": import_units, "attendance": import_attendance}


def queue_import(kind, upload, requested_by, scope_root_id):
    """Store an uploaded (validated) file and queue its import; return the job."""
    path = keep_upload(upload, "import")
    return enqueue(f"import_{kind}", {"kind": kind, "path": path, "filename": upload.filename,
                                      "actor_id": requested_by.id,
                                      "scope_root_id": scope_root_id}, requested_by)


def _import_file(kind, path, filename, actor_id, scope_root_id):
    """Import the stored file all or nothing; a refused file is a result (its problems)."""
    try:
        with reading_upload(path) as local, open(local or path, "rb") as stream:
            result = IMPORTERS[kind](stream, filename, actor=db.session.get(User, actor_id),
                                     scope_root_id=scope_root_id)
            db.session.flush()
    except DomainError as refused:
        # Nothing of it is kept (a refused file writes nothing; a clash is undone).
        db.session.rollback()
        if isinstance(refused, ImportRejected):
            # Shown by row, as on the import page.
            return {"errors": [{"row": error.row, "column": error.column,
                                "message": str(error.message)} for error in refused.errors]}
        return {"refused": str(refused)}
    except IntegrityError:
        # Another import or edit wrote one of the same codes first.
        db.session.rollback()
        return {"refused": str(ImportClash())}
    # The counts, for the page to word the summary in the reader's language.
    counts = asdict(result)
    del counts["timings"]
    return counts


@job_task("import_cadres", _l("Import cadres"), retries=2)
def import_cadres_file(_job_id, **params):
    """Import a stored file of cadres."""
    return _import_file(**params)


@job_task("import_units", _l("Import units"), retries=2)
def import_units_file(_job_id, **params):
    """Import a stored file of units."""
    return _import_file(**params)


@job_task("import_attendance", _l("Import attendance"), retries=2)
def import_attendance_file(_job_id, **params):
    """Import a stored file of training sessions and their attendees."""
    return _import_file(**params)


# --- Forgotten passwords ---

def queue_password_reset(login):
    """Queue the reset email for whatever account `login` names. The request that asks
    only queues it, whatever the name: its answer and its work are the same whether or not
    the account exists or has an address; the worker looks it up."""
    return enqueue("password_reset_email", {"login": (login or "").strip()[:200]})


@job_task("password_reset_email", _l("Password reset email"), retries=2)
def send_password_reset(_job_id, login):
    """Email a reset link to the account `login` names, if it is active and has an address;
    a failed send rolls the link back, and the retry makes a new one."""
    user = find_user_by_login(login)
    if user is None or not user.is_active or not email_of(user) or not mail_configured():
        return {"sent": False}
    token = issue_password_reset(user, utcnow())
    link = f"{current_app.config['BASE_URL']}/password/reset/{token}"
    send_email(password_reset_message(user, link, RESET_LINK_HOURS))
    return {"sent": True}


# --- Exports, ZIPs and closings of large subtrees: each has a page at /jobs/<id>. ---

# Progress is recorded every so many rows or PDFs: often enough for a page refreshed every
# 2 s (the city's list writes ~10,000 rows a second), rarely enough to cost nothing.
ROWS_PER_PROGRESS = 5000
PDFS_PER_PROGRESS = 25


def _rows_message(done, total):
    return _("%(done)s of %(total)s rows", done=format_count(done), total=format_count(total))


def _pdfs_message(done, total):
    return _("%(done)s of %(total)s certificates", done=format_count(done),
             total=format_count(total))


def queue_missing_export(unit, indicator, period, fmt, requested_by, *, title, download_name,
                         again_url, locale):
    """Queue the file of the whole missing list; its page is /jobs/<id>. The same list asked
    for again by the same organizer while nothing it is made from has changed (the indicator
    inputs' cache version) is the file already written."""
    return enqueue("export_missing", {
        "unit_id": unit.id, "indicator": indicator, "year": period.year,
        "half": bool(period.half), "fmt": fmt, "download_name": download_name,
        "locale": locale, "title": title, "again_url": again_url}, requested_by,
        still_good=_made_from_current_inputs)


def _made_from_current_inputs(job):
    version = result_cache.version(INDICATORS_CACHE)
    return (version is not None and (job.result or {}).get("inputs_version") == version
            and is_kept(job))


@job_task("export_missing", _l("Missing list export"))
def export_missing_file(job_id, unit_id, indicator, year, half, fmt, download_name, locale,
                        **_page):
    """Write the whole missing list to the job's file, streaming rows from the database."""
    # Read before the rows: a write committed meanwhile makes this file old, not stale-new.
    inputs_version = result_cache.version(INDICATORS_CACHE)
    unit = db.session.get(Unit, unit_id)
    period = Period(year, half)
    total = count_missing(unit.id, indicator, period)
    with in_language(locale), writing_job_file(job_id, fmt) as path:
        table = missing_table(unit, indicator, period, batch=MISSING_BATCH)
        table.rows = reporting_progress(job_id, table.rows, total, ROWS_PER_PROGRESS,
                                        _rows_message)
        mimetype = render_to_file(table, fmt, path)
    return file_result(job_id, fmt, download_name, mimetype, rows=total,
                       inputs_version=inputs_version)


def queue_certificates_zip(unit, year, requested_by, *, title, download_name, again_url,
                           locale):
    """Queue the ZIP of a unit's certificates; its page is /jobs/<id>."""
    return enqueue("certificates_zip", {
        "unit_id": unit.id, "year": year, "download_name": download_name, "locale": locale,
        "title": title, "again_url": again_url}, requested_by)


@job_task("certificates_zip", _l("Certificates ZIP"))
def certificates_zip_file(job_id, unit_id, year, download_name, locale, **_page):
    """Write the ZIP of the unit's certificates to the job's file, one PDF at a time."""
    total = count_unit_certificates(unit_id, year)
    with in_language(locale), writing_job_file(job_id, "zip") as path:
        rows = reporting_progress(job_id, get_unit_certificates(unit_id, year), total,
                                  PDFS_PER_PROGRESS, _pdfs_message)
        written = write_certificates_zip(rows, path)
    return file_result(job_id, "zip", download_name, "application/zip", certificates=written)


def queue_close_period(unit, period, actor, *, title, next_url, locale, again_url=None):
    """Queue the closing of a large subtree's period, refusing now what the job would."""
    check_can_close(unit, period)
    return enqueue("close_period", {
        "unit_id": unit.id, "year": period.year, "half": bool(period.half),
        "actor_id": actor.id, "locale": locale, "title": title, "next_url": next_url,
        "again_url": again_url}, actor)


@job_task("close_period", _l("Close a report period"))
def close_period_job(_job_id, unit_id, year, half, actor_id, locale, next_url, **_page):
    """Close the period (all at once, audited); a period that got closed meanwhile (another
    closing, a retry) is an outcome to show, not a failure to retry."""
    unit = db.session.get(Unit, unit_id)
    try:
        closed = close_period(unit, Period(year, half), db.session.get(User, actor_id))
    except PeriodError as refused:
        with in_language(locale):
            return {"closed": False, "message": str(refused), "next_url": next_url}
    return {"closed": True, "closed_period_id": closed.id, "next_url": next_url}


def queue_report_document(unit, period, fmt, requested_by, *, title, download_name,
                          again_url, locale):
    """Queue the unit's report document (Word or PDF); its page is /jobs/<id>."""
    return enqueue("report_document", {
        "unit_id": unit.id, "year": period.year, "half": bool(period.half), "fmt": fmt,
        "download_name": download_name, "locale": locale, "title": title,
        "again_url": again_url}, requested_by)


@job_task("report_document", _l("Report document"))
def report_document_file(job_id, unit_id, year, half, fmt, download_name, **_page):
    """Write the unit's report document to the job's file (always in Vietnamese)."""
    with writing_job_file(job_id, fmt) as path:
        if not write_report_document(unit_id, Period(year, half), fmt, path):
            raise LookupError(f"no unit {unit_id}")
    return file_result(job_id, fmt, download_name, DOCUMENT_MIMETYPES[fmt])


def queue_programme_export(programme, unit, status, fmt, requested_by, *, title, download_name,
                           again_url, locale):
    """Queue the file of a programme's cadres in a unit's subtree; its page is /jobs/<id>."""
    return enqueue("export_programme", {
        "programme_id": programme.id, "unit_id": unit.id, "status": status, "fmt": fmt,
        "download_name": download_name, "locale": locale, "title": title,
        "again_url": again_url}, requested_by)


@job_task("export_programme", _l("Programme export"))
def export_programme_file(job_id, programme_id, unit_id, status, fmt, download_name, locale,
                          **_page):
    """Write the programme's cadres (with what each lacks) to the job's file."""
    programme, unit = db.session.get(Programme, programme_id), db.session.get(Unit, unit_id)
    with in_language(locale), writing_job_file(job_id, fmt) as path:
        titles, header, rows = programme_cadres_table(programme, unit, local_today(), status)
        mimetype = write_spreadsheet_file(path, fmt, header, rows, PROGRAMME_SHEET, titles)
    return file_result(job_id, fmt, download_name, mimetype, rows=len(rows))


# --- Periodic jobs. Enabled on one worker only (flask worker --periodic). ---

@periodic_job("purge_expired_files", _l("Delete job files older than a day and old job records"),
              crontab(minute="17"))
def purge_expired_files(_job_id):
    """Delete the files jobs wrote more than a day ago, and the records of old jobs."""
    now = utcnow()
    return {"deleted": jobs.purge_expired_files(current_app.config["JOB_FILES_FOLDER"], now),
            "deleted_stored": jobs.purge_stored_files(now),
            "jobs_deleted": jobs.purge_old_jobs(now)}


# Reminders are counted in Vietnam days, so once an hour is soon enough; delivery runs every
# five minutes. Both are idempotent (one reminder per step and enrolment, each delivery
# claimed once), so a late or repeated run sends nothing twice.
@periodic_job("queue_due_reminders", _l("Write the reminders that are due"),
              crontab(minute="5"))
def queue_reminders(_job_id):
    """Write the learners' reminders due now (before a due date, on it, weekly overdue), those
    of their yearly programmes and the day-before notices of training sessions."""
    now = utcnow()
    return {"written": notifications.queue_due_reminders(now),
            "programmes": notifications.queue_programme_reminders(now),
            "sessions": notifications.queue_session_reminders(now)}


# Every hour, so that the digest goes out at the admin's hour or, after a missed hour, later
# that day; it writes once per organizer, unit and week.
@periodic_job("queue_digests", _l("Write the organizers' weekly digests"),
              crontab(minute="10"))
def queue_digests(_job_id):
    """Write the organizers' weekly digest when its day and hour have come."""
    return {"written": notifications.queue_digests(utcnow())}


@periodic_job("deliver_pending", _l("Send the notifications waiting to go out"),
              crontab(minute="*/5"))
def deliver_notifications(_job_id):
    """Send every pending notification once, in the app and by email."""
    return notifications.deliver_pending(utcnow())


# Certificates are issued at once when a cadre's training is recorded and when a programme
# is published; this hourly sweep issues those earned any other way (a cadre moved into the
# unit or given a flag, a session's hours edited). Idempotent: a repeat issues nothing twice.
@periodic_job("award_programme_certificates",
              _l("Issue the programme certificates cadres have earned"), crontab(minute="35"))
def award_programme_certificates(_job_id):
    """Issue every certificate earned in this year's published programmes."""
    return {"issued": award_year_certificates(local_today().year)}
