"""The Red Sea hindcast: the sea delay reaches the sailings it should, the figures are the
paired changes of the runs' own tables, and the direction verdict reads the interval."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


rs = _script("hindcast_red_sea")


@pytest.fixture(scope="module")
def pair():
    from sim.model import Model
    from sim.world.inputs import load_scenario

    # the first 90 days (to the end of January) are enough to see the diversion
    closed = load_scenario(rs.SCENARIO, ["days=92"])
    open_ = load_scenario(rs.SCENARIO, ["days=92", "disruptions=[]"])
    a, b = Model(closed, seed=11).run().tables, Model(open_, seed=11).run().tables
    return closed, a, b


def test_the_scenario_is_the_sea_delay_on_both_sea_legs_only():
    from sim.world.inputs import load_scenario

    sc = load_scenario(rs.SCENARIO)
    assert {(d.target, d.id) for d in sc.disruptions} == {("edge", "NGB-RTM"), ("edge", "NGB-HAM")}
    for d in sc.disruptions:
        assert 240 <= d.extra_h <= 336  # S: +10-14 days round the Cape
        assert d.start.isoformat() == "2023-12-15"


def test_sailings_after_the_diversion_take_twelve_days_longer(pair):
    sc, a, b = pair
    fig = rs.figures(a, b, sc)
    assert fig["sea_days"] == pytest.approx(12.0, abs=0.8)
    # recomputed from the departures: sailings before the diversion are untouched
    ann = (sc.disruptions[0].start - sc.start).days * 24
    da, db = a["departures"], b["departures"]
    before_a = (da["kind"] == "sailing") & (da["departed_h"] < ann)
    before_b = (db["kind"] == "sailing") & (db["departed_h"] < ann)
    run_a = np.nanmean(da["arrived_h"][before_a] - da["departed_h"][before_a])
    run_b = np.nanmean(db["arrived_h"][before_b] - db["departed_h"][before_b])
    assert run_a == pytest.approx(run_b, rel=0.05)
    jan = [(np.datetime64("2024-01-01") - np.datetime64(sc.start.isoformat())).astype(int) * 24]
    lo, hi = jan[0], jan[0] + 31 * 24
    m_a = (da["kind"] == "train") & (da["departed_h"] >= lo) & (da["departed_h"] < hi)
    m_b = (db["kind"] == "train") & (db["departed_h"] >= lo) & (db["departed_h"] < hi)
    expected = 100 * (da["teu"][m_a].sum() / db["teu"][m_b].sum() - 1)
    assert fig["rail_teu_jan"] == pytest.approx(expected, abs=1e-6)


def test_the_direction_verdict_reads_the_interval():
    assert rs.direction([5.0, 6.0, 7.0], +1) == "up: reproduced"
    assert rs.direction([-5.0, -6.0, -7.0], +1) == "down: opposite"
    assert rs.direction([-1.0, 1.0, 0.5], +1).startswith("no change")
    assert rs.direction([-5.0, -6.0, -7.0], 0) == "down"


def test_the_text_reads_goods_moved_to_rail_from_the_bookings_not_january_alone():
    # bookings moved to rail while January's departures did not move beyond noise (the
    # thirteenth session's table): the text must not say that no goods moved
    values = {k: [0.0, 0.1, -0.1] for k in rs.FIGURES}
    values["rail_bookings_4w"] = [10.0, 11.0, 12.0]
    values["sea_share"] = [-1.4, -1.5, -1.6]
    text = rs.render(values, 3)
    assert "moves no goods" not in text
    assert "response to the announced sea delay" in text
    assert "does not move beyond noise" in text
    # no bookings moved: then it says so
    values["rail_bookings_4w"] = [-0.5, 0.5, 0.1]
    assert "moves no goods" in rs.render(values, 3)


def test_the_goods_left_after_january_and_the_lines_room_are_read_from_the_tables(pair):
    sc, a, b = pair
    fig = rs.figures(a, b, sc)
    ann = (sc.disruptions[0].start - sc.start).days * 24.0
    feb = (np.datetime64("2024-02-01") - np.datetime64(sc.start.isoformat())).astype(int) * 24.0
    jan = feb - 31 * 24.0

    def later(t):
        o = t["orders"]
        m = (o["placed_h"] >= ann) & (o["placed_h"] < ann + 28 * 24) & (o["mode"] == "rail")
        gone_by_feb = m & (o["departed_h"] < feb)
        return 100.0 * (1.0 - o["teu"][gone_by_feb].sum() / o["teu"][m].sum())

    assert fig["rail_4w_after_jan"] == pytest.approx(later(a) - later(b), abs=1e-9)
    # the lines: those of rail orders to a destination that also has a sea route
    both = set(sc.logistics.sea.serves) - {"RTM", "HAM"}
    lines = set()
    for t in (a, b):
        o = t["orders"]
        for dest, mode, line in zip(o["destination"], o["mode"], o["line"], strict=True):
            if mode == "rail" and dest in both:
                lines.add(line)
    assert lines  # the scenario has such destinations (Duisburg, Madrid, ...)
    d = b["departures"]
    m = (d["kind"] == "train") & (d["departed_h"] >= jan) & (d["departed_h"] < feb)
    m &= np.array([x in lines for x in d["line"]])
    load = 100.0 * d["teu"][m].sum() / d["capacity_teu"][m].sum()
    assert fig["both_lines_load_jan_without"] == pytest.approx(load, abs=1e-9)
    assert 0.0 < load <= 100.0


def test_the_text_says_whether_the_lines_had_room_and_the_goods_left_later():
    values = {k: [0.0, 0.1, -0.1] for k in (*rs.FIGURES, *rs.LEVELS)}
    values["rail_bookings_4w"] = [10.0, 11.0, 12.0]
    values["both_lines_load_jan_without"] = [99.0, 99.5, 98.5]
    values["both_lines_load_jan_with"] = [99.0, 99.0, 99.0]
    values["rail_4w_after_jan"] = [7.0, 8.0, 6.0]
    text = rs.render(values, 3)
    assert "January's trains left 99 % full without the diversion and 99 % with it" in text
    assert "7.0 points more of the rail goods booked in the four weeks left after January" in text
    # no rise in the goods left later: the levels alone, no claim that goods waited
    values["rail_4w_after_jan"] = [-0.5, 0.5, 0.0]
    text = rs.render(values, 3)
    assert "99 % with it (means of the replications)." in text
    assert "waited for later trains" not in text
    # a table without the levels (the figures alone) says nothing of them
    assert "full without the diversion" not in rs.render({k: values[k] for k in rs.FIGURES}, 3)


def test_the_sensitivity_varies_the_demand_and_the_both_way_lines_trains_by_a_quarter():
    from sim.world.inputs import load_scenario, resolve

    sc = load_scenario(rs.SCENARIO)
    lines = rs.both_way_lines(sc)
    # the destinations with a sea route too are reached by rail on the Western lines
    assert set(lines) >= {"L01", "L02"} and all(rate > 0 for rate in lines.values())
    variations = rs.sensitivity_variations(sc)
    assert [v[1] for v in variations] == ["x0.75", "x1.25", "x0.75", "x1.25"]
    for _, varied, overrides in variations:
        factor = float(varied[1:])
        varied_sc = resolve(load_scenario(rs.SCENARIO, overrides))
        if overrides[0].startswith("buyers."):
            assert varied_sc.buyers.in_scope_share == pytest.approx(
                sc.buyers.in_scope_share * factor
            )
        else:
            for lid, rate in lines.items():
                got = varied_sc.logistics.lines[lid].weekly_rate()
                assert got == pytest.approx(rate * factor)


def test_the_sensitivity_table_heads_with_the_shipped_seeds_and_reads_each_row():
    shipped = {k: [0.0, 0.2, 9.0, 9.0] for k in rs.FIGURES}
    shipped["both_lines_load_jan_without"] = [99.0, 98.0, 10.0, 10.0]
    rows = [{"assumption": "trains a week of L01 (E)", "varied": "x1.25",
             "values": {"rail_teu_jan": [1.0, 3.0], "both_lines_load_jan_without": [80.0, 90.0],
                        "rail_4w_after_jan": [2.0, 2.0]}}]  # fmt: skip
    text = rs.render_sensitivity(rows, 2, shipped)
    body = [line for line in text.splitlines() if line.startswith("| ")][1:]
    # the shipped row uses the first two replications only (the rows' seeds)
    assert body[0].startswith("| as shipped |  | +0.1 ± ")
    assert "| 98 % |" in body[0]
    assert body[1].startswith("| trains a week of L01 (E) | x1.25 | +2.0 ± ")
    assert "| 85 % | +2.0 ± 0.0 |" in body[1]
    assert "2 paired replications" in text
