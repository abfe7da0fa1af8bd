"""The Dask path: workers write their own folders or send back only files, results are released
as they are handled, and memory stays flat over many runs."""

import json

import pytest

from sim.experiment.cluster import _dask_run, check_builds, install_files, run_dask
from sim.experiment.runs import Task, run_replications
from sim.output.results import verify_run
from sim.world.inputs import load_scenario
from sim.world.random_streams import replication_seeds
from tests.conftest import ROOT

distributed = pytest.importorskip("dask.distributed")

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
TINY = ["days=12", "warmup_days=1"]


def _memory(dask_worker):  # runs on the worker: its resident memory and its live objects
    import contextlib
    import ctypes
    import gc
    import sys

    import psutil

    gc.collect()
    if sys.platform.startswith("linux"):
        # hand freed heap pages back first: resident memory then counts what is held, not how
        # fragmented the allocator's arenas happen to be (a run of the whole suite once read
        # 15 % more with nothing more held)
        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
    return psutil.Process().memory_info().rss, len(gc.get_objects())


def _profiler(dask_worker):  # runs on the worker: is its statistical profiler sampling?
    return dask_worker.periodic_callbacks["profile"].is_running()


def _tasks(dask_scheduler):  # runs on the scheduler
    return len(dask_scheduler.tasks)


def test_many_runs_on_a_local_cluster_hold_nothing_and_stay_flat(tmp_path):
    """400 runs, each a different scenario (as in a sensitivity analysis), on one worker of two
    threads: after the first 100 runs (the warm-up) the worker's memory stays within 10 % and its
    live objects within 5 %. With the workers' profiler left running (as before) its history
    grew by about 600 objects and 380 kB a second; this test then failed on the objects."""
    n, warm, every = 400, 100, 50
    tasks = []
    for i, seed in enumerate(replication_seeds(42, n)):
        sc = load_scenario(TEACHING, [*TINY, f"logistics.terminal_h={12 + 24 * i / n:.3f}"])
        tasks.append(Task(sc, seed, tmp_path / "exp" / f"rep-{i:03d}", summaries_only=True))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=":0") as cluster:  # fmt: skip
        client = distributed.Client(cluster)
        assert list(client.run(_profiler).values()) == [True]  # Dask's default
        memory, held, done = {}, [], []

        def written(i, summary):
            done.append(i)
            if len(done) % every == 0:  # the worker's memory and what the cluster holds, en route
                memory[len(done)] = next(iter(client.run(_memory).values()))
                held.append(client.run_on_scheduler(_tasks))

        run_dask(tasks, list(range(n)), cluster.scheduler_address, written)
        stored = client.run(lambda dask_worker: len(dask_worker.data))
        profiling = list(client.run(_profiler).values())
        client.close()
    assert sorted(done) == list(range(n))
    assert list(stored.values()) == [0]  # every result released as it was handled
    assert max(held) <= 2 * 2 + 1  # a window of 2 runs per thread, never the whole experiment
    assert profiling == [True]  # the profiler paused for the experiment runs again after it
    seen = {k: (round(rss / 1e6, 1), objects) for k, (rss, objects) in memory.items()}
    (rss0, objects0), (rss1, objects1) = memory[warm], memory[n]
    assert rss1 <= 1.10 * rss0, seen
    assert objects1 <= 1.05 * objects0, seen
    for t in tasks:  # the workers saw --out and wrote the folders themselves, summaries only
        manifest = verify_run(t.folder)
        assert manifest["tables"] == ["daily"]
        assert not (t.folder / "orders.parquet").exists()


def test_a_worker_without_the_shared_folder_sends_back_files(tmp_path):
    sc = load_scenario(TEACHING, TINY)
    task = Task(sc, 7, tmp_path / "client" / "rep-000")
    out = _dask_run(task, str(tmp_path / "no-such-probe"))
    assert set(out) == {"summary", "files", "build"}
    assert "orders.parquet" in out["files"] and not task.folder.exists()
    install_files(task.folder, out["files"])
    verify_run(task.folder)
    direct = Task(sc, 7, tmp_path / "direct" / "rep-000")
    _dask_run(direct, str(tmp_path))  # the probe exists: written in place
    for name in ("orders.parquet", "summary.json", "scenario.yaml"):
        assert (task.folder / name).read_bytes() == (direct.folder / name).read_bytes()
    assert json.loads((task.folder / "summary.json").read_text()) == out["summary"]
    small = _dask_run(Task(sc, 7, tmp_path / "s", summaries_only=True), str(tmp_path / "none"))
    assert sorted(small["files"]) == ["daily.parquet", "manifest.json", "scenario.yaml",
                                      "summary.json"]  # fmt: skip
    assert sum(len(b) for b in small["files"].values()) < 100_000


def test_workers_that_cannot_set_up_the_experiment_get_a_one_line_error(tmp_path, monkeypatch):
    from sim.errors import SimError
    from sim.experiment.dask_plugin import PausedProfiler

    def cannot(self, worker):  # as a worker without yiwu-sim fails to unpickle the plugin
        raise ModuleNotFoundError("No module named 'sim'")

    monkeypatch.setattr(PausedProfiler, "setup", cannot)
    sc = load_scenario(TEACHING, TINY)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:  # fmt: skip
        with pytest.raises(SimError, match=r"cannot set up the experiment \(ModuleNotFoundError"):
            run_dask([Task(sc, 7, tmp_path / "rep-000")], [0], cluster.scheduler_address,
                     lambda i, summary: None)  # fmt: skip
        with distributed.Client(cluster) as client:  # nothing left registered on the cluster
            names = client.run(lambda dask_worker: list(dask_worker.plugins))
            left = client.run_on_scheduler(
                lambda dask_scheduler: list(dask_scheduler.worker_plugins)
            )
        assert not [n for n in [*left, *names.popitem()[1]] if n.startswith("yiwu-sim")]
    assert not (tmp_path / "rep-000").exists()


def test_replications_on_dask_honour_summaries_only(tmp_path):
    sc = load_scenario(TEACHING, TINY)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:  # fmt: skip
        rs = run_replications(sc, 3, out=tmp_path, scheduler=cluster.scheduler_address,
                              summaries_only=True)  # fmt: skip
    for rep in sorted(rs.folder.glob("rep-*")):
        assert verify_run(rep)["tables"] == ["daily"]
    assert rs.computed == 3


@pytest.mark.parametrize("address", ["notanaddress", "foo://1.2.3.4:5", "tcp://host:notaport"])
def test_a_malformed_scheduler_address_is_a_usage_error_in_one_line(address, tmp_path, capsys):
    """Not a traceback from inside distributed: the option, its value and an example (exit
    code 2: the input is wrong, nothing ran)."""
    from sim.cli import main

    argv = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--replications", "2",
            "--scheduler", address, "--out", str(tmp_path), "--quiet", "--no-report"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: --scheduler {address!r} is not a scheduler's address, e.g. ")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_worker_on_another_build_stops_the_experiment_before_any_run(tmp_path, monkeypatch):
    """A worker whose yiwu-sim is another build (an upgrade, an edited model: another
    ``code_sha256``) would mix its numbers into the experiment's aggregate: the client asks
    every worker first and stops with one line naming the worker and both builds, before any
    run is submitted (a cluster of one worker on another build, as the client sees it)."""
    from sim.errors import SimError
    from sim.experiment import cluster

    asked = []

    class OtherBuild:  # dask.distributed.Client's calls run_dask makes, on one such worker
        def __init__(self, address, timeout):
            self.address = address

        def register_plugin(self, plugin):
            pass

        def run(self, function):
            asked.append(function)
            return {"tcp://10.0.0.7:40000": "0" * 64}

        def submit(self, *args, **kwargs):  # pragma: no cover - the check comes first
            raise AssertionError("a run was submitted to a worker on another build")

        def unregister_worker_plugin(self, name):
            pass

        def close(self):
            pass

    monkeypatch.setattr(distributed, "Client", OtherBuild)
    monkeypatch.setattr(cluster, "code_sha256", lambda: "f" * 64)
    sc = load_scenario(TEACHING, TINY)
    with pytest.raises(SimError) as err:
        run_dask([Task(sc, 7, tmp_path / "rep-000")], [0], "tcp://10.0.0.5:8786",
                 lambda i, summary: None)  # fmt: skip
    message = str(err.value)
    assert message == (
        "the Dask worker tcp://10.0.0.7:40000 runs another build of yiwu-sim (code_sha256 "
        "000000000000 against the client's ffffffffffff): install the same yiwu-sim on every "
        "worker as on the client, or one experiment would mix two builds' numbers"
    )
    assert asked == [cluster._worker_build]
    assert not (tmp_path / "rep-000").exists()  # nothing was run


def test_each_result_says_which_build_made_it(tmp_path):
    sc = load_scenario(TEACHING, TINY)
    out = _dask_run(Task(sc, 7, tmp_path / "rep-000"), str(tmp_path))
    from sim.results.run import code_sha256

    assert out["build"] == code_sha256()
    check_builds({"tcp://a:1": code_sha256()}, code_sha256())  # the same build: no error
    from sim.errors import SimError

    with pytest.raises(SimError, match=r"tcp://b:2 \(and 1 more workers\) runs another build"):
        check_builds({"tcp://b:2": "0" * 64, "tcp://c:3": "1" * 64, "tcp://a:1": "e" * 64},
                     "e" * 64)  # fmt: skip
