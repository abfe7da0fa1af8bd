"""How much the explorer's example of the policies that answer back moves with the dispatch
policy's estimated limits (E values).

The teaching scenario with demand-driven dispatch, live prices and carriers' sailings against the
scenario as loaded, paired on the same 3 seeds as the explorer uses: the extra trains added and
the change in the mean rail lead time, at the scenario's limits and with each limit moved::

    python scripts/dispatch_assumptions.py
"""

from __future__ import annotations

import numpy as np

from sim.model import Model
from sim.world.inputs import load_scenario
from sim.world.random_streams import replication_seeds

TEACHING = "scenarios/teaching_small.yaml"
POLICIES = ["logistics.dispatch.rule=demand", "logistics.pricing.rule=live",
            "logistics.sailings.rule=carriers"]  # fmt: skip
MOVES = {
    "the scenario's limits": [],
    "add_when_backlog_trains 0.5 (1)": ["logistics.dispatch.add_when_backlog_trains=0.5"],
    "add_when_backlog_trains 2 (1)": ["logistics.dispatch.add_when_backlog_trains=2"],
    "lead_h 48 (72)": ["logistics.dispatch.lead_h=48"],
    "lead_h 168 (72)": ["logistics.dispatch.lead_h=168"],
    "max_extra_per_week 0": ["logistics.dispatch.max_extra_per_week=0"],
}


def rail_lead_and_extras(overrides: list[str], seed: int) -> tuple[float, int]:
    """Mean rail lead time (days) and extra trains added of one run."""
    s = Model(load_scenario(TEACHING, overrides), seed=seed).run().summary
    return s["lead_time_days"]["by_mode"]["rail"]["mean"], s.get("dispatch", {}).get(
        "trains_added", 0
    )


def main() -> None:
    seeds = replication_seeds(42, 3)
    base = [rail_lead_and_extras([], seed)[0] for seed in seeds]
    print(f"{'dispatch limits (scenario value)':34} {'extra trains':>12} {'rail lead time':>15}")
    for label, moved in MOVES.items():
        runs = [rail_lead_and_extras(POLICIES + moved, seed) for seed in seeds]
        change = np.mean([lead - b for (lead, _), b in zip(runs, base, strict=True)])
        extra = np.mean([n for _, n in runs])
        print(f"{label:34} {extra:>12.1f} {change:>+13.2f} d")


if __name__ == "__main__":
    main()
