"""`flask demo`: seed a demo organisation and serve it."""


def register_demo_cli(app):
    pass
