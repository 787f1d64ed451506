"""`flask courses validate|import|export`."""


def register_catalog_cli(app):
    pass
