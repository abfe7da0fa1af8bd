"""Will a run fit in the memory this process may still use?

:func:`sim.world.size_limits.size_problems` refuses runs larger than any machine should hold
(30 million orders). A run well under those limits can still exceed what *this* machine,
container or ``ulimit -v`` allows, and would then die with a ``MemoryError`` after minutes of
work. So the command line compares an estimate of the run's peak memory with the memory available
(the smallest of the kernel's ``MemAvailable``, the headroom under the address-space limit
``RLIMIT_AS`` and under a cgroup's ``memory.max``) and refuses, in one line, before anything
runs.

Memory the run will use costs time too: a run faults in every page it grows into, one at a
time, on the thread that simulates (a full-scale year about 147,000 pages, 0.25-0.35 s of system
time, and more on a virtual machine, whose host backs a page only when the guest first touches
it). So before it simulates, the command grows the C heap by the memory the run is sure to use
(:func:`heap_to_pretouch`) and faults it in on another core while the run goes on
(:func:`pretouch_heap`), as a JVM's ``AlwaysPreTouch`` does for its heap: the run's arrays then
land on pages already there. It is less than the run grows by, but it includes the spare rows
the run's record columns reserve and may never write (rows for 10 % more orders than expected,
and containers for half of them where a full-scale year closes one for about three), so the
peak grows by those: the full-scale year's from 629 to 672 MB (``bench/pretouch.py``). With one
core, elsewhere than Linux with glibc, or on a kernel without ``MADV_POPULATE_WRITE`` (5.14),
nothing is done.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
from pathlib import Path

from sim.scenario import Scenario
from sim.world.size_limits import run_size

BYTES_PER_ORDER = 550
"""Peak bytes per order a run places, its containers and train records included (E: 0.55 kB
at the peak of a full-scale year, :data:`sim.world.size_limits.MAX_ORDERS`; the teaching
scenario at ``scale=1``, ``buyers.in_scope_share=1`` (731,000 orders estimated) grew by 270 MB
resident and 240 MB of address space, about 350 bytes an order)."""
BYTES_PER_MERCHANT = 200
"""Per merchant: stock and backlog arrays of a few numbers each (E)."""
PRETOUCH_BYTES_PER_ORDER = 250
"""Heap a run is sure to grow into per order it places, for the command to fault in ahead of it
(:func:`pretouch_heap`): below what runs grew by (E: measured as the peak resident memory of
``Model.run`` less the process's before it: the full-scale year 568 MB for 2.07 million orders
estimated, 274 bytes an order; at 0.3 and 0.1 times its demand 190 and 75 MB, 305 and 361 bytes
an order; the default season 44 MB for 68,914)."""
PRETOUCH_FIXED_BYTES = 8 << 20
"""Heap any run grows into beside its orders (E: the teaching scenario, 3,660 orders, grew by
10 MB)."""
RESERVE_BYTES = 512 << 20
"""Address space the process still reserves after the check (thread stacks, Arrow's and
NumPy's arenas: a 20-day teaching run peaks 0.5 GB of address space above its size when the
check runs), so a run is not admitted into the last few hundred MB of an ``ulimit -v``."""


def estimate_bytes(sc: Scenario) -> float:
    """Peak memory one run of the resolved scenario ``sc`` needs beyond the process as it is."""
    size = run_size(sc)
    return size["orders"] * BYTES_PER_ORDER + size["merchants"] * BYTES_PER_MERCHANT


def heap_to_pretouch(sc: Scenario) -> float:
    """Bytes of heap one run of the resolved scenario ``sc`` is sure to grow into (a lower
    bound of its peak's growth, for :func:`pretouch_heap`)."""
    return PRETOUCH_FIXED_BYTES + run_size(sc)["orders"] * PRETOUCH_BYTES_PER_ORDER


def _meminfo_available() -> float:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024.0
    return math.inf


def _address_space_headroom() -> float:
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        return math.inf
    if soft == resource.RLIM_INFINITY or soft < 0:
        return math.inf
    used = 0.0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                used = int(line.split()[1]) * 1024.0
    return soft - used - RESERVE_BYTES


def _cgroup_headroom() -> float:
    """Headroom under a cgroup v2 ``memory.max`` (a container's limit), if any."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        rel = Path("/proc/self/cgroup").read_text().splitlines()[0].split(":", 2)[2]
        base = Path("/sys/fs/cgroup") / rel.lstrip("/")
        limit = (base / "memory.max").read_text().strip()
        if limit != "max":
            return int(limit) - int((base / "memory.current").read_text().strip())
    return math.inf


def available_bytes() -> float:
    """Memory this process may still allocate: the smallest of the kernel's estimate of
    available memory, the headroom under ``ulimit -v`` and under a cgroup limit (infinite
    where none can be read)."""
    return min(_meminfo_available(), _address_space_headroom(), _cgroup_headroom())


def memory_problem(sc: Scenario, copies: int = 1) -> str | None:
    """One line if ``copies`` runs of the resolved ``sc`` at once (parallel worker processes)
    would need more memory than is available, else None. ``ulimit -v`` limits each process
    (one run each); free memory and a container's limit are shared by all of them."""
    one = estimate_bytes(sc)
    copies = max(int(copies), 1)
    shared = min(_meminfo_available(), _cgroup_headroom())
    each = _address_space_headroom()
    if not (one > each or one * copies > shared):
        return None
    gb = 1 << 30
    if one > each or copies == 1:
        have = min(each, shared)
        return (
            f"the run would need about {one / gb:.1f} GB of memory, but only "
            f"{max(have, 0) / gb:.1f} GB is available (free memory, ulimit -v or the "
            "container's limit); lower scale, days or buyers.visits_per_day, or free memory"
        )
    return (
        f"{copies} runs at once would need about {one * copies / gb:.1f} GB of memory, but only "
        f"{max(shared, 0) / gb:.1f} GB is free (or allowed the container); lower --jobs, "
        "scale, days or buyers.visits_per_day, or free memory"
    )


PRETOUCH_CHUNK = 4 << 20
"""Bytes of heap asked for at a time when growing it (below glibc's mmap threshold, so that the
blocks come from the heap, not from mappings of their own)."""

PRETOUCH_STEP = 2 << 20
"""Bytes faulted in by one ``madvise`` call: the lowest addresses, which the run takes first,
are ready first."""

MADV_POPULATE_WRITE = 23
"""Linux's advice to fault pages in, writable, without writing to them (Linux 5.14)."""


def pretouch_heap(nbytes: float) -> threading.Thread | None:
    """Grow the C heap by about ``nbytes`` and fault it in on another core, while the caller
    goes on; returns the thread doing it (None: nothing done).

    The heap is grown by allocating blocks of :data:`PRETOUCH_CHUNK` and freeing them at once:
    glibc keeps the freed top of its heap (the command's trim threshold, 1 GB) and hands it out
    to the next allocations, from its lowest addresses up. A thread then asks the kernel to
    fault those pages in (``madvise(MADV_POPULATE_WRITE)``, which never changes what a page
    holds, so the run may allocate and write there meanwhile). The call releases the GIL, so
    the work runs beside the simulation. Nothing is done with fewer than two cores to run on,
    elsewhere than Linux with glibc, for less than a chunk, or when a block does not come
    from the heap (an mmap threshold the user set lower); the thread stops at the first
    refusal (a kernel older than 5.14).
    """
    if nbytes < PRETOUCH_CHUNK or not sys.platform.startswith("linux"):
        return None
    if len(os.sched_getaffinity(0)) < 2:
        return None
    import ctypes  # (only where it is used: not on every import of the command)

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        malloc, free, sbrk, madvise = libc.malloc, libc.free, libc.sbrk, libc.madvise
    except (OSError, AttributeError):
        return None
    if not hasattr(libc, "mallopt"):  # not glibc, whose heap behaves as described
        return None
    malloc.restype, malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    free.restype, free.argtypes = None, [ctypes.c_void_p]
    sbrk.restype, sbrk.argtypes = ctypes.c_void_p, [ctypes.c_ssize_t]
    madvise.restype = ctypes.c_int
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    blocks = []
    for _ in range(int(nbytes // PRETOUCH_CHUNK)):
        block = malloc(PRETOUCH_CHUNK)
        if not block:
            break
        blocks.append(block)
    end = sbrk(0)
    heap = [b for b in blocks if b + PRETOUCH_CHUNK <= end]  # from the heap, not a mapping
    for block in reversed(blocks):
        free(block)
    if len(heap) < len(blocks) or not heap:
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    low = -(-min(heap) // page) * page
    high = min(sbrk(0), max(heap) + PRETOUCH_CHUNK)

    def touch() -> None:
        at = low
        while at < high:
            size = min(PRETOUCH_STEP, high - at)
            if madvise(at, size, MADV_POPULATE_WRITE) != 0:
                return  # an older kernel, or the heap shrank: the run faults pages itself
            at += size

    thread = threading.Thread(target=touch, name="yiwu-sim heap pre-touch", daemon=True)
    thread.start()
    return thread
