"""`flask courses validate|import|export`: the course files in courses/ and the database."""

import json
from decimal import Decimal
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from config import BASE_DIR
from lms.auth.queries import find_user_by_login
from lms.catalog.course_files.format import course_folders, write_course
from lms.catalog.course_files.quality import format_hours, review_course
from lms.catalog.course_files.sync import (
    ImportRejected,
    check_catalog,
    export_course,
    import_catalog,
)
from lms.catalog.queries import get_course_by_slug
from lms.catalog.storage import MEDIA_AREA, media_not_in_database
from lms.core import file_store
from lms.core.decimals import format_decimal
from lms.core.use_case import run_in_task
from lms.extensions import db
from lms.jobs.files import JOBS_AREA, job_files_not_in_database

COURSES_DIR = BASE_DIR / "courses"
_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)

courses_cli = AppGroup("courses", help="Check, import and export the course files.")


def _echo_errors(errors):
    for error in errors:
        click.echo(str(error), err=True)


def _course_summary(source, review):
    estimate = review.estimate
    return {"slug": source.slug, "title": source.title, "track": source.track,
            "lessons": len(source.lessons), "questions": len(source.questions),
            "words": source.words, "images": review.images,
            "practice_files": review.practice_files,
            "practice_minutes": estimate.practice_minutes,
            "declared_hours": float(source.hours),
            "estimated_hours": round(estimate.hours, 1),
            "warnings": [f"{Path(w.file).relative_to(review.folder).as_posix()}: {w.message}"
                         for w in review.warnings]}


def _totals(summaries, reviews):
    totals = {key: sum(summary[key] for summary in summaries)
              for key in ("lessons", "questions", "words", "images", "practice_files",
                          "practice_minutes")}
    declared = sum(Decimal(str(summary["declared_hours"])) for summary in summaries)
    return {"courses": len(summaries), **totals, "declared_hours": float(declared),
            "estimated_hours": round(sum(r.estimate.hours for r in reviews), 1),
            "warnings": sum(len(summary["warnings"]) for summary in summaries)}


@courses_cli.command("validate")
@click.argument("folder", type=_FOLDER, required=False)
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON summary of each course and the totals.")
def validate_command(folder, as_json):
    """Check the course files (default: the courses/ folder): problems as file:line: reason,
    then warnings as file: reason, which do not make the check fail."""
    # No user here, so messages use the default language rather than a request's.
    root = folder or COURSES_DIR
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        sources, errors = check_catalog(root)
        reviews = [review_course(course_folder, source) for course_folder, source
                   in zip(course_folders(root), sources, strict=True)]
        warnings = [warning for review in reviews for warning in review.warnings]
        _echo_errors(errors + warnings)
        if as_json:
            summaries = [_course_summary(s, r) for s, r in zip(sources, reviews, strict=True)]
            click.echo(json.dumps({"courses": summaries, "totals": _totals(summaries, reviews)},
                                  ensure_ascii=False, indent=2))
        elif not errors:
            for source, review in zip(sources, reviews, strict=True):
                click.echo(_("%(slug)s: %(declared)s hours declared, %(estimated)s estimated",
                             slug=source.slug, declared=format_decimal(source.hours),
                             estimated=format_hours(review.estimate.hours)))
            click.echo(_("%(n)s courses checked, no problems found.", n=len(sources)))
            if warnings:
                click.echo(_("%(n)s warnings: the courses can be imported, but read them.",
                             n=len(warnings)))
    if errors:
        raise SystemExit(1)


@courses_cli.command("import")
@click.argument("folder", type=_FOLDER, required=False)
@click.option("--publish/--unpublish", default=None,
              help="Publish or unpublish the courses. By default new courses stay unpublished "
                   "and the others keep their state.")
@click.option("--owner", metavar="USERNAME", help="Account that owns courses without an owner.")
def import_command(folder, publish, owner):
    """Create or update courses from their files (default: the courses/ folder), all or none."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        actor = None
        if owner and (actor := find_user_by_login(owner)) is None:
            raise click.ClickException(_("No account is named %(name)s.", name=owner))
        try:
            report = import_catalog(folder or COURSES_DIR, actor=actor, publish=publish)
        except ImportRejected as rejected:
            db.session.rollback()
            _echo_errors(rejected.errors)
            click.echo(_("%(n)s problems: nothing was imported.", n=len(rejected.errors)),
                       err=True)
            raise SystemExit(1) from None
        db.session.commit()
        click.echo(_("Courses created: %(created)s, updated: %(updated)s, unchanged: "
                     "%(unchanged)s.", **{status: len(slugs) for status, slugs in report.items()}))
        labels = {"created": _("created"), "updated": _("updated")}
        for status, label in labels.items():
            for slug in report[status]:
                click.echo(f"  {label}: {slug}")


@courses_cli.command("export")
@click.argument("slug")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_command(slug, folder):
    """Write the course SLUG as files in FOLDER/SLUG (the format of courses/)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        course = get_course_by_slug(slug)
        if course is None:
            raise click.ClickException(_("No course has the slug %(slug)s.", slug=slug))
        click.echo(write_course(export_course(course), folder))


# What `flask` gains from this module (see lms/app_setup.py COMMAND_MODULES).
files_cli = AppGroup("files", help="Where uploaded media and the files of jobs are kept.")


@files_cli.command("to-database")
def to_database_command():
    """Copy the media and the job files of this machine's folders into the database, for
    LMS_FILE_STORAGE=database; files already there are left alone, so it may run again.
    Run it on the machine that holds them, before the servers switch."""
    copied, missing = 0, []
    for area, pending in ((MEDIA_AREA, media_not_in_database()),
                          (JOBS_AREA, job_files_not_in_database())):
        for name, path in list(pending):
            if path is None:
                missing.append(name)
                continue
            # One commit a file: a long copy stopped halfway keeps what it did.
            run_in_task(lambda area=area, name=name, path=path:
                        file_store.store_file(area, name, path))
            copied += 1
    for name in missing:
        click.echo(f"missing from {current_app.config['MEDIA_FOLDER']}: {name}", err=True)
    click.echo(f"{copied} files copied into the database, {len(missing)} missing.")
    if missing:
        raise SystemExit(1)


COMMANDS = (courses_cli, files_cli)
