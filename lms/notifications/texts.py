"""What each notification says: short, for a phone, in the recipient's language, with the
course name, the due date as 31/12/2026 and one link."""

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from lms.core.decimals import format_count, format_decimal, format_percent


def vn_date(day):
    """A date as people in Vietnam write it: 31/12/2026."""
    return f"{day:%d/%m/%Y}"


def course_link(slug):
    """The path of the course's page (emails prefix the site's address)."""
    return f"/courses/{slug}"


def _settings_signer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="email-settings")


def email_settings_path(user_id):
    """The one-click link of every email to the recipient's email settings (signed: it
    opens without signing in, for her only)."""
    return f"/notifications/email/{_settings_signer().dumps(user_id)}"


def user_of_settings_token(token):
    """The user id a settings link was made for, or None if it was altered."""
    try:
        return _settings_signer().loads(token)
    except BadSignature:
        return None


def in_language(locale):
    """Render in the recipient's language, the default one if she chose none."""
    config = current_app.config
    return force_locale(locale if locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"])


def certificate_link(code):
    """The path of a certificate's PDF."""
    return f"/certificates/{code}.pdf"


def session_link(session_id):
    """The path of a training session's page (its attendance list)."""
    return f"/training/{session_id}"


def _path(endpoint, **values):
    """The path of an endpoint, built outside any request (other arguments: the query)."""
    adapter = current_app.url_map.bind("localhost",
                                       script_name=current_app.config["APPLICATION_ROOT"])
    return adapter.build(endpoint, values)


def home_link():
    """The path of the learner's home, where her programmes come first."""
    return _path("learning.home")


def programme_report_link(programme_id, unit_id):
    """The path of a programme's report for one unit's subtree."""
    return _path("programmes.report", programme_id=programme_id, unit_id=unit_id)


def dashboard_link(unit_id, year):
    """The path of a unit's dashboard for a year."""
    return f"/reports/units/{unit_id}?year={year}"


def missing_link(unit_id, year):
    """The path of the list of a unit's cadres not trained in the year."""
    return f"/reports/units/{unit_id}/missing/annual_training?year={year}"


def completed_text(course, on):
    """(subject, body) of the notice that she completed a course; the link is the
    certificate."""
    return (_("Completed: %(course)s", course=course),
            _("You completed the course “%(course)s” on %(date)s. Your certificate:",
              course=course, date=vn_date(on)))


def session_tomorrow_text(title, held_on, unit):
    """(subject, body) of the day-before notice of a training session; the link is its page."""
    return (_("Tomorrow: %(title)s", title=title),
            _("The training “%(title)s” of %(unit)s is tomorrow, %(date)s. Remember to record "
              "the list of attendees.", title=title, unit=unit, date=vn_date(held_on)))


def _change_line(change):
    if change is None:
        return _("No earlier week to compare with.")
    if change > 0:
        return _("Up %(points)s points since last week.", points=format_decimal(change))
    if change < 0:
        return _("Down %(points)s points since last week.", points=format_decimal(-change))
    return _("No change since last week.")


def _programme_line(line, base_url):
    counts = line.counts
    return _("“%(title)s” (due %(due)s): %(done)s of %(total)s cadres done, %(overdue)s "
             "overdue, %(due_soon)s due soon. Report: %(url)s", title=line.programme.title,
             due=vn_date(line.programme.due_date), done=format_count(counts["done"]),
             total=format_count(line.total), overdue=format_count(counts["overdue"]),
             due_soon=format_count(counts["due_soon"]),
             url=base_url + programme_report_link(line.programme.id, line.unit_id))


def digest_text(figures, day, base_url):
    """(subject, body) of an organizer's weekly digest of her unit (DigestFigures); the link
    is the dashboard, the addresses of the missing list and of each programme's report are
    in the body."""
    missing_url = base_url + missing_link(figures.unit.id, figures.period.year)
    figure = figures.figure
    subject = _("Weekly digest %(date)s: %(unit)s", date=vn_date(day), unit=figures.unit.name)
    lines = [_("Trained in %(year)s: %(percent)s (%(trained)s of %(cadres)s cadres).",
               year=figures.period.year, percent=format_percent(figure.percent),
               trained=format_count(figure.numerator), cadres=format_count(figure.denominator))]
    if figure.denominator:
        lines.append(_change_line(figures.change))
    if figures.furthest:
        lines.append(_("Furthest from the target: %(units)s.", units="; ".join(
            f"{unit.name} {format_percent(child.percent)}" for unit, child in figures.furthest)))
    # %(count)s, not %(num)s: flask_babel fills num with the bare int (1970, not 1.970).
    lines.append(ngettext("%(count)s cadre has a course past its due date.",
                          "%(count)s cadres have a course past its due date.", figures.overdue,
                          count=format_count(figures.overdue)))
    lines.append(_("Who is missing: %(url)s", url=missing_url))
    if figures.programmes:
        lines.append(_("Training programmes %(year)s:", year=figures.period.year))
        lines.extend(_programme_line(line, base_url) for line in figures.programmes)
    return subject, "\n".join(lines)


def assigned_text(course, due):
    """(subject, body) of the notice that a course was assigned to her."""
    subject = _("New course: %(course)s", course=course)
    if due is None:
        return subject, _("You have been assigned the course “%(course)s”.", course=course)
    return subject, _("You have been assigned the course “%(course)s”. Please complete it by "
                      "%(due)s.", course=course, due=vn_date(due))


def reminder_text(course, due, days_left):
    """(subject, body) of a reminder `days_left` days before the due date (0: today,
    negative: overdue)."""
    due_text = vn_date(due)
    if days_left > 0:
        return (_("Reminder: %(course)s is due on %(due)s", course=course, due=due_text),
                ngettext("The course “%(course)s” is due in %(num)d day, on %(due)s.",
                         "The course “%(course)s” is due in %(num)d days, on %(due)s.",
                         days_left, course=course, due=due_text))
    if days_left == 0:
        return (_("Due today: %(course)s", course=course),
                _("Today, %(due)s, is the last day to complete the course “%(course)s”.",
                  course=course, due=due_text))
    return (_("Overdue: %(course)s", course=course),
            _("The course “%(course)s” was due on %(due)s. Please complete it soon.",
              course=course, due=due_text))


def programme_reminder_text(programme, lacking, days_left):
    """(subject, body) of a programme reminder `days_left` days before its due date (0: the
    last day, negative: overdue), with what she still lacks."""
    title, year, due = programme.title, programme.year, vn_date(programme.due_date)
    if days_left > 0:
        return (_("Reminder: %(title)s, due %(due)s", title=title, due=due),
                ngettext("The %(year)s training programme “%(title)s” is due in %(num)d day, "
                         "on %(due)s. You still lack: %(lacking)s.",
                         "The %(year)s training programme “%(title)s” is due in %(num)d days, "
                         "on %(due)s. You still lack: %(lacking)s.", days_left, year=year,
                         title=title, due=due, lacking=lacking))
    if days_left == 0:
        return (_("Last day today: %(title)s", title=title),
                _("Today, %(due)s, is the last day of the %(year)s training programme "
                  "“%(title)s”. You still lack: %(lacking)s.", due=due, year=year, title=title,
                  lacking=lacking))
    return (_("Programme overdue: %(title)s", title=title),
            _("The %(year)s training programme “%(title)s” was due on %(due)s. You still "
              "lack: %(lacking)s. Please complete it soon.", year=year, title=title, due=due,
              lacking=lacking))


# Import jobs are followed on their own import pages; every other job on its page /jobs/<id>.
_JOB_PAGES = {"import_cadres": "org.import_progress", "import_units": "org.import_progress",
              "import_attendance": "training.import_progress"}


def job_link(job):
    """The path of the page that shows the finished job (built outside any request)."""
    return _path(_JOB_PAGES.get(job.kind, "jobs.show_job"), job_id=job.id)


def job_done_text(job):
    """(subject, body) of the notice that the job she asked for has finished."""
    params, result = job.params or {}, job.result or {}
    if job.kind in _JOB_PAGES:
        filename = params.get("filename", "")
        return (_("Import finished: %(file)s", file=filename),
                _("The import of “%(file)s” has finished. Open it to see the outcome.",
                  file=filename))
    title = params.get("title") or ""
    if result.get("file"):
        return (_("File ready: %(title)s", title=title),
                _("The file “%(title)s” is ready to download. It is kept for a day.",
                  title=title))
    return (_("Done: %(title)s", title=title),
            result.get("message") or _("“%(title)s” is done.", title=title))
