"""One tidy KPI table across runs: written by every experiment, gathered by ``collect`` from
folders of run, compare and sweep, each checked against its manifest."""

import json
import subprocess
import sys

import numpy as np
import pytest

from sim.cli import main
from sim.errors import ResultsError
from sim.experiment.collect import collect, read_kpi_table
from sim.experiment.runs import compare, parse_vary, run_replications, sweep, sweep_folder_name
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["days=20", "warmup_days=2"]
SWEPT = "logistics.lines.L01.trains_per_week"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A single run (command line), a comparison and a sweep, two replications each."""
    out = tmp_path_factory.mktemp("results")
    code = main(["run", str(TEACHING), "--days", "20", "--set", "warmup_days=2", "--out",
                 str(out), "--no-report", "--run-id", "single"])  # fmt: skip
    assert code == 0
    single = out / "teaching-small" / "single"
    a = load_scenario(TEACHING, SHORT)
    b = load_scenario(TEACHING, [*SHORT, f"{SWEPT}=3"])
    comp = compare([a, b], 2, out=out, fmt="csv", summaries_only=True)
    base = read_scenario_file(TEACHING)
    base.update(days=20, warmup_days=2)
    sw = sweep(base, parse_vary([f"{SWEPT}=0.5,1"]), 2, out=out)
    return single, comp, sw


def test_every_experiment_writes_one_row_per_run_and_kpi(folders):
    _, comp, sw = folders
    table = read_kpi_table(sw.folder / "kpis.parquet").to_pandas()
    assert list(table.columns) == ["run", "scenario", "seed", "replication", SWEPT, "kpi", "value"]
    assert table["run"].nunique() == 4 and sorted(table[SWEPT].unique()) == [0.5, 1.0]
    assert sorted(table["seed"].unique()) == sorted(sw.sets[0].seeds)
    # the mean over the replications is aggregate.json's mean
    lead = table[(table.kpi == "lead_time_days.overall.mean") & (table[SWEPT] == 0.5)]
    want = sw.sets[0].aggregate["lead_time_days.overall.mean"]["mean"]
    assert lead["value"].mean() == pytest.approx(want, rel=1e-5)
    # a comparison with --format csv: the same table as CSV, labelled by scenario
    csv = read_kpi_table(comp.folder / "kpis.csv").to_pandas()
    assert set(csv["scenario"]) == set(comp.labels) and csv["run"].nunique() == 4


def test_collect_gathers_run_compare_and_sweep_folders(folders, tmp_path, capsys):
    single, comp, sw = folders
    out = tmp_path / "all.parquet"
    code = main(["collect", str(single), str(comp.folder), str(sw.folder), "--out", str(out)])
    assert code == 0
    assert "9 runs checked against their manifests" in capsys.readouterr().out
    table = read_kpi_table(out).to_pandas()
    assert table["run"].nunique() == 9
    # the swept line frequency differs between the runs: a column of its own
    assert SWEPT in table.columns
    per_run = table.groupby("run")[SWEPT].first()
    assert sorted(set(per_run)) == [0.5, 1.0, 2.0, 3.0]
    assert set(table["scenario"]) == {"teaching-small"}
    # the collected values are the experiments' own
    own = read_kpi_table(sw.folder / "kpis.parquet").to_pandas()
    mine = table[table.run.str.startswith(sw.folder.name)]
    assert np.allclose(np.sort(mine["value"].dropna()), np.sort(own["value"].dropna()))
    # and as CSV
    code = main(["collect", str(sw.folder), "--out", str(tmp_path / "sweep.csv")])
    again = read_kpi_table(tmp_path / "sweep.csv").to_pandas()
    assert code == 0 and len(again) == len(own)


def test_collect_names_a_run_folder_that_was_edited(folders, tmp_path):
    _, comp, _ = folders
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(comp.folder, copy)
    summary = copy / "1-teaching-small" / "rep-001" / "summary.json"
    data = json.loads(summary.read_text())
    data["orders"]["placed"] += 1
    summary.write_text(json.dumps(data))
    with pytest.raises(ResultsError, match=r"rep-001/summary\.json: its content differs"):
        collect([copy])
    assert main(["collect", str(copy), "--out", str(tmp_path / "x.parquet")]) == 1
    (tmp_path / "empty").mkdir()
    with pytest.raises(ResultsError, match="holds no run folder"):
        collect([tmp_path / "empty"])


def test_a_run_named_twice_is_collected_once(folders):
    _, _, sw = folders
    got = collect([sw.folder, sw.folder / "p000" / "rep-000"])
    assert len(got.runs) == 4


def test_a_sweep_folder_says_what_varies():
    name = sweep_folder_name({SWEPT: [0.5, 1, 2], "buyers.visits_per_day": [100]}, 42)
    assert name.startswith("sweep-L01.trains_per_week=0.5,1,2_buyers.visits_per_day=100-")
    assert name.endswith("-42")
    long = sweep_folder_name({SWEPT: list(range(200))}, 7)
    assert len(long) < 130 and long != sweep_folder_name({SWEPT: list(range(201))}, 7)
    assert "/" not in sweep_folder_name({"a.b": ["x/../y"]}, 1)


def test_replications_to_a_table_and_summaries_only(tmp_path):
    sc = load_scenario(TEACHING, SHORT)
    rs = run_replications(sc, 2, out=tmp_path, summaries_only=True)
    assert sorted(p.name for p in (rs.folder / "rep-000").iterdir()) == [
        "daily.parquet", "manifest.json", "scenario.yaml", "summary.json"
    ]  # fmt: skip
    table = read_kpi_table(rs.folder / "kpis.parquet")
    assert table.column_names == ["run", "scenario", "seed", "replication", "kpi", "value"]
    # asking for the tables later runs the replications again, with their tables
    full = run_replications(sc, 2, out=tmp_path)
    assert full.computed == 2 and (rs.folder / "rep-000" / "orders.parquet").is_file()


def test_collect_counts_a_repeated_scenario_and_seed_once(tmp_path, capsys):
    sc = load_scenario(TEACHING, SHORT)
    a = run_replications(sc, 2, out=tmp_path / "a", summaries_only=True)
    b = run_replications(sc, 3, out=tmp_path / "b", summaries_only=True)  # seeds 1-2 again
    got = collect([a.folder, b.folder])
    assert len(got.runs) == 3  # 5 folders, 3 distinct seeds
    # both experiments are in a folder called replications-42: their parents tell them apart
    assert sorted(got.duplicates) == [
        (f"b/teaching-small/{b.folder.name}/rep-000", f"a/teaching-small/{a.folder.name}/rep-000"),
        (f"b/teaching-small/{b.folder.name}/rep-001", f"a/teaching-small/{a.folder.name}/rep-001"),
    ]
    assert len({r.seed for r in got.runs}) == 3
    kept = collect([a.folder, b.folder], keep_duplicates=True)
    assert len(kept.runs) == 5 and len(kept.duplicates) == 2
    out = tmp_path / "k.csv"
    assert main(["collect", str(a.folder), str(b.folder), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: 2 runs repeat the scenario and seed of another run, counted once" in err
    assert main(["collect", str(a.folder), str(b.folder), "--out", str(out),
                 "--keep-duplicates"]) == 0  # fmt: skip
    assert "kept: --keep-duplicates" in capsys.readouterr().err
    # the command, in a process of its own, says it once (not once more as a log record)
    done = subprocess.run(
        [sys.executable, "-m", "sim", "collect", str(a.folder), str(b.folder), "--out",
         str(out)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert done.stderr.count("repeat the scenario and seed") == 1, done.stderr


def test_folders_of_the_same_name_are_told_apart_by_their_parents(tmp_path):
    from sim.experiment.collect import folder_names

    a = tmp_path / "a" / "teaching-small" / "replications-42"
    b = tmp_path / "b" / "teaching-small" / "replications-42"
    c = tmp_path / "c" / "compare-x-42"
    assert folder_names([a, b, c, a]) == [
        "a/teaching-small/replications-42",
        "b/teaching-small/replications-42",
        "compare-x-42",
        "a/teaching-small/replications-42",
    ]
    assert folder_names([a, a.parent]) == ["replications-42", "teaching-small"]


def test_a_renamed_scenario_is_the_same_settings():
    from sim.experiment.collect import _settings_hash

    a = {"name": "base", "description": "x", "seed": 1, "days": 20, "logistics": {"L01": 2}}
    renamed = {**a, "name": "copy", "description": "another text", "seed": 9}
    assert _settings_hash(a) == _settings_hash(renamed)
    assert _settings_hash(a) != _settings_hash({**a, "logistics": {"L01": 3}})


def test_a_translated_scenario_is_the_same_settings_and_no_parameter():
    """A copy of a scenario that gains a Chinese description or lists the deadlines its
    warnings leave aside simulates the same numbers: the same run, not a replication, and
    neither key is a parameter column of a collected table."""
    from sim.experiment.collect import _settings_hash, varied

    a = {"name": "base", "description": "x", "seed": 1, "days": 20, "reporting": {"s": 0.9}}
    told = {**a, "description_zh": "一", "reporting": {"s": 0.9, "deadlines_not_judged": "[]"}}
    assert _settings_hash(a) == _settings_hash(told)
    flat = [{"description_zh": None, "days": 20}, {"description_zh": "一", "days": 20}]
    assert varied(flat) == {}
    aside = [{"reporting.deadlines_not_judged": None}, {"reporting.deadlines_not_judged": "[]"}]
    assert varied(aside) == {}
