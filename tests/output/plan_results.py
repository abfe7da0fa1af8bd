"""A small ``plan.json`` for the tests of the plan's page: one decision (Liege's departures in
the festival window, ×1, ×1.5 or ×2), a goal on the festival goods' on-time share and the
fewest rail departures. Today's timetable misses the goal, ×1.5 is the recommendation, ×2 meets
it at more departures; :func:`festival_plan` without a recommendation names ×2 the closest."""

from __future__ import annotations

import copy
from typing import Any

SHARE = "on_time.by_category.festival_goods.share"
WINDOW = "2025-12-01 - 2026-01-31"


def _words(factor: float, extra: int) -> list[dict[str, Any]]:
    return [
        {
            "path": "disruptions.3.trains_factor",
            "value": factor,
            "target": "Liege (L04)",
            "what": "departures",
            "window": WINDOW,
            "per_week": 0.5 * factor,
            "extra": extra,
            "changed": factor != 1.0,
        }
    ]


def _kpi(mean: float, half: float, n: int) -> dict[str, Any]:
    return {"n": n, "mean": mean, "ci_low": mean - half, "ci_high": mean + half}


def _candidate(
    cid: str,
    factor: float,
    extra: int,
    role: str,
    share: float,
    departures: float,
    meets: bool | None,
) -> dict[str, Any]:
    kpis = {"rail_departures": _kpi(departures, 0.0, 7), SHARE: _kpi(share, 0.004, 7)}
    return {
        "id": cid,
        "decision": {"disruptions.3.trains_factor": factor},
        "words": _words(factor, extra),
        "overrides": [f"disruptions.3.trains_factor={factor}"],
        "role": role,
        "search_runs": 2,
        "selection_runs": 5,
        "search_kpis": {"rail_departures": _kpi(departures, 0.0, 2), SHARE: _kpi(share, 0.01, 2)},
        "kpis": kpis,
        "all_runs": {
            "objective_mean": departures,
            "meets_goal": meets,
            "constraints": [
                {
                    "kpi": SHARE,
                    "mean": share,
                    "runs": 7,
                    "bound": share - 0.003,
                    "verdict": meets,
                    "more_runs": None,
                }
            ],
        },
    }


def festival_plan(recommended: bool = True) -> dict[str, Any]:
    """The plan's result as ``plan.json`` has it; without a recommendation, ×1.5 was not run
    and ×2 is the closest decision, 4 more runs from settled."""
    today = _candidate("a", 1.0, 0, "contender", 0.880, 663.0, False)
    rec = _candidate("b", 1.5, 2, "recommended", 0.912, 665.0, True)
    more = _candidate("c", 2.0, 4, "contender", 0.925, 667.0, True)
    points = {
        c["id"]: {
            "x": c["search_kpis"]["rail_departures"]["mean"],
            "y": c["search_kpis"][SHARE]["mean"],
            "decision": c["decision"],
            "words": c["words"],
        }
        for c in (today, rec, more)
    }
    state = {
        "replications": 5,
        "infeasible": {"a": {"constraint": SHARE, "after": 3}},
        "eliminated": {},
    }
    result: dict[str, Any] = {
        "scenario": "plan-festival-2026",
        "source": "scenarios/plan_festival_2026.yaml",
        "sets": ["logistics.mode_choice.rule=live"],  # the plan's own --set
        "decisions": [{"path": "disruptions.3.trains_factor", "values": [1.0, 1.5, 2.0]}],
        "constraints": [{"kpi": SHARE, "sense": ">=", "bound": 0.9, "tolerance": 0.004}],
        "objectives": [{"kpi": "rail_departures", "sense": "min"}],
        "budget": 24,
        "runs": 21,
        "runs_computed": 21,
        "wall_s": 9.5,
        "search": {"method": "grid", "replications": 2, "candidates": 3},
        "selection": {
            "probability_correct_selection": 0.95,
            "first_stage": 3,
            "indifference_zone": 0.5,
            "indifference_unit": "rail_departures",
            "rounds": [{"contenders": ["a", "b", "c"], "state": state}],
            "guaranteed": True,
            "state": state,
        },
        "recommended": {
            "id": "b",
            "decision": rec["decision"],
            "words": rec["words"],
            "overrides": rec["overrides"],
            "feasible": True,
            "basis": "selection",
            "scenario_file": "recommended.yaml",
        },
        "closest": None,
        "candidates": [today, rec, more],
        "tradeoff": {
            "x": "rail_departures",
            "y": SHARE,
            "goal_y": 0.9,
            "points": points,
            "pareto": ["a", "b", "c"],
        },
    }
    if not recommended:
        result = copy.deepcopy(result)
        result["recommended"] = None
        result["candidates"] = [today, more]
        del result["tradeoff"]["points"]["b"]
        result["tradeoff"]["pareto"] = ["a", "c"]
        more["role"] = "contender"
        more["all_runs"]["meets_goal"] = None
        more["all_runs"]["constraints"][0].update(verdict=None, more_runs=4)
        result["closest"] = {
            "id": "c",
            "runs": 7,
            "meets_goal": None,
            "more_runs": 4,
            "constraints": more["all_runs"]["constraints"],
        }
    return result
