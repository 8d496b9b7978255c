"""Storage growth over 36 monthly imports of the generated demo authority.

    .venv/bin/python benchmarks/bench_snapshot_growth.py [children-in-need-per-year]

The authority is generated once for three years; each month-end's picture is the data "as it stood
on that day" (exporters.period.as_at), imported as a snapshot into a fresh SQLite database. Printed
per month: records stored so far, what a copy of every record per snapshot would have stored (the
baseline, measured in the same run), the database file size, and the import time.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def month_ends(first: dt.date, count: int) -> list[dt.date]:
    ends = []
    year, month = first.year, first.month
    for _ in range(count):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - dt.timedelta(days=1))
        year, month = following.year, following.month
    return ends


def main() -> None:
    per_year = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    db_path = Path(tempfile.mkdtemp()) / "growth.sqlite3"
    os.environ.update(SQLITE_PATH=str(db_path), DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    import polars as pl
    from django.core.management import call_command

    from assure.casedata.exporters.period import TIMING, as_at
    from assure.casedata.generator import generate_authority
    from assure.casedata.generator.staff import workers_from_demo
    from assure.casedata.models import CaseRecord
    from assure.casedata.services import snapshot_store
    from assure.organisation.demo import generate

    call_command("migrate", verbosity=0)
    ends = month_ends(dt.date(2023, 4, 1), 36)
    started = time.perf_counter()
    tables = generate_authority(
        2026, start=dt.date(2023, 4, 1), end=ends[-1], children_in_need_per_year=per_year,
        workers=workers_from_demo(generate()),
    )  # fmt: skip
    print(f"Generated {sum(f.height for f in tables.values()):,} rows in {time.perf_counter() - started:.1f} s")
    print(f"{'month':>8} {'stored':>10} {'full copies':>12} {'ratio':>6} {'db MB':>7} {'import s':>9}")
    copies = 0
    for number, day in enumerate(ends, start=1):
        picture = {name: as_at(name, frame, day) for name, frame in tables.items()}
        active = pl.concat(
            [picture[name].filter(pl.col(TIMING[name][0]) <= day).select("child_id") for name in TIMING]
        ).unique()
        picture = {name: frame.join(active, on="child_id", how="semi") for name, frame in picture.items()}
        copies += sum(frame.height for frame in picture.values())
        began = time.perf_counter()
        source = [{"name": f"month-{number}", "sha256": f"{day.isoformat():0>64}", "format": "synthetic"}]
        snapshot_store(tables=picture, as_at=day, sources=source)
        took = time.perf_counter() - began
        if number in {1, 2, 3, 6, 12, 18, 24, 30, 36}:
            stored = CaseRecord.objects.count()
            size = db_path.stat().st_size / 1e6
            print(f"{day:%Y-%m} {stored:>10,} {copies:>12,} {copies / stored:>6.1f} {size:>7.1f} {took:>9.2f}")


if __name__ == "__main__":
    main()
