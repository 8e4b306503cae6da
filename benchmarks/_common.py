"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import resource


def peak_mb() -> float:
    """Peak resident memory of this process in MB.

    VmHWM resets when a process starts a new program; ru_maxrss is carried over from the
    parent across exec, so a child started from a large parent would report the parent's peak.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
