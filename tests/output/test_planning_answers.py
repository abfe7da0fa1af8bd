"""The planner's answers hold when recomputed from the run's saved orders table.

The last safe order date is recomputed here with pandas from ``orders.csv`` alone (not with the
package's code): on the stated day the orders placed that day (pooled forward to 10 orders when
the day has fewer) arrive by the deadline in at least the target share of cases, and on the
day after they do not.
"""

from datetime import date, timedelta

import numpy as np
import pytest

from sim.model import Model
from sim.output.planning_answers import (
    last_safe_orders,
    late_orders,
    pooled_shares,
    safe_order_share,
)
from sim.output.results import write_run
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
