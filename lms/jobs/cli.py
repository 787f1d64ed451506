"""flask worker: a consumer of the task queue."""

import os

import click
from flask.cli import with_appcontext


def _lower_priority(niceness):
    """Lower the worker's CPU priority by `niceness`. Where Linux groups processes by session
    for the scheduler (autogroup), a nice value only counts inside the group, so a worker that
    leads its own session (a systemd service, a process started with setsid) lowers its
    group's too; one started from a terminal leaves the terminal's session alone."""
    os.nice(niceness)
    if os.getsid(0) != os.getpid():
        return
    try:
        with open("/proc/self/autogroup", "w") as autogroup:
            autogroup.write(str(niceness))
    except OSError:
        pass  # no autogroup here (another OS, or the kernel has it off)


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
        _lower_priority(niceness)
    consumer = make_consumer(workers, periodic)
    click.echo(f"Worker: {workers} threads, periodic jobs {'on' if consumer.periodic else 'off'}, "
               f"CPU priority lowered by {niceness}.")
    consumer.run()


COMMANDS = (worker_command,)
