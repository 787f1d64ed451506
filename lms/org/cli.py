"""Command-line tasks for the organisation: imports and the import benchmark."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, ngettext

from lms.extensions import db
from lms.org.imports import ImportRejected, import_cadres, import_units
from lms.org.imports.bench import BenchmarkError, run_benchmark

_FILE = click.Path(exists=True, dir_okay=False)


def _run_import(importer, path):
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
@click.argument("path", type=_FILE)
@with_appcontext
def import_units_command(path):
    """Create or update units from a CSV/XLSX file (code,name,parent_code,kind)."""
    _run_import(import_units, path)


@click.command("import-cadres")
@click.argument("path", type=_FILE)
@with_appcontext
def import_cadres_command(path):
    """Create or update cadres from a CSV/XLSX file (code,full_name,...,unit_code,...)."""
    _run_import(import_cadres, path)


@click.command("bench-import")
@click.option("--cadres", default=100_000, show_default=True, help="Rows in the synthetic file.")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
@click.option("--format", "formats", type=click.Choice(["csv", "xlsx"]), multiple=True,
              help="File format(s) to time; both by default.")
def bench_import_command(cadres, database_url, formats):
    """Time a synthetic cadre import twice (all created, then all unchanged)."""
    try:
        summary = run_benchmark(cadres, database_url, formats or ("csv", "xlsx"), click.echo)
    except BenchmarkError as error:
        raise click.ClickException(str(error)) from None
    if not summary["ok"]:
        raise SystemExit(1)


def register_org_cli(app):
    app.cli.add_command(import_units_command)
    app.cli.add_command(import_cadres_command)
    app.cli.add_command(bench_import_command)
