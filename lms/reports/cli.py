"""`flask bench-reports`."""


def register_reports_cli(app):
    pass
