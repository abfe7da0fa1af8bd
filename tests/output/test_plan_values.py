"""How the plan's page writes a KPI's value (:mod:`sim.output.plan_values`): shares in %, CO2e
in tonnes, intervals within what a share can be, and the runs a value is over."""

from __future__ import annotations

from sim.output.plan_values import FRONT_PLACES, _ci, _goal_kpis, _kpis, _num, front_places
from tests.output.plan_results import SHARE, festival_plan


def test_a_share_is_a_percentage_and_beside_its_name_it_drops_the_unit() -> None:
    """A KPI's name says "%" already ("festival goods on time, %: 90.43"): the value beside it
    does not say it again."""
    assert _num(0.9043, SHARE) == "90.43 %"
    assert _num(0.9043, SHARE, unit=False) == "90.43"
    assert _num(None) == "-" and _num(True) == "True"


def test_counts_and_quantities_are_rounded_to_what_a_planner_reads() -> None:
    assert _num(663.0, "rail_departures") == "663"
    assert _num(38_860_000, "emissions_cost.co2e_kg_total") == "38,860"  # kg shown in tonnes
    assert _num(12.345, "lead_time_days.overall.mean") == "12.3"


def test_a_shares_interval_stays_within_what_a_share_can_be() -> None:
    """A Student-t interval of three runs near 100 % reached 100.16 %."""
    d = {"n": 3, "mean": 0.98, "ci_low": 0.6408, "ci_high": 1.0016}
    assert _ci(d, SHARE) == "98.00 [64.08, 100.00] %"
    assert _ci({**d, "ci_low": 0.95, "ci_high": 0.99}, SHARE, unit=False) == "98.00 [95.00, 99.00]"


def test_an_interval_over_fewer_runs_than_the_decision_had_says_how_many() -> None:
    d = {"n": 3, "mean": 0.98, "ci_low": 0.6408, "ci_high": 1.0016}
    assert _ci(d, SHARE, 5).endswith("% (n 3/5)")
    assert _ci(None, SHARE, 5) == "- (n 0/5)"  # no run had a value
    fixed = {"n": 7, "mean": 665.0, "ci_low": 665.0, "ci_high": 665.0}  # no spread: no interval
    assert _ci(fixed, "rail_departures", 7) == "665"


def test_a_decision_is_shown_over_all_its_runs_once_the_selection_ran_it() -> None:
    plan = festival_plan()
    rec = next(c for c in plan["candidates"] if c["role"] == "recommended")
    assert _kpis(rec) == (rec["kpis"], 7)
    search_only = {**rec, "kpis": None, "selection_runs": 0}
    assert _kpis(search_only) == (rec["search_kpis"], 2)


def test_the_goals_kpis_are_the_objectives_then_the_constraints_each_once() -> None:
    plan = festival_plan()
    assert _goal_kpis(plan) == ["rail_departures", SHARE]
    twice = {**plan, "objectives": [*plan["objectives"], {"kpi": SHARE, "sense": "max"}]}
    assert _goal_kpis(twice) == ["rail_departures", SHARE]


def test_the_fronts_columns_get_the_decimals_that_keep_its_rows_apart() -> None:
    """A kept decision must not look dominated: where one column shows two different means
    alike and the other does not, that column gets as many decimals as tell them apart."""
    kpis = ("rail_departures", SHARE)
    assert front_places([(673.0, 0.9230), (675.0, 0.9231)], kpis) == (None, None)
    assert front_places([(672.6, 0.9230), (673.4, 0.9231)], kpis) == (1, None)
    # a share alike at two decimals beside different departures: three decimals of a per cent
    assert front_places([(673.0, 0.923041), (675.0, 0.923049)], kpis) == (None, 3)
    assert _num(0.923041, SHARE, False, 3) == "92.304" and _num(1234.56, "x", places=1) == "1,234.6"
    # exact ties (one decision's runs under two names) look alike, as they are
    assert front_places([(88.0, 0.7462), (88.0, 0.7462)], kpis) == (None, None)
    # means a float's last bit apart cannot be told apart: no more than FRONT_PLACES
    assert front_places([(673.0, 0.9), (675.0, 0.9 + 1e-15)], kpis) == (None, FRONT_PLACES)
