"""The experiments' statistics recomputed from the files they write, with code of the test's own
(numpy and scipy, not the project's helpers): replication intervals, seeds, the precision rule,
paired differences and their stars, sweeps against separate runs, constant KPIs, KPIs some
replications have no data for, and ``collect`` over folders whose names repeat."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from scipy import stats

from sim.experiment.collect import collect
from sim.experiment.precision import Precision
from sim.experiment.runs import compare, parse_vary, run_replications, sweep
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

TEACHING = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["days=40"]
META = {"schema_version", "seed", "days", "scale", "statistics_from_day"}


def _flat(d: dict, prefix: str = "") -> dict[str, float | None]:
    """The numeric leaves of a summary (the test's own reading of the documented rule)."""
    out: dict[str, float | None] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        elif isinstance(v, bool):
            continue
        elif (isinstance(v, int | float) or v is None) and (prefix or k not in META):
            out[f"{prefix}{k}"] = v
    # a share beside its counts is their ratio, unrounded (the backordered orders' share)
    if d.get("backordered_share") is not None and d.get("placed_after_warmup"):
        out[f"{prefix}backordered_share"] = d["backordered_after_warmup"] / d["placed_after_warmup"]
    return out


def _summaries(folder: Path) -> list[dict]:
    return [json.loads((r / "summary.json").read_text()) for r in sorted(folder.glob("rep-*"))]


def _t_interval(x: np.ndarray) -> tuple[float, float]:
    """Mean and 95 % Student-t half-width."""
    return float(x.mean()), float(stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / x.size**0.5)


def _close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-9)


def _kpis(folder: Path):
    return pq.read_table(folder / "kpis.parquet").to_pandas()


def test_replication_intervals_seeds_and_table_recomputed(tmp_path):
    rs = run_replications(load_scenario(TEACHING, SHORT), 4, out=tmp_path)
    agg = json.loads((rs.folder / "aggregate.json").read_text())
    # seeds: spawned from the scenario's seed, the i-th child's first 32-bit word, distinct
    children = np.random.SeedSequence(42).spawn(4)
    seeds = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    assert agg["seeds"] == seeds and len(set(seeds)) == 4
    sums = _summaries(rs.folder)
    assert [s["seed"] for s in sums] == seeds
    flats = [_flat(s) for s in sums]
    table = _kpis(rs.folder)
    checked = 0
    for kpi, row in agg["kpis"].items():
        v = np.array([f[kpi] for f in flats if f.get(kpi) is not None], dtype=float)
        assert row["n"] == v.size, kpi
        col = table[table.kpi == kpi].sort_values("replication")["value"].dropna().to_numpy()
        assert np.array_equal(col, v), kpi  # kpis.parquet holds each replication's value
        if v.size >= 2:
            mean, half = _t_interval(v)
            assert _close(row["mean"], mean) and _close(row["half_width"], half), kpi
            assert _close(row["ci_low"], mean - half) and _close(row["ci_high"], mean + half)
            checked += 1
    assert checked > 50


def test_two_replications_use_t_with_one_degree_of_freedom(tmp_path):
    rs = run_replications(load_scenario(TEACHING, SHORT), 2, out=tmp_path)
    v = np.array([_flat(s)["lead_time_days.overall.mean"] for s in _summaries(rs.folder)])
    row = rs.aggregate["lead_time_days.overall.mean"]
    assert _close(row["half_width"], 12.7062047 * v.std(ddof=1) / math.sqrt(2))


def test_a_constant_kpi_has_no_spread(tmp_path):
    # a fixed timetable gives the same departures per week (a fraction such as 2/1.1) in every
    # replication: its interval is that value exactly, not a rounding error wide
    rs = run_replications(load_scenario(TEACHING, SHORT), 3, out=tmp_path)
    flats = [_flat(s) for s in _summaries(rs.folder)]
    constant = [
        k
        for k in flats[0]
        if flats[0][k] is not None and all(f.get(k) == flats[0][k] for f in flats)
    ]
    assert "lines.L01.departures_per_week" in constant
    for k in constant:
        row = rs.aggregate[k]
        assert row["sd"] == 0.0 and row["half_width"] == 0.0, (k, row)
        assert row["ci_low"] == row["mean"] == row["ci_high"], (k, row)


def test_a_count_a_replication_has_none_of_is_zero_not_missing(tmp_path):
    # 44 days: the sea route's first deliveries fall just inside the run in some replications
    # only; a replication with none delivered has 0 of them, not "no data"
    sc = load_scenario(TEACHING, ["days=44"])
    rs = run_replications(sc, 6, out=tmp_path)
    counts, means = [], []
    for rep in sorted(rs.folder.glob("rep-*")):
        o = pq.read_table(rep / "orders.parquet").to_pandas()
        sea = o[(o["mode"] == "sea") & (o.placed_h >= 7 * 24) & (o.delivered_h <= 44 * 24)]
        counts.append(len(sea))
        if len(sea):
            means.append(((sea.delivered_h - sea.placed_h) / 24).mean())
    assert 0 in counts and max(counts) > 0  # the case this test is about
    row = rs.aggregate["lead_time_days.by_mode.sea.n"]
    assert row["n"] == 6 and _close(row["mean"], float(np.mean(counts)))
    # a mean has no value without deliveries: n says how many replications had one
    lead = rs.aggregate["lead_time_days.by_mode.sea.mean"]
    assert lead["n"] == len(means) < 6 and _close(lead["mean"], float(np.mean(means)))
    # kpis.parquet: a row for every run and KPI, null where a run has no data
    table = _kpis(rs.folder)
    assert len(table) == 6 * table.kpi.nunique()
    sea = table[table.kpi == "lead_time_days.by_mode.sea.mean"]
    assert len(sea) == 6 and sea["value"].isna().sum() == 6 - len(means)
    assert table[table.kpi == "lead_time_days.by_mode.sea.n"]["value"].tolist() == counts


def test_compare_pairs_seeds_differences_and_stars(tmp_path):
    a = load_scenario(TEACHING, SHORT)
    b = load_scenario(TEACHING, [*SHORT, "logistics.lines.L01.trains_per_week=3"])
    comp = compare([a, b], 4, out=tmp_path)
    data = json.loads((comp.folder / "comparison.json").read_text())
    base_dir, other_dir = (comp.folder / f"{k}-teaching-small" for k in (0, 1))
    seeds = [
        [json.loads((r / "manifest.json").read_text())["seed"] for r in sorted(d.glob("rep-*"))]
        for d in (base_dir, other_dir)
    ]
    assert seeds[0] == seeds[1] == data["seeds"]  # the same seed per replication index
    fb = [_flat(s) for s in _summaries(base_dir)]
    fo = [_flat(s) for s in _summaries(other_dir)]
    diffs = data["paired_differences"]["1-teaching-small"]
    stars = 0
    for kpi, d in diffs.items():
        pairs = [(b[kpi], o[kpi]) for b, o in zip(fb, fo)
                 if b.get(kpi) is not None and o.get(kpi) is not None]  # fmt: skip
        if len(pairs) < 2:
            continue
        x = np.array([o - b for b, o in pairs])
        mean, half = _t_interval(x)
        assert d["n"] == len(pairs) and _close(d["mean"], mean) and _close(d["half_width"], half)
        assert d["distinguishable"] == (mean - half > 0 or mean + half < 0), kpi
        stars += d["distinguishable"]
    assert stars > 0  # a third train a week on L01 moves something


def test_a_scenario_compared_with_itself_differs_by_exactly_zero(tmp_path):
    sc = load_scenario(TEACHING, SHORT)
    comp = compare([sc, sc], 2, out=tmp_path)
    for d in comp.differences["1-teaching-small"].values():
        if d["n"]:
            assert (d["mean"], d["sd"], d["half_width"], d["distinguishable"]) == (0, 0, 0, False)
            assert d["unpaired_half_width"] is not None


def test_sweep_points_equal_separate_runs_with_the_same_seeds(tmp_path):
    base = read_scenario_file(TEACHING)
    base.update(days=40)
    key = "logistics.lines.L01.trains_per_week"
    sw = sweep(base, parse_vary([f"{key}=1,3"]), 2, out=tmp_path / "sweep")
    table = _kpis(sw.folder)
    csv = __import__("pandas").read_csv(sw.folder / "sweep.csv")
    for value in (1, 3):
        alone = run_replications(load_scenario(TEACHING, [*SHORT, f"{key}={value}"]), 2,
                                 out=tmp_path / f"alone{value}")  # fmt: skip
        mine = table[table[key] == value].set_index(["seed", "kpi"])["value"].sort_index()
        theirs = _kpis(alone.folder).set_index(["seed", "kpi"])["value"].sort_index()
        assert mine.index.equals(theirs.index)
        assert np.array_equal(mine.to_numpy(), theirs.to_numpy(), equal_nan=True)
        # sweep.csv is the interval of kpis.parquet's values
        for kpi, group in table[table[key] == value].groupby("kpi", observed=True):
            row = csv[(csv[key] == value) & (csv.kpi == kpi)].iloc[0]
            v = group["value"].dropna().to_numpy()
            assert row["n"] == v.size
            if v.size == 2:
                mean, half = _t_interval(v)
                assert _close(row["mean"], mean) and _close(row["half_width"], half), kpi


def test_the_precision_rule_recomputed_from_the_replications(tmp_path):
    kpi = "lead_time_days.overall.mean"
    p = Precision({kpi: 0.05}, min_replications=3, max_replications=30)
    rs = run_replications(load_scenario(TEACHING, ["days=30"]), None, out=tmp_path, precision=p)
    info = json.loads((rs.folder / "aggregate.json").read_text())["precision"]
    v = _kpis(rs.folder).query("kpi == @kpi").sort_values("replication")["value"].to_numpy()

    def rel(n: int) -> float:
        mean, half = _t_interval(v[:n])
        return half / abs(mean)

    holds = [n for n in range(3, len(v) + 1) if rel(n) <= 0.05]
    needed = next(n for n in range(3, len(v) - 4) if all(m in holds for m in range(n, n + 6)))
    assert info["reached"] and info["replications_needed"] == needed
    assert info["replications_run"] == len(v) == needed + 5
    assert _close(info["relative_half_width"][kpi], rel(len(v)))


def test_collect_keeps_runs_of_two_folders_of_the_same_name_apart(tmp_path):
    # two experiments of different lengths, both in a folder called replications-42
    a = run_replications(load_scenario(TEACHING, ["days=20"]), 2, out=tmp_path / "a",
                         summaries_only=True)  # fmt: skip
    b = run_replications(load_scenario(TEACHING, ["days=25"]), 2, out=tmp_path / "b",
                         summaries_only=True)  # fmt: skip
    assert a.folder.name == b.folder.name
    got = collect([a.folder, b.folder])
    assert len(got.runs) == 4 and not got.duplicates
    table = got.table.to_pandas()
    assert table["run"].nunique() == 4  # one label per run folder
    assert table.groupby("run")["scenario.days"].nunique().max() == 1


def test_collect_counts_a_renamed_copy_of_a_scenario_once(tmp_path):
    # the same settings under another name run with the same seeds give the same numbers
    copy = tmp_path / "copy.yaml"
    shutil.copy(TEACHING, copy)
    text = copy.read_text().replace("name: teaching-small", "name: teaching-copy", 1)
    copy.write_text(text)
    a = run_replications(load_scenario(TEACHING, ["days=20"]), 2, out=tmp_path,
                         summaries_only=True)  # fmt: skip
    b = run_replications(load_scenario(copy, ["days=20"]), 2, out=tmp_path, summaries_only=True)
    va = _kpis(a.folder).set_index(["seed", "kpi"])["value"]
    vb = _kpis(b.folder).set_index(["seed", "kpi"])["value"]
    assert np.array_equal(va.to_numpy(), vb.to_numpy(), equal_nan=True)
    got = collect([a.folder, b.folder])
    assert len(got.runs) == 2 and len(got.duplicates) == 2


@pytest.mark.parametrize("executor", ["serial", "pool", "dask"])
def test_the_same_command_gives_the_same_values_and_tables(tmp_path, executor):
    sc = load_scenario(TEACHING, ["days=20"])
    first = run_replications(sc, 2, out=tmp_path / "first", jobs=1)
    if executor == "dask":
        distributed = pytest.importorskip("dask.distributed")
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster:
            again = run_replications(sc, 2, out=tmp_path / "again",
                                     scheduler=cluster.scheduler_address)  # fmt: skip
    else:
        again = run_replications(sc, 2, out=tmp_path / "again", jobs=2 if executor == "pool" else 1)
    assert _kpis(first.folder).equals(_kpis(again.folder))
    for rep in ("rep-000", "rep-001"):
        files = [
            {f["path"] if isinstance(f, dict) and "path" in f else str(f): f
             for f in _manifest_files(s.folder / rep)}
            for s in (first, again)
        ]  # fmt: skip
        assert files[0] == files[1]


def _manifest_files(folder: Path) -> list:
    files = json.loads((folder / "manifest.json").read_text())["files"]
    return [{"path": k, **v} for k, v in files.items()] if isinstance(files, dict) else files


def test_precision_on_a_kpi_some_replications_lack(tmp_path):
    # 44 days: the first two replications deliver nothing by sea, the third does; the KPI is
    # still the sea route's (it used to be refused when the first replication lacked it)
    kpi = "lead_time_days.by_mode.sea.mean"
    p = Precision({kpi: 0.05}, min_replications=3, max_replications=8)
    rs = run_replications(load_scenario(TEACHING, ["days=44"]), None, out=tmp_path, precision=p)
    info = rs.precision
    assert info is not None and info["replications_run"] == len(rs.seeds)
    values = _kpis(rs.folder).query("kpi == @kpi")["value"].dropna().to_numpy()
    assert rs.aggregate[kpi]["n"] == values.size < len(rs.seeds)
    if values.size >= 2:
        mean, half = _t_interval(values)
        assert _close(info["relative_half_width"][kpi], half / mean)


def test_a_replication_is_the_single_run_of_its_seed(tmp_path):
    from sim.experiment.single import run_and_write

    sc = load_scenario(TEACHING, ["days=20"])
    rs = run_replications(sc, 2, out=tmp_path / "set")
    run_and_write(sc, rs.seeds[1], tmp_path / "single")
    for name in ("orders.parquet", "trains.parquet", "daily.parquet", "summary.json"):
        rep = (rs.folder / "rep-001" / name).read_bytes()
        assert (tmp_path / "single" / name).read_bytes() == rep, name
