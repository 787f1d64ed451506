"""What create_app() wires together: extensions, blueprints, hooks, error pages."""

import logging
import os
import sqlite3
from datetime import date, datetime
from importlib import import_module

import psycopg
from flask import (
    abort,
    current_app,
    has_request_context,
    jsonify,
    make_response,
    render_template,
    request,
    session,
)
from flask.logging import default_handler
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from jinja2 import pass_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR
from lms.core.clock import format_local_datetime, local_date
from lms.core.decimals import format_count, format_decimal, format_percent
from lms.core.file_store import STORAGES
from lms.extensions import (
    babel,
    compress,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
    result_cache,
    task_queue,
)


def check_secret_key(app, from_cli):
    """Refuse to serve without LMS_SECRET_KEY outside demo and tests.

    Command-line tasks (migrations, imports) need no key, so under the flask CLI
    the refusal happens on the first request instead of at start-up.
    """
    if app.config.get("SECRET_KEY"):
        return
    if not from_cli:
        raise RuntimeError("LMS_SECRET_KEY is not set; refusing to start.")

    @app.before_request
    def refuse_without_secret_key():
        abort(500, description="LMS_SECRET_KEY is not set.")


@event.listens_for(Engine, "connect")
def _per_connection_settings(dbapi_connection, _record):
    # WAL lets readers work during a write; the busy timeout waits instead of failing.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
    elif isinstance(dbapi_connection, psycopg.Connection):
        # PostgreSQL's JIT compiler prices a report over the whole city above its threshold,
        # then spends longer compiling (~0.6 s) than the query takes to run; our statements
        # are short web requests that never repay it.
        # Timestamps are stored as naive UTC. now() in a server default or onupdate becomes a
        # `timestamp without time zone` in the session's time zone, which otherwise follows
        # the database or server setting (Asia/Ho_Chi_Minh on a server installed in Vietnam).
        _run_outside_transaction(dbapi_connection, "SET jit = off", "SET TIME ZONE 'UTC'")


def _run_outside_transaction(dbapi_connection, *statements):
    # A connection being connected or checked out holds no work of the app yet; a statement
    # run before (a ping, another listener) may have left it in a transaction, which would
    # refuse the change of mode.
    if dbapi_connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        dbapi_connection.rollback()
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    for statement in statements:
        dbapi_connection.execute(statement)
    dbapi_connection.autocommit = autocommit


@event.listens_for(Engine, "checkout")
def _statement_timeout(dbapi_connection, record, _proxy):
    """A PostgreSQL connection taken for a web request cancels statements that run longer
    than WEB_STATEMENT_TIMEOUT_MS; taken outside a request (a queue job, a command), none.
    The setting is remembered on the pooled connection, so a request pays for it only when
    the connection last served the other kind of work."""
    if not isinstance(dbapi_connection, psycopg.Connection):
        return
    limit = current_app.config.get("WEB_STATEMENT_TIMEOUT_MS", 0) if has_request_context() else 0
    if record.info.get("statement_timeout_ms") != limit:
        _run_outside_transaction(dbapi_connection, f"SET statement_timeout = {int(limit)}")
        record.info["statement_timeout_ms"] = limit


@event.listens_for(Engine, "savepoint")
def _savepoint_inside_a_transaction(connection, _name):
    # pysqlite opens a transaction only before an INSERT, UPDATE or DELETE, not before a
    # SAVEPOINT: a savepoint that is the transaction's first write would run on its own and
    # its RELEASE would commit it, so a later rollback could not undo it. Begin first.
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")


def trust_proxies(app):
    """Take the client's address and scheme from the headers of LMS_TRUSTED_PROXIES proxies.

    Off by default: trusting X-Forwarded-For without a proxy that sets it would let anyone
    pick the address the sign-in limits count against.
    """
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def select_locale():
    """The language chosen with the switcher, then the account's, then Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Command-line tasks speak the default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def log_limiter_events():
    """Flask-Limiter tells through its own logger, which has only a NullHandler, that Redis is
    unreachable and the limits are counted in memory, and that it is back: when nothing else
    (a logging configuration) listens, write that where Flask writes its errors."""
    logger = logging.getLogger("flask-limiter")
    if logging.getLogger().handlers or default_handler in logger.handlers:
        return
    logger.addHandler(default_handler)
    logger.setLevel(logging.INFO)


def init_extensions(app):
    if app.config.get("FILE_STORAGE", "folder") not in STORAGES:
        raise ValueError(f"LMS_FILE_STORAGE must be one of {', '.join(STORAGES)}: "
                         f"{app.config['FILE_STORAGE']}")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_size": app.config["DATABASE_POOL_SIZE"],
            "max_overflow": app.config["DATABASE_MAX_OVERFLOW"],
            # Dropped and reopened after half an hour, before a firewall or pgbouncer cuts it.
            "pool_recycle": 1800,
            **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})}
    db.init_app(app)
    result_cache.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    compress.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    log_limiter_events()
    login_manager.init_app(app)
    task_queue.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.needs_refresh_message = None

    from lms.api.auth import load_user_from_token
    from lms.auth.sessions import get_user_for_session

    @login_manager.user_loader
    def load_user(session_id):
        # The API signs in by bearer token only (load_user_from_token), never by cookie.
        if request.blueprint == "api":
            return None
        return get_user_for_session(session_id)

    login_manager.request_loader(load_user_from_token)

    # Import every model so metadata (and Alembic) sees all tables.
    import lms.models  # noqa: F401


# Every blueprint, as (module, attribute), with the modules that hold its routes.
BLUEPRINTS = (
    ("lms.core.views", "bp", ()),
    ("lms.auth", "bp", ("lms.auth.views",)),
    ("lms.org", "bp", ("lms.org.views", "lms.org.import_views")),
    ("lms.catalog", "catalog_bp", ("lms.catalog.views",)),
    ("lms.catalog", "scorm_bp", ("lms.catalog.scorm_views",)),
    ("lms.authoring", "bp", ("lms.authoring.views", "lms.authoring.question_views",
                           "lms.authoring.question_import_views")),
    ("lms.learning", "learning_bp", ("lms.learning.views",)),
    ("lms.learning", "certificates_bp", ("lms.learning.certificates.views",)),
    ("lms.quizzes", "quizzes_bp", ("lms.quizzes.views",)),
    ("lms.training", "training_bp", ("lms.training.views", "lms.training.checkin_views")),
    ("lms.training", "programmes_bp", ("lms.training.programmes.views",)),
    ("lms.feedback", "feedback_bp", ("lms.feedback.views",)),
    ("lms.reports", "reports_bp", ("lms.reports.views", "lms.reports.missing_views",
                                   "lms.reports.settings_views", "lms.reports.document_views")),
    ("lms.notifications", "notifications_bp", ("lms.notifications.views",
                                               "lms.notifications.admin_views")),
    ("lms.jobs", "jobs_bp", ("lms.jobs.views",)),
    ("lms.api", "api_bp", ("lms.api.views",)),
    ("lms.api.token_views", "tokens_bp", ()),
)
# Blueprints that take bearer tokens, no cookies: CSRF does not apply.
CSRF_EXEMPT = ("api",)
# Every module whose COMMANDS join `flask`: a click command, or (alias, command).
COMMAND_MODULES = ("lms.org.cli", "lms.catalog.cli", "lms.training.cli", "lms.api.cli",
                   "lms.jobs.cli", "lms.bench.cli", "lms.notifications.cli", "lms.demo",
                   "lms.authoring.cli")


def register_blueprints(app):
    # Views are imported here, not in the packages' __init__, to keep models importable alone.
    for module_name, attribute, route_modules in BLUEPRINTS:
        for route_module in route_modules:
            import_module(route_module)
        blueprint = getattr(import_module(module_name), attribute)
        app.register_blueprint(blueprint)
        if blueprint.name in CSRF_EXEMPT:
            csrf.exempt(blueprint)
    for module_name in COMMAND_MODULES:
        for command in import_module(module_name).COMMANDS:
            name, command = command if isinstance(command, tuple) else (None, command)
            app.cli.add_command(command, name)

    from lms.learning.subscribers import connect_learning_subscribers

    connect_learning_subscribers()

    from lms.training.subscribers import connect_training_subscribers

    connect_training_subscribers()

    from lms.notifications.subscribers import connect_notification_subscribers

    connect_notification_subscribers()


def _date_filter(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        # Stored in UTC: convert to Vietnam time before taking the day.
        return format_date(local_date(value), "dd/MM/yyyy")
    if isinstance(value, date):
        return format_date(value, "dd/MM/yyyy")
    return value


def _group_plural_counts(env):
    """Templates' ngettext shows its count as people read it ("1.970 đơn vị"), not as the
    bare int Jinja would put in %(num)s; a template that passes num= itself keeps its own."""
    plain = env.globals["ngettext"]

    @pass_context
    def ngettext(context, singular, plural, count, /, **variables):
        variables.setdefault("num", format_count(count))
        return plain(context, singular, plural, count, **variables)

    env.globals["ngettext"] = ngettext


def register_hooks(app):
    app.jinja_env.filters["vndate"] = _date_filter
    # Pages and downloads show moments and numbers through the same functions.
    app.jinja_env.filters["vndatetime"] = format_local_datetime
    app.jinja_env.filters["vnnumber"] = format_decimal
    app.jinja_env.filters["vnpercent"] = format_percent
    app.jinja_env.filters["vncount"] = format_count
    _group_plural_counts(app.jinja_env)

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale())}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-src https://www.youtube-nocookie.com https://www.youtube.com "
            "https://player.vimeo.com; frame-ancestors 'none'; form-action 'self'",
        )
        return response

    def error_page(code, title, message):
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if request.is_json:
            # A page's script (the quiz's autosave) fetches a fresh token and sends again.
            response = jsonify(csrf_expired=True,
                               message=_("The page has expired. Reload it and try again."))
        else:
            response = make_response(error_page(
                400, _("Form expired"), _("The form has expired or was sent from elsewhere. "
                                          "Go back, reload the page and try again.")))
        # The service worker's queue sends what waited with a fresh token when it sees this.
        response.status_code = 400
        response.headers["X-CSRF-Expired"] = "1"
        return response

    @app.errorhandler(400)
    def bad_request(error):
        return error_page(400, _("Bad request"),
                          _("The request could not be understood. Please check and try again."))

    @app.errorhandler(403)
    def forbidden(error):
        return error_page(403, _("Not allowed"),
                          _("Your account does not have permission to open this page."))

    @app.errorhandler(404)
    def not_found(error):
        return error_page(404, _("Page not found"),
                          _("The page you are looking for does not exist or has been moved."))

    @app.errorhandler(413)
    def too_large(error):
        limit_mb = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return error_page(413, _("File too large"),
                          _("The file is larger than %(mb)s MB. Split it into smaller files, "
                            "or save a spreadsheet as CSV, which is much smaller.", mb=limit_mb))

    @app.errorhandler(429)
    def too_many_requests(error):
        return error_page(429, _("Too many attempts"),
                          _("You have tried too many times. Please wait a few minutes "
                            "and try again."))

    @app.errorhandler(OperationalError)
    def database_error(error):
        if not isinstance(error.orig, psycopg.errors.QueryCanceled):
            return server_error(error)
        db.session.rollback()
        message = _("This page needs more time to work out than the system allows, so it was "
                    "stopped. Choose a smaller unit or a shorter period, or download the "
                    "report as a file, which is prepared in the background.")
        if request.blueprint == "api" or request.is_json:
            return jsonify(error=message), 503
        return error_page(503, _("This page took too long"), message)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return error_page(500, _("Something went wrong"),
                          _("The system hit an error. Please try again in a moment; "
                            "if it keeps happening, tell your administrator."))
