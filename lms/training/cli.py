"""`flask import-attendance FILE`."""


def register_training_cli(app):
    pass
