"""The load benchmark: learners' latency on the real app under gunicorn, without and then
with two organizers exporting the whole city's missing list, phases A and B alternating on
the same server and the same synthetic city."""

import contextlib
import json
import math
import multiprocessing
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import func, select

from config import Config
from lms.bench.common import BenchmarkError, fresh_database, shown_url
from lms.bench.reports import LAST_DAY, build_city, course_rows
from lms.bench.site import (
    GUNICORN_TIMEOUT_S,
    Client,
    add_accounts,
    empty_cache,
    running_site,
)
from lms.catalog.models import Lesson
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.org.models import Cadre
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.missing import missing_cadres_query

CITY_ID = 1  # plan_units puts the city first
INDICATOR = "annual_training"
# The year after the synthetic trainings: no active cadre has trained yet, so the city's
# missing list is the largest there is (~97,000 of 100,000 cadres, as at a year's start).
EXPORT_YEAR = LAST_DAY.year + 1
LESSONS_PER_COURSE = 3
# As often as a script asks about a queued export (the job page itself refreshes every 2 s).
POLL_S = 1.0
# An export or its job taking longer than this is counted as failed.
EXPORT_TIMEOUT_S = 600
LEARNER_TIMEOUT_S = 120
# Warm city dashboards timed alone before the phases.
DASHBOARD_ALONE = 20
# Production (README, deployment): gunicorn -w 4, sync workers.
WEB_WORKERS = 4
# Production keeps the result cache in Redis; a database number of its own here.
CACHE_URL = "redis://127.0.0.1:6379/13"


# --- the city's learners and organizers ---------------------------------------------------

def _add_lessons():
    body = "Nội dung bài học: " + "Hội viên phụ nữ học tập suốt đời. " * 40
    db.session.execute(Lesson.__table__.insert(), [
        {"course_id": course["id"], "slug": f"bai-{n}", "position": n,
         "title": f"Bài {n}", "body": body, "body_html": f"<p>{body}</p>",
         "is_archived": False}
        for course in course_rows() for n in range(1, LESSONS_PER_COURSE + 1)])
    db.session.commit()


def _learners(count):
    """(cadre id, course slug) of `count` active cadres, each with a course still open (any
    course when too few have one), spread over the city."""
    slugs = {course["id"]: course["slug"] for course in course_rows()}
    picked = {}
    for still_open in (True, False):
        query = (select(Enrollment.cadre_id, func.min(Enrollment.course_id))
                 .join(Cadre, Cadre.id == Enrollment.cadre_id).where(Cadre.is_active)
                 .group_by(Enrollment.cadre_id).order_by(Enrollment.cadre_id))
        if still_open:
            query = query.where(Enrollment.completed_at.is_(None))
        rows = db.session.execute(query).all()
        step = max(1, len(rows) // count)
        for cadre_id, course_id in rows[::step]:
            if len(picked) < count:
                picked.setdefault(cadre_id, slugs[course_id])
    if len(picked) < count:
        raise BenchmarkError(f"only {len(picked)} cadres are enrolled: give more --cadres")
    return list(picked.items())


def export_path(year):
    return f"/reports/units/{CITY_ID}/missing/{INDICATOR}.xlsx?year={year}"


def _missing_rows(period):
    query = missing_cadres_query(CITY_ID, INDICATOR, period)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


# --- the clients -------------------------------------------------------------------------

def percentile(values, p):
    """The nearest-rank `p`th percentile of `values` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class Learner:
    """A signed-in cadre who reads her home page, her course's page and its first lesson."""

    def __init__(self, client, slug):
        self.client = client
        self.pages = ("/", f"/courses/{slug}", f"/courses/{slug}/lessons/bai-1")

    def check(self):
        for page in self.pages:
            status = self.client.get(page).status_code
            if status != 200:
                raise BenchmarkError(f"a learner's page {page} answered HTTP {status}")

    def run(self, deadline, think_s, offset, latencies, errors):
        n = offset
        while time.monotonic() < deadline:
            page = self.pages[n % len(self.pages)]
            n += 1
            start = time.perf_counter()
            try:
                ok = self.client.get(page, timeout=LEARNER_TIMEOUT_S).status_code == 200
            except requests.RequestException:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - start)
            else:
                errors.append(page)
            if think_s:
                time.sleep(think_s)


def export_city(client, path):
    """Export the whole city's missing list as the organizer's browser would: the file at
    once (the export in the request), or a redirect to a job, whose status is asked until the
    file is ready to download. Returns (how, bytes); raises BenchmarkError when it fails."""
    start = time.perf_counter()
    response = client.get(path, timeout=EXPORT_TIMEOUT_S)
    if response.status_code == 500 and time.perf_counter() - start >= GUNICORN_TIMEOUT_S:
        # gunicorn ends a sync worker's request after its timeout with a bare 500.
        raise BenchmarkError(f"the export was stopped by gunicorn's {GUNICORN_TIMEOUT_S} s "
                             "timeout (HTTP 500)")
    if response.status_code == 200:
        if not response.content:
            raise BenchmarkError("the export answered an empty file")
        return "in_request", len(response.content)
    if response.status_code not in (302, 303):
        raise BenchmarkError(f"the export answered HTTP {response.status_code}")
    status_path = response.headers["Location"].rstrip("/") + "/status"
    deadline = time.perf_counter() + EXPORT_TIMEOUT_S
    while time.perf_counter() < deadline:
        status = client.get(status_path).json()
        if status["status"] == "done":
            file = client.get(status["file_url"], timeout=EXPORT_TIMEOUT_S)
            if file.status_code != 200 or not file.content:
                raise BenchmarkError(f"the export's file answered HTTP {file.status_code}")
            return "queued", len(file.content)
        if status["status"] == "failed":
            raise BenchmarkError("the export job failed")
        time.sleep(POLL_S)
    raise BenchmarkError(f"the export job was not done after {EXPORT_TIMEOUT_S} s")


class Organizer:
    """A signed-in organizer of the city who opens its dashboard and exports its missing list,
    again and again."""

    def __init__(self, client, path, dashboard_path):
        self.client = client
        self.path = path
        self.dashboard_path = dashboard_path

    def open_dashboard(self, dashboards):
        start = time.perf_counter()
        try:
            ok = self.client.get(self.dashboard_path,
                                 timeout=EXPORT_TIMEOUT_S).status_code == 200
        except requests.RequestException:
            ok = False
        dashboards.append({"seconds": time.perf_counter() - start, "ok": ok})

    def run(self, deadline, exports, dashboards):
        while time.monotonic() < deadline:
            self.open_dashboard(dashboards)
            start = time.monotonic()
            try:
                how, size = export_city(self.client, self.path)
                error = None
            except (BenchmarkError, requests.RequestException, ValueError, KeyError) as failed:
                how, size, error = None, 0, f"{type(failed).__name__}: {failed}"
            end = time.monotonic()
            exports.append({"how": how, "bytes": size, "seconds": end - start,
                            "in_phase": end <= deadline, "error": error})

    def signed_in(self):
        """What another process needs to act as this organizer (her cookies)."""
        return (self.client.base_url, requests.utils.dict_from_cookiejar(self.client.http.cookies),
                self.path, self.dashboard_path)

    @classmethod
    def from_signed_in(cls, base_url, cookies, path, dashboard_path):
        client = Client(base_url)
        for name, value in cookies.items():
            client.http.cookies.set(name, value)
        return cls(client, path, dashboard_path)


def _run_organizers(organizers, deadline):
    """Each organizer in a thread of this process until `deadline` (time.monotonic);
    returns (exports, dashboards)."""
    exports, dashboards = [], []
    _run_all([threading.Thread(target=organizer.run, args=(deadline, exports, dashboards))
              for organizer in organizers])
    return exports, dashboards


def _run_all(threads):
    """Start every thread, then wait for all of them."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _organizers_process(connection, signed_in):
    """The organizers' browsers, in a process of their own: each deadline received runs them
    until then and sends back what they saw; None ends the process."""
    organizers = [Organizer.from_signed_in(*one) for one in signed_in]
    while (deadline := connection.recv()) is not None:
        connection.send(_run_organizers(organizers, deadline))


class OrganizerProcess:
    """The organizers, run apart from the learners. Their browsers are other machines: in the
    learners' process, reading 4 MB files would hold the interpreter from the learners'
    threads, and that client-side wait would be counted as the server's."""

    def __init__(self, organizers):
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=_organizers_process, daemon=True,
            args=(child, [organizer.signed_in() for organizer in organizers]))
        self._process.start()
        child.close()

    def start(self, deadline):
        self._connection.send(deadline)

    def result(self):
        """(exports, dashboards) of the phase started last."""
        try:
            return self._connection.recv()
        except EOFError:
            raise BenchmarkError("the organizers' process stopped during a phase") from None

    def close(self):
        # Already stopped: what stopped it is the error to report, not this send.
        with contextlib.suppress(OSError):
            self._connection.send(None)
        self._process.join(timeout=EXPORT_TIMEOUT_S)
        if self._process.is_alive():
            self._process.kill()


def _dashboard_alone(organizer):
    """The city dashboard asked by one organizer on the otherwise idle server: the first
    request (figures computed), then DASHBOARD_ALONE more (figures from the cache)."""
    dashboards = []
    for _ in range(DASHBOARD_ALONE + 1):
        organizer.open_dashboard(dashboards)
    if not all(d["ok"] for d in dashboards):
        raise BenchmarkError("the city dashboard did not answer HTTP 200")
    warm = [d["seconds"] for d in dashboards[1:]]
    return {"first_ms": _ms(dashboards[0]["seconds"]), "p50_ms": _ms(percentile(warm, 50)),
            "max_ms": _ms(max(warm))}


# --- the phases --------------------------------------------------------------------------

def run_phase(learners, organizers, seconds, think_s):
    """Learners for `seconds` (and organizers exporting beside them: an OrganizerProcess, or
    None); an export still running at the end is waited for, so that the next phase starts
    on a quiet server."""
    deadline = time.monotonic() + seconds
    if organizers is not None:
        organizers.start(deadline)
    latencies, errors = [], []
    _run_all([threading.Thread(target=learner.run,
                               args=(deadline, think_s, i, latencies, errors))
              for i, learner in enumerate(learners)])
    exports, dashboards = organizers.result() if organizers is not None else ([], [])
    return {**_phase_figures(latencies, errors, exports, seconds),
            **_dashboard_figures(dashboards)}


def _dashboard_figures(dashboards):
    served = [d["seconds"] for d in dashboards if d["ok"]]
    return {"dashboards": len(served), "dashboard_errors": len(dashboards) - len(served),
            "dashboard_p50_ms": _ms(percentile(served, 50)),
            "dashboard_max_ms": _ms(max(served, default=None))}


def _ms(value):
    return round(value * 1000, 1) if value is not None else None


def _median_s(exports):
    return round(statistics.median(e["seconds"] for e in exports), 2) if exports else None


def _phase_figures(latencies, errors, exports, seconds):
    done = [e for e in exports if e["error"] is None]
    return {
        "requests": len(latencies), "errors": len(errors),
        "p50_ms": _ms(percentile(latencies, 50)), "p95_ms": _ms(percentile(latencies, 95)),
        "p99_ms": _ms(percentile(latencies, 99)), "max_ms": _ms(max(latencies, default=None)),
        "throughput_rps": round(len(latencies) / seconds, 1),
        "exports_completed": sum(1 for e in done if e["in_phase"]),
        "exports_finished_after_phase": sum(1 for e in done if not e["in_phase"]),
        "exports_failed": len(exports) - len(done),
        "export_errors": sorted({e["error"] for e in exports if e["error"]}),
        "export_how": sorted({e["how"] for e in done}),
        "export_median_s": _median_s(done),
        "failed_export_median_s": _median_s([e for e in exports if e["error"]]),
        "export_bytes": max((e["bytes"] for e in done), default=0),
    }


def _describe_phase(run, phase, figures, organizers):
    who = ("learners only" if phase == "A"
           else f"+ {organizers} organizers opening the city dashboard and exporting")
    line = (f"run {run} {phase} ({who}): {figures['requests']} requests, "
            f"{figures['errors']} errors, p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} "
            f"ms, {figures['throughput_rps']} req/s")
    if phase == "B":
        how = "/".join(figures["export_how"]) or "none"
        line += (f"; exports completed {figures['exports_completed']} ({how}, median "
                 f"{figures['export_median_s']} s, {figures['export_bytes']:,} bytes), "
                 f"finished after the phase {figures['exports_finished_after_phase']}, "
                 f"failed {figures['exports_failed']}")
        if figures["exports_failed"]:
            line += f" (median {figures['failed_export_median_s']} s)"
        line += (f"; city dashboards {figures['dashboards']} (p50 "
                 f"{figures['dashboard_p50_ms']} ms, max {figures['dashboard_max_ms']} ms, "
                 f"errors {figures['dashboard_errors']})")
        for error in figures["export_errors"]:
            line += f"\n    export error: {error}"
    return line


def _median_of(phases, key):
    values = [p[key] for p in phases if p[key] is not None]
    return statistics.median(values) if values else None


def _ratio(b, a):
    return round(b / a, 2) if a and b is not None else None


def run_benchmark(cadres=100_000, units=None, records=None, runs=3, seconds=30, learners=8,
                  organizers=2, think_s=0.0, web_workers=WEB_WORKERS, year=EXPORT_YEAR,
                  database_url=None, echo=print, cache_url=CACHE_URL):
    """Build the synthetic city, start the site, then `runs` times phase A (learners) and
    phase B (learners and organizers exporting); echo and return the figures, the last line
    one JSON object."""
    units = units or max(4, cadres // 5)
    records = cadres * 10 if records is None else records
    where = shown_url(database_url) if database_url else "sqlite (temporary file)"
    period = Period(year)
    with (tempfile.TemporaryDirectory(prefix="lms-bench-load-") as tmp,
          fresh_database(database_url, Path(tmp), "load") as url):
        start = time.perf_counter()
        counts = build_city(cadres, units, records)
        _add_lessons()
        picked = _learners(learners)
        add_accounts([(f"hoc-vien-{n}", cadre_id, None)
                      for n, (cadre_id, _slug) in enumerate(picked, 1)]
                     + [(f"to-chuc-{n}", None, CITY_ID) for n in range(1, organizers + 1)])
        missing = _missing_rows(period)
        dialect = db.engine.dialect.name
        db.session.remove()
        echo(f"Built in {time.perf_counter() - start:.1f} s on {where}: {counts['units']:,} "
             f"units, {counts['cadres']:,} cadres, {counts['completions']:,} course "
             f"completions, {counts['attendances']:,} attendances; the city's "
             f"{INDICATOR} missing list for {year}: {missing:,} cadres")
        empty_cache(cache_url)
        with running_site(url, Path(tmp) / "site", web_workers=web_workers,
                          cache_url=cache_url) as site:
            learner_clients = [Learner(site.client().sign_in(f"hoc-vien-{n}"), slug)
                               for n, (_cadre_id, slug) in enumerate(picked, 1)]
            organizer_clients = [Organizer(site.client().sign_in(f"to-chuc-{n}"),
                                           export_path(year),
                                           f"/reports/units/{CITY_ID}?year={year}")
                                 for n in range(1, organizers + 1)]
            # Warm up every gunicorn worker on the learners' pages (and prove they answer).
            for _ in range(web_workers):
                for learner in learner_clients:
                    learner.check()
            alone = _dashboard_alone(organizer_clients[0])
            echo(f"city dashboard alone, {DASHBOARD_ALONE} requests after the first: p50 "
                 f"{alone['p50_ms']} ms, max {alone['max_ms']} ms (the first "
                 f"{alone['first_ms']} ms)")
            # The site reads it from the environment as this process did.
            reports_nice = Config.REPORTS_NICE
            echo(f"gunicorn -w {web_workers} (sync), report pages at a CPU priority "
                 f"{reports_nice} below learners' (LMS_REPORTS_NICE), and one queue worker; "
                 f"result cache {cache_url}; {learners} learners (think time {think_s} s), "
                 f"{organizers} organizers (in a process of their own) opening the city "
                 f"dashboard and "
                 f"exporting {export_path(year)}; "
                 f"{runs} × (A {seconds} s, B {seconds} s)")
            phases = []
            organizer_process = OrganizerProcess(organizer_clients)
            try:
                for run in range(1, runs + 1):
                    for phase, exporting in (("A", None), ("B", organizer_process)):
                        figures = run_phase(learner_clients, exporting, seconds, think_s)
                        phases.append({"run": run, "phase": phase, **figures})
                        echo(_describe_phase(run, phase, figures, organizers))
            finally:
                organizer_process.close()
    summary = _summarise(phases)
    echo(f"median of {runs} runs: A p50 {summary['A']['p50_ms']} ms, p95 "
         f"{summary['A']['p95_ms']} ms, {summary['A']['throughput_rps']} req/s | B p50 "
         f"{summary['B']['p50_ms']} ms, p95 {summary['B']['p95_ms']} ms, "
         f"{summary['B']['throughput_rps']} req/s, {summary['B']['exports_completed']} exports "
         f"completed per phase")
    echo(f"city dashboard in phase B: p50 {summary['B']['dashboard_p50_ms']} ms over "
         f"{summary['B']['dashboards']} per phase")
    echo(f"learners' p95 with the organizers exporting / without: "
         f"{summary['p95_b_over_a']}× (each run: "
         f"{', '.join(str(r) for r in summary['p95_b_over_a_runs'])})")
    result = {
        "database": where, "dialect": dialect, **counts, "missing_rows": missing,
        "year": year, "web_workers": web_workers, "reports_nice": reports_nice,
        "cache_url": cache_url,
        "learners": learners, "dashboard_alone": alone,
        "organizers": organizers, "think_s": think_s, "seconds": seconds, "runs": runs,
        **summary, "phases": phases,
    }
    echo(json.dumps(result, ensure_ascii=False))
    return result


def _summarise(phases):
    by_phase = {name: [p for p in phases if p["phase"] == name] for name in ("A", "B")}
    medians = {name: {key: _median_of(items, key) for key in
                      ("requests", "errors", "p50_ms", "p95_ms", "p99_ms", "throughput_rps",
                       "exports_completed", "exports_failed", "dashboards",
                       "dashboard_p50_ms")}
               for name, items in by_phase.items()}
    # Each B against the A just before it, then the median of those ratios.
    pairs = list(zip(by_phase["A"], by_phase["B"], strict=True))
    p95_runs = [_ratio(b["p95_ms"], a["p95_ms"]) for a, b in pairs]
    p50_runs = [_ratio(b["p50_ms"], a["p50_ms"]) for a, b in pairs]
    throughput_runs = [_ratio(b["throughput_rps"], a["throughput_rps"]) for a, b in pairs]
    how = sorted({h for p in by_phase["B"] for h in p["export_how"]})
    return {
        **medians,
        "p95_b_over_a": statistics.median(r for r in p95_runs if r is not None)
        if any(r is not None for r in p95_runs) else None,
        "p95_b_over_a_runs": p95_runs,
        "p50_b_over_a": statistics.median(r for r in p50_runs if r is not None)
        if any(r is not None for r in p50_runs) else None,
        "throughput_b_over_a": statistics.median(r for r in throughput_runs if r is not None)
        if any(r is not None for r in throughput_runs) else None,
        "exports_completed_b": [p["exports_completed"] for p in by_phase["B"]],
        "export_how": how,
    }
