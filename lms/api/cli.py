"""`flask create-token USERNAME`: make an API token from the command line."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from lms.api.auth import create_token
from lms.auth.queries import find_user_by_login
from lms.extensions import db


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="", help="A label for the token, e.g. the script that uses it.")
@with_appcontext
def create_token_command(username, name):
    """Make an API token for USERNAME and print it, alone on the last line."""
    # No user here, so messages use the default language rather than a request's.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        user = find_user_by_login(username)
        if user is None:
            raise click.ClickException(_("No account named %(name)s.", name=username))
        if not user.is_active:
            raise click.ClickException(_("The account %(name)s is disabled.", name=username))
        if not (user.is_admin or user.has_role("organizer")):
            click.echo(_("Warning: %(name)s is neither organizer nor administrator; the API "
                         "will refuse this token until one of those roles is granted.",
                         name=user.username), err=True)
        token = create_token(user, name)
        db.session.commit()
        click.echo(_("API token for %(name)s. Copy it now: it is not shown again.",
                     name=user.username))
        # Alone on the last line so that scripts can take it with `tail -n 1`.
        click.echo(token)


# What `flask` gains from this module (see lms/app_setup.py COMMAND_MODULES).
COMMANDS = (create_token_command,)
