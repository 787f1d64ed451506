"""Command-line tasks for accounts."""


def register_auth_cli(app):
    pass
