"""Run every benchmark: `make bench` (or `python -m benchmarks`). Benchmarks print figures; they never fail tests."""

from __future__ import annotations

import runpy
from pathlib import Path

for script in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"== {script.stem}")
    runpy.run_path(str(script), run_name="__main__")
