"""Will a run fit in the memory this process may still use?

:func:`sim.world.checks.size_problems` refuses runs larger than any machine should hold (30
million orders). A run well under those limits can still exceed what *this* machine, container
or ``ulimit -v`` allows, and would then die with a ``MemoryError`` after minutes of work. So the
command line compares an estimate of the run's peak memory with the memory available
(the smallest of the kernel's ``MemAvailable``, the headroom under the address-space limit
``RLIMIT_AS`` and under a cgroup's ``memory.max``) and refuses, in one line, before anything
runs.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

from sim.scenario import Scenario
from sim.world.checks import run_size

BYTES_PER_ORDER = 550
"""Peak bytes per order a run places, its containers and train records included (E: 0.55 kB
at the peak of a full-scale year, :data:`sim.world.checks.MAX_ORDERS`; the teaching scenario
at ``scale=1``, ``buyers.in_scope_share=1`` (731,000 orders estimated) grew by 270 MB resident
and 240 MB of address space, about 350 bytes an order)."""
BYTES_PER_MERCHANT = 200
"""Per merchant: stock and backlog arrays of a few numbers each (E)."""
RESERVE_BYTES = 512 << 20
"""Address space the process still reserves after the check (thread stacks, Arrow's and
NumPy's arenas: a 20-day teaching run peaks 0.5 GB of address space above its size when the
check runs), so a run is not admitted into the last few hundred MB of an ``ulimit -v``."""


def estimate_bytes(sc: Scenario) -> float:
    """Peak memory one run of the resolved scenario ``sc`` needs beyond the process as it is."""
    size = run_size(sc)
    return size["orders"] * BYTES_PER_ORDER + size["merchants"] * BYTES_PER_MERCHANT


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
