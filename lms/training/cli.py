"""`flask import-attendance FILE`."""

import click
from flask.cli import with_appcontext

from lms.org.cli import IMPORT_FILE, run_file_import
from lms.training.imports import import_attendance


@click.command("import-attendance")
@click.argument("path", type=IMPORT_FILE)
@with_appcontext
def import_attendance_command(path):
    """Record training sessions and their attendees from a CSV/XLSX/ODS file
    (session_code,title,track,date,hours,unit_code,cadre_code)."""
    run_file_import(import_attendance, path)


# What `flask` gains from this module (see lms/app_setup.py COMMAND_MODULES).
COMMANDS = (import_attendance_command,)
