"""The planner's answers hold when recomputed from the run's saved orders table.

The last safe order date is recomputed here with pandas from ``orders.csv`` alone (not with the
package's code): on the stated day the orders placed that day (pooled forward to 10 orders when
the day has fewer) arrive by the deadline in at least the target share of cases, and on the
day after they do not.
"""

import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.model import Model
from sim.output.results import write_run
from sim.results.planning_answers import (
    conservative_day,
    last_safe_orders,
    late_orders,
    pooled_shares,
    safe_order_share,
)
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def default_run(tmp_path_factory):
    sc = load_scenario(ROOT / "scenarios" / "spring_festival_2026.yaml")
    result = Model(sc).run()
    folder = write_run(result, tmp_path_factory.mktemp("plan") / "run", fmt="csv")
    return result, folder


def _pooled_share(orders, day: int, min_orders: int = 10) -> tuple[float, int]:
    """In-time share of the orders placed on ``day`` and, while fewer than ``min_orders``, on
    the following days (recomputed independently)."""
    taken = orders[orders["day"] == day]
    d = day
    last = int(orders["day"].max())
    while len(taken) < min_orders and d < last:
        d += 1
        taken = pd.concat([taken, orders[orders["day"] == d]])
    return float(taken["in_time"].mean()), len(taken)


def test_last_safe_date_holds_on_the_day_and_fails_the_day_after(default_run):
    result, folder = default_run
    sc = result.scenario
    target = safe_order_share(sc)
    orders = pd.read_csv(folder / "orders.csv")
    orders = orders[
        (orders["placed_h"] >= sc.warmup_days * 24)
        & orders["deadline_h"].notna()
        & (orders["deadline_h"] <= sc.days * 24)
    ].copy()
    orders["day"] = (orders["placed_h"] // 24).astype(int)
    orders["in_time"] = orders["delivered_h"].fillna(np.inf) <= orders["deadline_h"]
    stated = result.summary["on_time"]["last_safe_order"]
    festival = stated["festival_goods"]
    assert festival["deadline_date"] == "2026-02-17"
    checked = 0
    for cat, spec in stated.items():
        for line, dests in spec["lines"].items():
            for dest, claim in dests.items():
                g = orders[(orders["category"] == cat) & (orders["line"] == line)]
                if dest != "all":
                    g = g[g["destination"] == dest]
                if claim["day"] is None:
                    share, _ = _pooled_share(g, int(g["day"].min()))
                    assert share < target, (cat, line, dest)
                    continue
                day = claim["day"]
                assert claim["date"] == (sc.start + timedelta(days=day)).isoformat()
                share, n = _pooled_share(g, day)
                if share < target and g["day"].min() <= day:
                    # too few early orders to pool: every order placed from the first day up to
                    # the stated one meets the target (the "no safe day" only when true rule)
                    early = g[g["day"] <= day]
                    assert early["in_time"].mean() >= target - 1e-9, (cat, line, dest)
                    assert len(early) == claim["orders"] and len(early) < 10
                    checked += 1
                    continue
                assert share >= target - 1e-9, (cat, line, dest, share)
                assert share == pytest.approx(claim["share"], abs=1e-4)
                assert n == claim["orders"]
                if day < int(g["day"].max()):
                    after, _ = _pooled_share(g, day + 1)
                    assert after < target, (cat, line, dest, after)
                checked += 1
    assert checked >= 30


def test_almaty_by_rail_is_safe_into_late_january_not_february(default_run):
    # the README's sentence: rail to Almaty makes the festival with orders placed up to the
    # end of January; the sea routes need orders by early January
    result, _ = default_run
    lines = result.summary["on_time"]["last_safe_order"]["festival_goods"]["lines"]
    almaty = date.fromisoformat(lines["L12"]["ALA"]["date"])
    assert date(2026, 1, 20) <= almaty <= date(2026, 2, 5)
    for sea in ("S01", "S02"):
        assert date.fromisoformat(lines[sea]["all"]["date"]) <= date(2026, 1, 15)


def test_pooling_looks_forward_only():
    # a cliff: every order of days 0-9 in time, none from day 10; one order a day
    day = np.arange(20)
    ok = day < 10
    share, _, _ = pooled_shares(day, ok, 0, 19, min_orders=1)
    assert list(share[:10]) == [1.0] * 10 and not share[10:].any()
    # with pooling to 3 orders, day 8 pools days 8-10 (2/3): a trailing window would have said
    # day 9 or later
    share, _, end = pooled_shares(day, ok, 0, 19, min_orders=3)
    assert share[7] == 1.0 and share[8] == pytest.approx(2 / 3) and end[8] == 10


def test_last_safe_date_of_a_synthetic_cliff():
    n = 40
    placed = np.repeat(np.arange(20), 2) * 24.0 + 10
    deadline = np.full(n, 30 * 24.0)
    delivered = np.where(placed < 12 * 24, 29 * 24.0, np.nan)
    orders = {
        "placed_h": placed,
        "deadline_h": deadline,
        "delivered_h": delivered,
        "category": np.array(["festival_goods"] * n),
        "line": np.array(["L12"] * n),
        "destination": np.array(["ALA"] * n),
        "teu": np.ones(n),
    }
    rows = last_safe_orders(orders, from_h=0, end_h=40 * 24.0, start=date(2026, 1, 1), min_orders=2)
    assert len(rows) == 1
    r = rows[0]
    assert r["day"] == 11 and r["date"] == "2026-01-12" and r["next_day_share"] == 0.0
    late = late_orders(orders, from_h=0, end_h=40 * 24.0, start=date(2026, 1, 1))
    assert sum(x["late"] for x in late) == 16
    assert {x["week_start"] for x in late} == {"2026-01-08", "2026-01-15"}


def _season_days(seeds: list[int], tmp_path: Path) -> dict[tuple[str, str, str], list[Any]]:
    from sim.experiment.runs import Task, execute
    from sim.scenario import apply_overrides, read_scenario_file
    from sim.world.inputs import validate_data

    root = Path(__file__).resolve().parents[2]
    data = apply_overrides(
        read_scenario_file(root / "scenarios" / "teaching_small.yaml"),
        ["start=2025-11-01", "days=110", "logistics.mode_choice.rail_share=1"],
    )
    sc = validate_data(data, "teaching_small")
    tasks = [Task(sc, s, tmp_path / f"rep-{s}", "csv", True) for s in seeds]
    summaries, _ = execute(tasks, jobs=1)
    out: dict[tuple[str, str, str], list[Any]] = {}
    for s in summaries:
        for cat, v in s["on_time"]["last_safe_order"].items():
            for line, dests in v["lines"].items():
                for dest, claim in dests.items():
                    out.setdefault((cat, line, dest), []).append(claim["day"])
    return out


def test_conservative_date_holds_on_fresh_seasons(tmp_path: Path) -> None:
    """The conservative date from 10 seasons holds (the day is safe: at or before that season's
    own last safe day) in at least 95 % of 30 fresh seasons, less a binomial allowance."""
    seen = _season_days(list(range(1000, 1010)), tmp_path / "seen")
    fresh = _season_days(list(range(2000, 2030)), tmp_path / "fresh")
    held = total = 0
    for key, days in seen.items():
        claim = conservative_day(days, 0.95)
        if claim["day"] is None:
            continue
        assert claim["day"] <= min(d for d in days if d is not None)  # at most the worst seen
        for d in fresh.get(key, [None] * 30):
            total += 1
            held += d is not None and d >= claim["day"]
    assert total >= 30
    # 95 % less two binomial standard errors of the pooled count
    assert held / total >= 0.95 - 2 * math.sqrt(0.05 * 0.95 / total), (held, total)


def test_conservative_date_needs_enough_seasons_with_a_safe_day() -> None:
    assert conservative_day([40, 41, 42, None, None], 0.95)["day"] is None
    assert conservative_day([40], 0.95)["day"] is None
    steady = conservative_day([40] * 10, 0.95)
    assert steady["day"] == 40 and steady["seasons"] == 10
    spread = conservative_day([30, 35, 40, 45, 50], 0.95)
    assert spread["day"] is not None and spread["day"] < 30


def test_no_safe_day_only_when_even_the_earliest_orders_miss() -> None:
    from sim.results.planning_answers import _last_safe

    # the Riga case: three early orders all in time, then a pool that reaches late misses
    day = np.array([0, 3, 5] + [20] * 10)
    ok = np.array([True, True, True] + [False] * 10)
    res = _last_safe(day, ok, 30, 0.9, 10)
    assert res is not None and res["day"] == 5 and res["few_orders"] and res["orders"] == 3
    # the earliest order misses: then it is true that there is no safe day
    res = _last_safe(day, np.zeros(day.size, dtype=bool), 30, 0.9, 10)
    assert res is not None and res["day"] is None


def test_the_rows_are_worked_out_once_per_table_and_each_caller_gets_its_own(default_run):
    """The summary and the results folder ask the same of a run's orders table: the answer is
    kept with the table while its columns stay, and is the one a plain dict table gets."""
    result, _ = default_run
    orders, sc = result.tables["orders"], result.scenario
    kw = {"from_h": sc.warmup_days * 24.0, "end_h": sc.days * 24.0, "start": sc.start}
    first = last_safe_orders(orders, **kw)
    second = last_safe_orders(orders, **kw)
    assert first == second == last_safe_orders(dict(orders), **kw)  # dict(): no memory
    assert first and first is not second and first[0] is not second[0]
    second[0]["day"] = -1  # a caller changing its rows changes no one else's
    assert last_safe_orders(orders, **kw) == first
    assert last_safe_orders(orders, **kw, target=0.5) != first  # another question


def test_late_orders_released_after_the_end_are_undelivered_at_the_end():
    """An order that arrived but is released to the buyer after the run's last hour is not
    delivered by the end (``summary.json``'s ``at_end``): it counted as delivered here."""
    orders = {
        "placed_h": np.array([10.0, 20.0, 30.0]),
        "deadline_h": np.array([100.0, 100.0, 100.0]),
        "delivered_h": np.array([150.0, 250.0, np.nan]),  # late; released after the end; none
        "teu": np.ones(3),
        "category": np.array(["festival_goods"] * 3, dtype=object),
        "line": np.array(["L01"] * 3, dtype=object),
        "destination": np.array(["DUI"] * 3, dtype=object),
    }
    rows = late_orders(orders, from_h=0.0, end_h=200.0, start=date(2025, 11, 1))
    assert [(r["late"], r["undelivered_at_end"]) for r in rows] == [(3, 2)]


def test_each_last_safe_date_says_what_its_share_is_of():
    """``basis``: the day's own orders, pooled with the days after, the orders since the first
    day together (``*``) or a day among the last order days with fewer than a pool (``†``)."""
    from sim.results.planning_answers import safe_basis

    assert safe_basis({"day": 3, "orders": 12, "pooled_to_day": 3}) == "that_day"
    assert safe_basis({"day": 3, "orders": 10, "pooled_to_day": 5}) == "pooled_with_later_days"
    assert safe_basis({"day": 3, "orders": 4, "few_orders": True}) == "since_first_order_day"
    assert safe_basis({"day": 3, "orders": 1, "pooled_to_day": 3}) == "last_order_days"
    assert safe_basis({"day": None, "orders": 0}) == ""


def test_the_csv_of_last_safe_dates_has_each_rows_basis(default_run):
    _, folder = default_run
    safe = pd.read_csv(folder / "last_safe_order.csv")
    assert {"basis", "pooled_to_day"} <= set(safe.columns)
    dated = safe[safe["date"].notna()]
    assert set(dated["basis"]) <= {
        "that_day", "pooled_with_later_days", "since_first_order_day", "last_order_days"
    }  # fmt: skip
    pooled = dated[dated["basis"] == "pooled_with_later_days"]
    assert (pooled["pooled_to_day"] > pooled["day"]).all()


def test_a_run_over_two_festivals_dates_each_and_summarises_the_first():
    """Two Spring Festivals in a run: the CSV has both seasons' dates; ``summary.json`` the
    first's under its deadline (the later season overwrote its lines under the first date)."""
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=520", "scale=0.3"])
    result = Model(sc).run()
    safe = last_safe_orders(
        result.tables["orders"], from_h=sc.warmup_days * 24.0, end_h=sc.days * 24.0,
        start=sc.start, target=0.9, categories=["festival_goods"],
    )  # fmt: skip
    assert len({r["deadline_date"] for r in safe}) == 2
    festival = result.summary["on_time"]["last_safe_order"]["festival_goods"]
    deadline = date.fromisoformat(festival["deadline_date"])
    for dests in festival["lines"].values():
        for v in dests.values():
            if v["date"]:
                assert date.fromisoformat(v["date"]) + timedelta(v["days_before_deadline"]) == (
                    deadline
                )


def test_a_deadline_days_after_each_order_has_no_last_safe_date_however_few_orders():
    """Whether a category's deadline is a date comes from the scenario, not from how many
    distinct deadlines its orders have: one order 30 days after its placing got a 'last safe
    order date', and four festivals in a run (more than 3 deadlines) got none."""
    sc = load_scenario(
        ROOT / "scenarios" / "teaching_small.yaml",
        ["market.categories.0.deadline={kind: days_after_order, days: 30}", "scale=0.0004"],
    )
    for seed in range(1, 6):
        summary = Model(sc, seed=seed).run().summary
        assert "festival_goods" not in summary["on_time"].get("last_safe_order", {})
