"""flask worker: a consumer of the task queue."""

import click
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=int,
              help="Jobs run at the same time (threads).")
@click.option("--periodic/--no-periodic", default=None,
              help="Also schedule the periodic jobs (reminders, clean-up). Enable it on exactly "
                   "one worker. Default: LMS_WORKER_PERIODIC=1 enables it.")
@with_appcontext
def worker_command(workers, periodic):
    """Run the queued jobs; several workers may run on several machines."""
    from lms.tasks import make_consumer

    consumer = make_consumer(workers, periodic)
    click.echo(f"Worker: {workers} threads, periodic jobs {'on' if consumer.periodic else 'off'}.")
    consumer.run()


COMMANDS = (worker_command,)
