"""flask worker: a consumer of the task queue."""

import os

import click
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=int,
              help="Jobs run at the same time (threads).")
@click.option("--periodic/--no-periodic", default=None,
              help="Also schedule the periodic jobs (reminders, clean-up). Enable it on exactly "
                   "one worker. Default: LMS_WORKER_PERIODIC=1 enables it.")
@click.option("--nice", "niceness", default=10, show_default=True, type=click.IntRange(0, 19),
              help="How much lower than the web server's the worker's CPU priority is: on a "
                   "machine that also serves pages, a long export yields to learners.")
@with_appcontext
def worker_command(workers, periodic, niceness):
    """Run the queued jobs; several workers may run on several machines."""
    from lms.tasks import make_consumer

    if niceness:
        os.nice(niceness)
    consumer = make_consumer(workers, periodic)
    click.echo(f"Worker: {workers} threads, periodic jobs {'on' if consumer.periodic else 'off'}, "
               f"CPU priority lowered by {niceness}.")
    consumer.run()


COMMANDS = (worker_command,)
