"""The ``yiwu-sim`` process switches NumPy's huge-page advice off and has glibc's allocator keep
freed memory, unless the user chose."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sim.command import main


def test_the_command_sets_numpys_huge_page_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    assert main(["--version"]) == 0
    assert os.environ["NUMPY_MADVISE_HUGEPAGE"] == "0"


def test_a_users_choice_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
    assert main(["--version"]) == 0
    assert os.environ["NUMPY_MADVISE_HUGEPAGE"] == "1"


def test_the_command_keeps_freed_memory_unless_the_user_chose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sim.command import KEEP_FREED_MEMORY

    for key in KEEP_FREED_MEMORY:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MALLOC_TOP_PAD_", "131072")
    assert main(["--version"]) == 0
    assert os.environ["MALLOC_MMAP_THRESHOLD_"] == str(32 * 1024 * 1024)  # workers inherit it
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == str(1024 * 1024 * 1024)
    assert os.environ["MALLOC_TOP_PAD_"] == "131072"
    monkeypatch.setenv("MALLOC_TOP_PAD_", "lots")  # glibc ignores it, and so does the command
    assert main(["--version"]) == 0


def test_python_m_sim_runs_the_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "sim", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip()


def _in_a_process(code: str) -> str:
    from tests.conftest import run_python

    out = run_python(code)
    return out.stdout.strip().splitlines()[-1]


def test_a_run_resumes_the_garbage_collector_before_it_simulates(tmp_path) -> None:
    """Start-up runs with the collector paused; the simulation and everything after run with
    it on, start-up's objects frozen out of its work."""
    code = (
        "import gc, sim.model\n"
        "seen = []\n"
        "run = sim.model.Model.run\n"
        "def watched(self, *a, **k):\n"
        "    seen.append((gc.isenabled(), gc.get_freeze_count() > 10000))\n"
        "    return run(self, *a, **k)\n"
        "sim.model.Model.run = watched\n"
        "from sim.command import main\n"
        "rc = main(['run', 'scenarios/teaching_small.yaml', '--set', 'days=20', '--quiet',\n"
        f"           '--no-report', '--out', {str(tmp_path)!r}])\n"
        "print(rc, seen, gc.isenabled())\n"
    )
    assert _in_a_process(code) == "0 [(True, True)] True"


@pytest.mark.parametrize("argv", [["--version"], ["run", "no-such-file.yaml"], ["schema"]])
def test_every_command_ends_with_the_collector_on(argv: list[str]) -> None:
    code = (
        "import gc, io, contextlib\n"
        "from sim.command import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
        f"    rc = main({argv!r})\n"
        "print(gc.isenabled())\n"
    )
    assert _in_a_process(code) == "True"


def test_a_caller_s_process_is_left_as_it_is() -> None:
    """``sim.cli.main`` called from a test or a notebook neither pauses nor freezes."""
    import gc

    from sim.cli import main as cli_main

    frozen = gc.get_freeze_count()
    assert cli_main(["--version"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_command_asks_openblas_for_one_thread_unless_the_user_chose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert main(["--version"]) == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"  # worker processes inherit it
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    assert main(["--version"]) == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"


PRETOUCHED_WRITE = """
import resource, sys
from sim.command import keep_freed_memory
from sim.world.memory import pretouch_heap
keep_freed_memory()
import numpy as np
thread = pretouch_heap(64 << 20) if sys.argv[1] == "pretouch" else None
if thread is not None:
    thread.join()
before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
arrays = [np.empty(1 << 20) for _ in range(6)]  # 48 MB in 8 MB arrays, from the heap
for a in arrays:
    a.fill(1.0)
print(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before)
"""


def _faults_writing_48_mb(mode: str) -> int:
    """Pages faulted in on the thread writing 48 MB of fresh arrays, in a process set up as the
    command sets up its own (NumPy's huge-page advice off, glibc's mmap threshold at 32 MB)."""
    from sim.command import KEEP_FREED_MEMORY, NUMPY_SETTINGS
    from tests.conftest import ROOT

    glibc_settings = {k: str(v) for k, (_, v) in KEEP_FREED_MEMORY.items()}

    out = subprocess.run(
        [sys.executable, "-c", PRETOUCHED_WRITE, mode], capture_output=True, text=True,
        check=True, cwd=ROOT, env={**os.environ, **NUMPY_SETTINGS, **glibc_settings},
    )  # fmt: skip
    return int(out.stdout.strip().splitlines()[-1])


def _pretouch_supported() -> bool:
    """Linux 5.14 or later with glibc and two cores, where fresh memory is faulted in page by
    page (transparent huge pages not ``always``: then the plain write faults few pages too)."""
    import platform
    from pathlib import Path

    release = tuple(int(x) for x in platform.release().split(".")[:2] if x.isdigit())
    thp = Path("/sys/kernel/mm/transparent_hugepage/enabled")
    always = thp.exists() and "[always]" in thp.read_text()
    return (
        sys.platform.startswith("linux")
        and platform.libc_ver()[0] == "glibc"
        and release >= (5, 14)
        and len(os.sched_getaffinity(0)) >= 2
        and not always
    )


@pytest.mark.skipif(
    not _pretouch_supported(), reason="Linux 5.14+, glibc, two cores, huge pages on advice only"
)
def test_arrays_written_after_the_heap_is_pretouched_fault_in_almost_no_pages() -> None:
    """48 MB written fault in about 12,000 pages on the writing thread; after the command has
    pre-touched 64 MB of heap on another core, a few hundred at most."""
    assert _faults_writing_48_mb("plain") > 10_000
    assert _faults_writing_48_mb("pretouch") < 1_000
