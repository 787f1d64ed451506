"""Pages that may wait for learners: a report computed in a thread of lower CPU priority.

A web worker serves learners and organizers alike. On a small server both compete for the
same cores, and a city report or its page costs many times a lesson. Its view runs in a
thread of its own whose nice value is raised by REPORTS_NICE (Linux keeps a nice value per
thread): when the cores are busy the scheduler serves learners first, and when they are idle
the report runs at full speed. The thread ends with the request, so the worker's own priority
is never changed, and raising a nice value needs no privilege.

What runs in the database server (PostgreSQL's side of a query) keeps its own priority.
"""

import functools
import os
import threading

from flask import copy_current_request_context, current_app

# Where the operating system has no per-thread priority, views run as usual.
_HAS_THREAD_PRIORITY = hasattr(os, "setpriority") and hasattr(threading, "get_native_id")


def _lower_this_thread(niceness):
    thread = threading.get_native_id()
    current = os.getpriority(os.PRIO_PROCESS, thread)
    os.setpriority(os.PRIO_PROCESS, thread, min(19, current + niceness))


def run_at_lower_priority(call, niceness):
    """call() in a new thread whose nice value is `niceness` above the caller's; returns its
    result or raises its exception. The caller waits without using the CPU."""
    outcome = {}

    def run():
        try:
            _lower_this_thread(niceness)
            outcome["result"] = call()
        except BaseException as error:  # noqa: BLE001 (raised again in the caller's thread)
            outcome["error"] = error

    thread = threading.Thread(target=run, name="lower-priority")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def yields_to_learners(view):
    """Decorate a report view: it runs at REPORTS_NICE below the web worker's priority, in
    the request's context (its own database session and app context, as in any thread)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        niceness = current_app.config.get("REPORTS_NICE", 0)
        if not niceness or not _HAS_THREAD_PRIORITY:
            return view(*args, **kwargs)
        return run_at_lower_priority(
            copy_current_request_context(lambda: view(*args, **kwargs)), niceness)

    # Kept by the decorators above it (functools.wraps copies it): tests list such views.
    wrapper.yields_to_learners = True
    return wrapper
