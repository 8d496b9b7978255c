"""Time and peak memory of the CIN census parser at 1, 10 and 100 times the public fake census.

    .venv/bin/python benchmarks/bench_cin_parse.py

Each size is parsed in a fresh process, streamed from a file on disk, so that its peak resident memory
(VmHWM) is its own; the figure given is the growth over the process's memory just before parsing.
Times are the best of three. The goal: 100 times the fake census (33,200 children, 26 MB) in well under
10 s, and time per child that does not grow with the size of the file.

The baseline, in the same run, is the DfE CIN validator's own conversion of the same file into tables
(`cin_validator.convert_data`), run once in the validators' environment (`make validators`). It grows
faster than the file (one `pd.concat` per child: about 300 s at 100×), so 100× runs only with
BENCH_FULL=1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for _memory, whichever way this is run
from _memory import peak_now, rss_now

ROOT = Path(__file__).resolve().parents[1]
FAKE = ROOT.parent / "shared" / "data" / "cin" / "fake_CIN_data.xml"
SIZES = (1, 10, 100)
RUNS = 3
VALIDATORS = Path(os.environ.get("DFE_VALIDATORS_PYTHON") or ROOT / ".venv-validators" / "bin" / "python")
FULL = os.environ.get("BENCH_FULL") == "1"


def baseline(path: Path, times: int) -> str:
    """The validator's own XML-to-tables time and peak memory growth, as table cells."""
    if not VALIDATORS.is_file():
        return f"{'(make validators)':>22}"
    if times >= 100 and not FULL:
        return f"{'(BENCH_FULL=1)':>22}"
    script = str(ROOT / "benchmarks" / "dfe_convert.py")
    run = subprocess.run([str(VALIDATORS), script, "cin", str(path)], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return f"{'failed':>22}"
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return f"{result['seconds']:>12.3f} {result['peak_mb']:>9.1f}"


def scaled(times: int) -> bytes:
    """The fake census with its children repeated `times` times, each copy's LAchildID suffixed."""
    text = FAKE.read_text(encoding="utf-8")
    head, rest = text.split("<Children>", 1)
    body, tail = rest.rsplit("</Children>", 1)
    copies = (re.sub(r"<LAchildID>([^<]*)</LAchildID>", rf"<LAchildID>\1X{n}</LAchildID>", body) for n in range(times))
    return (head + "<Children>" + "".join(copies) + "</Children>" + tail).encode()


def measure(path: str) -> dict[str, float]:
    """Parse the file RUNS times in this process; the best time and the peak memory growth."""
    sys.path.insert(0, str(ROOT))
    from assure.casedata.parsers.cin import parse_cin

    before = rss_now()
    best = float("inf")
    for _ in range(RUNS):
        with open(path, "rb") as stream:
            started = time.perf_counter()
            tables, findings, _ = parse_cin(Path(path).name, stream)
            best = min(best, time.perf_counter() - started)
        children = tables["children"].height
        del tables, findings
    peak = peak_now()
    return {"children": children, "seconds": best, "peak_mb": peak - before}


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for times in SIZES:
            path = Path(folder) / f"cin_x{times}.xml"
            path.write_bytes(scaled(times))
            size = path.stat().st_size / 2**20
            run = subprocess.run(
                [sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, check=True
            )
            results[times] = json.loads(run.stdout) | {"mb": size, "dfe": baseline(path, times)}
    base = results[SIZES[0]]
    base_per_child = base["seconds"] / base["children"]
    columns = ("size", "file MB", "children", "seconds", "µs/child", "× 1× per child", "peak +MB", "DfE read s")
    columns += ("DfE +MB",)
    widths = (5, 8, 9, 8, 9, 15, 9, 12, 9)
    print(" ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)))
    for times, r in results.items():
        per_child = r["seconds"] / r["children"]
        print(
            f"{times:>4}× {r['mb']:>8.1f} {r['children']:>9,} {r['seconds']:>8.3f} {per_child * 1e6:>9.1f}"
            f" {per_child / base_per_child:>15.2f} {r['peak_mb']:>9.1f} {r['dfe']}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2])))
    else:
        main()
