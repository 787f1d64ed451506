"""The sign-in storm: a crowd of cadres who all press "Đăng nhập" at the same moment (the
start of an in-person training, a deadline), against the real app under gunicorn.

Each storm has its own accounts. The Argon2id storm signs in accounts hashed as the app
hashes today; the scrypt storm signs in accounts still holding the scrypt hashes stored
before Argon2id, which each sign-in checks and then replaces (the first storm after the
upgrade, the dearest one)."""

import json
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from lms.auth.models import User
from lms.bench.common import BenchmarkError, fresh_database, shown_url
from lms.bench.site import PASSWORD, add_accounts, running_site
from lms.extensions import db

TARGET_S = 10.0
KINDS = ("argon2id", "scrypt")


def _accounts(kind, run, count):
    return [f"{kind}-{run}-{n}" for n in range(1, count + 1)]


def _store_scrypt_hashes(usernames):
    """Put the old method's hash (one for all: the work is in checking it) on `usernames`."""
    old_hash = generate_password_hash(PASSWORD, method="scrypt")
    db.session.execute(update(User).where(User.username.in_(usernames))
                       .values(password_hash=old_hash))
    db.session.commit()


def storm(site, usernames):
    """Every client loads the sign-in form, then all send it at once; returns the seconds
    from the first send to the last answer and each sign-in's own seconds."""
    clients = [site.client() for _ in usernames]
    tokens = [client.csrf_token("/login") for client in clients]
    gate = threading.Barrier(len(clients) + 1)
    latencies = [None] * len(clients)

    def sign_in(index):
        gate.wait()
        start = time.perf_counter()
        response = clients[index].post("/login", data={
            "csrf_token": tokens[index], "login": usernames[index], "password": PASSWORD})
        latencies[index] = time.perf_counter() - start
        return response.status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [pool.submit(sign_in, i) for i in range(len(clients))]
        gate.wait()
        start = time.perf_counter()
        codes = [future.result() for future in futures]
        elapsed = time.perf_counter() - start
    site.close_clients()
    site.clients.clear()
    failed = [code for code in codes if code != 302]
    if failed:
        raise BenchmarkError(f"{len(failed)} of {len(codes)} sign-ins failed "
                             f"(HTTP {sorted(set(failed))})")
    return elapsed, latencies


def _upgraded(usernames):
    """How many of `usernames` now hold an Argon2id hash."""
    hashes = db.session.scalars(select(User.password_hash)
                                .where(User.username.in_(usernames))).all()
    db.session.remove()
    return sum(1 for h in hashes if h.startswith("$argon2id$"))


def run_benchmark(count=300, runs=3, web_workers=2, database_url=None, echo=print):
    """`runs` times, a storm of `count` Argon2id accounts and one of `count` scrypt accounts,
    side by side; echo the figures and return them (the last line one JSON object)."""
    where = shown_url(database_url) if database_url else "sqlite (temporary file)"
    with (tempfile.TemporaryDirectory(prefix="lms-bench-signins-") as tmp,
          fresh_database(database_url, Path(tmp), "signins") as url):
        names = {(kind, run): _accounts(kind, run, count)
                 for run in range(1, runs + 1) for kind in KINDS}
        add_accounts([(name, None, None) for group in names.values() for name in group])
        _store_scrypt_hashes([name for (kind, _run), group in names.items()
                              if kind == "scrypt" for name in group])
        db.session.remove()
        echo(f"{count} accounts per storm on {where}; gunicorn -w {web_workers} (sync); "
             f"{runs} runs, each an Argon2id storm then a scrypt storm")
        results = {kind: [] for kind in KINDS}
        with running_site(url, Path(tmp) / "site", web_workers=web_workers) as site:
            for run in range(1, runs + 1):
                for kind in KINDS:
                    elapsed, latencies = storm(site, names[(kind, run)])
                    upgraded = _upgraded(names[(kind, run)])
                    figures = {"run": run, "seconds": round(elapsed, 2),
                               "p50_s": round(statistics.median(latencies), 2),
                               "max_s": round(max(latencies), 2),
                               "per_second": round(count / elapsed, 1),
                               "argon2id_hashes_after": upgraded}
                    results[kind].append(figures)
                    echo(f"run {run} {kind:>8}: {count} sign-ins in {figures['seconds']} s "
                         f"({figures['per_second']}/s; each waited p50 {figures['p50_s']} s, "
                         f"at most {figures['max_s']} s); Argon2id hashes afterwards: "
                         f"{upgraded}/{count}")
    medians = {kind: statistics.median(r["seconds"] for r in results[kind]) for kind in KINDS}
    ratio = round(medians["scrypt"] / medians["argon2id"], 2) if medians["argon2id"] else None
    echo(f"median of {runs}: Argon2id {medians['argon2id']} s, scrypt (checked then "
         f"upgraded) {medians['scrypt']} s, scrypt / Argon2id = {ratio}")
    ok = medians["argon2id"] <= TARGET_S
    echo(f"{count} simultaneous sign-ins in ≤ {TARGET_S:g} s: {'PASS' if ok else 'MISS'}")
    summary = {"database": where, "count": count, "runs": runs, "web_workers": web_workers,
               "median_s": medians, "scrypt_over_argon2id": ratio, "target_s": TARGET_S,
               "within_target": ok, "storms": results}
    echo(json.dumps(summary, ensure_ascii=False))
    return summary
