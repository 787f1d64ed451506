"""Browser journeys: the test app served on a free port, driven by Debian's Chromium.

Playwright never downloads a browser here; it launches the system Chromium. Without one the
journeys are skipped, except in CI (CI set), where a missing browser is a failure.
Create data with tests/factories.py before opening a page: factories commit, and the server
thread reads the same database through its own sessions.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from lms import tasks
from lms.extensions import task_queue

# A cheap Android phone.
PHONE_VIEWPORT = {"width": 360, "height": 740}
# As root and in a closed network: no sandbox, no GPU, no calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _chromium_path():
    found = shutil.which("chromium") or "/usr/bin/chromium"
    return found if Path(found).exists() else None


class _Body:
    """A response body that closes once, however many times it is asked to."""

    def __init__(self, body):
        self._body = body
        self._closed = False

    def __iter__(self):
        return iter(self._body)

    def close(self):
        if not self._closed:
            self._closed = True
            if hasattr(self._body, "close"):
                self._body.close()


def _keeping_bodies(app):
    def served(environ, start_response):
        environ["lms.test.body"] = body = _Body(app(environ, start_response))
        return body
    return served


class _ClosingHandler(WSGIRequestHandler):
    """werkzeug's development server closes a body only after draining the request; a tab
    that drops the connection meanwhile (a page left while a script loads) skips that and
    leaves a static file open, whose ResourceWarning would fail whichever test is running."""

    def connection_dropped(self, error, environ=None):
        body = (environ or {}).get("lms.test.body")
        if body is not None:
            body.close()


@pytest.fixture(scope="session")
def live_server(app):
    """The base URL of the test app, served by werkzeug in a background thread."""
    server = make_server("127.0.0.1", 0, _keeping_bodies(app), threaded=True,
                         request_handler=_ClosingHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        reason = "no Chromium found (apt-get install chromium); browser journeys not run"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh phone-sized tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server,
                                  locale="vi-VN")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sign_in(page, login, password):
    """Fill in the sign-in form and submit it."""
    page.goto("/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.locator("main button[type=submit]").click()


def has_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") > PHONE_VIEWPORT["width"]


@pytest.fixture
def queue(app, tmp_path):
    """A real queue (Huey's SQLite storage) for the live server; its worker started later."""
    task_queue.configure(f"sqlite:///{tmp_path}/tasks.sqlite3")
    workers = []
    yield lambda: workers.append(tasks.start_in_process(workers=1, periodic=False))
    for consumer in workers:
        consumer.stop(graceful=True)
    task_queue.init_app(app)
