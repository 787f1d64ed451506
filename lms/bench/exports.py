"""The export benchmark: the memory a whole-city missing list takes to write, measured in a
process of its own so that building the synthetic city does not count.

Each measurement runs `python -m lms.bench.exports URL FMT MODE PATH HOW` and reads one JSON
line back: the process's resident set just before the export, and its peak during it (Linux's
VmHWM, reset by writing 5 to /proc/self/clear_refs just before), the difference being the peak
the export added; and separately (another process, since tracing slows it) tracemalloc's peak
of Python allocations during the export.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import func, select

from lms.bench.common import BenchmarkError, fresh_database, shown_url
from lms.bench.load import CITY_ID, EXPORT_YEAR, INDICATOR
from lms.bench.reports import build_city
from lms.extensions import db
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.missing import missing_cadres_query

# "file": the queue's export job (rows read 2,000 at a time, written row by row to a file);
# "request": the list built whole and written to bytes, as a small list is in the request.
MODES = ("file", "request")
CHILD_TIMEOUT_S = 900


def _status_mb(field):
    """VmRSS (now) or VmHWM (the peak) of this process from /proc, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise BenchmarkError(f"no {field} in /proc/self/status: Linux only")


def _reset_peak_rss():
    """Make VmHWM the current RSS, so that it then holds the peak of what follows."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def _export(fmt, mode, path):
    """Write the city's missing list as the job (`file`) or the request (`request`) does."""
    from lms.org.models import Unit
    from lms.reports.exports import MISSING_BATCH, missing_table, render, render_to_file

    unit = db.session.get(Unit, CITY_ID)
    period = Period(EXPORT_YEAR)
    if mode == "file":
        render_to_file(missing_table(unit, INDICATOR, period, batch=MISSING_BATCH), fmt, path)
    else:
        data, _mimetype = render(missing_table(unit, INDICATOR, period), fmt)
        Path(path).write_bytes(data)


def measure(url, fmt, mode, path, traced):
    """In this process: export once and return the figures (run by the child process)."""
    from lms import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only"})
    with app.app_context(), app.test_request_context():
        db.session.execute(select(1))  # connect before the baseline
        _reset_peak_rss()
        before_mb = _status_mb("VmRSS")
        if traced:
            tracemalloc.start()
        start = time.perf_counter()
        _export(fmt, mode, path)
        seconds = time.perf_counter() - start
        figures = {"fmt": fmt, "mode": mode, "seconds": round(seconds, 2),
                   "file_mb": round(os.path.getsize(path) / 1e6, 1)}
        if traced:
            figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20,
                                                   1)
            tracemalloc.stop()
        else:
            after_mb = _status_mb("VmHWM")
            figures.update(rss_before_mb=round(before_mb, 1), rss_peak_mb=round(after_mb, 1),
                           rss_added_mb=round(after_mb - before_mb, 1))
        db.session.remove()
    return figures


def _child(url, fmt, mode, path, traced):
    command = [sys.executable, "-m", "lms.bench.exports", url, fmt, mode, str(path),
               "traced" if traced else "rss"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S,
                          check=False)
    if done.returncode:
        raise BenchmarkError(f"the export process failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def run_benchmark(cadres, units=None, records=None, runs=3, database_url=None,
                  formats=("xlsx", "csv"), modes=MODES, echo=print):
    """Build the synthetic city, then export its missing list `runs` times per format and mode
    (each in a fresh process); echo and return the medians, the last line one JSON object."""
    units = units or max(4, cadres // 5)
    records = cadres * 10 if records is None else records
    where = shown_url(database_url) if database_url else "sqlite (temporary file)"
    results = []
    with (tempfile.TemporaryDirectory(prefix="lms-bench-exports-") as tmp,
          fresh_database(database_url, Path(tmp), "exports") as url):
        start = time.perf_counter()
        build_city(cadres, units, records)
        query = missing_cadres_query(CITY_ID, INDICATOR, Period(EXPORT_YEAR))
        rows = db.session.scalar(select(func.count()).select_from(query.subquery()))
        db.session.remove()
        echo(f"Built in {time.perf_counter() - start:.1f} s on {where}: {cadres:,} cadres; "
             f"the city's {INDICATOR} missing list for {EXPORT_YEAR}: {rows:,} rows")
        for fmt in formats:
            for mode in modes:
                path = Path(tmp) / f"missing-{mode}.{fmt}"
                measured = [_child(url, fmt, mode, path, traced=False) for _ in range(runs)]
                traced = _child(url, fmt, mode, path, traced=True)
                figures = {"fmt": fmt, "mode": mode, "rows": rows,
                           "file_mb": measured[-1]["file_mb"],
                           **{key: statistics.median(m[key] for m in measured)
                              for key in ("seconds", "rss_before_mb", "rss_peak_mb",
                                          "rss_added_mb")},
                           "tracemalloc_peak_mb": traced["tracemalloc_peak_mb"]}
                results.append(figures)
                echo("{fmt} {mode}: {rows:,} rows, {file_mb} MB file, median of {runs}: "
                     "{seconds} s, peak RSS added {rss_added_mb} MiB ({rss_before_mb} → "
                     "{rss_peak_mb} MiB); Python allocations' peak (tracemalloc) "
                     "{tracemalloc_peak_mb} MiB".format(runs=runs, **figures))
    summary = {"cadres": cadres, "database": where, "rows": rows, "exports": results}
    echo(json.dumps(summary))
    return summary


if __name__ == "__main__":
    url_arg, fmt_arg, mode_arg, path_arg, how = sys.argv[1:6]
    print(json.dumps(measure(url_arg, fmt_arg, mode_arg, path_arg, traced=how == "traced")))
