"""The import benchmark: a synthetic cadre file imported twice into a fresh database."""

import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from lms.bench.common import BenchmarkError, fresh_database, shown_url
from lms.bench.site import GUNICORN_TIMEOUT_S, add_accounts, running_site
from lms.core.clock import utcnow
from lms.core.spreadsheets import write_spreadsheet
from lms.demo_names import random_full_name
from lms.extensions import db
from lms.jobs.models import Job
from lms.org.imports.cadres import CADRE_COLUMNS, import_cadres
from lms.org.imports.common import Stopwatch
from lms.org.models import Cadre, Unit
from lms.org.services import create_unit

COMMUNES = 126
BRANCHES_PER_COMMUNE = 5
ORGANIZER = "bench-organizer"
# The follow page refreshes itself every 2 s; the benchmark looks more often, to time the job
# closely.
POLL_S = 0.25

_POSITIONS = ("Chủ tịch", "Phó Chủ tịch", "Chi hội trưởng", "Tổ trưởng", "Ủy viên BCH")
_EDUCATION = ("đại học", "Đại học", "thạc sĩ", "Thạc sỹ", "dưới đại học", "tiến sĩ")
_YES_NO = ("có", "không", "x", "", "1", "0", "Có", "Không")


def build_unit_tree():
    """A city, its communes/wards and their branches; returns the unit codes."""
    city = create_unit("HN", "Hội LHPN Hà Nội", "city")
    codes = [city.code]
    for c in range(1, COMMUNES + 1):
        commune = create_unit(f"P{c:03d}", f"Hội LHPN phường {c}", "commune", parent=city)
        codes.append(commune.code)
        for b in range(1, BRANCHES_PER_COMMUNE + 1):
            codes.append(create_unit(f"P{c:03d}-{b}", f"Chi hội {b}", "branch",
                                     parent=commune).code)
    db.session.commit()
    return codes


def synthetic_rows(count, unit_codes, seed=39):
    """The header (Vietnamese labels) and `count` plausible, valid cadre rows."""
    rng = random.Random(seed)
    yield [column.label for column in CADRE_COLUMNS]
    for i in range(1, count + 1):
        birth_year = rng.randint(1960, 2000)
        yield [
            f"BM{i:07d}",
            random_full_name(rng, birth_year),
            str(birth_year),
            f"09{i:08d}",
            f"cb{i}@example.vn" if i % 3 == 0 else "",
            rng.choice(unit_codes),
            rng.choice(_POSITIONS),
            *(rng.choice(_YES_NO) for _ in range(4)),
            rng.choice(_EDUCATION),
            "có" if i % 20 else "không",
        ]


def write_synthetic(path, rows):
    """Write rows to `path` as CSV or XLSX, by its suffix."""
    rows = iter(rows)
    header = next(rows)
    path.write_bytes(write_spreadsheet(path.suffix[1:], header, rows, "cadres")[0])


def _timed_import(path, fmt, run, repeat=1):
    result = import_cadres(path, path.name)
    clock = Stopwatch()
    db.session.commit()
    clock.lap("commit")
    seconds = {**result.timings, **clock.laps}
    total = round(sum(seconds.values()), 3)
    return {"format": fmt, "run": run, "repeat": repeat, "rows": result.total,
            "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            **{f"{phase}_s": value for phase, value in seconds.items()},
            "total_s": total, "rows_per_s": round(result.total / total) if total else None}


def _describe(figures):
    return ("{format} run {run}: {rows} rows ({created} created, {updated} updated, "
            "{unchanged} unchanged) parse {parse_s} s, validate {validate_s} s, "
            "write {write_s} s, commit {commit_s} s: total {total_s} s, "
            "{rows_per_s} rows/s").format(**figures)


def _seconds_between(start, end):
    return round((end - start).total_seconds(), 3) if start and end else None


def _follow(client, follow_path, timeout_s):
    """Poll the import's follow page until it sends her on with the summary (done); raise
    BenchmarkError when it shows problems instead, or after `timeout_s`."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        response = client.get(follow_path)
        # Done: the page sends her on to the cadre list, with the summary flashed.
        if response.status_code == 302:
            return
        if response.status_code != 200:
            raise BenchmarkError(f"the follow page answered HTTP {response.status_code}")
        if 'http-equiv="refresh"' not in response.text:
            # Still 200 without refreshing itself: the file was refused or the job failed.
            raise BenchmarkError("the import did not succeed: the follow page shows its "
                                 "problems instead of the summary")
        time.sleep(POLL_S)
    raise BenchmarkError(f"the import job was not done after {timeout_s} s")


def _web_import(path, fmt, rows, database_url, workdir, timeout_s):
    """Sign in as an organizer of the city, upload `path` on the cadre import page of the real
    app under gunicorn and follow the job until the page shows it done; the figures."""
    with fresh_database(database_url, workdir, f"web-{fmt}") as url:
        city_code = build_unit_tree()[0]
        city_id = db.session.scalar(select(Unit.id).where(Unit.code == city_code))
        add_accounts([(ORGANIZER, None, city_id)])
        db.session.remove()
        with running_site(url, workdir / f"site-{fmt}") as site:
            client = site.client().sign_in(ORGANIZER)
            token = client.csrf_token("/org/import/cadres")
            with path.open("rb") as stream:
                # Job.created_at has whole seconds on SQLite: the upload's own clock instead.
                uploaded_at = utcnow()
                start = time.perf_counter()
                response = client.post("/org/import/cadres", data={"csrf_token": token},
                                       files={"file": (path.name, stream)},
                                       timeout=GUNICORN_TIMEOUT_S * 2)
            upload_s = time.perf_counter() - start
            follow = response.headers.get("Location", "")
            if response.status_code != 302 or "/import/jobs/" not in follow:
                raise BenchmarkError(f"the upload answered HTTP {response.status_code}, not "
                                     "a redirect to the job's follow page")
            _follow(client, follow, timeout_s)
            done_s = time.perf_counter() - start
        job = db.session.scalars(select(Job).where(Job.kind == "import_cadres")).one()
        in_database = db.session.scalar(select(func.count()).select_from(Cadre))
        figures = {
            "format": fmt, "rows": rows, "upload_s": round(upload_s, 3),
            "until_done_s": round(done_s - upload_s, 3), "total_s": round(done_s, 3),
            "queue_wait_s": _seconds_between(uploaded_at, job.started_at),
            "job_run_s": _seconds_between(job.started_at, job.finished_at),
            "created": (job.result or {}).get("created"), "cadres_in_database": in_database,
            "upload_under_timeout": upload_s < GUNICORN_TIMEOUT_S,
        }
        db.session.remove()
    return figures


def _describe_web(figures):
    return ("{format} through the web page and the queue: {rows} rows, upload request "
            "{upload_s} s, then {until_done_s} s until the page showed the job done "
            "(the job started {queue_wait_s} s after the upload, ran {job_run_s} s): "
            "total {total_s} s; "
            "{cadres_in_database} cadres in the database").format(**figures)


def _medians(runs, fmt, run):
    """Median seconds of `fmt`'s `run` (1: all created, 2: all unchanged): total and parse."""
    mine = [r for r in runs if r["format"] == fmt and r["run"] == run]
    return (round(statistics.median(r["total_s"] for r in mine), 3),
            round(statistics.median(r["parse_s"] for r in mine), 3))


def _ratios(runs, repeats, echo):
    """XLSX over CSV, from the medians of the repeats (each repeat imports both formats one
    after the other, so that a busy machine slows both alike); echo and return them."""
    ratios = {}
    for run, label in ((1, "first import (all new)"), (2, "second import (all unchanged)")):
        (csv_s, csv_parse), (xlsx_s, xlsx_parse) = _medians(runs, "csv", run), _medians(
            runs, "xlsx", run)
        ratio = round(xlsx_s / csv_s, 2) if csv_s else None
        ratios[f"run_{run}"] = {"csv_s": csv_s, "xlsx_s": xlsx_s, "xlsx_over_csv": ratio,
                                "csv_parse_s": csv_parse, "xlsx_parse_s": xlsx_parse}
        echo(f"XLSX / CSV, {label}, median of {repeats}: {xlsx_s} s / {csv_s} s = {ratio}× "
             f"(reading the file: {xlsx_parse} s / {csv_parse} s)")
    return ratios


def run_benchmark(cadres, database_url=None, formats=("csv", "xlsx"), echo=print,
                  through_web=False, web_timeout_s=600, repeats=1):
    """Import `cadres` synthetic rows twice per format, `repeats` times (each in a fresh
    database, the formats in turn); with both formats, the XLSX/CSV ratio of the medians;
    with `through_web`, then the same file once more into a fresh database through the cadre
    import page of the real app (gunicorn and a queue worker); echo and return the figures."""
    runs, web = [], []
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as tmp:
        workdir = Path(tmp)
        for repeat in range(1, repeats + 1):
            for fmt in formats:
                path = workdir / f"cadres.{fmt}"
                with fresh_database(database_url, workdir, f"{fmt}-{repeat}"):
                    codes = build_unit_tree()
                    if repeat == 1:
                        write_synthetic(path, synthetic_rows(cadres, codes))
                    for run in (1, 2):
                        runs.append(_timed_import(path, fmt, run, repeat))
                        echo(_describe(runs[-1]))
        for fmt in formats if through_web else ():
            web.append(_web_import(workdir / f"cadres.{fmt}", fmt, cadres, database_url,
                                   workdir, web_timeout_s))
            echo(_describe_web(web[-1]))
    # The first run must create every cadre and the second must change none; through the web
    # every cadre must be created, the upload answering within gunicorn's timeout.
    ok = all(r["created"] == cadres if r["run"] == 1 else r["unchanged"] == cadres
             for r in runs) and all(
        w["created"] == w["cadres_in_database"] == cadres and w["upload_under_timeout"]
        for w in web)
    where = shown_url(database_url) if database_url else "sqlite (temporary file)"
    summary = {"cadres": cadres, "database": where, "ok": ok, "runs": runs}
    if {"csv", "xlsx"} <= set(formats):
        summary["ratios"] = _ratios(runs, repeats, echo)
    if through_web:
        summary["web"] = web
    echo(json.dumps(summary, ensure_ascii=False))
    return summary
