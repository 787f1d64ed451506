"""`flask create-token USERNAME`."""


def register_api_cli(app):
    pass
