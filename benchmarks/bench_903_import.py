"""Time and peak memory of reading an SSDA903 return (CSV and XML) at 1, 10 and 100 times the shared
sample, against the DfE 903 validator's own file-to-table conversion of the same files.

    .venv/bin/python benchmarks/bench_903_import.py     (make bench-import)

1×: a return made by the synthetic generator with about as many children as the shared sample
(2,675 in its header); 10× and 100×: that return with every row repeated, each copy's child ID
suffixed. Assure's side is `read_returns`: recognise each file, parse, run every structural check and
build the canonical tables (storing them is measured by bench_snapshot_growth). The baseline is
`lac_validator.ingress.read_from_text`, the package's own reading of the files into tables, run in
the validators' environment (`make validators`; skipped with a note when it is missing). Each figure
comes from a fresh process, so its peak resident memory is its own (growth over the process just
before reading). Times are the best of three at 1× and 10×, one run at 100×. Goals: time linear in
size, peak memory under 1 GB at 100×.

Files are given to `read_returns` by path, as the `import_returns` command gives them, so a 903 XML
return is streamed from disk. BENCH_FORMATS=xml (or csv) measures only that format; BENCH_IN_MEMORY=1
gives them as bytes read whole instead (as an upload is), to compare.
"""

from __future__ import annotations

import datetime as dt
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
VALIDATORS = Path(os.environ.get("DFE_VALIDATORS_PYTHON") or ROOT / ".venv-validators" / "bin" / "python")
SIZES = (1, 10, 100)
COLLECTION_YEAR = 2025
BASELINE_TIMEOUT = 600
# The validator reads 903 XML with ElementTree into memory: about 80 MB and 8 s per 1,000 children here,
# so at 100× about 8 GB and 15 minutes on a machine others share. BENCH_FULL=1 runs it anyway.
FULL = os.environ.get("BENCH_FULL") == "1"
IN_MEMORY = os.environ.get("BENCH_IN_MEMORY") == "1"
FORMATS = tuple(os.environ.get("BENCH_FORMATS", "csv,xml").split(","))


def generated_return(folder: Path) -> None:
    """The 1× return, CSV and XML, from the generator: about 2,675 children in the header."""
    sys.path.insert(0, str(ROOT))
    from assure.casedata.exporters import ssda903
    from assure.casedata.generator import generate_authority, synthetic_workers

    tables = generate_authority(
        903,
        start=dt.date(2022, 4, 1),
        end=dt.date(2025, 3, 31),
        children_in_need_per_year=11_400,
        workers=synthetic_workers("bench.example", 300),
    )
    csv = folder / "x1" / "csv"
    csv.mkdir(parents=True)
    for name, content in ssda903.to_csv(tables, collection_year=COLLECTION_YEAR).items():
        (csv / name).write_bytes(content)
    (folder / "x1" / "xml").mkdir()
    (folder / "x1" / "xml" / "ssda903.xml").write_bytes(ssda903.to_xml(tables, collection_year=COLLECTION_YEAR))


def scale(folder: Path, times: int) -> None:
    """The 1× return with every child's rows repeated `times` times, each copy's child ID suffixed."""
    base, out = folder / "x1", folder / f"x{times}"
    (out / "csv").mkdir(parents=True)
    for path in (base / "csv").glob("*.csv"):
        header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        body = "".join(rows)
        copies = (re.sub(r"^([^,\n]+)", rf"\1X{n}", body, flags=re.MULTILINE) for n in range(times))
        (out / "csv" / path.name).write_text(header + "".join(copies), encoding="utf-8")
    text = (base / "xml" / "ssda903.xml").read_text(encoding="utf-8")
    head, rest = text.split("<EXPSSDA903>", 1)
    body, tail = rest.rsplit("</EXPSSDA903>", 1)
    copies = (re.sub(r"<CHILDID>([^<]*)</CHILDID>", rf"<CHILDID>\1X{n}</CHILDID>", body) for n in range(times))
    (out / "xml").mkdir()
    (out / "xml" / "ssda903.xml").write_text(head + "<EXPSSDA903>" + "".join(copies) + "</EXPSSDA903>" + tail)


def measure(folder: str, runs: int) -> dict[str, float]:
    """Read the return in `folder` `runs` times in this process: the best time and the peak memory growth."""
    sys.path.insert(0, str(ROOT))
    from assure.casedata.importing import ReturnFile, read_returns

    before, best, children = rss_now(), float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        paths = sorted(Path(folder).iterdir())
        files = [ReturnFile(p.name, p.read_bytes()) if IN_MEMORY else ReturnFile.from_path(p) for p in paths]
        result = read_returns(files, as_at=dt.date(COLLECTION_YEAR, 3, 31))
        best = min(best, time.perf_counter() - started)
        if result.errors:
            raise SystemExit(f"The generated return has errors: {result.errors[:3]}")
        children = result.tables["children"].height
        del files, result
    peak = peak_now()
    return {"children": children, "seconds": best, "peak_mb": peak - before}


def baseline(folder: Path, runs: int, *, skip: bool = False) -> dict[str, float] | str:
    if not VALIDATORS.is_file():
        return "no validators' environment (make validators)"
    if skip:
        return "not run (BENCH_FULL=1)"
    script = str(ROOT / "benchmarks" / "dfe_convert.py")
    try:
        run = subprocess.run(
            [str(VALIDATORS), script, "903", str(folder), "--runs", str(runs)],
            capture_output=True,
            text=True,
            timeout=BASELINE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"stopped at {BASELINE_TIMEOUT} s"
    if run.returncode != 0:
        return "failed: " + (run.stderr.strip().splitlines() or ["?"])[-1][:80]
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    rows: list[tuple[str, int, float, dict[str, float], dict[str, float] | str]] = []
    with tempfile.TemporaryDirectory(prefix="assure-bench-903-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        generated_return(folder)
        print(f"1× return generated in {time.perf_counter() - started:.1f} s", flush=True)
        for times in SIZES[1:]:
            scale(folder, times)
        for fmt in FORMATS:
            for times in SIZES:
                path = folder / f"x{times}" / fmt
                runs = 1 if times >= 100 else 3
                size = sum(p.stat().st_size for p in path.iterdir()) / 2**20
                ours = subprocess.run(
                    [sys.executable, __file__, "--one", str(path), str(runs)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                skip = fmt == "xml" and times >= 100 and not FULL
                rows.append((fmt, times, size, json.loads(ours.stdout), baseline(path, runs, skip=skip)))
                print(f"  measured 903 {fmt.upper()} {times}×", flush=True)
    _print(rows)


def _print(rows: list[tuple[str, int, float, dict[str, float], dict[str, float] | str]]) -> None:
    header = ("return", "size", "file MB", "children", "Assure s", "µs/child", "vs 1×", "peak +MB")
    header += ("DfE read s", "DfE peak +MB", "DfE ÷ Assure")
    print(" ".join(f"{h:>12}" for h in header))
    base: dict[str, float] = {}
    for fmt, times, size, ours, theirs in rows:
        per_child = ours["seconds"] / ours["children"]
        base.setdefault(fmt, per_child)
        cells = [f"903 {fmt.upper()}", f"{times}×", f"{size:.1f}", f"{ours['children']:,}", f"{ours['seconds']:.3f}"]
        cells += [f"{per_child * 1e6:.1f}", f"{per_child / base[fmt]:.2f}", f"{ours['peak_mb']:.0f}"]
        if isinstance(theirs, str):
            cells += [theirs, "", ""]
        else:
            cells += [
                f"{theirs['seconds']:.3f}",
                f"{theirs['peak_mb']:.0f}",
                f"{theirs['seconds'] / ours['seconds']:.1f}",
            ]
        print(" ".join(f"{cell:>12}" for cell in cells))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
