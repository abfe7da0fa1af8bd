"""A run with container pools: the summary's container balance, the daily pool columns and the
report section agree with each other and with the boxes' own records."""

import numpy as np
import pytest

from sim.model import Model
from sim.output.report import container_section
from sim.results.analysis import daily_table
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

POOL = [
    "days=60",
    "logistics.containers.pools_teu={YIW: 400, ALA: 50}",
    "logistics.containers.eastbound.enabled=true",
    "logistics.containers.eastbound.return_share=1.0",
    "logistics.repositioning.rule=return_on_eastbound",
]


@pytest.fixture(scope="module")
def run():
    return Model(load_scenario(ROOT / "scenarios" / "teaching_small.yaml", POOL)).run()


def test_the_container_balance_is_in_the_summary(run):
    c = run.summary["containers"]
    assert c["boxes_owned_teu"] == 40 + 5  # 400 and 50 TEU at scale 0.1
    assert c["orders_waited_for_box"] > 0  # 40 boxes do not carry two months of goods
    assert c["eastbound_trains"] > 0 and c["empty_teu_returned"] > 0
    assert 0 < c["eastbound_loaded_share"] < 1
    assert c["leased_teu"] == 0 and c["lease_usd"] == 0
    east = run.tables["eastbound"]
    after = east["departed_h"] >= run.scenario.warmup_days * 24.0
    assert c["empty_teu_km"] == pytest.approx(
        float((east["empty_teu"][after] * east["km"][after]).sum()), abs=0.1
    )
    # ships take the sea ports' empties back too (they carry no imports)
    by_sea = east["kind"] == "sailing"
    assert by_sea.any() and c["empty_teu_returned_by_sea"] > 0
    assert (east["import_teu"][by_sea] == 0).all()
    assert c["eastbound_trains"] == int((after & ~by_sea).sum())
    # each empty moved back costs its rate (teaching_small keeps the defaults: 600 and 232)
    rail_empties = float(east["empty_teu"][after & ~by_sea].sum())
    sea_empties = float(east["empty_teu"][after & by_sea].sum())
    assert c["repositioning_usd"] == pytest.approx(600 * rail_empties + 232 * sea_empties)
    assert c["box_cost_usd"] == pytest.approx(c["repositioning_usd"])  # nothing leased


def test_the_daily_table_tracks_each_pool(run):
    daily = daily_table(run.tables, run.scenario.days, run.scenario.start)
    c = run.summary["containers"]
    for loc, end in c["pools_end_teu"].items():
        col = daily[f"boxes_{loc}"]
        assert (col >= 0).all()
        assert col[-1] == end  # the last day ends where the run did
    assert daily["boxes_YIW"][0] <= 40
    assert daily["east_trains"].sum() == (run.tables["eastbound"]["kind"] == "train").sum()
    waited = run.tables["orders"]["box_wait_h"] > 0
    departed = ~np.isnan(run.tables["orders"]["departed_h"])
    assert daily["teu_waited_for_box"].sum() == pytest.approx(
        float(run.tables["orders"]["teu"][waited & departed].sum())
    )


def test_the_report_has_a_container_balance_section(run):
    title, head, rows = container_section(run.summary["containers"])
    assert title.startswith("Container balance")
    assert head == ["", "value"]
    labels = [r[0] for r in rows]
    assert "empty TEU-km" in labels and "boxes leased (TEU) / cost (USD)" in labels
    assert rows[-2][0] == "boxes in each pool at the end (TEU)"
    # and the other side of each border: the eastbound trains' waits, crossing by crossing
    waits = run.summary["containers"]["eastbound_border_wait_h_mean"]
    assert rows[-1][0] == "eastbound trains' mean wait at each crossing (h)"
    assert rows[-1][1].split(", ")[0].split(" ")[0] == next(iter(waits))
    assert len(rows[-1][1].split(", ")) == len(waits)
    _, _, zh = container_section(run.summary["containers"], "zh")
    assert zh[-1][0] == "东行列车在各口岸的平均等待（小时）"


def test_without_a_pool_the_run_has_no_container_outputs():
    r = Model(load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=20"])).run()
    assert "containers" not in r.summary
    assert "box_wait_h" not in r.tables["orders"]
    assert not any(c.startswith("boxes_") for c in daily_table(r.tables, 20, r.scenario.start))


def test_each_orders_wait_for_a_box_is_written_and_read_back(run, tmp_path):
    """``box_wait_h`` is a column of the written orders table in a run with pools (Parquet and
    CSV alike), and absent from a one-way run's."""
    from sim.output.results import load_run, write_run

    for fmt in ("parquet", "csv"):
        folder = write_run(run, tmp_path / fmt, fmt=fmt)
        back = load_run(folder).tables["orders"]
        assert np.allclose(back["box_wait_h"], run.tables["orders"]["box_wait_h"])
        assert (back["box_wait_h"] > 0).sum() == (run.tables["orders"]["box_wait_h"] > 0).sum()
    one_way = Model(load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=20"])).run()
    folder = write_run(one_way, tmp_path / "one-way")
    assert "box_wait_h" not in load_run(folder).tables["orders"]


def test_the_pools_text_columns_are_objects_as_every_table_s(run):
    """Text of the eastbound and pool tables follows the rule of sim.results.table."""
    for name, col in (("eastbound", "line"), ("eastbound", "kind"), ("boxes", "location")):
        values = run.tables[name][col]
        assert values.dtype == object and values.size > 0, (name, col)
        assert all(type(x) is str for x in values.tolist()), (name, col)
    assert "YIW" in set(run.tables["boxes"]["location"].tolist())


def test_the_eastbound_crossings_table_is_every_eastbound_train_served(run):
    """``east_crossings`` (in memory) holds each eastbound train served at a crossing, in the
    order served, and the summary's mean eastbound waits are its own."""
    east = run.tables["east_crossings"]
    assert set(east) == {"service", "border", "arrive_h", "start_h", "end_h", "wait_h"}
    assert (east["start_h"] >= east["arrive_h"]).all() and (east["end_h"] >= east["start_h"]).all()
    assert np.allclose(east["wait_h"], east["start_h"] - east["arrive_h"])
    assert (np.diff(east["end_h"]) >= 0).all()  # in the order they were served
    assert set(east["service"].tolist()) <= {0, 1}  # Yiwu's services, background trains
    assert (east["service"] == 1).any()
    waits = run.summary["containers"]["eastbound_border_wait_h_mean"]
    after = east["arrive_h"] >= run.scenario.warmup_days * 24.0
    for node, mean in waits.items():
        m = after & (east["border"] == node)
        assert mean == pytest.approx(float(east["wait_h"][m].mean()), abs=1e-4)
    assert waits  # the teaching world's lines cross borders eastbound too


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_balances_quantities_are_written_to_a_tenth_and_a_zero_as_0(run, lang):
    """The Spring Festival run's balance read "mean days an order waited for a box 0.000" and
    "TEU-days waited for a box 0.000" beside "import TEU / empty TEU returned 3,836.0 /
    1,644.0": three decimals for a zero. Its TEU, days and TEU-days are to a tenth, an exact
    zero "0" (as an exact count of 0 ± 0 is), one that would read 0.0 "< 0.1"."""
    import re

    c = {**run.summary["containers"], "teu_days_waited_for_box": 0.0, "import_teu": 3836.0}
    c |= {"box_wait_days_mean": 0.0, "empty_teu_returned": 0.02, "empty_teu_returned_by_sea": 8.26}
    rows = dict(container_section(c, lang)[2])
    from sim.output.glossary import term

    said = [rows[term(f"box:{k}", lang)] for k in ("wait_days", "teu_days")]
    assert said == ["0", "0"], rows
    assert "3,836.0 / < 0.1" in rows.values() and "8.3" in rows.values(), rows
    real = dict(container_section(run.summary["containers"], lang)[2])
    assert not any(re.search(r"\d\.\d\d\d\b", v) for v in real.values()), real
