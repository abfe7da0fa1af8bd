"""Experiments on a Dask cluster: many runs, flat memory, only what the client needs.

An experiment names a scheduler (``--scheduler tcp://host:8786``) and its runs go to the
cluster's workers instead of local processes (:func:`sim.experiment.executor.execute`). What makes
a long experiment scale:

- **What travels back.** A worker that sees the client's ``--out`` (a shared filesystem; found
  out with a probe file the client writes) writes the run folder itself and returns the
  summary (8 kB). Any other worker writes the folder in a temporary folder of its own and sends
  back its files (compressed Parquet; a few kB per run with ``--summaries-only``), which the
  client installs atomically and checks against their manifest. A run's tables never travel as
  Python objects.
- **What stays held.** A window of :data:`DASK_WINDOW_PER_THREAD` runs per worker thread is in
  flight; each result is released as soon as it is handled (``as_completed``), so the
  scheduler, the workers and the client hold a bounded number of tasks and results however
  long the experiment.
- **What the workers keep.** A Dask worker samples the stacks of its running tasks every 10 ms
  and keeps one profile tree a second (two, with the per-task-kind one) for the last 1,000
  seconds: for deep simulation stacks about 380 kB a second, which made a worker grow by a
  quarter over a 1,500-run Sobol analysis and would keep it growing for 17 minutes. While an
  experiment runs, a worker plugin (:class:`sim.experiment.dask_plugin.PausedProfiler`) pauses
  that profiler on every worker, those that join later too, and starts it again when the
  experiment ends; the worker's memory then stays flat (``bench/dask_memory.py``).
- **Which build runs.** Every worker must run the client's build of yiwu-sim (the same
  ``code_sha256`` as the manifests record), or one experiment's aggregate would mix the numbers
  of two builds. The workers are asked before the first run, and every run's result says which
  build made it (a worker may join later); another build stops the experiment with one line
  naming the worker and both builds (:func:`check_builds`).
- **What fails.** A run that raises is tried again :data:`DASK_RETRIES` times; a run on a worker
  that dies is run again by the scheduler. Every finished run is on disk at once, so an
  experiment stopped for good resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sim.errors import ResultsError, SimError, UsageError
from sim.experiment.single import simulate_into
from sim.output.install import current_umask
from sim.output.results import verify_run
from sim.output.saying import said
from sim.results.run import code_sha256


def _simulate_and_write(task: Any) -> dict[str, Any]:
    """Run one replication and write its folder; returns its summary."""
    # (the manifest records the experiment's command line, which the task carries)
    argv = list(task.argv or ())
    summary: dict[str, Any] = simulate_into(task.writer(), task.scenario, task.seed, argv).summary
    return summary


DASK_RETRIES = 2
"""How many times Dask runs a replication again after it failed (a lost worker is retried by
the scheduler itself, up to its ``allowed-failures``)."""
DASK_WINDOW_PER_THREAD = 2
"""Runs queued per worker thread at a time: enough to keep every thread busy, few enough that
the client, the scheduler and the workers hold a bounded number of tasks and results however
long the experiment (memory stays flat)."""


def _dask_run(task: Any, probe: str) -> dict[str, Any]:
    """Run one replication on a Dask worker and hand back only what the client needs.

    When the worker sees the client's ``probe`` file, ``--out`` is on a filesystem both share:
    the worker writes the run folder itself and returns its summary. Otherwise it writes the
    folder in a temporary folder of its own and returns the files' bytes (compressed Parquet,
    a few kB per run with ``--summaries-only``) for the client to install; never the run's
    tables as Python objects.
    """
    build = _worker_build()
    if Path(probe).exists():
        return {"summary": _simulate_and_write(task), "build": build}
    import tempfile

    with tempfile.TemporaryDirectory(prefix="yiwu-sim-") as tmp:
        local = replace(task, folder=Path(tmp) / "run")
        summary = _simulate_and_write(local)
        files = {f.name: f.read_bytes() for f in sorted(local.folder.iterdir())}
    return {"summary": summary, "files": files, "build": build}


def _worker_build(dask_worker: Any = None) -> str:
    """The build of yiwu-sim this process runs (``code_sha256``), read where it runs: on a
    worker, through the module (``client.run`` passes the worker as ``dask_worker``)."""
    from sim.results import run

    return run.code_sha256()


def check_builds(builds: dict[str, str], ours: str) -> None:
    """Raise a :class:`SimError` when a worker (address -> its ``code_sha256``) runs another
    build of yiwu-sim than the client's (``ours``): its runs' numbers may differ, and an
    experiment never mixes builds (a re-launched one makes such runs again, as
    :func:`sim.experiment.tasks._complete` does for folders of another build)."""
    other = sorted((address, build) for address, build in builds.items() if build != ours)
    if other:
        address, build = other[0]
        more = f" (and {len(other) - 1} more workers)" if len(other) > 1 else ""
        raise SimError(
            f"the Dask worker {address}{more} runs another build of yiwu-sim (code_sha256 "
            f"{str(build)[:12]} against the client's {ours[:12]}): install the same yiwu-sim "
            "on every worker as on the client, or one experiment would mix two builds' numbers"
        )


def install_files(folder: Path, files: dict[str, bytes]) -> None:
    """Install a run folder sent back by a worker: written to a temporary folder beside it and
    renamed, then checked against its manifest as any run folder is read."""
    import shutil
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-{os.getpid()}-", dir=folder.parent))
    try:
        # mkdtemp makes it 0700; a run folder follows the umask, as one written locally does
        os.chmod(tmp, 0o777 & ~current_umask())
        for name, data in files.items():
            if "/" in name or name.startswith("."):
                raise ResultsError(f"{folder}: a worker sent an unexpected file {name!r}")
            (tmp / name).write_bytes(data)
        verify_run(tmp)
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def run_dask(
    tasks: Sequence[Any],
    todo: list[int],
    address: str,
    written: Callable[[int, dict[str, Any]], None],
) -> None:
    """Run the tasks on the Dask cluster at ``address``: a bounded window of runs in flight,
    each future released as soon as its run is handled (so neither the cluster nor the client
    holds finished results), failed runs retried :data:`DASK_RETRIES` times, the workers'
    profiler paused meanwhile (:class:`sim.experiment.dask_plugin.PausedProfiler`)."""
    try:
        from dask.distributed import Client, as_completed

        from sim.experiment.dask_plugin import PausedProfiler
    except ImportError:
        raise SimError(
            "--scheduler needs dask.distributed; install it with: pip install 'yiwu-sim[dask]'"
        ) from None
    try:
        client = Client(address, timeout="30s")
    except OSError as exc:
        raise SimError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    except ValueError as exc:  # no port, an unknown protocol: the option is wrong, nothing ran
        raise UsageError(said("err:scheduler", address=address, why=str(exc))) from None
    root = Path(os.path.commonpath([str(tasks[i].folder.parent.resolve()) for i in todo]))
    root.mkdir(parents=True, exist_ok=True)
    probe = root / f".yiwu-sim-shared-{os.getpid()}-{id(client):x}"
    probe.touch()
    paused = PausedProfiler()
    try:
        try:
            client.register_plugin(paused)  # workers that join later get it too
        except Exception as exc:  # e.g. a worker that cannot import sim to unpickle it
            raise SimError(
                f"the Dask workers at {address} cannot set up the experiment "
                f"({type(exc).__name__}: {exc}); every worker needs yiwu-sim installed, "
                "e.g. pip install 'yiwu-sim[dask]'"
            ) from exc
        ours = code_sha256()
        check_builds(client.run(_worker_build), ours)  # before any run is made
        threads = sum(client.nthreads().values()) or 1
        pending = iter(todo)
        index: dict[Any, int] = {}

        def submit(i: int) -> Any:
            fut = client.submit(_dask_run, tasks[i], str(probe), pure=False, retries=DASK_RETRIES)
            index[fut.key] = i
            return fut

        running = as_completed(
            [submit(i) for i in itertools.islice(pending, threads * DASK_WINDOW_PER_THREAD)]
        )
        for fut in running:
            i = index.pop(fut.key)
            try:
                out = fut.result()
            except Exception as exc:
                raise SimError(f"run {tasks[i].folder} failed on the cluster: {exc}") from exc
            fut.release()  # the cluster forgets the result now, not at the end
            del fut
            # a worker that joined after the check (its folder, if it wrote one, is made again
            # by a re-launch: another build's folders are not complete runs of this one)
            check_builds({"that ran " + str(tasks[i].folder): out.get("build", "unknown")}, ours)
            if "files" in out:
                install_files(tasks[i].folder, out["files"])
            written(i, out["summary"])
            nxt = next(pending, None)
            if nxt is not None:
                running.add(submit(nxt))
    finally:
        probe.unlink(missing_ok=True)
        # the workers' profiler runs again once no experiment uses them (nothing to undo if
        # the cluster is gone or never got the plugin)
        with contextlib.suppress(Exception):
            client.unregister_worker_plugin(paused.name)
        client.close()
