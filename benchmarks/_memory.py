"""Memory figures for the benchmarks, from /proc (Linux), in MiB. Standard library only, so the DfE
validators' own Python environment can use it too."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_now() -> float:
    """The peak resident memory of this process image (VmHWM: unlike ru_maxrss, not carried over
    from the parent that started it)."""
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def rss_now() -> float:
    """The resident memory of this process now."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20
