"""The closure hindcast's figures, recomputed independently from the runs' Parquet files.

``scripts/hindcast.py`` computes its figures with ``scripts/closure_figures.py`` (numpy on the
tables); here the same figures are recomputed with pandas straight from the ``trains``,
``borders`` and ``orders`` Parquet files of a pair of runs (with and without the closure, same
seed), by a different method (a per-hour count of every crossing row, a merge of departures on
line and rank), and must agree.
"""

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name):
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


hc = _script("hindcast")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One pair of runs written as results folders, and the script's figures from them."""
    from sim.world.inputs import load_scenario
    from sim.world.random_streams import replication_seeds

    keep = tmp_path_factory.mktemp("hindcast")
    closed = load_scenario(hc.SCENARIO)
    open_ = load_scenario(hc.SCENARIO, ["disruptions=[]"])
    seed = replication_seeds(closed.seed, 1)[0]
    ta, tb = hc.paired(closed, open_, seed, keep)
    c = hc.closure_of(closed)
    return {
        "closed": keep / f"closed-{seed}",
        "open": keep / f"open-{seed}",
        "c": c,
        "figures": hc.cf.figures(ta, tb, c),
        "crossings": hc.cf.crossing_table(ta, c),
        "east": ta["east_crossings"],  # (in memory only: no results folder keeps it)
    }


def _present(borders: pd.DataFrame, names, grid):
    """Trains at ``names`` at each hour of ``grid``: every row counted where arrive <= t < end."""
    b = borders[borders["border"].isin(names)]
    arrive, end = b["arrive_h"].to_numpy(), b["end_h"].to_numpy()
    return np.array([int(((arrive <= t) & (end > t)).sum()) for t in grid])


def _queue(borders, names, c):
    b = borders[borders["border"].isin(names)]
    grid = np.arange(c.normal_from_h, max(b["end_h"].max(), c.reopen_h + 1.0), 1.0)
    n = _present(borders, names, grid)
    normal = n[grid < c.start_h].max()
    after = grid >= c.start_h
    peak = grid[after][np.argmax(n[after])]
    back = np.flatnonzero((grid >= max(c.reopen_h, peak)) & (n <= normal))
    clear = (grid[back[0]] - c.reopen_h) / 24 if back.size else None
    return int(n[after].max()), clear


def _delays(closed, open_, borders, c):
    """End-to-end delay of every Yiwu train caught (held at BRE/MAL while closed, or detoured),
    pairing the k-th departure of each line in the two runs."""

    def ranked(t):
        t = t[t["kind"] == "train"].sort_values(["line", "departed_h"], kind="stable").copy()
        t["k"] = t.groupby("line").cumcount()
        return t

    both = ranked(closed).merge(ranked(open_), on=["line", "k"], suffixes=("", "_open"))
    both = both.dropna(subset=["arrived_h", "arrived_h_open"])
    b = borders[borders["border"].isin(["BRE", "MAL"]) & (borders["departure_id"] >= 0)]
    held = set(b[(b["arrive_h"] < c.reopen_h) & (b["end_h"] > c.start_h)]["departure_id"])
    caught = both[both["departure_id"].isin(held) | (both["rerouted"] == 1)]
    return ((caught["arrived_h"] - caught["arrived_h_open"]) / 24).to_numpy()


def test_the_figures_agree_with_a_recomputation_from_the_parquet_files(runs):
    c, fig = runs["c"], runs["figures"]
    trains = pd.read_parquet(runs["closed"] / "trains.parquet")
    trains_open = pd.read_parquet(runs["open"] / "trains.parquet")
    borders = pd.read_parquet(runs["closed"] / "borders.parquet")
    orders = pd.read_parquet(runs["closed"] / "orders.parquet")
    orders_open = pd.read_parquet(runs["open"] / "orders.parquet")
    for col in ("border", "line", "kind", "mode", "destination"):
        for df in (trains, trains_open, borders, orders, orders_open):
            if col in df:
                df[col] = df[col].astype(str)

    held, clear = _queue(borders, ["BRE", "MAL"], c)
    assert fig["held_max"] == held
    assert fig["days_to_clear"] == pytest.approx(clear)
    detour_held, detour_clear = _queue(borders, ["KEN", "MCK"], c)
    assert fig["detour_held_max"] == detour_held
    assert (fig["detour_days_to_clear"] is None) == (detour_clear is None)
    if detour_clear is not None:
        assert fig["detour_days_to_clear"] == pytest.approx(detour_clear)

    into = borders[(borders["border"] == "MAL") & (borders["end_h"] >= c.reopen_h)
                   & (borders["end_h"] < c.reopen_h + 96)]  # fmt: skip
    assert fig["cleared_per_day"] == pytest.approx(len(into) / 4)

    delays = _delays(trains, trains_open, borders, c)
    assert delays.size > 0  # the closure catches trains: the check is not vacuous
    assert fig["caught_trains"] == delays.size
    assert fig["caught_delay_days_mean"] == pytest.approx(delays.mean(), rel=1e-6)
    assert fig["caught_delay_days_max"] == pytest.approx(delays.max(), rel=1e-6)
    assert fig["detoured_trains"] == int(
        trains[(trains["kind"] == "train") & (trains["rerouted"] == 1)]["departure_id"].nunique()
    )

    def sea(o):
        w = o[(o["placed_h"] >= c.announced_h) & (o["placed_h"] < c.reopen_h)
              & o["destination"].isin(c.both)]  # fmt: skip
        return w.loc[w["mode"] == "sea", "teu"].sum() / w["teu"].sum()

    assert fig["sea_share_change"] == pytest.approx(100 * (sea(orders) - sea(orders_open)),
                                                    abs=1e-4)  # fmt: skip
    rolled = (orders.loc[orders["rerouted"] == 1, "teu"].sum()
              - orders_open.loc[orders_open["rerouted"] == 1, "teu"].sum())  # fmt: skip
    assert fig["rolled_to_sea_teu"] == pytest.approx(rolled / c.scale, rel=1e-4, abs=1e-3)


def test_the_eastbound_figures_agree_with_a_recomputation(runs):
    """The closure held trains on the Polish side too: the eastbound queue at Malaszewicze and
    Brest and the trains cleared out of Poland after reopening, recomputed with pandas from the
    run's eastbound crossings."""
    c, fig = runs["c"], runs["figures"]
    east = pd.DataFrame(runs["east"]).assign(border=lambda d: d["border"].astype(str))
    held, clear = _queue(east, ["BRE", "MAL"], c)
    assert fig["east_held_max"] == held
    assert (fig["east_days_to_clear"] is None) == (clear is None)
    if clear is not None:
        assert fig["east_days_to_clear"] == pytest.approx(clear)
    out = east[(east["border"] == "MAL") & (east["end_h"] >= c.reopen_h)
               & (east["end_h"] < c.reopen_h + 96)]  # fmt: skip
    assert fig["east_cleared_per_day"] == pytest.approx(len(out) / 4)
    normal = hc.cf.crossing_queue(runs["east"], hc.cf.CLOSED, c)["normal"]
    assert held > normal + 20  # eastbound trains piled up on the Polish side
    # eastbound trains went round by Mockava and Kena too (avoid_closed), and queued there
    went = east[(east["border"] == "MCK") & (east["arrive_h"] >= c.announced_h)
                & (east["arrive_h"] < c.reopen_h)]  # fmt: skip
    assert fig["east_detoured_trains"] == len(went) > 0
    detour_held, _ = _queue(east, ["KEN", "MCK"], c)
    assert fig["east_detour_held_max"] == detour_held
    # a run without eastbound services has no eastbound figures (not zeros)
    assert set(hc.cf.eastbound({}, c).values()) == {None}


def test_every_crossing_is_reported_with_the_detour(runs):
    borders = pd.read_parquet(runs["closed"] / "borders.parquet")
    names = set(borders["border"].astype(str))
    table = runs["crossings"]
    assert names | {"BRE+MAL"} == set(table)
    assert {"KEN", "MCK"} <= names  # the detour's crossings are in the run and in the table
    for name in ("KEN", "BRE", "MAL"):
        held, _ = _queue(borders.assign(border=borders["border"].astype(str)), [name], runs["c"])
        assert table[name]["held_max"] == held
    # the closure queues trains at the detour well above its normal level
    assert table["KEN"]["held_max"] > table["KEN"]["normal"] + 5


def test_no_assumption_is_set_from_the_figures_it_is_judged_against():
    """The surge after reopening is the sourced one (same staff: x1.0, no days), not a value
    that makes the backlog clear in the published 7-10 days; every published band the
    hindcast compares with names its source."""
    from sim.world.inputs import load_scenario

    sc = load_scenario(hc.SCENARIO)
    for d in sc.disruptions:
        assert d.id in {"BRE", "MAL"}
        assert (d.surge_factor or 1.0) == 1.0 or d.surge_days == 0
    for pub in hc.PUBLISHED.values():
        if pub.band is not None:
            assert pub.source.startswith("S"), pub


def test_the_verdict_flags_a_figure_a_variation_moves_out_of_its_band():
    def rows(*means):
        return [{"assumption": f"a{i}", "varied": "v", "values": {
            k: [m, m + 0.1] for k in hc.SENSITIVE}} for i, m in enumerate(means)]  # fmt: skip

    v = hc.verdicts(rows(8.0, 8.5, 9.0))["days_to_clear"]
    assert v["inside"] and v["out"] == [] and len(v["effects"]) == 2
    v = hc.verdicts(rows(8.0, 12.0))["days_to_clear"]
    assert v["inside"] and v["out"] == ["a1 v (12.1)"]
    v = hc.verdicts(rows(4.0, 8.0))["days_to_clear"]
    assert not v["inside"] and v["into"] == ["a1 v (8.1)"] and math.isclose(v["high"], 8.05)


def test_a_change_within_noise_is_not_an_effect():
    base = {k: [8.0, 9.0, 7.0] for k in hc.SENSITIVE}
    noisy = {k: [9.0, 8.0, 7.5] for k in hc.SENSITIVE}  # paired changes +1, -1, +0.5
    v = hc.verdicts([{"assumption": "x", "varied": "", "values": base},
                     {"assumption": "y", "varied": "v", "values": noisy}])  # fmt: skip
    assert v["days_to_clear"]["effects"] == []


def test_the_closure_page_shows_every_crossing_and_every_published_figure(runs):
    text = (ROOT / "docs" / "closure-2025.md").read_text(encoding="utf-8")
    generated = text.split("<!-- hindcast:begin -->")[1].split("<!-- hindcast:end -->")[0]
    for name in runs["crossings"]:
        assert f"| {name} |" in generated, name
    for pub in hc.PUBLISHED.values():
        assert f"| {pub.label} | {pub.text} |" in generated, pub.label
    assert "none published" in generated


def test_bad_arguments_end_in_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        hc.main(["--replications", "1"])
    assert exc.value.code == 2
    assert "at least 2" in capsys.readouterr().err
