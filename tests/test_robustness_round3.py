"""Robustness, round three (issue 29): never delete a user's files, no traceback from any input.

One test (or more) per numbered case of the issue, each failing on the code before the fix;
the property-based fuzzing of distributions, dates, seeds, sweep grids and ``collect`` inputs
is in ``tests/test_robustness_fuzz.py``.
"""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path

import pytest

import sim.output.arrow as arrow
import sim.output.install as install
import sim.output.results as res
from sim.cli import main
from sim.errors import ResultsError
from sim.model import Model
from sim.output.results import load_run, write_run
from sim.world.inputs import validate_data
from tests.conftest import ROOT, TINY
from tests.conftest import fresh_result as _fresh

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["--days", "20", "--set", "warmup_days=2", "--no-report"]


@pytest.fixture(scope="module")
def result():
    return Model(validate_data(copy.deepcopy(TINY), "test")).run()


def _strict(path: Path) -> object:
    """Parse a JSON file refusing NaN and Infinity, as strict JSON readers do."""

    def refuse(text: str) -> object:
        raise ValueError(f"{text} is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


# --------------------------------------------------------------------------- case 1


def test_force_never_deletes_a_folder_that_is_not_a_run(tmp_path, capsys):
    """``R --force`` onto a folder of the user's at the run's path: refused, file kept."""
    folder = tmp_path / "teaching-small" / "seed-42"
    folder.mkdir(parents=True)
    (folder / "thesis.tex").write_text("my thesis")
    code = main(["run", str(TEACHING), *SHORT, "--out", str(tmp_path), "--force"])
    err = capsys.readouterr().err
    assert code == 1
    assert "not a yiwu-sim run folder" in err and str(folder) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert (folder / "thesis.tex").read_text() == "my thesis"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["seed-42"]


def test_an_experiment_with_force_keeps_a_users_folder_among_its_runs(tmp_path, capsys):
    mine = tmp_path / "teaching-small" / "replications-42" / "rep-001"
    mine.mkdir(parents=True)
    (mine / "thesis.tex").write_text("my thesis")
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                     "--replications", "2", "--force", "--jobs", "1", "--quiet")  # fmt: skip
    assert code == 1 and "not a yiwu-sim run folder" in err
    assert [p.name for p in mine.iterdir()] == ["thesis.tex"]


def test_force_refuses_a_folder_whose_manifest_is_not_yiwu_sims(result, tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"package": "something-else"}')
    (folder / "data.csv").write_text("1,2\n")
    with pytest.raises(ResultsError, match="not a yiwu-sim run folder"):
        write_run(_fresh(result), folder, force=True)
    assert (folder / "data.csv").read_text() == "1,2\n"
    # a file at the run's path is not replaced either
    plain = tmp_path / "plain"
    plain.write_text("notes")
    with pytest.raises(ResultsError, match="is a file"):
        write_run(_fresh(result), plain, force=True)
    assert plain.read_text() == "notes"


def test_force_still_replaces_a_complete_or_partial_run(result, tmp_path):
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    (folder / "orders.parquet").unlink()  # damaged, but a run: its manifest says so
    write_run(_fresh(result), folder, force=True)
    assert load_run(folder).summary == result.summary
    partial = tmp_path / "partial"  # a partial run: holds the writer's marker
    partial.mkdir()
    (partial / install.TMP_MARKER).write_text("x")
    (partial / "orders.parquet").write_bytes(b"cut")
    write_run(_fresh(result), partial, force=True)
    assert load_run(partial).summary == result.summary
    assert not (partial / install.TMP_MARKER).exists()  # a complete run folder holds no marker


def test_the_folder_is_checked_again_when_it_is_replaced(result, tmp_path, monkeypatch):
    """The run's path is a run folder when the writer starts, a user's folder by the end."""
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    writer = res.RunWriter(folder, force=True)
    for p in folder.iterdir():
        p.unlink()
    (folder / "thesis.tex").write_text("mine")
    with pytest.raises(ResultsError, match="not a yiwu-sim run folder"):
        writer.finish(_fresh(result))
    assert [p.name for p in folder.iterdir()] == ["thesis.tex"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_folder_named_like_a_temporary_one_is_not_removed_without_the_marker(result, tmp_path):
    mine = tmp_path / ".run.tmp-999999999-notes"  # a dead pid, but the user's folder
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    write_run(_fresh(result), tmp_path / "run")
    assert (mine / "notes.txt").read_text() == "keep"


# --------------------------------------------------------------------------- case 13


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the cost overflows, on purpose
def test_non_finite_kpis_are_written_as_null_not_infinity(tmp_path):
    code = main(["run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                 "--set", "logistics.costs.rail_usd_per_teu=1e308"])  # fmt: skip
    assert code == 0
    folder = tmp_path / "teaching-small" / "seed-42"
    summary = _strict(folder / "summary.json")
    assert isinstance(summary, dict) and summary["emissions_cost"]["cost_usd_total"] is None
    _strict(folder / "manifest.json")
    assert load_run(folder).summary == summary  # and it reads back


def test_a_results_json_file_holding_nan_is_refused_naming_it(result, tmp_path):
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    text = (folder / "summary.json").read_text().replace('"days": 30', '"days": NaN', 1)
    (folder / "summary.json").write_text(text)
    with pytest.raises(ResultsError, match=r"summary\.json"):
        res._read_json(folder / "summary.json")


# --------------------------------------------------------------------------- case 16


def test_run_folders_follow_the_umask(result, tmp_path):
    old = os.umask(0o002)
    try:
        write_run(_fresh(result), tmp_path / "run")
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "run").stat().st_mode)
    assert mode == 0o775, oct(mode)
    old = os.umask(0o077)
    try:
        write_run(_fresh(result), tmp_path / "private")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o700


# --------------------------------------------------------------------------- helpers


def _cli(capsys, *argv: str) -> tuple[int, str]:
    """Run the command line in this process: the exit code and stderr, which must be free of
    tracebacks."""
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, err


def _subprocess(*argv: str, limit_bytes: int | None = None, timeout: float = 60) -> tuple[int, str]:
    """Run ``python -m sim`` in a child (for inputs that could hang or eat memory), under an
    address-space limit when given."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *argv], capture_output=True, text=True, timeout=timeout,
        env=env, preexec_fn=limit, cwd=str(ROOT),
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stderr


# --------------------------------------------------------------------------- case 2


def test_a_run_ending_after_the_last_supported_date_is_refused_in_one_line(tmp_path, capsys):
    over = ["--set", "start=9999-06-01", "--set", "calendar.spring_festival=[9999-02-01]"]
    for command in (["validate", str(TEACHING)], ["run", str(TEACHING), *SHORT]):
        args = [*command, *over] if command[0] == "run" else command
        if command[0] == "validate":  # a file of its own
            text = TEACHING.read_text().replace("start: 2025-10-01", "start: 9999-06-01")
            path = tmp_path / "late.yaml"
            path.write_text(text + "calendar: {spring_festival: [9999-02-01]}\n")
            args = ["validate", str(path)]
        code, err = _cli(capsys, *args, *(["--out", str(tmp_path)] if command[0] == "run" else []))
        assert code == 2, err
        assert "start: 9999-06-01 is outside the supported dates 1000-01-01 to 8999-12-31" in err
    # the start is in range but the run's last day is not
    late = ["--set", "start=8999-12-20", "--set", "calendar.spring_festival=[8999-02-01]"]
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path), *late)
    assert code == 2 and "ends after 8999-12-31, the last supported date" in err
    assert not (tmp_path / "teaching-small").exists()


def test_runs_at_both_ends_of_the_supported_dates_complete(tmp_path, capsys):
    ends = [("1000-01-01", "[1000-02-01]"), ("8999-12-12", "[8999-02-01]")]
    for start, festivals in ends:
        code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                         "--run-id", start, "--set", f"start={start}",
                         "--set", f"calendar.spring_festival={festivals}")  # fmt: skip
        assert code == 0, err
        folder = tmp_path / "teaching-small" / start
        assert load_run(folder).summary["start"] == start
        assert main(["report", str(folder)]) == 0


# --------------------------------------------------------------------------- case 3


@pytest.mark.parametrize(
    "spec, key",
    [
        ("{dist: gamma, mean: 1, cv: 1e-200}", "cv"),
        ("{dist: lognormal, mean: 1, cv: 1e200}", "cv"),
        ("{dist: poisson, mean: 1e19}", "mean"),
        ("{dist: exponential, mean: 1e300}", "mean"),
        ("{dist: uniform, low: 0, high: 1e308}", "high"),
    ],
)
def test_distribution_parameters_that_cannot_be_drawn_are_refused(spec, key, tmp_path, capsys):
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                     "--set", f"buyers.order_teu={spec}")  # fmt: skip
    assert code == 2 and f"buyers.order_teu.{key}" in err, err


def test_empirical_weights_of_1e308_are_drawn(tmp_path, capsys):
    spec = "{dist: empirical, values: [0.5, 1], weights: [1e308, 1e308]}"
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                     "--set", f"buyers.order_teu={spec}")  # fmt: skip
    assert code == 0, err


# --------------------------------------------------------------------------- case 4


def test_a_run_before_the_lunar_calendar_that_lists_its_festival_runs_reports_and_compares(
    tmp_path, capsys
):
    before = ["--set", "start=1899-10-01", "--set", "calendar.spring_festival=[1900-01-31]"]
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path), *before)
    assert code == 0, err
    folder = tmp_path / "teaching-small" / "seed-42"
    assert main(["report", str(folder)]) == 0 and (folder / "report.html").is_file()
    code, err = _cli(capsys, "compare", str(TEACHING), str(TEACHING), "--replications", "2",
                     "--set", "days=20", "--set", "warmup_days=2", "--no-report", "--quiet",
                     "--jobs", "1", "--out", str(tmp_path), *before)  # fmt: skip
    assert code == 0, err


def test_horizon_warnings_use_the_scenarios_own_festival(tiny):
    from sim.output.report import horizon_warnings

    tiny.update(start="1850-12-01", days=30)
    tiny["calendar"] = {"spring_festival": ["1851-02-01"]}
    sc = validate_data(tiny, "test")
    warnings = horizon_warnings(sc)  # the festival (1851-02-01) is after the end: a warning
    assert any("festival" in w for w in warnings), warnings


# --------------------------------------------------------------------------- cases 5 and 6


BAD_SEEDS = ["-5", str(10**30), "9223372036854775808", "1.5", "abc"]


@pytest.mark.parametrize("seed", BAD_SEEDS)
def test_a_bad_seed_option_is_a_usage_error_in_every_command(seed, tmp_path, capsys):
    commands = [
        ["run", str(TEACHING)],
        ["run", str(TEACHING), "--replications", "2"],
        ["compare", str(TEACHING), str(TEACHING)],
        ["sweep", str(TEACHING), "--vary", "days=20,21"],
        ["plan", str(TEACHING), "--decide", "days=20,21", "--goal", "min:on_time.share"],
    ]
    for command in commands:
        code, err = _cli(capsys, *command, f"--seed={seed}", "--out", str(tmp_path))
        assert code == 2, (command, err)
        assert "seed" in err and "9223372036854775807" in err
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("seed", ["-5", str(10**30)])
def test_a_bad_seed_through_set_vary_or_a_file_is_refused(seed, tmp_path, capsys):
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                     "--set", f"seed={seed}")  # fmt: skip
    assert code == 2 and "seed" in err
    code, err = _cli(capsys, "sweep", str(TEACHING), "--vary", f"seed=1,{seed}",
                     "--out", str(tmp_path))  # fmt: skip
    assert code == 2 and "seed" in err
    path = tmp_path / "s.yaml"
    path.write_text(TEACHING.read_text().replace("seed: 42", f"seed: {seed}"))
    code, err = _cli(capsys, "validate", str(path))
    assert code == 2 and "seed" in err


def test_library_seeds_are_checked_where_the_random_streams_are_made(tiny):
    from sim.errors import ScenarioError
    from sim.experiment.runs import run_replications

    sc = validate_data(tiny, "test")
    for seed in (-5, 2**63, 10**30):
        with pytest.raises(ScenarioError, match="seed"):
            Model(sc, seed=seed).run()
        with pytest.raises(ScenarioError, match="root seed"):
            run_replications(sc, 2, root_seed=seed, out="/nonexistent")
    assert Model(sc, seed=2**63 - 1).seed == 2**63 - 1


def test_collect_refuses_a_manifest_seed_beyond_64_bits(result, tmp_path, capsys):
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["seed"] = 2**63  # 19 digits, one beyond the largest seed
    (folder / "manifest.json").write_text(json.dumps(manifest))  # not hashed: itself
    code, err = _cli(capsys, "collect", str(folder), "--out", str(tmp_path / "k.parquet"))
    assert code == 1 and "manifest.json: key 'seed'" in err


# --------------------------------------------------------------------------- cases 7 and 8


def test_a_sweep_over_a_top_level_key_writes_its_kpi_table(tmp_path, capsys):
    """A top-level key's column is ``scenario.<key>``, beside the id columns (``seed`` itself
    cannot be swept: every point runs the same seeds, ``tests/test_trial_round8.py``)."""
    from sim.experiment.collect import read_kpi_table

    code, err = _cli(capsys, "sweep", str(TEACHING), "--vary", "days=20,21", "--replications",
                     "1", "--set", "warmup_days=2", "--out", str(tmp_path),
                     "--no-report", "--quiet", "--jobs", "1")  # fmt: skip
    assert code == 0, err
    (folder,) = (tmp_path / "teaching-small").iterdir()
    table = read_kpi_table(folder / "kpis.parquet")
    assert table.column_names == ["run", "scenario", "seed", "replication", "scenario.days",
                                  "kpi", "value"]  # fmt: skip
    assert sorted(set(table.column("scenario.days").to_pylist())) == [20, 21]


def test_parameter_values_that_do_not_fit_their_column_are_text():
    from sim.experiment.collect import RunKPIs, kpi_table

    summary = {"orders": {"placed": 3}}
    runs = [
        RunKPIs("a", "s", 1, 0, summary, {"x.big": 10**30, "x.small": 1, "days": 5}),
        RunKPIs("b", "s", 2, 1, summary, {"x.big": 2, "x.small": 10**400, "days": 6}),
    ]
    table = kpi_table(runs, ["x.big", "x.small", "days"])
    assert table.column("x.big").to_pylist() == [1e30, 2.0]  # fits a float
    assert table.column("x.small").to_pylist() == ["1", str(10**400)]  # fits nothing: text
    assert table.column("scenario.days").to_pylist() == [5, 6]


def test_a_sweep_grid_beyond_the_cap_is_refused_at_once(tmp_path, capsys):
    import time

    many = ",".join(str(v) for v in range(1, 2001))
    other = ",".join(str(v) for v in range(10, 910))
    t0 = time.perf_counter()
    code, err = _cli(capsys, "sweep", str(TEACHING), "--vary", f"buyers.visits_per_day={many}",
                     "--vary", f"days={other}", "--out", str(tmp_path))  # fmt: skip
    assert time.perf_counter() - t0 < 10
    assert code == 2 and "1,800,000 points" in err and "1,000" in err
    assert not any(tmp_path.iterdir())


# --------------------------------------------------------------------------- case 9


def test_a_run_larger_than_the_memory_left_under_ulimit_is_refused_in_one_line(tmp_path):
    code, err = _subprocess("run", str(TEACHING), "--no-report", "--out", str(tmp_path),
                            "--set", "scale=10", "--set", "buyers.in_scope_share=1",
                            limit_bytes=3 << 30, timeout=60)  # fmt: skip
    assert code == 1, err
    errors = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert len(errors) == 1 and "GB of memory, but only" in errors[0], err
    assert not (tmp_path / "teaching-small").exists()


def test_a_memory_error_is_one_line(tmp_path, capsys, monkeypatch):
    import sim.experiment.single as single

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(single, "simulate_into", exhausted)
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path))
    assert code == 1 and err.startswith("error: out of memory") and len(err.splitlines()) == 1


# --------------------------------------------------------------------------- case 10


def test_only_regular_files_are_read_as_scenarios(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        code, err = _subprocess("validate", path, limit_bytes=2 << 30, timeout=30)
        assert code == 2 and "not a regular file" in err, err


def test_a_scenario_file_is_read_to_its_limit_only(tmp_path, monkeypatch):
    from sim.errors import ScenarioError
    from sim.scenario import yaml_io

    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (yaml_io.MAX_FILE_BYTES + 10))
    with pytest.raises(ScenarioError, match="larger than"):
        yaml_io.read_scenario_file(big)


# --------------------------------------------------------------------------- case 11


@pytest.mark.parametrize(
    "decide", ["seed=0...nan", "seed=0....inf", "seed=-.inf..0", "days=1..1.0e+300:1.0e-300"]
)
def test_a_non_finite_plan_range_is_a_usage_error(decide, tmp_path, capsys):
    code, err = _cli(capsys, "plan", str(TEACHING), "--decide", decide, "--goal",
                     "min:on_time.share", "--out", str(tmp_path))  # fmt: skip
    assert code == 2 and "--decide" in err, err


# --------------------------------------------------------------------------- case 12


def test_collect_refuses_a_tree_deeper_than_its_limit(tmp_path, capsys):
    deep = tmp_path / "deep"
    deep.mkdir()
    levels = [deep]
    for _ in range(1100):  # one at a time: pathlib's mkdir(parents=True) recurses
        levels.append(levels[-1] / "a")
        levels[-1].mkdir()
    try:
        code, err = _cli(capsys, "collect", str(deep), "--out", str(tmp_path / "k.parquet"))
        assert code == 1 and "nested more than" in err
    finally:  # shutil.rmtree recurses too: remove from the bottom
        for level in reversed(levels):
            level.rmdir()


def test_warmup_and_collect_end_on_a_folder_that_links_to_itself(result, tmp_path, capsys):
    write_run(_fresh(result), tmp_path / "exp" / "rep-000")
    (tmp_path / "exp" / "loop").symlink_to(tmp_path / "exp")  # a link loop: skipped
    from sim.output.warmup import run_folders

    assert run_folders(tmp_path / "exp") == [tmp_path / "exp" / "rep-000"]  # once, not 40 times
    code, err = _cli(capsys, "warmup", str(tmp_path / "exp"))
    assert code == 0, err
    code, err = _cli(capsys, "collect", str(tmp_path / "exp"), "--out", str(tmp_path / "k.csv"))
    assert code == 0, err


def _rehash(folder: Path, name: str) -> None:
    """Make an edited file of a run folder agree with its manifest again (a 'hash-consistent'
    hostile folder)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][name]["sha256"] = arrow.file_sha256(folder / name)
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "hostile, expected",
    [
        ('{"schema_version": 1, "orders": ' + "9" * 400 + "}", "more than 19 digits"),
        ("[" * 200_000 + "]" * 200_000, "summary.json: damaged"),
        ('{"a": ' * 100 + "1" + "}" * 100, "nested more than"),
    ],
)
def test_collect_refuses_hostile_summaries_naming_the_file(result, tmp_path, capsys, hostile,
                                                           expected):  # fmt: skip
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    (folder / "summary.json").write_text(hostile)
    _rehash(folder, "summary.json")
    code, err = _cli(capsys, "collect", str(folder), "--out", str(tmp_path / "k.parquet"))
    assert code == 1 and "summary.json" in err and expected in err, err


def test_collect_refuses_a_huge_manifest_without_reading_it(result, tmp_path, capsys):
    folder = tmp_path / "run"
    write_run(_fresh(result), folder)
    with (folder / "manifest.json").open("r+b") as fh:
        fh.truncate(2 << 30)  # 2 GB, sparse
    code, err = _cli(capsys, "collect", str(folder), "--out", str(tmp_path / "k.parquet"))
    assert code == 1 and "manifest.json: larger than" in err


def test_collect_refuses_an_unknown_schema_version(result, tmp_path, capsys):
    good, odd = tmp_path / "good", tmp_path / "odd"
    write_run(_fresh(result), good)
    write_run(_fresh(result), odd)
    summary = json.loads((odd / "summary.json").read_text())
    summary["schema_version"] = 999
    (odd / "summary.json").write_text(json.dumps(summary))
    _rehash(odd, "summary.json")
    code, err = _cli(capsys, "collect", str(good), str(odd), "--out", str(tmp_path / "k.parquet"))
    assert code == 1 and "schema_version 999" in err and str(odd) in err


# --------------------------------------------------------------------------- case 14


def test_a_full_disk_during_replications_leaves_no_temporary_folder(tmp_path, capsys,
                                                                     monkeypatch):  # fmt: skip
    import errno

    real = res.write_table
    calls = {"n": 0}

    def full(path, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 6:  # the second replication's tables
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(res, "write_table", full)
    code, err = _cli(capsys, "run", str(TEACHING), *SHORT, "--out", str(tmp_path),
                     "--replications", "3", "--jobs", "1", "--quiet")  # fmt: skip
    assert code == 1 and "No space left" in err
    leftovers = [p for p in tmp_path.rglob(".*") if ".tmp-" in p.name]
    assert leftovers == []


# --------------------------------------------------------------------------- case 15


@pytest.mark.parametrize(
    "argv",
    [
        ["run", str(TEACHING), "--replications", "0"],
        ["run", str(TEACHING), "--replications", "2", "--jobs", "0"],
        ["compare", str(TEACHING), str(TEACHING), "--replications", "1"],
        ["sweep", str(TEACHING), "--vary", "days=20", "--replications", "-1"],
        ["plan", str(TEACHING), "--decide", "days=20,21", "--goal", "min:on_time.share",
         "--budget", "2"],
        ["plan", str(TEACHING), "--decide", "days=20,21", "--goal", "min:on_time.share",
         "--indifference", "nan"],
        ["run", str(TEACHING), "--replications", "3", "--precision",
         "lead_time_days.overall.mean=0.1", "--max-replications", "3"],
    ],
)  # fmt: skip
def test_options_out_of_range_are_usage_errors(argv, tmp_path, capsys):
    code, err = _cli(capsys, *argv, "--out", str(tmp_path))
    assert code == 2, err
    assert not any(tmp_path.iterdir())


def test_ctrl_c_during_the_report_says_how_to_finish(tmp_path, capsys, monkeypatch):
    import sim.cli.run as run_command  # cmd_run's own name for it is what it calls

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_command, "_maybe_report", interrupted)
    code = main(["run", str(TEACHING), "--days", "20", "--set", "warmup_days=2",
                 "--out", str(tmp_path)])  # fmt: skip
    err = capsys.readouterr().err
    folder = tmp_path / "teaching-small" / "seed-42"
    assert code == 130 and f"yiwu-sim report {folder}" in err
    monkeypatch.undo()
    assert main(["report", str(folder)]) == 0  # what the message says works
