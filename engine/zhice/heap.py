"""Process memory: make glibc keep the memory a process frees, for the next row to reuse.

A process that allocates and frees the same few MB over and over — a durable session per
profile, a ~230 KB JSONL line per row — pays for it in page faults when glibc hands the freed
memory back to the kernel: every block above its mmap threshold (128 KB at first) is unmapped
when freed, and a heap whose free top grows past the trim threshold is shrunk, so the next
allocation faults the same pages in again.
"""

from __future__ import annotations

import ctypes
import platform

__all__ = ["keep_freed_memory"]

# glibc's mallopt parameters
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEPT = False


def keep_freed_memory() -> bool:
    """Raise glibc's mmap threshold to 16 MB and its trim threshold to 64 MB, so freed blocks up
    to that size stay in the heap. Process-wide; the heap then keeps up to 64 MB of free memory
    for reuse. Returns whether it applied (glibc only); applying it again does nothing."""
    global _KEPT
    if _KEPT or platform.libc_ver()[0] != "glibc":
        return _KEPT
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - a glibc without mallopt
        return False
    _KEPT = bool(mallopt(_M_MMAP_THRESHOLD, 16 << 20)) and bool(mallopt(_M_TRIM_THRESHOLD, 64 << 20))
    return _KEPT
