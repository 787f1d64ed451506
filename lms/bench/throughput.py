"""The throughput benchmark: how many of each learner page one gunicorn serves a second, beside
the lightest page on the same server.

The lightest page is /offline, asked by the same signed-in cadres: a whole page in the site's
layout (session cookie read, account loaded for the menu, translations, compression, the
security headers), with no query of its own. Every learner page pays at least that; what a
learner page costs above it is its own work.

Pages are measured one after another in rounds (lightest, home, catalogue, course, lesson,
then again), each by the same clients for the same seconds; the figures are the medians over
the rounds, and each page's ratio is the median of its ratios to the lightest page of the same
round."""

import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from config import BASE_DIR
from lms.bench.common import BenchmarkError, fresh_database, shown_url
from lms.bench.load import _learners
from lms.bench.reports import build_city, course_rows
from lms.bench.site import add_accounts, running_site
from lms.catalog.course_files.format import split_meta
from lms.catalog.models import Lesson
from lms.core.markdown import render_markdown
from lms.extensions import db

PAGES = ("lightest", "home", "catalogue", "course", "lesson")
LIGHTEST_PATH = "/offline"
# A real lesson of the catalogue, as every bench course's lessons: its size is what the
# page's compression works on.
LESSON_FILE = BASE_DIR / "courses" / "an-toan-dien-thoai-phong-lua-dao" / \
    "03-gia-danh-cong-an-co-quan.md"
LESSONS_PER_COURSE = 3
# What a phone's browser accepts (Chrome on Android).
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
REQUEST_TIMEOUT_S = 60
# Production (README, deployment): gunicorn -w 4, sync workers.
WEB_WORKERS = 4


def page_paths(slug):
    """Each measured page's path for a cadre enrolled in the course `slug`."""
    return {"lightest": LIGHTEST_PATH, "home": "/", "catalogue": "/courses",
            "course": f"/courses/{slug}", "lesson": f"/courses/{slug}/lessons/bai-1"}


def _add_lessons():
    _meta, body, _line = split_meta(LESSON_FILE.read_text(encoding="utf-8"))
    body_html = render_markdown(body)
    db.session.execute(Lesson.__table__.insert(), [
        {"course_id": course["id"], "slug": f"bai-{n}", "position": n, "title": f"Bài {n}",
         "body": body, "body_html": body_html, "is_archived": False}
        for course in course_rows() for n in range(1, LESSONS_PER_COURSE + 1)])
    db.session.commit()


class Reader:
    """A signed-in cadre's browser asking one page again and again on one connection (kept
    open while the server keeps it; reopened when it closes), bodies read, not unpacked."""

    def __init__(self, client, slug):
        self.paths = page_paths(slug)
        parts = urlsplit(client.base_url)
        self.address = (parts.hostname, parts.port)
        # The browser she signed in with: the same User-Agent, or Flask-Login's session
        # protection would take every request for a stolen cookie.
        self.headers = {"Cookie": "; ".join(f"{c.name}={c.value}" for c in client.http.cookies),
                        "User-Agent": client.http.headers["User-Agent"],
                        "Accept-Encoding": ACCEPT_ENCODING}

    def get(self, connection, path):
        connection.request("GET", path, headers=self.headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, response.getheader("Content-Encoding") or "identity", body, \
            response.getheader("Set-Cookie")

    def check(self):
        connection = http.client.HTTPConnection(*self.address, timeout=REQUEST_TIMEOUT_S)
        try:
            for page, path in self.paths.items():
                status, _encoding, _body, cookie = self.get(connection, path)
                if status != 200:
                    raise BenchmarkError(f"the {page} page {path} answered HTTP {status}")
                if cookie:
                    raise BenchmarkError(f"the {page} page {path} set a cookie: the browser "
                                         "does not look like the one that signed in")
        finally:
            connection.close()

    def run(self, page, deadline, tally):
        path = self.paths[page]
        connection = http.client.HTTPConnection(*self.address, timeout=REQUEST_TIMEOUT_S)
        served = errors = sent = 0
        encodings = set()
        try:
            while time.perf_counter() < deadline:
                try:
                    status, encoding, body, _cookie = self.get(connection, path)
                except (OSError, http.client.HTTPException):
                    connection.close()
                    errors += 1
                    continue
                if status == 200:
                    served, sent = served + 1, sent + len(body)
                    encodings.add(encoding)
                else:
                    errors += 1
        finally:
            connection.close()
        with tally["lock"]:
            tally["served"] += served
            tally["errors"] += errors
            tally["bytes"] += sent
            tally["encodings"] |= encodings


def gunicorn_cpu_s(port):
    """CPU seconds used so far by the gunicorn processes serving `port` (Linux's /proc; None
    elsewhere). On a machine shared with other work, the CPU a page costs is steadier than the
    pages a second, which follow whatever else runs."""
    bind = f"127.0.0.1:{port}".encode()
    total, found = 0, False
    for pid in filter(str.isdigit, os.listdir("/proc") if os.path.isdir("/proc") else ()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"gunicorn" not in cmdline or bind not in cmdline:
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        found = True
    return total / os.sysconf("SC_CLK_TCK") if found else None


def measure(readers, page, seconds):
    """Every reader on `page` for `seconds`; its requests a second, errors, bytes a page and
    the gunicorn CPU milliseconds a page."""
    tally = {"lock": threading.Lock(), "served": 0, "errors": 0, "bytes": 0,
             "encodings": set()}
    port = readers[0].address[1]
    cpu_before = gunicorn_cpu_s(port)
    deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=reader.run, args=(page, deadline, tally))
               for reader in readers]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    cpu_after = gunicorn_cpu_s(port)
    cpu_ms = (round((cpu_after - cpu_before) * 1000 / tally["served"], 2)
              if cpu_before is not None and cpu_after is not None and tally["served"] else None)
    return {"page": page, "requests": tally["served"], "errors": tally["errors"],
            "rps": round(tally["served"] / elapsed, 1), "cpu_ms": cpu_ms,
            "bytes_per_page": round(tally["bytes"] / tally["served"]) if tally["served"] else 0,
            "encodings": sorted(tally["encodings"])}


def summarise(rounds):
    """Per page: the median requests a second over the rounds and the median of its ratios
    to the lightest page of the same round."""
    summary = {}
    for page in PAGES:
        figures = [r[page] for r in rounds]
        ratios = [round(r[page]["rps"] / r["lightest"]["rps"], 3) if r["lightest"]["rps"]
                  else None for r in rounds]
        known = [ratio for ratio in ratios if ratio is not None]
        # The lightest page's CPU over this page's: the share of the lightest page's rate
        # this page would reach with the CPU to itself.
        cpu_ratios = [round(r["lightest"]["cpu_ms"] / r[page]["cpu_ms"], 3)
                      for r in rounds if r[page]["cpu_ms"] and r["lightest"]["cpu_ms"]]
        cpu = [f["cpu_ms"] for f in figures if f["cpu_ms"] is not None]
        summary[page] = {"rps": statistics.median(f["rps"] for f in figures),
                         "ratio": round(statistics.median(known), 2) if known else None,
                         "ratios": ratios,
                         "cpu_ms": statistics.median(cpu) if cpu else None,
                         "cpu_ratio": round(statistics.median(cpu_ratios), 2)
                         if cpu_ratios else None,
                         "cpu_ratios": cpu_ratios,
                         "errors": sum(f["errors"] for f in figures),
                         "bytes_per_page": figures[-1]["bytes_per_page"],
                         "encodings": figures[-1]["encodings"]}
    return summary


def run_benchmark(cadres=20_000, runs=3, seconds=10, clients=8, web_workers=WEB_WORKERS,
                  database_url=None, echo=print):
    """Build the synthetic city with a real lesson in every course, start the site, sign in
    `clients` cadres, then `runs` rounds of every page; echo and return the figures, the last
    line one JSON object."""
    where = shown_url(database_url) if database_url else "sqlite (temporary file)"
    with (tempfile.TemporaryDirectory(prefix="lms-bench-throughput-") as tmp,
          fresh_database(database_url, Path(tmp), "throughput") as url):
        start = time.perf_counter()
        counts = build_city(cadres, max(4, cadres // 5), cadres * 10)
        _add_lessons()
        picked = _learners(clients)
        add_accounts([(f"hoc-vien-{n}", cadre_id, None)
                      for n, (cadre_id, _slug) in enumerate(picked, 1)])
        dialect = db.engine.dialect.name
        db.session.remove()
        echo(f"Built in {time.perf_counter() - start:.1f} s on {where}: {counts['units']:,} "
             f"units, {counts['cadres']:,} cadres, {counts['completions']:,} course "
             f"completions")
        with running_site(url, Path(tmp) / "site", web_workers=web_workers) as site:
            readers = [Reader(site.client().sign_in(f"hoc-vien-{n}"), slug)
                       for n, (_cadre_id, slug) in enumerate(picked, 1)]
            # Every gunicorn worker warmed up on every page (and each page proved to answer).
            for _ in range(web_workers):
                for reader in readers:
                    reader.check()
            echo(f"gunicorn -w {web_workers} (sync); {clients} signed-in cadres asking at once, "
                 f"Accept-Encoding: {ACCEPT_ENCODING}; {runs} rounds of {seconds} s per page; "
                 f"lightest page {LIGHTEST_PATH}")
            rounds = []
            for run in range(1, runs + 1):
                figures = {page: measure(readers, page, seconds) for page in PAGES}
                rounds.append(figures)
                echo(f"round {run}: " + ", ".join(
                    f"{page} {figures[page]['rps']} req/s ({figures[page]['cpu_ms']} ms CPU)"
                    for page in PAGES))
    summary = summarise(rounds)
    echo(f"median of {runs} rounds; × lightest: req/s ratio of each round, and the lightest "
         "page's CPU ms over this page's")
    echo(f"{'page':<10} {'path':<42} {'req/s':>7} {'× lightest':>10} {'CPU ms':>7} "
         f"{'× by CPU':>8} {'bytes sent':>10}")
    for page, path in page_paths(picked[0][1]).items():
        row = summary[page]
        echo(f"{page:<10} {path:<42} {row['rps']:>7} {row['ratio']!s:>10} {row['cpu_ms']!s:>7} "
             f"{row['cpu_ratio']!s:>8} {row['bytes_per_page']:>10,} "
             f"({'/'.join(row['encodings'])})")
    result = {"database": where, "dialect": dialect, **counts, "web_workers": web_workers,
              "clients": clients, "seconds": seconds, "runs": runs,
              "lightest_path": LIGHTEST_PATH, "pages": summary, "rounds": rounds}
    echo(json.dumps(result, ensure_ascii=False))
    if any(summary[page]["errors"] for page in PAGES):
        raise BenchmarkError("some pages answered errors (see the JSON line)")
    return result
