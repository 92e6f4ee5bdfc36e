"""A process's own peak memory, for run reports and benchmarks."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_memory_kb() -> int:
    """This process's high-water mark of resident memory, in kB.

    Linux's VmHWM belongs to this program alone; ru_maxrss also keeps what the process held
    before exec, so a process started by a large parent (pytest, Scrapyd, a benchmark)
    would seem larger.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: ru_maxrss is the best there is (kB on Linux, bytes on macOS)
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), "")
    return int(line.split()[1]) if line else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
