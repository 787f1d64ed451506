"""The file a job leaves for whoever asked for it (an export, a ZIP of certificates): one path
per job under JOB_FILES_FOLDER, deleted a day later by the hourly purge_expired_files. With
FILE_STORAGE=database the file is kept in the database too (lms/core/file_store.py), committed
with the job's result, so a web server that shares nothing else with the worker serves it."""

import os
import uuid
from contextlib import contextmanager

from flask import current_app

from lms.core import file_store

JOBS_AREA = "jobs"


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
        if file_store.in_database():
            file_store.store_file(JOBS_AREA, os.path.basename(path), path)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


def file_result(job_id, extension, download_name, mimetype, **extra):
    """The result (JSON) of a job that wrote its file: the file's name in the folder, the
    ASCII name the browser saves it under, its content type, and `extra` (counts)."""
    return {"file": os.path.basename(job_file_path(job_id, extension)),
            "download_name": download_name, "mimetype": mimetype, **extra}


def _kept_name(job):
    name = (job.result or {}).get("file")
    # Only ever a name inside the folder, whatever the stored result says.
    return os.path.basename(name) if name else None


def stored_file(job):
    """The path of the job's file on this machine while it is kept, else None (no file,
    purged, or in database storage written on another machine: see stored_chunks)."""
    name = _kept_name(job)
    path = name and os.path.join(_folder(), name)
    return path if path and os.path.isfile(path) else None


def is_kept(job):
    """Whether the job's file is still kept, on this machine or in the database."""
    name = _kept_name(job)
    return bool(name) and (stored_file(job) is not None or (
        file_store.in_database() and file_store.is_stored(JOBS_AREA, name)))


def stored_chunks(job):
    """The bytes of the job's file from the database, a chunk at a time (read as they are
    sent, not copied to this machine, whose folder only the scheduling worker purges)."""
    return file_store.chunks(JOBS_AREA, _kept_name(job))


def keep_upload(upload, prefix):
    """Save an uploaded (validated) file for a job to read, under a fresh name; its path.
    In database storage it is kept there too, for a worker on another machine."""
    folder = _folder()
    os.makedirs(folder, exist_ok=True)
    extension = os.path.splitext(upload.filename)[1].lower()
    path = os.path.join(folder, f"{prefix}-{uuid.uuid4()}{extension}")
    upload.save(path)
    if file_store.in_database():
        file_store.store_file(JOBS_AREA, os.path.basename(path), path)
    return path


def reading_upload(path):
    """A context giving the path of the upload saved at `path`, on this machine: copied from
    the database for the time of the block when it was saved on another."""
    name = os.path.basename(path)
    return file_store.reading_copy(JOBS_AREA, name, os.path.join(_folder(), name))


def job_files_not_in_database():
    """(name, path) of each job file and upload in this machine's folder that the database
    does not hold yet (a file still being written is left out)."""
    folder = _folder()
    if not os.path.isdir(folder):
        return
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.is_file() and entry.name.startswith(("job-", "import-")) and \
                not entry.name.endswith(".part") and \
                not file_store.is_stored(JOBS_AREA, entry.name):
            yield entry.name, entry.path
