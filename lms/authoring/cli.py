"""`flask courses import-questions SLUG FILE`: a bank file into a course's quiz."""

from pathlib import Path

import click
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from lms.authoring import question_import as importer
from lms.catalog.cli import courses_cli
from lms.catalog.queries import get_course_by_slug
from lms.core.errors import ImportRejected
from lms.extensions import db

COMMANDS = ()  # import-questions joins the `courses` group


@courses_cli.command("import-questions")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(importer.FORMAT_LABELS)),
              help="The file's format (default: from its name and content).")
@click.option("--dry-run", is_flag=True, help="Show what would be added; change nothing.")
def import_questions_command(slug, file, fmt, dry_run):
    """Add the questions of FILE to course SLUG, all or none: the Excel template (.xlsx or
    .ods), Aiken or GIFT (.txt, .gift, or a Word .docx, where a line is a paragraph).
    Questions already in its bank are skipped."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        course = get_course_by_slug(slug)
        if course is None:
            raise click.ClickException(_("No course has the slug %(slug)s.", slug=slug))
        data = file.read_bytes()
        try:
            if dry_run:
                preview = importer.preview_import(course, data, file.name, fmt)
                if preview.errors:
                    raise ImportRejected(preview.errors)
            else:
                preview = importer.import_questions(course, data, file.name, fmt=fmt)
        except ImportRejected as rejected:
            db.session.rollback()
            line_based = (fmt or importer.file_format(file.name, data)) != "excel"
            for error in rejected.errors:
                click.echo(importer.error_text(error, line_based), err=True)
            click.echo(_("%(n)s problems: no question was imported.", n=len(rejected.errors)),
                       err=True)
            raise SystemExit(1) from None
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        click.echo(_("Questions added: %(added)s; already in the bank, skipped: %(skipped)s.",
                     added=0 if dry_run else len(preview.questions),
                     skipped=len(preview.skipped)))
        if dry_run:
            click.echo(_("Would add: %(n)s (nothing was changed).", n=len(preview.questions)))
