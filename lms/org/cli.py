"""Command-line tasks for the organisation: imports."""


def register_org_cli(app):
    pass
