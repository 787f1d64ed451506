"""The file a job leaves for whoever asked for it (an export, a ZIP of certificates): one path
per job under JOB_FILES_FOLDER, deleted a day later by the hourly purge_expired_files."""

import os
from contextlib import contextmanager

from flask import current_app


def _folder():
    return current_app.config["JOB_FILES_FOLDER"]


def job_file_path(job_id, extension):
    """Where the job's file lives: JOB_FILES_FOLDER/job-<id>.<extension>."""
    folder = _folder()
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, f"job-{job_id}.{extension}")


@contextmanager
def writing_job_file(job_id, extension):
    """Yield a path to write the job's file to; it takes the job's name only once written in
    full, so the download never serves half a file and a failed attempt leaves none."""
    path = job_file_path(job_id, extension)
    partial = f"{path}.part"
    try:
        yield partial
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


def file_result(job_id, extension, download_name, mimetype, **extra):
    """The result (JSON) of a job that wrote its file: the file's name in the folder, the
    ASCII name the browser saves it under, its content type, and `extra` (counts)."""
    return {"file": os.path.basename(job_file_path(job_id, extension)),
            "download_name": download_name, "mimetype": mimetype, **extra}


def stored_file(job):
    """The path of the job's file while it is kept, else None (no file, or purged)."""
    name = (job.result or {}).get("file")
    if not name:
        return None
    # Only ever a name inside the folder, whatever the stored result says.
    path = os.path.join(_folder(), os.path.basename(name))
    return path if os.path.isfile(path) else None
