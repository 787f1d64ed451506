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
from werkzeug.serving import make_server

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


@pytest.fixture(scope="session")
def live_server(app):
    """The base URL of the test app, served by werkzeug in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
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


def laid_out_box(locator):
    """The element's box once the page's stylesheets apply: a box read while app.css is
    still on its way is the unstyled one (a 17 px link instead of a 44 px tap target)."""
    locator.page.wait_for_load_state("load")
    return locator.bounding_box()


def has_horizontal_scroll(page):
    page.wait_for_load_state("load")  # measured once its stylesheets apply
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
