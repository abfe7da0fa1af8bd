import json
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import sim.experiment.runs as runs
from sim.experiment.runs import compare, parse_vary, run_replications, sweep
from sim.results.run import code_sha256
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["days=45", "warmup_days=5"]


def _sc(*extra):
    return load_scenario(TEACHING, [*SHORT, *extra])


def test_half_width_shrinks_about_as_one_over_sqrt_n(tmp_path):
    small = run_replications(_sc(), 4, out=tmp_path)
    large = run_replications(_sc(), 16, out=tmp_path)
    assert large.skipped == 4  # the first four seeds are reused
    ratios = []
    for k, a in small.aggregate.items():
        b = large.aggregate[k]
        if a["sd"] and b["sd"] and a["n"] == 4 and b["n"] == 16:
            ratios.append((a["sd"] / 2) / (b["sd"] / 4))  # standard errors
    assert len(ratios) > 20
    assert 1.5 < float(np.median(ratios)) < 2.7  # sqrt(16 / 4) = 2


def test_identical_scenarios_differ_by_exactly_zero(tmp_path):
    comp = compare([_sc(), _sc()], 3, out=tmp_path)
    diffs = next(iter(comp.differences.values()))
    assert diffs
    for d in diffs.values():
        if d["n"]:
            assert d["mean"] == 0.0 and d["distinguishable"] in (False, None)


def test_paired_interval_is_tighter_than_unpaired(tmp_path):
    a = _sc()
    b = _sc("logistics.lines.L01.trains_per_week=2.5")
    comp = compare([a, b], 6, out=tmp_path)
    d = comp.differences[b.name if b.name != a.name else f"1-{b.name}"]
    for kpi in ("lead_time_days.overall.mean", "emissions_cost.co2e_kg_total", "orders.delivered"):
        assert d[kpi]["half_width"] < d[kpi]["unpaired_half_width"], kpi


def test_sweep_of_trains_per_week_gives_monotone_throughput(tmp_path):
    base = read_scenario_file(TEACHING)
    base.update(days=45, warmup_days=5)
    vary = parse_vary(["logistics.lines.L01.trains_per_week=0.25,0.5,1"])
    result = sweep(base, vary, 3, out=tmp_path)
    teu = [s.aggregate["lines.L01.teu"]["mean"] for s in result.sets]
    assert teu[0] < teu[1] < teu[2]
    text = (result.folder / "sweep.csv").read_text()
    assert text.startswith("point,logistics.lines.L01.trains_per_week,kpi,n,mean,sd,ci_low,ci_high")
    assert "lines.L01.teu" in text


def test_parse_vary_errors():
    with pytest.raises(Exception, match=r"expected key\.path"):
        parse_vary(["nothing"])
    assert parse_vary(["a.b=1,x,2.5"]) == {"a.b": [1, "x", 2.5]}


def _aggregate_bytes(rs):
    return (rs.folder / "aggregate.json").read_bytes()


def test_serial_pool_and_dask_give_identical_aggregates(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    sc = _sc()
    serial = _aggregate_bytes(run_replications(sc, 4, out=tmp_path / "serial", jobs=1))
    pool = _aggregate_bytes(run_replications(sc, 4, out=tmp_path / "pool", jobs=2))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        dask = _aggregate_bytes(
            run_replications(sc, 4, out=tmp_path / "dask", scheduler=cluster.scheduler_address)
        )
    assert serial == pool == dask


def test_interrupted_experiment_keeps_finished_runs_and_resumes(tmp_path):
    n = 12
    cmd = [sys.executable, "-m", "sim", "run", str(TEACHING), "--replications", str(n), "--jobs",
           "1", "--quiet", "--out", str(tmp_path)]  # fmt: skip
    folder = tmp_path / "teaching-small" / "replications-42"
    # the command gets Ctrl-C's default meaning whatever this process was started with (a
    # test suite started in the background of a non-interactive shell ignores SIGINT, and a
    # child would inherit that)
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline and len(list(folder.glob("rep-*"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "finished runs are kept" in err
    finished = sorted(p for p in folder.glob("rep-*"))
    assert 2 <= len(finished) < n
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no half-written folder
    stamps = {p.name: (p / "summary.json").stat().st_mtime_ns for p in finished}
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert f"({n - len(finished)} run now, {len(finished)} already complete)" in out
    for p in finished:
        assert (p / "summary.json").stat().st_mtime_ns == stamps[p.name]
    agg = json.loads((folder / "aggregate.json").read_text())
    assert agg["replications"] == n and len(agg["seeds"]) == n


def test_a_changed_scenario_is_not_mixed_with_old_runs(tmp_path):
    run_replications(_sc(), 2, out=tmp_path)
    with pytest.raises(Exception, match="different scenario"):
        run_replications(_sc("buyers.visits_per_day=900"), 2, out=tmp_path)
    rs = run_replications(_sc("buyers.visits_per_day=900"), 2, out=tmp_path, force=True)
    assert rs.computed == 2


def test_a_run_made_by_another_build_is_made_again(tmp_path):
    """A re-launched experiment keeps the runs this build made and makes again those another
    build made (an upgrade, an edit of the model), so an aggregate never mixes builds."""
    rs = run_replications(_sc(), 3, out=tmp_path)
    assert rs.computed == 3
    reps = sorted(p for p in (tmp_path / "teaching-small").glob("*/rep-*"))
    assert len(reps) == 3
    manifest = json.loads((reps[1] / "manifest.json").read_text())
    manifest["code_sha256"] = "0" * 64  # as another build wrote it
    (reps[1] / "manifest.json").write_text(json.dumps(manifest))
    del manifest["code_sha256"]  # as a build from before the hash wrote it
    (reps[2] / "manifest.json").write_text(json.dumps(manifest))
    again = run_replications(_sc(), 3, out=tmp_path)
    assert again.computed == 2
    assert again.to_json() == rs.to_json()  # the same build gives the same numbers
    for rep in reps:
        assert json.loads((rep / "manifest.json").read_text())["code_sha256"] == code_sha256()


def _run_files(rs):
    """Every file of a replication set but the manifests (which record wall times) by path."""
    return {
        p.relative_to(rs.folder).as_posix(): p.read_bytes()
        for p in sorted(rs.folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def test_pool_writes_the_same_bytes_as_serial(tmp_path):
    sc = _sc()
    serial = run_replications(sc, 3, out=tmp_path / "serial", jobs=1)
    pool = run_replications(sc, 3, out=tmp_path / "pool", jobs=2)
    a, b = _run_files(serial), _run_files(pool)
    assert "rep-002/orders.parquet" in a and "kpis.parquet" in a and "aggregate.json" in a
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_a_sweep_s_scenarios_are_its_grid_validated_before_anything_runs(tiny):
    from sim.errors import ScenarioError

    points, scenarios = runs.sweep_scenarios(tiny, {"days": [10, 20], "warmup_days": [1, 2]})
    assert points == [{"days": 10, "warmup_days": 1}, {"days": 10, "warmup_days": 2},
                      {"days": 20, "warmup_days": 1}, {"days": 20, "warmup_days": 2}]  # fmt: skip
    assert [(s.days, s.warmup_days) for s in scenarios] == [(10, 1), (10, 2), (20, 1), (20, 2)]
    with pytest.raises(ScenarioError) as err:
        runs.sweep_scenarios(tiny, {"days": [10, 0]})
    # the point as the sweep's report names it (key=value), not as a Python dict
    assert [p.split(":")[0] for p in err.value.problems] == ["point days=0"]


def test_a_bad_sweep_key_is_named_as_the_vary_that_gave_it(tiny):
    """An unknown swept key named the scenario's key path alone ("buyers.nothere: unknown
    key"), not the ``--vary`` the user typed."""
    from sim.errors import ScenarioError

    with pytest.raises(ScenarioError) as err:
        runs.sweep_scenarios(tiny, {"buyers.nothere": [1, 2]})
    (p,) = err.value.problems
    assert p.startswith("--vary buyers.nothere=1,2: buyers.nothere: unknown key 'nothere'")
    assert "allowed keys: " in p and err.value.source == "--vary"
    with pytest.raises(ScenarioError) as err:  # a misspelt part of the path
        runs.sweep_scenarios(tiny, {"logistics.linez.L12.trains_per_week": [1, 2]})
    (p,) = err.value.problems
    assert p.startswith("--vary logistics.linez.L12.trains_per_week=1,2: logistics.linez: ")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_replications_manifest_records_the_command_that_ran_the_experiment(
    tmp_path, monkeypatch, jobs
):
    """A replication's manifest said its command was ``yiwu-sim experiment``, which is no
    command: a researcher citing a folder could not tell how it was made. It records the
    command line of the experiment (in a worker too), or the caller's own outside the CLI."""
    from sim.cli import main

    argv = ["run", str(TEACHING), "--set", "days=8", "--replications", "2", "--jobs", str(jobs),
            "--out", str(tmp_path), "--quiet", "--no-report"]  # fmt: skip
    monkeypatch.setattr(sys, "argv", ["/venv/bin/yiwu-sim", *argv])
    assert main(argv) == 0
    manifests = list(tmp_path.glob("*/replications-*/rep-*/manifest.json"))
    assert len(manifests) == 2
    for manifest in manifests:
        assert json.loads(manifest.read_text())["command"] == ["yiwu-sim", *argv]
    monkeypatch.setattr(sys, "argv", ["analysis.py", "--fast"])
    assert runs.experiment_command() == ("analysis.py", "--fast")
    monkeypatch.setattr(sys, "argv", [str(ROOT / "sim" / "__main__.py"), "run"])
    assert runs.experiment_command() == ("yiwu-sim", "run")
