"""The DfE validator packages' own file-to-table conversion, timed: runs in their environment only.

    .venv-validators/bin/python benchmarks/dfe_convert.py 903 FOLDER   (every *.csv, or the one *.xml)
    .venv-validators/bin/python benchmarks/dfe_convert.py cin FILE.xml

Prints one JSON line: the best time of `--runs` conversions, the rows made, and the peak memory
growth of this process. It imports nothing from Assure (the packages need pandas 1.x).
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from pathlib import Path


def _peak_now() -> float:
    """The peak resident memory of this process image, in MiB (VmHWM: unlike ru_maxrss, not carried
    over from the parent that started it)."""
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _rss_now() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def convert_903(folder: Path) -> int:
    from lac_validator.ingress import read_from_text
    from lac_validator.utils import process_uploaded_files

    paths = sorted(str(p) for p in folder.glob("*.csv")) or sorted(str(p) for p in folder.glob("*.xml"))[:1]
    tables, _ = read_from_text(raw_files=process_uploaded_files({"This year": paths}))
    return sum(len(table) for table in tables.values())


def convert_cin(path: Path) -> int:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator

    tables = cin_validator.convert_data(ET.parse(path).getroot())
    return sum(len(table) for table in tables.values())


def main() -> None:
    kind, target = sys.argv[1], Path(sys.argv[2])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
    convert = convert_903 if kind == "903" else convert_cin
    import pandas  # noqa: F401 - loaded before measuring, as Assure's side loads Polars first

    before, best, rows = _rss_now(), float("inf"), 0
    with contextlib.redirect_stdout(sys.stderr):
        for _ in range(runs):
            started = time.perf_counter()
            rows = convert(target)
            best = min(best, time.perf_counter() - started)
    peak = _peak_now()
    print(json.dumps({"seconds": best, "rows": rows, "peak_mb": peak - before}))


if __name__ == "__main__":
    main()
