"""`flask bench reports|imports|media|throughput`, and the older `flask bench-reports|bench-import|
bench-media` that the README and scripts use."""

import click
from flask.cli import AppGroup

from lms.bench import exports, imports, load, media, pages, reports, signins, throughput
from lms.bench.common import BenchmarkError


def _benchmark(run, *args, **kwargs):
    """run(*args, **kwargs), with a BenchmarkError shown as the command's error message."""
    try:
        return run(*args, **kwargs)
    except BenchmarkError as error:
        raise click.ClickException(str(error)) from None


bench_cli = AppGroup("bench", help="Time the reports, the cadre import, photo uploads and "
                                    "learners' pages under load.")


@bench_cli.command("reports")
@click.option("--cadres", default=[100_000], show_default=True, multiple=True, type=int,
              help="Cadres in the synthetic city; repeat for several scales "
                   "(--cadres 100000 --cadres 300000 ...), each built afresh, then a growth "
                   "table.")
@click.option("--units", type=click.IntRange(min=4),
              help="Units in the tree (default: cadres / 5).")
@click.option("--records", type=click.IntRange(min=0),
              help="Training records, online and in person (default: cadres × 10).")
@click.option("--runs", default=5, show_default=True, type=click.IntRange(min=1),
              help="Timed runs per request; the median is reported.")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
@click.option("--work-mem", multiple=True, metavar="SIZE",
              help="PostgreSQL only: time again with work_mem set to SIZE (e.g. 1MB) on "
                   "every connection; repeatable.")
def bench_reports_command(cadres, units, records, runs, database_url, work_mem):
    """Time the indicators request for the city and for a group against hand-written SQL."""
    summary = _benchmark(reports.run_benchmark, list(cadres), units, records, runs,
                         database_url, click.echo, work_mem=work_mem)
    if not summary["match"]:
        raise SystemExit(1)


@bench_cli.command("imports")
@click.option("--cadres", default=100_000, show_default=True, help="Rows in the synthetic file.")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
@click.option("--format", "formats", type=click.Choice(["csv", "xlsx"]), multiple=True,
              help="File format(s) to time; both by default.")
@click.option("--runs", "repeats", default=1, show_default=True, type=click.IntRange(min=1),
              help="Times each format is imported (twice, into a fresh database); with both "
                   "formats, the XLSX/CSV ratio of the medians is printed.")
@click.option("--through-web", is_flag=True,
              help="Then upload the same file on the cadre import page of the real app "
                   "(gunicorn and a queue worker) into a fresh database, and follow the job "
                   "until it is done.")
def bench_import_command(cadres, database_url, formats, repeats, through_web):
    """Time a synthetic cadre import twice (all created, then all unchanged)."""
    summary = _benchmark(imports.run_benchmark, cadres, database_url,
                         formats or ("csv", "xlsx"), click.echo, through_web=through_web,
                         repeats=repeats)
    if not summary["ok"]:
        raise SystemExit(1)


@bench_cli.command("exports")
@click.option("--cadres", default=100_000, show_default=True, help="Cadres in the synthetic city.")
@click.option("--records", type=click.IntRange(min=0),
              help="Training records (default: cadres × 10).")
@click.option("--runs", default=3, show_default=True, type=click.IntRange(min=1),
              help="Processes per format and way of writing; medians reported.")
@click.option("--format", "formats", type=click.Choice(["xlsx", "csv"]), multiple=True,
              help="File format(s); both by default.")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
def bench_exports_command(cadres, records, runs, formats, database_url):
    """Peak memory added by writing the city's whole missing list, in a process of its own:
    as the queue's job writes it to a file, and as a request builds it whole."""
    _benchmark(exports.run_benchmark, cadres, records=records, runs=runs,
               database_url=database_url, formats=formats or ("xlsx", "csv"), echo=click.echo)


@bench_cli.command("media")
@click.option("--runs", default=5, show_default=True, type=click.IntRange(min=1),
              help="Timed runs; the median is reported.")
@click.option("--width", default=media.PHONE_SIZE[0], show_default=True,
              type=click.IntRange(min=1))
@click.option("--height", default=media.PHONE_SIZE[1], show_default=True,
              type=click.IntRange(min=1))
def bench_media_command(runs, width, height):
    """Re-encode a phone photo as an upload does: bytes, size, EXIF and time on 3G."""
    media.run_benchmark(runs, (width, height), click.echo)


@bench_cli.command("load")
@click.option("--cadres", default=100_000, show_default=True, help="Cadres in the synthetic city.")
@click.option("--runs", default=3, show_default=True, type=click.IntRange(min=1),
              help="Pairs of phases (A without organizers, then B with them); medians reported.")
@click.option("--seconds", default=30, show_default=True, type=click.IntRange(min=1),
              help="Length of each phase.")
@click.option("--learners", default=8, show_default=True, type=click.IntRange(min=1),
              help="Learner clients, each signed in as a different cadre.")
@click.option("--organizers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Organizer clients exporting the whole city in phase B.")
@click.option("--think", "think_s", default=0.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds a learner waits between two pages (0: the next page at once).")
@click.option("--year", default=load.EXPORT_YEAR, show_default=True, type=int,
              help="The year of the exported missing list (by default the year after the "
                   "synthetic trainings: every active cadre is on it).")
@click.option("--web-workers", default=load.WEB_WORKERS, show_default=True,
              type=click.IntRange(min=1), help="gunicorn's sync workers (-w).")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
@click.option("--cache-url", default=load.CACHE_URL, show_default=True,
              help="Where the site keeps computed figures (LMS_CACHE_URL); emptied first. "
                   "'none' computes every request.")
def bench_load_command(cadres, runs, seconds, learners, organizers, think_s, year, web_workers,
                       database_url, cache_url):
    """Learners' latency on the app under gunicorn, without and with organizers exporting
    the whole city's missing list."""
    summary = _benchmark(load.run_benchmark, cadres, runs=runs, seconds=seconds,
                         learners=learners, organizers=organizers, think_s=think_s,
                         web_workers=web_workers, year=year, database_url=database_url,
                         echo=click.echo, cache_url=cache_url)
    # A phase without a single answered page measured nothing.
    if any(p["requests"] == 0 for p in summary["phases"]):
        raise SystemExit(1)


@bench_cli.command("pages")
@click.option("--runs", default=3, show_default=True, type=click.IntRange(min=1),
              help="Times each page is measured; medians reported.")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
def bench_pages_command(runs, database_url):
    """Each main page of each role at 360 px in Chromium: height, bytes, axe-core violations."""
    _benchmark(pages.run_benchmark, runs, database_url, click.echo)


@bench_cli.command("signins")
@click.option("--count", default=300, show_default=True, type=click.IntRange(min=1),
              help="Cadres pressing 'Đăng nhập' at the same moment in each storm.")
@click.option("--runs", default=3, show_default=True, type=click.IntRange(min=1),
              help="Pairs of storms (Argon2id accounts, then scrypt accounts); medians "
                   "reported.")
@click.option("--web-workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="gunicorn's sync workers (-w).")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
def bench_signins_command(count, runs, web_workers, database_url):
    """A crowd signing in at once on the app under gunicorn: Argon2id and old scrypt hashes."""
    summary = _benchmark(signins.run_benchmark, count, runs, web_workers, database_url,
                         click.echo)
    if not summary["within_target"]:
        raise SystemExit(1)


@bench_cli.command("throughput")
@click.option("--cadres", default=20_000, show_default=True, help="Cadres in the synthetic city.")
@click.option("--runs", default=3, show_default=True, type=click.IntRange(min=1),
              help="Rounds over the pages; medians reported.")
@click.option("--seconds", default=10, show_default=True, type=click.IntRange(min=1),
              help="Length of each page's measurement in a round.")
@click.option("--clients", default=8, show_default=True, type=click.IntRange(min=1),
              help="Signed-in cadres asking at once, each on its own connection.")
@click.option("--web-workers", default=throughput.WEB_WORKERS, show_default=True,
              type=click.IntRange(min=1), help="gunicorn's sync workers (-w).")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
def bench_throughput_command(cadres, runs, seconds, clients, web_workers, database_url):
    """Requests a second of the home page, the catalogue, a course and a lesson on the app
    under gunicorn, beside the lightest page (/offline) on the same server."""
    _benchmark(throughput.run_benchmark, cadres, runs=runs, seconds=seconds, clients=clients,
               web_workers=web_workers, database_url=database_url, echo=click.echo)


# What `flask` gains from this module (see lms/app_setup.py COMMAND_MODULES): the group,
# and the old command names kept as aliases so that scripts and the README keep working.
COMMANDS = (bench_cli, ("bench-reports", bench_reports_command),
            ("bench-import", bench_import_command), ("bench-media", bench_media_command),
            ("bench-load", bench_load_command), ("bench-pages", bench_pages_command))
