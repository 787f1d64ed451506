"""The import benchmark: a synthetic cadre file imported twice into a fresh database."""

import json
import random
import tempfile
from pathlib import Path

from lms.bench.common import fresh_database, shown_url
from lms.core.spreadsheets import write_spreadsheet
from lms.demo_names import random_full_name
from lms.extensions import db
from lms.org.imports.cadres import CADRE_COLUMNS, import_cadres
from lms.org.imports.common import Stopwatch
from lms.org.services import create_unit

COMMUNES = 126
BRANCHES_PER_COMMUNE = 5

_POSITIONS = ("Chủ tịch", "Phó Chủ tịch", "Chi hội trưởng", "Tổ trưởng", "Ủy viên BCH")
_EDUCATION = ("đại học", "Đại học", "thạc sĩ", "Thạc sỹ", "dưới đại học", "tiến sĩ")
_YES_NO = ("có", "không", "x", "", "1", "0", "Có", "Không")


def build_unit_tree():
    """A city, its communes/wards and their branches; returns the unit codes."""
    city = create_unit("HN", "Hội LHPN Hà Nội", "city")
    codes = [city.code]
    for c in range(1, COMMUNES + 1):
        commune = create_unit(f"P{c:03d}", f"Hội LHPN phường {c}", "commune", parent=city)
        codes.append(commune.code)
        for b in range(1, BRANCHES_PER_COMMUNE + 1):
            codes.append(create_unit(f"P{c:03d}-{b}", f"Chi hội {b}", "branch",
                                     parent=commune).code)
    db.session.commit()
    return codes


def synthetic_rows(count, unit_codes, seed=39):
    """The header (Vietnamese labels) and `count` plausible, valid cadre rows."""
    rng = random.Random(seed)
    yield [column.label for column in CADRE_COLUMNS]
    for i in range(1, count + 1):
        birth_year = rng.randint(1960, 2000)
        yield [
            f"BM{i:07d}",
            random_full_name(rng, birth_year),
            str(birth_year),
            f"09{i:08d}",
            f"cb{i}@example.vn" if i % 3 == 0 else "",
            rng.choice(unit_codes),
            rng.choice(_POSITIONS),
            *(rng.choice(_YES_NO) for _ in range(4)),
            rng.choice(_EDUCATION),
            "có" if i % 20 else "không",
        ]


def write_synthetic(path, rows):
    """Write rows to `path` as CSV or XLSX, by its suffix."""
    rows = iter(rows)
    header = next(rows)
    path.write_bytes(write_spreadsheet(path.suffix[1:], header, rows, "cadres")[0])


def _timed_import(path, fmt, run):
    result = import_cadres(path, path.name)
    clock = Stopwatch()
    db.session.commit()
    clock.lap("commit")
    seconds = {**result.timings, **clock.laps}
    total = round(sum(seconds.values()), 3)
    return {"format": fmt, "run": run, "rows": result.total, "created": result.created,
            "updated": result.updated, "unchanged": result.unchanged,
            **{f"{phase}_s": value for phase, value in seconds.items()},
            "total_s": total, "rows_per_s": round(result.total / total) if total else None}


def _describe(figures):
    return ("{format} run {run}: {rows} rows ({created} created, {updated} updated, "
            "{unchanged} unchanged) parse {parse_s} s, validate {validate_s} s, "
            "write {write_s} s, commit {commit_s} s: total {total_s} s, "
            "{rows_per_s} rows/s").format(**figures)


def run_benchmark(cadres, database_url=None, formats=("csv", "xlsx"), echo=print):
    """Import `cadres` synthetic rows twice per format; echo and return the figures."""
    runs = []
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as tmp:
        workdir = Path(tmp)
        for fmt in formats:
            with fresh_database(database_url, workdir, fmt):
                path = workdir / f"cadres.{fmt}"
                write_synthetic(path, synthetic_rows(cadres, build_unit_tree()))
                for run in (1, 2):
                    runs.append(_timed_import(path, fmt, run))
                    echo(_describe(runs[-1]))
    # The first run must create every cadre and the second must change none.
    ok = all(r["created"] == cadres if r["run"] == 1 else r["unchanged"] == cadres
             for r in runs)
    where = shown_url(database_url) if database_url else "sqlite (temporary file)"
    summary = {"cadres": cadres, "database": where, "ok": ok, "runs": runs}
    echo(json.dumps(summary, ensure_ascii=False))
    return summary
