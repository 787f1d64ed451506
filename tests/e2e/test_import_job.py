"""A ward organizer imports 5,000 cadres: the file is queued, she leaves the progress page while
a worker imports it, and finds it done when she comes back."""

import csv
import io
import re

from playwright.sync_api import expect

from lms.bench.imports import synthetic_rows
from tests.e2e.conftest import sign_in
from tests.factories import DEFAULT_PASSWORD, make_user

ROWS = 5000


def _cadre_file():
    out = io.StringIO()
    csv.writer(out).writerows(synthetic_rows(ROWS, ["W-A", "B-A1", "G-A1A"]))
    return out.getvalue().encode("utf-8")


def test_organizer_leaves_a_long_import_and_finds_it_done(org, page, live_server, queue):
    make_user("tochuc.hoankiem", role="organizer", unit=org.ward_a)
    sign_in(page, "tochuc.hoankiem", DEFAULT_PASSWORD)

    page.goto("/org/import/cadres")
    form = page.locator("form:has(input[name=file])")
    form.locator("input[name=file]").set_input_files(files={
        "name": "can-bo.csv", "mimeType": "text/csv", "buffer": _cadre_file()})
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/org/import/jobs/[0-9a-f-]+$"))
    progress = page.url
    expect(page.locator("main")).to_contain_text("Đang chờ nhập")
    expect(page.locator("main")).to_contain_text("can-bo.csv")

    # She goes elsewhere; meanwhile a worker takes the job.
    page.goto("/org/cadres")
    expect(page.locator("main")).not_to_contain_text("BM0000001")
    queue()

    page.goto(progress)
    # The page refreshes itself until the job is done, then sends her on with the summary.
    expect(page).to_have_url(f"{live_server}/org/cadres", timeout=60_000)
    expect(page.locator("main")).to_contain_text("5.000 mới")
    expect(page.locator("main")).to_contain_text("BM00")
