"""The pages benchmark: each main page of each role on a phone, as a cadre's browser gets it.

The demo organisation (Hanoi's 126 wards, ~2,000 cadres, the shipped courses) is built in a
fresh database and served by gunicorn in production configuration; Debian's Chromium opens
every page at 360 x 740 in a fresh browser (nothing cached) and reports, per page:
  - height: the page's full height in CSS pixels at 360 px wide (screens = height / 740);
  - sideways: whether it scrolls sideways at 360 px;
  - HTML bytes: the page's own response as sent (compressed), headers included;
  - total bytes: everything the page loaded, cold (CSS, scripts, images too);
  - axe: the axe-core violations (rules broken) and the elements that break them.
axe-core is vendored in lms/bench/vendor/axe-core (README: "Benchmarks").
"""

import json
import statistics
import tempfile
from pathlib import Path

from sqlalchemy import select

from lms.auth.models import User
from lms.bench.common import BenchmarkError, fresh_database
from lms.bench.site import running_site
from lms.catalog.models import Course, Lesson
from lms.demo import CITY_CODE, DEMO_PASSWORD, DEMO_WARD_CODE, seed_demo
from lms.extensions import db
from lms.learning.services import complete_lesson, enroll_cadre
from lms.org.models import Unit
from lms.training.models import TrainingSession
from lms.training.programmes.models import Programme

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
VIEWPORT = {"width": 360, "height": 740}
CHROMIUM = "/usr/bin/chromium"
# The course the demo cadre is part way through (her course, lesson and quiz pages).
COURSE_SLUG = "an-toan-dien-thoai-phong-lua-dao"


def _pages():
    """(role, name, path) of the pages measured, from the seeded demo."""
    city = db.session.scalar(select(Unit.id).where(Unit.code == CITY_CODE))
    ward = db.session.scalar(select(Unit.id).where(Unit.code == DEMO_WARD_CODE))
    course = db.session.scalar(select(Course).where(Course.slug == COURSE_SLUG))
    lesson = db.session.scalar(select(Lesson.slug).where(Lesson.course_id == course.id)
                               .order_by(Lesson.position).offset(1).limit(1))
    programme = db.session.scalar(select(Programme.id).order_by(Programme.id).limit(1))
    session = db.session.scalar(select(TrainingSession.id).where(TrainingSession.unit_id == ward)
                                .order_by(TrainingSession.id).limit(1))
    year = 2026  # the demo's year
    return [
        ("guest", "sign-in", "/login"),
        ("cadre", "cadre home", "/"),
        ("cadre", "catalogue", "/courses"),
        ("cadre", "course page", f"/courses/{course.slug}"),
        ("cadre", "lesson", f"/courses/{course.slug}/lessons/{lesson}"),
        ("cadre", "progress", f"/courses/{course.slug}/progress"),
        ("cadre", "quiz", f"/courses/{course.slug}/quiz"),
        ("cadre", "notifications", "/notifications"),
        ("organizer", "city dashboard", f"/reports/units/{city}?year={year}"),
        ("organizer", "city missing list", f"/reports/units/{city}/missing/annual_training"
                                           f"?year={year}"),
        ("organizer", "cadre list", "/org/cadres"),
        ("organizer", "programme report", f"/programmes/{programme}/report"),
        ("organizer", "sessions", "/training"),
        ("organizer_ward", "ward dashboard", f"/reports/units/{ward}?year={year}"),
        ("organizer_ward", "ward session", f"/training/{session}"),
        ("organizer_ward", "new assignment", "/assignments/new"),
        ("trainer", "trainer home", "/"),
        ("trainer", "trainer's courses", "/author"),
    ]


def _prepare_cadre():
    """The demo cadre has begun COURSE_SLUG: one lesson done, so its pages show progress."""
    cadre = db.session.scalar(select(User).where(User.username == "cadre")).cadre
    course = db.session.scalar(select(Course).where(Course.slug == COURSE_SLUG))
    enroll_cadre(cadre, course)
    first = db.session.scalar(select(Lesson).where(Lesson.course_id == course.id)
                              .order_by(Lesson.position).limit(1))
    complete_lesson(cadre, first)
    db.session.commit()


def _signed_in_state(browser, base_url, role):
    """The cookies of `role` signed in (None for a guest), from a context of their own."""
    if role == "guest":
        return None
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/login")
        page.fill("input[name=login]", role)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        return context.storage_state()
    finally:
        context.close()


def _measure(browser, base_url, role, path, axe_source):
    # A new context holding only the cookies: the page loads with a cold cache.
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", bypass_csp=True,
                                  storage_state=_signed_in_state(browser, base_url, role))
    try:
        page = context.new_page()
        loaded = []
        page.on("requestfinished", lambda request: loaded.append(request))
        response = page.goto(f"{base_url}{path}", wait_until="load")
        sent_to_sign_in = role != "guest" and "/login" in page.url
        if response is None or response.status != 200 or sent_to_sign_in:
            raise BenchmarkError(f"{role} could not open {path} "
                                 f"(HTTP {response.status if response else '?'}, {page.url})")
        page.wait_for_load_state("networkidle")

        def wire(request):
            sizes = request.sizes()
            return sizes["responseBodySize"] + sizes["responseHeadersSize"]

        html = next((wire(r) for r in loaded if r.url == response.url), 0)
        total = sum(wire(r) for r in loaded)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("""async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, nodes: v.nodes.length}));
        }""")
        return {
            "role": role, "path": path,
            "height": page.evaluate("document.documentElement.scrollHeight"),
            "sideways": page.evaluate("document.documentElement.scrollWidth") > VIEWPORT["width"],
            "html_bytes": html, "total_bytes": total,
            "axe_rules": len(violations), "axe_nodes": sum(v["nodes"] for v in violations),
            "axe": violations,
        }
    finally:
        context.close()


def _median_runs(runs):
    """One row per page: the median of each figure over the runs (heights and axe do not
    vary; bytes may, by a few for dates and tokens)."""
    rows = []
    for measured in zip(*runs, strict=True):
        row = dict(measured[0])
        for key in ("height", "html_bytes", "total_bytes"):
            row[key] = int(statistics.median(m[key] for m in measured))
        rows.append(row)
    return rows


def run_benchmark(runs=1, database_url=None, echo=print):
    """Seed the demo, serve it, measure every page `runs` times; echo a table and return
    the rows, the last line one JSON object."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BenchmarkError("Playwright is needed: pip install -r requirements-dev.txt") \
            from error
    if not Path(CHROMIUM).exists():
        raise BenchmarkError(f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    axe_source = AXE.read_text()
    with (tempfile.TemporaryDirectory(prefix="lms-bench-pages-") as tmp,
          fresh_database(database_url, Path(tmp), "pages") as url):
        seed_demo()
        _prepare_cadre()
        pages = _pages()
        db.session.remove()
        with running_site(url, Path(tmp) / "site") as site, sync_playwright() as playwright:
            # localhost, not 127.0.0.1: Chromium keeps the production Secure cookies there.
            base_url = site.url.replace("127.0.0.1", "localhost")
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                # Once first, unmeasured: each gunicorn worker's first requests are slow.
                for role, _name, path in pages[:3]:
                    _measure(browser, base_url, role, path, axe_source)
                all_runs = [[_measure(browser, base_url, role, path, axe_source)
                             for role, _name, path in pages] for _ in range(runs)]
            finally:
                browser.close()
    rows = _median_runs(all_runs)
    for (_role, name, _path), row in zip(pages, rows, strict=True):
        row["name"] = name
    echo(f"{'page':<22}{'role':<16}{'height px':>10}{'screens':>9}{'HTML B':>9}{'total B':>10}"
         f"{'axe rules':>10}{'axe nodes':>10}")
    for row in rows:
        echo(f"{row['name']:<22}{row['role']:<16}{row['height']:>10}"
             f"{row['height'] / VIEWPORT['height']:>9.1f}{row['html_bytes']:>9}"
             f"{row['total_bytes']:>10}{row['axe_rules']:>10}{row['axe_nodes']:>10}"
             f"{'  SIDEWAYS' if row['sideways'] else ''}")
    broken = "; ".join(f"{row['name']}: " + ", ".join(f"{v['id']} ×{v['nodes']}"
                                                      for v in row["axe"])
                       for row in rows if row["axe"])
    echo(f"axe violations: {broken or 'none'}")
    echo(json.dumps({"runs": runs, "pages": rows}, ensure_ascii=False))
    return rows
