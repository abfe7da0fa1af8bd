"""The Dask path: workers write their own folders or send back only files, results are released
as they are handled, and memory stays flat over many runs."""

import json

import pytest

from sim.experiment.cluster import _dask_run, install_files, run_dask
from sim.experiment.runs import Task, run_replications
from sim.output.results import verify_run
from sim.world.inputs import load_scenario
from sim.world.random_streams import replication_seeds
from tests.conftest import ROOT

distributed = pytest.importorskip("dask.distributed")

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
TINY = ["days=12", "warmup_days=1"]


def _rss(dask_worker):  # runs on the worker
    import psutil

    return psutil.Process().memory_info().rss


def _tasks(dask_scheduler):  # runs on the scheduler
    return len(dask_scheduler.tasks)


def test_many_runs_on_a_local_cluster_hold_nothing_and_stay_flat(tmp_path):
    sc = load_scenario(TEACHING, TINY)
    n = 80
    seeds = replication_seeds(sc.seed, n)
    tasks = [Task(sc, s, tmp_path / "exp" / f"rep-{i:03d}", summaries_only=True)
             for i, s in enumerate(seeds)]  # fmt: skip
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=":0") as cluster:  # fmt: skip
        client = distributed.Client(cluster)
        memory, held, done = [], [], []

        def written(i, summary):
            done.append(i)
            if len(done) % 10 == 0:  # the worker's memory and what the cluster holds, en route
                memory.append(next(iter(client.run(_rss).values())))
                held.append(client.run_on_scheduler(_tasks))

        run_dask(tasks, list(range(n)), cluster.scheduler_address, written)
        stored = client.run(lambda dask_worker: len(dask_worker.data))
        client.close()
    assert sorted(done) == list(range(n))
    assert list(stored.values()) == [0]  # every result released as it was handled
    assert max(held) <= 2 * 2 + 1  # a window of 2 runs per thread, never the whole experiment
    # flat: once the worker has warmed up (its caches filled over the first runs), its memory
    # after the last runs is within 5 % of that halfway, and within 20 % of that after 10 runs
    # (one default run's tables held would be 20 MB each)
    mb = [round(m / 1e6, 1) for m in memory]
    assert memory[-1] <= 1.05 * memory[len(memory) // 2], mb
    assert memory[-1] <= 1.20 * memory[0], mb
    for t in tasks:  # the workers saw --out and wrote the folders themselves, summaries only
        manifest = verify_run(t.folder)
        assert manifest["tables"] == ["daily"]
        assert not (t.folder / "orders.parquet").exists()


def test_a_worker_without_the_shared_folder_sends_back_files(tmp_path):
    sc = load_scenario(TEACHING, TINY)
    task = Task(sc, 7, tmp_path / "client" / "rep-000")
    out = _dask_run(task, str(tmp_path / "no-such-probe"))
    assert set(out) == {"summary", "files"}
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


def test_replications_on_dask_honour_summaries_only(tmp_path):
    sc = load_scenario(TEACHING, TINY)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:  # fmt: skip
        rs = run_replications(sc, 3, out=tmp_path, scheduler=cluster.scheduler_address,
                              summaries_only=True)  # fmt: skip
    for rep in sorted(rs.folder.glob("rep-*")):
        assert verify_run(rep)["tables"] == ["daily"]
    assert rs.computed == 3
