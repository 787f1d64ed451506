"""`flask bench-reports`."""

import click

from lms.reports.bench import BenchmarkError, run_benchmark


@click.command("bench-reports")
@click.option("--cadres", default=100_000, show_default=True, help="Cadres in the synthetic city.")
@click.option("--units", type=click.IntRange(min=4),
              help="Units in the tree (default: cadres / 5).")
@click.option("--records", type=click.IntRange(min=0),
              help="Training records, online and in person (default: cadres × 10).")
@click.option("--runs", default=5, show_default=True, type=click.IntRange(min=1),
              help="Timed runs per request; the median is reported.")
@click.option("--database-url", help="An empty database to use instead of a temporary SQLite "
                                     "file; its tables are dropped afterwards.")
def bench_reports_command(cadres, units, records, runs, database_url):
    """Time the indicators request for the city and for a group against hand-written SQL."""
    try:
        summary = run_benchmark(cadres, units, records, runs, database_url, click.echo)
    except BenchmarkError as error:
        raise click.ClickException(str(error)) from None
    if not summary["match"]:
        raise SystemExit(1)


def register_reports_cli(app):
    app.cli.add_command(bench_reports_command)
