"""Writes for notifications: the outbox rows of events and reminders, and their delivery.

A notification is written in the transaction of its event, so a rolled-back event leaves
none. Its dedupe key is unique per recipient and the insert skips existing keys, so two
workers or a retried job write each notification once. Deliveries are claimed with a
conditional UPDATE (and SKIP LOCKED on PostgreSQL) before sending, so none is sent twice.
"""

import smtplib
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import String, and_, cast, exists, literal, or_, select, update
from sqlalchemy.orm import joinedload

from lms.auth.models import RoleGrant, User
from lms.catalog.models import Course
from lms.core.audit import record_audit
from lms.core.clock import local_date
from lms.core.writes import insert_ignoring_duplicates, insert_or_update
from lms.extensions import db
from lms.learning.models import Assignment, Enrollment
from lms.notifications.channels import CHANNELS
from lms.notifications.digest import (
    digest_key,
    digest_slot,
    get_digest_figures,
    get_digest_recipients,
)
from lms.notifications.kinds import KINDS
from lms.notifications.models import (
    DigestSnapshot,
    EmailChoice,
    Notification,
    NotificationDelivery,
    NotificationKindSetting,
)
from lms.notifications.queries import get_email_choices, get_notification_settings
from lms.notifications.texts import (
    assigned_text,
    certificate_link,
    completed_text,
    course_link,
    dashboard_link,
    digest_text,
    home_link,
    in_language,
    job_done_text,
    job_link,
    programme_reminder_text,
    reminder_text,
    session_link,
    session_tomorrow_text,
)
from lms.org.models import Cadre, Unit
from lms.org.queries import subtree_ids
from lms.training.models import TrainingSession
from lms.training.programmes.queries import (
    cadre_statuses,
    get_programmes_due_between,
    lacking_text,
)

# Days before the due date of each reminder; a missed run catches up within the step's
# window (at 5 days left the 7-day reminder still goes out, saying 5 days).
REMINDER_STEPS = ((7, "7d"), (3, "3d"), (1, "1d"), (0, "0d"))
# A programme's overdue notice goes out the day after its due date; a scheduler that was down
# catches up for this many days, after which nobody is told late that she is late.
PROGRAMME_OVERDUE_DAYS = 7
# A failing channel is tried this many times in all, one try per run.
MAX_ATTEMPTS = 3


def write_notifications(kind, rows, at):
    """Write the notifications `rows` (dicts: user_id, dedupe_key, subject, body, link),
    skipping keys the recipient already has, and plan one delivery per channel that
    reaches her; returns how many notifications were new."""
    if not rows:
        return 0
    # Core, not the ORM's bulk insert: RETURNING gives back only the rows really inserted.
    written = db.session.connection().execute(
        insert_ignoring_duplicates(Notification).returning(Notification.id),
        [{**row, "kind": kind, "created_at": at} for row in rows]).all()
    for channel in CHANNELS:
        _plan_deliveries(channel, kind, at)
    return len(written)


def _plan_deliveries(channel, kind, at):
    """INSERT ... SELECT a delivery for this channel of every notification written at `at`
    that has none yet; a channel delivered by writing it is recorded as sent."""
    has_one = exists().where(NotificationDelivery.notification_id == Notification.id,
                             NotificationDelivery.channel == channel.name)
    status = "sent" if channel.immediate else "pending"
    rows = (
        select(Notification.id, literal(channel.name, String), literal(status, String),
               literal(0), literal(at if channel.immediate else None))
        .join(User, User.id == Notification.user_id)
        .outerjoin(Cadre, Cadre.id == User.cadre_id)
        .where(Notification.created_at == at, Notification.kind == kind, ~has_one,
               channel.reach_condition(kind)))
    db.session.execute(insert_ignoring_duplicates(NotificationDelivery).from_select(
        ["notification_id", "channel", "status", "attempts", "sent_at"], rows))


def _render(rows, text_of):
    """Notification rows with subject and body rendered in each recipient's language."""
    rendered = []
    for row in rows:
        with in_language(row.locale):
            subject, body = text_of(row)
        rendered.append({"user_id": row.user_id, "dedupe_key": row.dedupe_key,
                         "subject": subject, "body": body, "link": course_link(row.slug)})
    return rendered


def _learner_rows(*columns):
    """Unfinished enrollments of active cadres with an account, with the course."""
    return (
        select(User.id.label("user_id"), User.locale, Course.title, Course.slug,
               Enrollment.id.label("enrollment_id"), Enrollment.due_date, *columns)
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .join(Cadre, Cadre.id == Enrollment.cadre_id)
        .join(User, User.cadre_id == Cadre.id)
        .where(Enrollment.completed_at.is_(None), Cadre.is_active.is_(True),
               User.is_active_account.is_(True)))


def notify_assigned(at, assignment_id=None, unit_id=None):
    """Tell each learner an active assignment enrolled (one assignment, or those of a
    subtree's cadres) that she has the course, once per enrollment and assignment."""
    key = (literal("assigned:") + cast(Enrollment.id, String) + literal(":")
           + cast(Enrollment.assignment_id, String))
    told = exists().where(Notification.user_id == User.id, Notification.dedupe_key == key)
    query = (_learner_rows(key.label("dedupe_key"))
             .join(Assignment, and_(Assignment.id == Enrollment.assignment_id,
                                    Assignment.withdrawn_at.is_(None)))
             .where(~told))
    if assignment_id is not None:
        query = query.where(Enrollment.assignment_id == assignment_id)
    if unit_id is not None:
        query = query.where(Cadre.unit_id.in_(subtree_ids(unit_id)))
    rows = db.session.execute(query).all()
    return write_notifications(
        "assigned", _render(rows, lambda row: assigned_text(row.title, row.due_date)), at)


def reminder_step(due, today):
    """The reminder due today for a course due on `due`: "7d", "3d", "1d", "0d", "w<n>"
    in the n-th week overdue, or None."""
    days_left = (due - today).days
    if days_left < 0:
        weeks = -days_left // 7
        return f"w{weeks}" if weeks >= 1 else None
    # The nearest step at or after today's count: 5 days left is the 7-day reminder's window.
    return next((step for days, step in sorted(REMINDER_STEPS) if days_left <= days), None)


def queue_due_reminders(now):
    """Write the reminders due at `now` (Vietnam's day): 7, 3 and 1 days before a due
    date, on the day, then weekly while overdue; never for a completed course."""
    today = local_date(now)
    query = _learner_rows().where(Enrollment.due_date.is_not(None),
                                  Enrollment.due_date <= today + timedelta(days=7))
    # Keys of this week's reminders can only have been written in the last 7 days.
    recent = set(db.session.execute(
        select(Notification.user_id, Notification.dedupe_key)
        .where(Notification.kind == "reminder",
               Notification.created_at >= now - timedelta(days=8))).all())
    due = []
    for row in db.session.execute(query):
        step = reminder_step(row.due_date, today)
        key = f"due:{row.enrollment_id}:{row.due_date.isoformat()}:{step}"
        if step is not None and (row.user_id, key) not in recent:
            due.append(_Row(row, key))
    return write_notifications("reminder", _render(due, lambda row: reminder_text(
        row.title, row.due_date, (row.due_date - today).days)), now)


def programme_reminder_step(due, today):
    """The programme reminder due today for a programme due on `due`: the steps of
    reminder_step before and on the day, "overdue" once from the day after, or None."""
    days_left = (due - today).days
    if days_left < 0:
        return "overdue" if -days_left <= PROGRAMME_OVERDUE_DAYS else None
    return reminder_step(due, today)


def queue_programme_reminders(now):
    """Remind each cadre of a published programme who has not done it (Vietnam's day) at
    the steps before its due date, on it, and once when it is overdue, with what she still
    lacks: once per cadre, programme, due date and step; one statement per programme."""
    today = local_date(now)
    first_step = max(days for days, _step in REMINDER_STEPS)
    programmes = get_programmes_due_between(today - timedelta(days=PROGRAMME_OVERDUE_DAYS),
                                            today + timedelta(days=first_step))
    link = home_link()
    notices = []
    for programme in programmes:
        step = programme_reminder_step(programme.due_date, today)
        if step is None:
            continue
        key = f"programme:{programme.id}:{programme.due_date.isoformat()}:{step}"
        statuses = cadre_statuses(programme, today)
        told = exists().where(Notification.user_id == User.id, Notification.dedupe_key == key)
        rows = db.session.execute(
            select(User.id.label("user_id"), User.locale, statuses)
            .join(User, User.cadre_id == statuses.c.cadre_id)
            .where(statuses.c.status != "done", User.is_active_account.is_(True), ~told)
            .order_by(User.id)).all()
        days_left = (programme.due_date - today).days
        for row in rows:
            with in_language(row.locale):
                subject, body = programme_reminder_text(
                    programme, lacking_text(programme, row), days_left)
            notices.append({"user_id": row.user_id, "dedupe_key": key, "subject": subject,
                            "body": body, "link": link})
    return write_notifications("programme_reminder", notices, now)


class _Row:
    """A learner row with the dedupe key of its reminder."""

    def __init__(self, row, dedupe_key):
        self.__dict__.update(row._mapping)
        self.dedupe_key = dedupe_key


def notify_completed(completion, certificate, at):
    """Tell the learner, if she has an account, that she completed the course, with the one
    link to her certificate; written in the completion's transaction."""
    row = db.session.execute(
        select(User.id, User.locale, Course.title)
        .join(Course, Course.id == completion.course_id)
        .where(User.cadre_id == completion.cadre_id, User.is_active_account.is_(True))).first()
    if row is None:
        return 0
    with in_language(row.locale):
        subject, body = completed_text(row.title, completion.completed_on)
    return write_notifications("completed", [{
        "user_id": row.id, "dedupe_key": f"completed:{completion.id}", "subject": subject,
        "body": body, "link": certificate_link(certificate.code)}], at)


def queue_session_reminders(now):
    """Remind the creator of each training session held tomorrow (Vietnam's day), and the
    organizers of its unit, to record who attended: once per session and date."""
    tomorrow = local_date(now) + timedelta(days=1)
    organizer_of_unit = exists().where(RoleGrant.user_id == User.id,
                                       RoleGrant.role == "organizer",
                                       RoleGrant.unit_id == TrainingSession.unit_id)
    rows = db.session.execute(
        select(User.id.label("user_id"), User.locale, TrainingSession.id.label("session_id"),
               TrainingSession.title, TrainingSession.held_on, Unit.name.label("unit_name"))
        .select_from(TrainingSession)
        .join(Unit, Unit.id == TrainingSession.unit_id)
        .join(User, or_(User.id == TrainingSession.created_by_id, organizer_of_unit))
        .where(TrainingSession.held_on == tomorrow, User.is_active_account.is_(True))
        .order_by(TrainingSession.id, User.id)).all()
    notices = []
    for row in rows:
        with in_language(row.locale):
            subject, body = session_tomorrow_text(row.title, row.held_on, row.unit_name)
        notices.append({"user_id": row.user_id, "subject": subject, "body": body,
                        "dedupe_key": f"session:{row.session_id}:{row.held_on.isoformat()}",
                        "link": session_link(row.session_id)})
    return write_notifications("session_tomorrow", notices, now)


def queue_digests(now):
    """Write the organizers' weekly digest when it is due (see digest.digest_slot): one per
    organizer and unit and week, the figures read once per unit and kept as this week's
    snapshot for next week's comparison. Returns how many were written."""
    slot = digest_slot(now, get_notification_settings())
    if slot is None:
        return 0
    recipients = get_digest_recipients(slot.week)
    if not recipients:
        return 0
    figures = get_digest_figures({row.unit_id for row in recipients}, slot.day, slot.last_week)
    db.session.execute(insert_ignoring_duplicates(DigestSnapshot), [
        {"unit_id": unit_id, "week": slot.week, "year": f.period.year,
         "numerator": f.figure.numerator, "denominator": f.figure.denominator,
         "percent": None if f.figure.percent is None else Decimal(str(f.figure.percent)),
         "created_at": now} for unit_id, f in figures.items()])
    base_url = current_app.config["BASE_URL"]
    texts = {}
    notices = []
    for row in recipients:
        unit_figures = figures.get(row.unit_id)
        if unit_figures is None:
            continue
        year = unit_figures.period.year
        # Organizers of one unit who read the same language share one rendering.
        if (row.unit_id, row.locale) not in texts:
            with in_language(row.locale):
                texts[row.unit_id, row.locale] = digest_text(unit_figures, slot.day, base_url)
        subject, body = texts[row.unit_id, row.locale]
        notices.append({"user_id": row.user_id, "dedupe_key": digest_key(row.unit_id, slot.week),
                        "subject": subject, "body": body,
                        "link": dashboard_link(row.unit_id, year)})
    return write_notifications("digest", notices, now)


def _claim(channel, after_id, batch):
    """Mark up to `batch` pending deliveries of the channel as being sent by this worker and
    return their ids: a concurrent worker skips (or waits for, then misses) them."""
    pending = (select(NotificationDelivery.id)
               .where(NotificationDelivery.channel == channel.name,
                      NotificationDelivery.status == "pending",
                      NotificationDelivery.id > after_id)
               .order_by(NotificationDelivery.id).limit(batch)
               .with_for_update(skip_locked=True))
    return db.session.execute(
        update(NotificationDelivery)
        .where(NotificationDelivery.id.in_(pending), NotificationDelivery.status == "pending")
        .values(status="sending", attempts=NotificationDelivery.attempts + 1)
        .returning(NotificationDelivery.id)
        .execution_options(synchronize_session=False)).scalars().all()


def _send(channel, delivery, now):
    notification = delivery.notification
    if not channel.can_reach(notification.user):
        delivery.status, delivery.error = "failed", "no address"
        return
    try:
        channel.send(notification)
    except (smtplib.SMTPException, OSError) as error:
        delivery.error = str(error)[:500]
        delivery.status = "failed" if delivery.attempts >= MAX_ATTEMPTS else "pending"
        return
    delivery.status, delivery.error, delivery.sent_at = "sent", None, now


def deliver_pending(now, batch=100):
    """Send every pending delivery once and record its status; returns {status: count}."""
    counts = {"sent": 0, "failed": 0, "pending": 0}
    for channel in CHANNELS:
        after_id = 0
        while claimed := sorted(_claim(channel, after_id, batch)):
            after_id = claimed[-1]
            deliveries = db.session.execute(
                # In the order they were written: a learner reads the notice before its reminder.
                select(NotificationDelivery).where(NotificationDelivery.id.in_(claimed))
                .order_by(NotificationDelivery.id)
                .options(joinedload(NotificationDelivery.notification)
                         .joinedload(Notification.user).joinedload(User.cadre))
                .execution_options(populate_existing=True)).scalars().all()
            for delivery in deliveries:
                _send(channel, delivery, now)
                counts[delivery.status] += 1
            db.session.flush()
    return counts


def mark_read(user_id, notification_ids, at):
    """Mark the user's listed notifications read (those already read keep their moment)."""
    if not notification_ids:
        return 0
    return db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.id.in_(notification_ids),
               Notification.read_at.is_(None))
        .values(read_at=at).execution_options(synchronize_session=False)).rowcount


def set_email_choices(user_id, wanted, at):
    """Record the user's choices {kind: by email?} for optional kinds; only those that
    differ from what she gets now are stored, so a kind she never touched keeps following
    its default (and an admin's switch)."""
    optional = [kind for kind in wanted if KINDS[kind].optional_email]
    current = get_email_choices(user_id, optional)
    changed = 0
    for kind in optional:
        if bool(wanted[kind]) != current[kind]:
            db.session.execute(insert_or_update(
                EmailChoice, {"user_id": user_id, "kind": kind},
                {"by_email": bool(wanted[kind]), "updated_at": at}))
            changed += 1
    return changed


def switch_kind_email(kind, on, actor, at):
    """Turn a new kind's email on (or off again) for the accounts older than the kind;
    audited. Users' own choices still win."""
    if not KINDS[kind].is_new:
        raise ValueError(f"not a new kind: {kind!r}")
    setting = db.session.get(NotificationKindSetting, kind)
    if setting is None:
        # A database built without the migration that records the kinds.
        setting = NotificationKindSetting(kind=kind, introduced_at=at)
        db.session.add(setting)
    setting.switched_on_at = at if on else None
    setting.switched_on_by_id = getattr(actor, "id", None) if on else None
    db.session.flush()
    record_audit(actor, "notifications.kind_email_on" if on else "notifications.kind_email_off",
                 setting, kind=kind)
    return setting


def update_digest_schedule(weekday, hour, actor, at):
    """Save the digest's day of the week (0 = Monday) and hour, Vietnam time; audited."""
    settings = get_notification_settings()
    if settings.id is None:
        db.session.add(settings)
    settings.digest_weekday, settings.digest_hour = int(weekday), int(hour)
    settings.updated_by_id, settings.updated_at = getattr(actor, "id", None), at
    db.session.flush()
    record_audit(actor, "notifications.digest_schedule", settings, weekday=int(weekday),
                 hour=int(hour))
    return settings


def notify_job_finished(job, at):
    """Tell whoever asked for the job that it has finished (a file to download, a period
    closed, an import's outcome), once per job, in her language; in the job's transaction."""
    user = db.session.get(User, job.requested_by_id)
    with in_language(user.locale):
        subject, body = job_done_text(job)
    return write_notifications("job_done", [{
        "user_id": user.id, "dedupe_key": f"job:{job.id}", "subject": subject, "body": body,
        "link": job_link(job)}], at)
