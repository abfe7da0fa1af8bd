"""sim.experiment.replication: how an experiment replicates, refused before any seed is drawn
when it would make too many runs, and what it says of replications on disk it does not count."""

from __future__ import annotations

import logging

import pytest

from sim.errors import SimError, UsageError
from sim.experiment.collect import MAX_RUNS
from sim.experiment.precision import Precision
from sim.experiment.replication import (
    Plan,
    _first_runs,
    check_memory,
    check_run_count,
    warn_beyond,
)
from sim.experiment.workers import Workers


def test_an_experiment_of_more_runs_than_collect_reads_is_refused_naming_the_option():
    check_run_count(1, Plan(MAX_RUNS))  # the limit itself is allowed
    with pytest.raises(UsageError, match=r"--replications 100001: more than the 100,000 runs"):
        check_run_count(1, Plan(MAX_RUNS + 1))
    with pytest.raises(UsageError) as got:
        check_run_count(4, Plan(30_000))
    assert str(got.value).startswith(
        "--replications 30000 for each of 4 scenarios or sweep points makes 120,000 runs"
    )
    until = Plan(None, Precision({"orders.delivered": 0.01}, max_replications=MAX_RUNS))
    with pytest.raises(UsageError, match="--max-replications 100000 for each of 2"):
        check_run_count(2, until)
    with pytest.raises(UsageError, match="--replications must be at least 1, got 0"):
        Plan(0)


def test_an_experiment_needing_more_memory_than_there_is_is_refused_before_a_run(tiny, monkeypatch):
    import sim.world.memory as mem
    from sim.world.inputs import resolve, validate_data

    small = resolve(validate_data(tiny, "test"))
    asked = []

    def problem(sc, jobs):
        asked.append(jobs)
        return "the runs would need 9 GB" if jobs > 2 else None

    monkeypatch.setattr(mem, "memory_problem", problem)
    check_memory([small], 2)
    with pytest.raises(SimError, match="the runs would need 9 GB"):
        check_memory([small], 3)
    check_memory([], 8)  # nothing to run: nothing to refuse
    assert asked == [2, 3]


def test_replications_beyond_those_counted_are_said_and_kept(tmp_path, caplog):
    for k in range(5):
        (tmp_path / f"rep-{k:03d}").mkdir()
    (tmp_path / "rep-notes").mkdir()  # not a replication
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        warn_beyond(tmp_path, 5)
        assert caplog.text == ""
        warn_beyond(tmp_path, 3)
    # (the messages, not caplog.text: a command's --lang zh stays on the handlers' formatter)
    (said,) = caplog.messages
    assert "2 replication folders from an earlier, larger run (rep-003 .. rep-004) are kept" in said
    assert "--replications 5 to count them" in said
    assert (tmp_path / "rep-004").is_dir()


def test_one_replication_beyond_those_counted_is_said_in_the_singular(tmp_path, caplog):
    """The warning said "1 replication folder(s) from an earlier, larger run (rep-002 ..
    rep-002) are kept": one folder is said in the singular, as the glossary's other counts
    are, and in Chinese with its count word."""
    from sim.output.saying import LogWords

    for k in range(3):
        (tmp_path / f"rep-{k:03d}").mkdir()
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        warn_beyond(tmp_path, 2)
    (record,) = caplog.records
    assert record.getMessage() == (
        f"{tmp_path}: 1 replication folder from an earlier, larger run (rep-002) is kept but "
        "not counted: the statistics cover rep-000 .. rep-001, while yiwu-sim collect on the "
        "folder gathers every one (run with --replications 3 to count it, or remove it)"
    )
    assert LogWords("en").format(record) == f"warning: {record.getMessage()}"
    assert LogWords("zh").format(record) == (
        f"警告：{tmp_path}：有 1 个来自先前更多次重复的运行文件夹（rep-002）被保留但"
        "未计入：统计只涵盖 rep-000 .. rep-001，而 yiwu-sim collect 会收集该文件夹中的全部运行"
        "（用 --replications 3 运行即可将其计入，或将其删除）"
    )


def test_a_misspelt_precision_kpi_with_force_leaves_the_folder_as_it_was(tmp_path):
    """``run --replications 4 --force --precision lead_time_days.overall.maen=0.1`` with the
    scenario changed (``--set days=61`` over a set of 60 days) replaced rep-000 with a run of
    61 days, then refused the KPI (exit 2, "nothing ran"): the folder held one replication of
    another scenario among the old ones and the old aggregate.json. The KPI is now checked on
    a run kept in memory before anything is replaced."""
    import hashlib

    from sim.errors import ScenarioError
    from sim.experiment.runs import run_replications
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    small = ROOT / "scenarios" / "teaching_small.yaml"
    first = run_replications(load_scenario(small, ["days=20", "warmup_days=2"]), 2, out=tmp_path)

    def digest() -> dict[str, str]:
        return {str(f.relative_to(first.folder)): hashlib.sha256(f.read_bytes()).hexdigest()
                for f in sorted(first.folder.rglob("*")) if f.is_file()}  # fmt: skip

    before = digest()
    other = load_scenario(small, ["days=21", "warmup_days=2"])
    bad = Precision({"lead_time_days.overall.maen": 0.1}, min_replications=2,
                    max_replications=8)  # fmt: skip
    with pytest.raises(ScenarioError, match=r"did you mean lead_time_days\.overall\.mean"):
        run_replications(other, None, out=tmp_path, precision=bad, force=True)
    assert digest() == before
    good = Precision({"lead_time_days.overall.mean": 0.5}, min_replications=2,
                     max_replications=8)  # fmt: skip
    again = run_replications(other, None, out=tmp_path, precision=good, force=True)
    assert again.folder == first.folder and again.scenario.days == 21  # --force still replaces


def _counting_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The scenarios whose replications are simulated in this process (``jobs=1``), one
    entry a run."""
    import sim.experiment.executor as executor
    import sim.experiment.replication as replication
    import sim.experiment.tasks as tasks

    made: list[str] = []

    def simulate(task):  # type: ignore[no-untyped-def]
        made.append(task.scenario.name)
        return real(task)

    real = tasks._simulate
    for module in (replication, executor, tasks):  # (each holds its own name of it)
        monkeypatch.setattr(module, "_simulate", simulate, raising=False)
    return made


def test_a_misspelt_precision_kpi_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    """``run --replications 4 --precision lead_time_days.overall.maen=0.1`` wrote rep-000 into
    a new folder, then refused the KPI (a new user's trial): the folder stayed, holding one
    replication. The KPI is checked on the first replication, run in memory, before anything
    is written; the refusal names the option, the KPI and close matches."""
    from sim.errors import ScenarioError
    from sim.experiment.runs import compare, run_replications, sweep
    from sim.world.inputs import load_scenario, read_with_overrides
    from tests.conftest import ROOT

    small = ROOT / "scenarios" / "teaching_small.yaml"
    short = ["days=20", "warmup_days=2"]
    bad = Precision({"lead_time_days.overall.maen": 0.1}, min_replications=2,
                    max_replications=8)  # fmt: skip
    made = _counting_runs(monkeypatch)
    with pytest.raises(ScenarioError) as got:
        run_replications(load_scenario(small, short), 4, out=tmp_path, precision=bad)
    assert got.value.source == "--precision"
    (problem,) = got.value.problems
    assert problem.startswith("--precision lead_time_days.overall.maen: not a KPI of")
    assert "did you mean lead_time_days.overall.mean" in problem
    assert list(tmp_path.iterdir()) == [] and made == ["teaching-small"]
    other = load_scenario(small, [*short, "name=other"])
    made.clear()
    with pytest.raises(ScenarioError, match=r"did you mean lead_time_days\.overall\.mean"):
        compare([load_scenario(small, short), other], None, out=tmp_path, precision=bad)
    # (a KPI no first run has is looked for in each scenario's: the second may have it)
    assert list(tmp_path.iterdir()) == [] and made == ["teaching-small", "other"]
    # a line none of the scenarios has is in no later first run: refused after the first
    line = Precision({"lines.L0l.load_factor": 0.1}, min_replications=2, max_replications=8)
    made.clear()
    with pytest.raises(ScenarioError, match=r"lines\.L0l\.load_factor: not a KPI .* 1 rep"):
        compare([load_scenario(small, short), other], None, out=tmp_path, precision=line)
    assert list(tmp_path.iterdir()) == [] and made == ["teaching-small"]
    base = read_with_overrides(small, short)
    vary = {"logistics.lines.L01.trains_per_week": [1, 2]}
    with pytest.raises(ScenarioError, match=r"did you mean lead_time_days\.overall\.mean"):
        sweep(base, vary, None, out=tmp_path, precision=bad)
    assert list(tmp_path.iterdir()) == []


def test_a_precision_kpi_of_one_line_crossing_or_scenario_is_not_refused(tmp_path, monkeypatch):
    """A KPI of one line or one crossing, and one only the second scenario of a comparison
    has (its trains added by a dispatch policy), are KPIs a run of those scenarios produces:
    checked before anything is written, they are not refused, and the first replication,
    run in memory for the check, is written as rep-000 (not run twice), identical to the
    same replication run without a precision."""
    from sim.experiment.runs import run_replications
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    small = ROOT / "scenarios" / "teaching_small.yaml"
    short = ["days=20", "warmup_days=2"]
    kpis = {"lines.L01.load_factor": 0.5, "borders.MAL.crossings": 0.9}
    made = _counting_runs(monkeypatch)
    p = Precision(kpis, min_replications=2, max_replications=7)
    rs = run_replications(load_scenario(small, short), None, out=tmp_path / "a", precision=p)
    assert rs.precision is not None and set(rs.precision["targets"]) == set(kpis)
    assert made == ["teaching-small"] * len(rs.seeds)  # each replication run once
    plain = run_replications(load_scenario(small, short), 1, out=tmp_path / "b")
    for name in ("summary.json", "orders.parquet", "borders.parquet"):
        assert (rs.folder / "rep-000" / name).read_bytes() == (
            plain.folder / "rep-000" / name
        ).read_bytes(), name
    # a KPI only the second scenario's first run has: each first run is made in memory
    # until every KPI is found, then written (the first stage judges it on every run)
    dispatching = load_scenario(small, [*short, "name=dispatching",
                                        "logistics.dispatch.rule=demand"])  # fmt: skip
    groups = [
        (load_scenario(small, short), tmp_path / "c" / "0"),
        (dispatching, tmp_path / "c" / "1"),
    ]
    plan = Plan(None, Precision({"dispatch.trains_added": 0.9}, min_replications=2))
    made.clear()
    with Workers(1) as workers:
        firsts, computed = _first_runs(groups, 42, plan, {"jobs": 1}, workers)
    assert made == ["teaching-small", "dispatching"] and computed == 2
    assert "dispatch" not in firsts[0] and "trains_added" in firsts[1]["dispatch"]
    assert all((folder / "rep-000" / "summary.json").is_file() for _, folder in groups)
