"""The DfE validator packages' own file-to-table conversion, timed: runs in their environment only.

    .venv-validators/bin/python benchmarks/dfe_convert.py 903 FOLDER   (every *.csv, or the one *.xml)
    .venv-validators/bin/python benchmarks/dfe_convert.py cin FILE.xml

Prints one JSON line: the best time of `--runs` conversions, the rows made, and the peak memory
growth of this process. It imports nothing from Assure (the packages need pandas 1.x).
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for _memory, whichever way this is run
from _memory import peak_now, rss_now


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

    before, best, rows = rss_now(), float("inf"), 0
    with contextlib.redirect_stdout(sys.stderr):
        for _ in range(runs):
            started = time.perf_counter()
            rows = convert(target)
            best = min(best, time.perf_counter() - started)
    peak = peak_now()
    print(json.dumps({"seconds": best, "rows": rows, "peak_mb": peak - before}))


if __name__ == "__main__":
    main()
