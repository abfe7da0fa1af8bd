"""Selecting the best feasible decision among a few contenders, with a stated probability.

After a search has found a handful of promising decisions (:mod:`sim.experiment.planning`),
each is simulated again with fresh seeds, the same for every contender (common random numbers),
one replication per contender per round, until a fully sequential procedure can stop:

- **Feasibility** of each constraint (``KPI >= q`` or ``KPI <= q``) is decided by the
  sequential test of Andradóttir and Kim (2010, procedure F): the running sum of
  ``Y_j - q`` over ``r`` replications is compared with a triangular region
  ``R(r) = max(0, h² S² / (2 ε) - ε r / 2)``; above it the constraint holds, below it it does
  not. ``ε`` is the tolerance: a decision whose expected KPI is within ``ε`` of ``q`` may be
  declared either way.
- **Selection** among the feasible ones is the KN procedure of Kim and Nelson (2001):
  contender ``i`` is eliminated by a feasible ``l`` when its mean objective exceeds ``l``'s by
  more than ``W_il(r) = max(0, δ / (2 r) (h² S²_il / δ² - r))``, where ``S²_il`` is the variance
  of the paired differences in the first ``n0`` replications (common random numbers make it
  small) and ``δ`` is the indifference zone: decisions closer than ``δ`` are equally good.

The error ``α = 1 - PCS`` is split in two halves, one for the feasibility tests (Bonferroni over
contenders and constraints) and one for the selection (KN's own ``α / (k - 1)`` per pair). If the
best feasible decision is better than every other feasible one by at least ``δ`` and every
constraint is at least ``ε`` away from its bound, the procedure returns it with probability at
least ``PCS`` (Andradóttir and Kim 2010, Theorem 1, for normal means; replications of a whole
season are sums of many orders, close to normal).

The procedure's state is recomputed from the replications on every round, so a re-launched plan
that finds its runs on disk arrives at the same decisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def eta(alpha: float, tests: int, n0: int) -> float:
    """KN's constant for ``tests`` comparisons sharing an error ``alpha``, first stage ``n0``."""
    return 0.5 * ((2 * alpha / max(tests, 1)) ** (-2 / (n0 - 1)) - 1)


def h2(alpha: float, tests: int, n0: int) -> float:
    """``h² = 2 η (n0 - 1)``: the scale of the triangular continuation region."""
    return 2 * eta(alpha, tests, n0) * (n0 - 1)


@dataclass(frozen=True)
class Constraint:
    """``KPI >= bound`` (``sense=">="``) or ``KPI <= bound``, judged within ``tolerance``."""

    kpi: str
    sense: str
    bound: float
    tolerance: float

    def slack(self, values: np.ndarray) -> np.ndarray:
        """How far each value is on the right side of the bound (positive: satisfied)."""
        return values - self.bound if self.sense == ">=" else self.bound - values


@dataclass
class State:
    """Where each contender stands after ``r`` selection replications."""

    ids: list[str]
    r: int = 0
    feasible: dict[str, bool | None] = field(default_factory=dict)
    """True / False once decided, None while undecided (True at once without constraints)."""
    eliminated_by: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Contender -> (the contender that eliminated it, after how many replications)."""
    infeasible_at: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Contender -> (the constraint it failed, after how many replications)."""
    feasible_at: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Contender -> (the constraint its runs miss at the stated confidence, after how many
    replications): no longer sampled, so the budget goes to those still in question."""
    done: bool = False
    selected: str | None = None

    def alive(self) -> list[str]:
        """Contenders neither eliminated nor declared infeasible."""
        return [
            i for i in self.ids if i not in self.eliminated_by and self.feasible.get(i) is not False
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "replications": self.r,
            "feasible": self.feasible,
            "feasible_after": self.feasible_at,
            "infeasible": {
                k: {"constraint": c, "after": n} for k, (c, n) in self.infeasible_at.items()
            },
            "eliminated": {k: {"by": b, "after": n} for k, (b, n) in self.eliminated_by.items()},
            "dropped": {k: {"constraint": c, "after": n} for k, (c, n) in self.dropped.items()},
            "done": self.done,
            "selected": self.selected,
        }


@dataclass(frozen=True)
class Procedure:
    """The constants of one selection: confidence, first stage, indifference zone."""

    pcs: float
    n0: int
    delta: float
    constraints: tuple[Constraint, ...]
    k: int

    @property
    def alpha_feasibility(self) -> float:
        return (1 - self.pcs) / 2 if self.constraints else 0.0

    @property
    def alpha_selection(self) -> float:
        return (1 - self.pcs) - self.alpha_feasibility

    def h2_feasibility(self) -> float:
        return h2(self.alpha_feasibility, self.k * len(self.constraints), self.n0)

    def h2_selection(self) -> float:
        return h2(self.alpha_selection, self.k - 1, self.n0)


def run_rounds(
    proc: Procedure,
    ids: list[str],
    objective: dict[str, np.ndarray],
    kpis: dict[str, dict[str, np.ndarray]],
    dropped: dict[str, str] | None = None,
) -> State:
    """Replay the procedure over the replications available (the same count for every alive
    contender; an eliminated one may have fewer).

    Parameters
    ----------
    dropped
        Contenders whose runs already miss a constraint at the stated confidence (the planner
        judges all of a decision's runs with a one-sided bound): one with fewer replications
        than a round needs is declared infeasible there instead of holding the round up.
    objective
        Per contender, the objective to *minimise* (a maximised KPI negated), one value per
        selection replication in seed order.
    kpis
        Per contender, per constrained KPI, the values in the same order.
    """
    st = State(list(ids))
    for i in ids:
        st.feasible[i] = None if proc.constraints else True
        if not proc.constraints:
            st.feasible_at[i] = 0
    if len(ids) == 0:
        st.done = True
        return st
    if any(len(objective[i]) < proc.n0 for i in ids):
        st.r = min(len(objective[i]) for i in ids)
        return st
    hf = proc.h2_feasibility() if proc.constraints else 0.0
    hs = proc.h2_selection()
    # first-stage variances, fixed for the whole procedure (KN)
    s2_con = {
        (i, c.kpi): float(np.var(kpis[i][c.kpi][: proc.n0], ddof=1))
        for i in ids
        for c in proc.constraints
    }
    s2_pair = {
        (i, j): float(np.var(objective[i][: proc.n0] - objective[j][: proc.n0], ddof=1))
        for i in ids
        for j in ids
        if i != j
    }
    r = proc.n0
    while True:
        alive = st.alive()
        for i in alive:
            if dropped and i in dropped and len(objective[i]) < r and st.feasible[i] is None:
                st.feasible[i] = False
                st.infeasible_at[i] = (dropped[i], r - 1)
                st.dropped[i] = (dropped[i], r - 1)
        alive = st.alive()
        if any(len(objective[i]) < r for i in alive):
            st.r = r - 1  # every alive contender has this many: run the next one
            return st
        st.r = r
        for i in alive:
            if st.feasible[i] is not None:
                continue
            verdicts: list[tuple[bool | None, str]] = []
            for c in proc.constraints:
                z = float(c.slack(kpis[i][c.kpi][:r]).sum())
                eps = c.tolerance
                region = max(0.0, hf * s2_con[(i, c.kpi)] / (2 * eps) - eps * r / 2)
                if z < -region or (region == 0 and z < 0):
                    verdicts.append((False, c.kpi))
                    break
                verdicts.append((True if z > region or region == 0 else None, c.kpi))
            failed = [k for ok, k in verdicts if ok is False]
            if failed:
                st.feasible[i] = False
                st.infeasible_at[i] = (failed[0], r)
            elif all(ok for ok, _ in verdicts):
                st.feasible[i] = True
                st.feasible_at[i] = r
        alive = st.alive()
        means = {i: float(objective[i][:r].mean()) for i in alive}
        widths: dict[tuple[str, str], float] = {}
        for i in alive:
            for j in alive:
                if i == j:
                    continue
                w = max(0.0, proc.delta / (2 * r) * (hs * s2_pair[(i, j)] / proc.delta**2 - r))
                widths[(i, j)] = w
        for i in alive:
            for j in alive:
                # only a contender known to be feasible may eliminate another
                if i == j or st.feasible[j] is not True or i in st.eliminated_by:
                    continue
                if j in st.eliminated_by:
                    continue
                if means[i] - means[j] > widths[(i, j)]:
                    st.eliminated_by[i] = (j, r)
        alive = st.alive()
        undecided = [i for i in alive if st.feasible[i] is None]
        if not alive:
            st.done = True
            return st
        if not undecided and len(alive) == 1:
            st.done, st.selected = True, alive[0]
            return st
        if not undecided and all(widths.get((i, j), 0.0) == 0.0 for i in alive for j in alive):
            # past KN's last stage: the smallest mean wins (ties to the first listed)
            st.done = True
            st.selected = min(alive, key=lambda i: (means[i], ids.index(i)))
            return st
        r += 1


def pareto_front(points: dict[str, tuple[float, float]]) -> list[str]:
    """The ids not dominated when both coordinates are minimised, ordered by the first."""
    front = []
    for i, (a, b) in points.items():
        if any(
            (a2 <= a and b2 <= b) and (a2 < a or b2 < b) for j, (a2, b2) in points.items() if j != i
        ):
            continue
        front.append(i)
    return sorted(front, key=lambda i: points[i])


def lower_bound(values: np.ndarray, level: float) -> float | None:
    """One-sided Student-t lower confidence bound of the mean at ``level``."""
    n = len(values)
    if n < 2:
        return None
    from scipy import stats

    sd = float(np.std(values, ddof=1))
    return float(np.mean(values) - stats.t.ppf(level, n - 1) * sd / math.sqrt(n))


@dataclass(frozen=True)
class Evidence:
    """What all the runs of one decision say about one constraint at a stated confidence.

    ``bound`` is the one-sided confidence bound of the mean on the side that matters (the lower
    bound for ``KPI >= q``, the upper bound for ``KPI <= q``), ``verdict`` is True when the mean
    meets ``q`` and the bound is within the tolerance of it, False when the mean misses ``q``
    and the opposite bound is within the tolerance on the wrong side, None while the runs
    cannot tell; ``more_runs`` estimates how many more runs would settle an undecided verdict.
    """

    kpi: str
    mean: float
    runs: int
    bound: float | None
    verdict: bool | None
    more_runs: int | None


def evidence(con: Constraint, values: np.ndarray, level: float) -> Evidence:
    """Judge one constraint from every run of a decision (search and selection seeds are
    independent replications of the same decision, so they pool).

    A decision meets ``KPI >= q`` at confidence ``level`` when its mean is at least ``q`` and its
    one-sided lower confidence bound at ``level`` is at least ``q - tolerance``: the tolerance is
    the same zone inside which the selection may declare a decision either way. It misses when
    the mean is below ``q`` and the upper bound is below ``q + tolerance``. Otherwise the
    verdict waits for about ``(z s / (|mean - q| + tolerance))² - n`` more runs (normal
    approximation; at least one).
    """
    from scipy import stats

    v = np.asarray(values, dtype=float)
    n = len(v)
    mean = float(v.mean()) if n else math.nan
    if n < 2:
        return Evidence(con.kpi, mean, n, None, None, 2 - n if n < 2 else None)
    sd = float(np.std(v, ddof=1))
    half = float(stats.t.ppf(level, n - 1)) * sd / math.sqrt(n)
    slack = float(con.slack(np.asarray([mean]))[0])
    near = mean - half if con.sense == ">=" else mean + half  # the bound on the side that matters
    far_slack = slack + half  # the opposite bound's slack
    near_slack = slack - half
    if slack >= 0 and near_slack >= -con.tolerance:
        verdict: bool | None = True
    elif slack < 0 and far_slack <= con.tolerance:
        verdict = False
    else:
        verdict = None
    more = None
    if verdict is None:
        z = float(stats.norm.ppf(level))
        need = (z * sd / (abs(slack) + con.tolerance)) ** 2
        more = max(1, math.ceil(need) - n)
    return Evidence(con.kpi, mean, n, near, verdict, more)


def overall(items: list[Evidence]) -> bool | None:
    """Every constraint met: True; any missed: False; otherwise None (no constraint: True)."""
    if any(e.verdict is False for e in items):
        return False
    if all(e.verdict is True for e in items):
        return True
    return None
