"""sim.experiment.selection: the ranking-and-selection procedure of a plan, its Pareto front
and the evidence on a constraint."""

from __future__ import annotations

import numpy as np

from sim.experiment.selection import Constraint, Procedure, evidence, pareto_front, run_rounds


def test_selection_confidence_is_honoured_over_repeated_seeds() -> None:
    """The least favourable configuration: the best feasible system better than the others by
    exactly the indifference zone, one system infeasible by exactly the tolerance and cheaper
    than all. Over 400 macro-replications the correct selection rate is at least 0.95."""
    delta, eps, n0, k = 1.0, 0.05, 10, 4
    con = Constraint("share", ">=", 0.7, eps)
    proc = Procedure(0.95, n0, delta, (con,), k)
    means = {"cheap_infeasible": -1.0, "best": 0.0, "b": delta, "c": delta}
    shares = {"cheap_infeasible": 0.7 - eps, "best": 0.7 + eps, "b": 0.75, "c": 0.75}
    rng = np.random.default_rng(20)
    correct = 0
    reps = 400
    for _ in range(reps):
        common = rng.normal(0, 1.5, 400)  # common random numbers: a shared part
        obj = {i: m + common + rng.normal(0, 1.5, 400) for i, m in means.items()}
        kp = {i: {"share": s + rng.normal(0, 0.08, 400)} for i, s in shares.items()}
        st = run_rounds(proc, list(means), obj, kp)
        assert st.done
        correct += st.selected == "best"
    assert correct / reps >= 0.95


def test_pareto_front() -> None:
    pts = {"a": (1.0, 3.0), "b": (2.0, 2.0), "c": (2.5, 2.5), "d": (3.0, 1.0)}
    assert pareto_front(pts) == ["a", "b", "d"]


def test_evidence_verdicts_and_runs_to_settle() -> None:
    con = Constraint("s", ">=", 0.92, 0.004)
    assert evidence(con, np.array([0.93, 0.931, 0.929, 0.93]), 0.95).verdict is True
    assert evidence(con, np.array([0.90, 0.901, 0.899, 0.90]), 0.95).verdict is False
    e = evidence(con, np.array([0.915, 0.93]), 0.95)
    assert e.verdict is None and e.more_runs is not None and e.more_runs >= 1
    # the estimate settles it: that many more runs at the same spread give a verdict
    rng = np.random.default_rng(0)
    more = np.concatenate([[0.915, 0.93], 0.9225 + rng.normal(0, 0.0106, e.more_runs + 20)])
    assert evidence(con, more, 0.95).verdict is not None
