"""Command-line tasks for the organisation: imports."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, ngettext

from lms.extensions import db
from lms.org.imports import ImportRejected, import_cadres, import_units

IMPORT_FILE = click.Path(exists=True, dir_okay=False)


def run_file_import(importer, path):
    """Import the file as an admin would (no scope limit); exit 1 listing every problem."""
    # No user here, so messages use the default language rather than a request's.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        try:
            result = importer(path, path)
        except ImportRejected as rejected:
            db.session.rollback()
            for error in rejected.errors:
                click.echo(f"{path}:{error}", err=True)
            click.echo(ngettext("%(num)s problem in %(file)s: nothing was imported",
                                "%(num)s problems in %(file)s: nothing was imported",
                                len(rejected.errors), file=path), err=True)
            raise SystemExit(1) from None
        db.session.commit()
        click.echo(str(result.summary()))


@click.command("import-units")
@click.argument("path", type=IMPORT_FILE)
@with_appcontext
def import_units_command(path):
    """Create or update units from a CSV/XLSX/ODS file (code,name,parent_code,kind)."""
    run_file_import(import_units, path)


@click.command("import-cadres")
@click.argument("path", type=IMPORT_FILE)
@with_appcontext
def import_cadres_command(path):
    """Create or update cadres from a CSV/XLSX/ODS file (code,full_name,...,unit_code,...)."""
    run_file_import(import_cadres, path)


# What `flask` gains from this module (see lms/app_setup.py COMMAND_MODULES).
COMMANDS = (import_units_command, import_cadres_command)
