"""The application factory."""

import os

from flask import Flask

from config import BASE_DIR, Config


def create_app(config=None):
    """Build the app; `config` is a config class or a dict of overrides on Config."""
    app = Flask("lms", template_folder="../templates", static_folder="../static",
                instance_path=str(BASE_DIR / "instance"))
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)

    from lms.app_setup import (
        check_secret_key,
        init_extensions,
        register_blueprints,
        register_hooks,
        trust_proxies,
    )

    check_secret_key(app, from_cli=os.environ.get("FLASK_RUN_FROM_CLI") == "true")
    init_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    trust_proxies(app)
    return app
