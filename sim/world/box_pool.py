"""A pool of boxes at Yiwu that runs out within the run: a warning before it.

With a fixed pool of containers and nothing that brings boxes back to Yiwu, the goods ordered
use the pool up and no goods leave Yiwu again; :func:`box_pool_warnings` says when, before the
run, which still goes ahead.
"""

from __future__ import annotations

from sim.problems import Problem, problem
from sim.scenario import Scenario
from sim.world.demand import expected_teu_per_day


def box_pool_warnings(sc: Scenario) -> list[Problem]:
    """A warning for a pool of boxes at Yiwu that no box comes back to and that the goods
    ordered empty within the run (``warn_boxes_run_out``): with ``logistics.containers.pools_teu``
    set, no eastbound services and repositioning ``none``, every box that leaves Yiwu stays
    where its goods go (docs/both-ways.md), so once the pool (less a withdrawal) is used up no
    goods leave Yiwu again. The run is valid and goes ahead; the warning says how long the pool
    lasts at the TEU ordered on average (:func:`sim.world.demand.expected_teu_per_day`), so
    that a planner who meant a pool that refills hears it before reading "0 delivered".
    Eastbound services, a repositioning rule that brings boxes (empties, leases, a policy of
    one's own) or a pool that outlasts the run: nothing said."""
    c = sc.logistics.containers
    if c.pools_teu is None or c.eastbound.enabled or sc.logistics.repositioning.rule != "none":
        return []
    full = c.pools_teu.get("YIW", 0)
    pool = round(full * sc.scale)  # as the pools are made: at full scale, times the scale
    if c.withdraw_on is not None:
        pool = max(0, pool - round(c.withdraw_teu * sc.scale))
    per_day = sum(expected_teu_per_day(sc).values())
    if per_day <= 0 or pool / per_day >= sc.days:
        return []
    return [
        problem("warn_boxes_run_out", at="logistics.containers.pools_teu.YIW", pool=pool,
                full=full, teu_week=f"{7 * per_day:,.0f}", days=f"{pool / per_day:,.0f}",
                run_days=sc.days)
    ]  # fmt: skip
