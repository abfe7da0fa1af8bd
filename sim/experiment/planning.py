"""Capacity planning: the cheapest decision that meets a goal, with a stated confidence.

A planner names **decisions** (scenario key paths with the values they may take: extra departures
of a line over a window, border servers, a policy threshold), **constraints** over KPIs of
``summary.json`` (festival goods on time at least 95 %) and an **objective** (fewest departures,
least freight cost or CO2e), and a budget of simulation runs. The plan then works in two phases:

1. **Search.** Candidate decisions are simulated with a few replications each, every candidate
   with the same seeds (common random numbers, so candidates differ by the decision, not by
   luck). When the whole grid fits in half the budget it is evaluated exhaustively; otherwise
   Optuna's TPE sampler (a Bayesian method for integer and categorical variables that tolerates
   noise, with the constraints as Optuna constraints) proposes candidates, starting from the
   smallest and the largest decision.
2. **Selection.** The best few candidates of the search (plausibly feasible first, by objective)
   are simulated again with fresh common seeds until a fully sequential procedure
   (:mod:`sim.experiment.selection`: feasibility tests and KN) picks the best feasible one with
   probability at least the stated confidence, or the budget ends (then the plan says so).

Every run is its own results folder under ``candidates/<id>/rep-<seed index>`` and is never
recomputed: the search and the selection are deterministic given the root seed, so an
interrupted plan launched again replays the same steps over the finished runs and continues.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.errors import ScenarioError, SimError
from sim.experiment.plan_spec import DERIVED as DERIVED
from sim.experiment.plan_spec import SCHEMA_VERSION, Candidate, _yaml_scalar, kpis_of
from sim.experiment.plan_spec import Decision as Decision
from sim.experiment.plan_spec import Objective as Objective
from sim.experiment.plan_spec import PlanSpec as PlanSpec
from sim.experiment.plan_spec import parse_decide as parse_decide
from sim.experiment.plan_spec import parse_goal as parse_goal
from sim.experiment.plan_words import decision_words
from sim.experiment.plan_words import label as describe_path
from sim.experiment.runs import Task, Workers, execute
from sim.experiment.selection import (
    Evidence,
    Procedure,
    evidence,
    lower_bound,
    overall,
    pareto_front,
    run_rounds,
)
from sim.experiment.statistics import interval
from sim.scenario import apply_overrides
from sim.world.inputs import validate_data
from sim.world.random_streams import replication_seeds

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- decisions and goals


# --------------------------------------------------------------------------- the plan


class Planner:
    """Runs a :class:`PlanSpec` into a folder; see the module docstring."""

    def __init__(
        self,
        spec: PlanSpec,
        *,
        out: str | Path = "results",
        root_seed: int | None = None,
        jobs: int = 1,
        scheduler: str | None = None,
        progress: bool = False,
        force: bool = False,
        fmt: str = "parquet",
    ) -> None:
        spec.check()
        self.spec = spec
        base_scenario = validate_data(spec.base, spec.source)
        self.name = base_scenario.name
        self.root = base_scenario.seed if root_seed is None else root_seed
        what = json.dumps([[d.path, list(d.values)] for d in spec.decisions], default=str)
        digest = hashlib.sha256(
            (what + json.dumps(spec.base, sort_keys=True, default=str)).encode()
        ).hexdigest()[:8]
        self.folder = Path(out) / self.name / f"plan-{digest}-{self.root}"
        self.run: dict[str, Any] = {
            "jobs": jobs,
            "scheduler": scheduler,
            "progress": progress,
            "force": force,
        }
        self.fmt = fmt
        self.candidates: dict[str, Candidate] = {}
        self.runs_used = 0
        self.search_method = ""
        self.log: list[dict[str, Any]] = []

    # ---------------------------------------------------------------- candidates and runs

    def candidate(self, values: dict[str, Any], origin: str = "search") -> Candidate:
        key = json.dumps(values, sort_keys=True, default=str)
        cid = "c-" + hashlib.sha256(key.encode()).hexdigest()[:10]
        if cid not in self.candidates:
            c = Candidate(cid, dict(values), None, {}, origin=origin)  # type: ignore[arg-type]
            c.data = apply_overrides(self.spec.base, c.overrides())
            c.scenario = validate_data(c.data, self.spec.source)
            self.candidates[cid] = c
        return self.candidates[cid]

    def _simulate(self, work: Sequence[tuple[Candidate, int]], label: str) -> None:
        """Run (candidate, seed index) pairs, all in one batch on the executor."""
        if not work:
            return
        top = max(i for _, i in work) + 1
        seeds = replication_seeds(self.root, top)
        tasks = [
            Task(
                c.scenario,
                seeds[i],
                self.folder / "candidates" / c.id / f"rep-{i:03d}",
                self.fmt,
                True,
            )
            for c, i in work
        ]
        summaries, _ = execute(tasks, label=label, **self.run)
        self.runs_used += len(work)
        n = self.spec.screen_replications
        for (c, i), s in zip(work, summaries):
            k = kpis_of(s)
            row = {
                "candidate": c.id,
                "seed_index": i,
                "seed": seeds[i],
                "phase": "search" if i < n else "selection",
                **c.values,
            }
            row.update({g: k.get(g) for g in self.goal_kpis()})
            self.log.append(row)
            target = c.screen if i < n else c.select
            pos = i if i < n else i - n
            while len(target) <= pos:
                target.append({})
            target[pos] = k
        self._check_kpis(summaries[0])
        self._save_state()

    def goal_kpis(self) -> list[str]:
        names = [o.kpi for o in self.spec.objectives] + [c.kpi for c in self.spec.constraints]
        return list(dict.fromkeys(names))

    def _check_kpis(self, summary: dict[str, Any]) -> None:
        flat = kpis_of(summary)
        missing = [k for k in self.goal_kpis() if k not in flat]
        if missing:
            import difflib

            hints = []
            for k in missing:
                near = difflib.get_close_matches(k, list(flat), n=3, cutoff=0.5)
                hints.append(
                    f"{k!r} is not a KPI of summary.json"
                    + (f" (did you mean {', '.join(near)}?)" if near else "")
                )
            raise ScenarioError(hints, "--goal")

    def values(self, c: Candidate, kpi: str, phase: str) -> np.ndarray:
        rows = c.screen if phase == "search" else c.select
        vals = [r.get(kpi) for r in rows]
        if any(v is None for v in vals):
            raise SimError(
                f"{kpi} has no value in some runs of {c.id} ({c.values}): the KPI needs orders "
                "judged against a deadline; does the run last past it?"
            )
        return np.asarray(vals, dtype=float)

    # ---------------------------------------------------------------- phase 1: search

    def search(self) -> None:
        spec = self.spec
        n = spec.screen_replications
        limit = spec.budget // 2
        grid = math.prod(len(d.values) for d in spec.decisions)
        if grid * n <= limit:
            self.search_method = f"exhaustive ({grid} candidates)"
            points = itertools_product(spec.decisions)
            self._simulate([(self.candidate(p), i) for p in points for i in range(n)], "search")
            return
        self.search_method = "optuna TPE"
        self._search_optuna(limit)

    def _search_optuna(self, limit: int) -> None:
        try:
            import optuna
        except ImportError:
            raise SimError(
                "the search over a large grid needs optuna: pip install 'yiwu-sim[plan]'"
            ) from None
        spec = self.spec
        n = spec.screen_replications
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        with warnings.catch_warnings():
            # constraints and multivariate TPE are marked experimental; their results are
            # stable for a fixed seed, which is what a resumable plan needs
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            # Optuna 5 reads constraints set on each trial; Optuna 4 a function of the trial
            per_trial = hasattr(optuna.trial.Trial, "set_constraint")
            extra: dict[str, Any] = (
                {}
                if per_trial
                else {"constraints_func": lambda t: t.user_attrs.get("constraint", [0.0])}
            )
            sampler = optuna.samplers.TPESampler(
                seed=self.root % 2**32,
                multivariate=True,
                n_startup_trials=min(10, max(2, limit // (4 * n))),
                **extra,
            )
            study = optuna.create_study(
                directions=["minimize"] * len(spec.objectives), sampler=sampler
            )
            lowest = {d.path: 0 for d in spec.decisions}
            highest = {d.path: len(d.values) - 1 for d in spec.decisions}
            study.enqueue_trial(lowest)
            study.enqueue_trial(highest)
            stale = 0
            while self.runs_used + n <= limit and stale < 5:
                trials = [study.ask() for _ in range(spec.batch)]
                picks = []
                for t in trials:
                    idx = {
                        d.path: t.suggest_int(d.path, 0, len(d.values) - 1) for d in spec.decisions
                    }
                    picks.append(
                        self.candidate({d.path: d.values[idx[d.path]] for d in spec.decisions})
                    )
                new = list(dict.fromkeys(c.id for c in picks if not c.screen))
                room = (limit - self.runs_used) // n
                new = new[:room]
                self._simulate(
                    [(self.candidates[cid], i) for cid in new for i in range(n)], "search"
                )
                stale = 0 if new else stale + 1
                for t, c in zip(trials, picks):
                    if not c.screen:  # over the budget: not evaluated
                        study.tell(t, state=optuna.trial.TrialState.FAIL)
                        continue
                    violations = self._violations(c)
                    t.set_user_attr("constraint", violations)
                    if per_trial:
                        for k, v in enumerate(violations):
                            t.set_constraint(f"c{k}", v)
                    values = [
                        float(o.to_min(self.values(c, o.kpi, "search")).mean())
                        for o in spec.objectives
                    ]
                    study.tell(t, values if len(values) > 1 else values[0])

    def _violations(self, c: Candidate) -> list[float]:
        """Optuna's constraint values (<= 0: satisfied), each in units of its tolerance."""
        out = []
        for con in self.spec.constraints:
            mean = self.values(c, con.kpi, "search").mean()
            out.append(float(-con.slack(np.asarray([mean]))[0] / con.tolerance))
        return out or [0.0]

    # ---------------------------------------------------------------- phase 2: selection

    def contenders(self, exclude: set[str] | frozenset[str] = frozenset()) -> list[Candidate]:
        """The next contenders for the selection, up to ``contenders``.

        Plausibly feasible candidates (each constraint's 95 % interval over the search runs
        reaches its bound) by objective, the cheapest first, then the least infeasible ones.
        When the cheapest plausible ones only just reach the bound, the cheapest candidate whose
        search *means* meet every constraint (the anchor) takes the last place: without it the
        selection could spend the whole budget failing near-misses while a decision that meets
        the goal was already known (the 2026 festival plan did exactly that)."""
        spec = self.spec
        screened = [
            c for c in self.candidates.values() if len(c.screen) >= 1 and c.id not in exclude
        ]

        def score(c: Candidate) -> tuple[int, float, float, str]:
            worst = 0.0
            for con in spec.constraints:
                v = self.values(c, con.kpi, "search")
                iv = interval(v.tolist())
                hw = iv["half_width"] or 0.0
                worst = min(worst, float(con.slack(np.asarray([v.mean()]))[0] + hw))
            return (0 if worst >= 0 else 1, -worst, self._objective(c, "search"), c.id)

        scores = {c.id: score(c) for c in screened}
        plausible = sorted(
            (c for c in screened if scores[c.id][0] == 0), key=lambda c: scores[c.id][2:]
        )
        if not plausible:
            # the least infeasible only when nothing is plausibly feasible: spending the
            # selection on candidates the search already rules out buys nothing
            return sorted(screened, key=lambda c: scores[c.id][1:])[: spec.contenders]
        chosen = plausible[: spec.contenders]
        anchor = self._anchor(plausible)
        if anchor is not None and anchor not in chosen:
            chosen[-1] = anchor
        return chosen

    def _anchor(self, plausible: list[Candidate]) -> Candidate | None:
        """The cheapest candidate whose search means clear every constraint by its tolerance
        (a near-miss of two runs is no anchor), else the one clearing it by the most."""
        spec = self.spec

        def margin(c: Candidate) -> float:
            return min(
                (
                    float(con.slack(np.asarray([self.values(c, con.kpi, "search").mean()]))[0])
                    / con.tolerance
                    for con in spec.constraints
                ),
                default=1.0,
            )

        clear = [c for c in plausible if margin(c) >= 1.0]
        if clear:
            return clear[0]  # plausible is ordered by objective
        best = max(plausible, key=margin, default=None)
        return best if best is not None and margin(best) >= 0 else None

    def _objective(self, c: Candidate, phase: str) -> float:
        obj = self.spec.objectives[0]
        return float(obj.to_min(self.values(c, obj.kpi, phase)).mean())

    def select(self, chosen: list[Candidate]) -> tuple[Any, Procedure]:
        """Run the selection over ``chosen``: the first stage (as far as the budget allows,
        dropping the most expensive contenders first, never the anchor), then a round per
        replication until the procedure stops or the budget would be overrun."""
        spec = self.spec
        n = spec.screen_replications
        obj = spec.objectives[0]
        # the first stage must fit the budget; a contender that has it already costs nothing
        ready = [c for c in chosen if len(c.select) >= spec.first_stage]
        room = len(ready) + (spec.budget - self.runs_used) // spec.first_stage
        if len(chosen) > room:
            anchor = ready[-1] if ready else self._anchor(chosen)
            keep = [anchor] if room >= 1 and anchor is not None else []
            chosen = [c for c in chosen if c not in keep]
            chosen = (chosen[: max(0, room - len(keep))] + keep)[: max(0, room)]
        ids = [c.id for c in chosen]
        delta = spec.delta
        if delta is None:  # 1 % of the objective's size; a deterministic count gets 0.5
            best = min(
                (abs(float(self.values(c, obj.kpi, "search").mean())) for c in chosen),
                default=1.0,
            )
            delta = max(0.01 * best, 1e-9)
            if obj.kpi == "rail_departures":
                delta = 0.5
        proc = Procedure(spec.pcs, spec.first_stage, delta, tuple(spec.constraints), len(ids))
        self._simulate(
            [
                (c, n + i)
                for c in chosen
                for i in range(spec.first_stage)
                if len(c.select) <= i or not c.select[i]
            ],
            "selection",
        )
        dropped: dict[str, str] = {}
        while True:
            state = run_rounds(
                proc,
                ids,
                {c.id: obj.to_min(self.values(c, obj.kpi, "selection")) for c in chosen},
                {
                    c.id: {k.kpi: self.values(c, k.kpi, "selection") for k in spec.constraints}
                    for c in chosen
                },
                dropped,
            )
            if state.done:
                return state, proc
            alive = [c for c in chosen if c.id in state.alive()]
            # contenders whose runs so far already miss a constraint at the stated confidence
            # get no more runs: the budget goes to those still in question (replayed the same
            # way on resume, since it depends on the runs only)
            for c in alive:
                if c.id not in dropped and len(alive) > 1:
                    missed = [e.kpi for e in self.judge(c) if e.verdict is False]
                    if missed:
                        dropped[c.id] = missed[0]
            alive = [c for c in alive if c.id not in dropped] or alive
            if self.runs_used + len(alive) > spec.budget:
                return state, proc
            # a round of one replication per contender keeps KN's checks at every r; with more
            # workers than contenders a round takes several (KN's checks then skip some r,
            # which only delays eliminations: the guarantee holds)
            step = max(1, int(self.run["jobs"] or 1) // max(1, len(alive)))
            step = min(step, (spec.budget - self.runs_used) // max(1, len(alive)))
            r = state.r
            self._simulate([(c, n + r + j) for c in alive for j in range(step)], "selection")

    def select_rounds(self) -> list[tuple[list[Candidate], Any, Procedure]]:
        """Selections while the budget pays another first stage.

        When every contender of a selection fails, the next contenders (not yet tried, the
        cheapest plausible first) get the rest of the budget; when a selection found a decision
        that meets the goal, the untried candidates whose search says they may be cheaper get a
        selection against it (it keeps its runs), so a dear anchor does not end the plan while
        a cheaper decision is still in question."""
        rounds: list[tuple[list[Candidate], Any, Procedure]] = []
        tried: set[str] = set()
        best: Candidate | None = None
        while True:
            chosen = self.contenders(tried)
            if best is not None:
                cost = self._objective_all(best)
                cheaper = [c for c in chosen if self._objective(c, "search") < cost]
                chosen = [*cheaper[: max(1, self.spec.contenders - 1)], best]
                if len(chosen) == 1:
                    break
            if not chosen or (rounds and self.runs_used + self.spec.first_stage > self.spec.budget):
                break
            state, proc = self.select(chosen)
            ids = set(state.ids)
            chosen = [c for c in chosen if c.id in ids]
            if not chosen or (best is not None and ids == {best.id}):
                break
            rounds.append((chosen, state, proc))
            tried |= ids
            if not state.done:
                break  # the budget ended inside this selection
            feasible = [c for c in chosen if state.feasible.get(c.id) is True]
            if feasible:
                best = min(feasible, key=lambda c: (self._objective_all(c), c.id))
        return rounds

    # ---------------------------------------------------------------- the whole plan

    def plan(self) -> dict[str, Any]:
        """Search, select, and write ``plan.json``, ``runs.csv`` and ``recommended.yaml``."""
        t0 = time.perf_counter()
        self.folder.mkdir(parents=True, exist_ok=True)
        # one set of worker processes for the whole plan: the selection runs many small
        # batches, and a fresh pool per batch spent more time starting interpreters than
        # simulating (2 min 26 s for the festival example's 119 runs, 71 % of a CPU)
        with Workers(int(self.run["jobs"] or 1)) as workers:
            self.run["workers"] = workers
            try:
                self.search()
                rounds = self.select_rounds()
            finally:
                del self.run["workers"]
        result = self._result(rounds)
        result["wall_s"] = round(time.perf_counter() - t0, 1)
        _write(self.folder / "plan.json", json.dumps(result, indent=2, default=str) + "\n")
        self._write_runs()
        return result

    def pooled(self, c: Candidate, kpi: str) -> np.ndarray:
        """Every run of a candidate, search and selection (independent seeds: they pool)."""
        return np.concatenate([self.values(c, kpi, "search"), self.values(c, kpi, "selection")])

    def judge(self, c: Candidate) -> list[Evidence]:
        """Each constraint judged on all of the candidate's runs at the plan's confidence. A
        decision with fewer runs than a contender's first stage is never declared to meet the
        goal (two runs give too rough a spread to bound a mean by), only to miss it or to be
        undecided."""
        out = []
        for con in self.spec.constraints:
            e = evidence(con, self.pooled(c, con.kpi), self.spec.pcs)
            short = self.spec.first_stage - e.runs
            if e.verdict is True and short > 0:
                e = Evidence(e.kpi, e.mean, e.runs, e.bound, None, short)
            elif e.verdict is None and short > 0:  # a verdict of "meets" needs a first stage
                e = Evidence(e.kpi, e.mean, e.runs, e.bound, None, max(short, e.more_runs or 0))
            out.append(e)
        return out

    def _result(self, rounds: list[tuple[list[Candidate], Any, Procedure]]) -> dict[str, Any]:
        """The plan's answer, consistent by construction: the recommendation is the cheapest
        evaluated decision known to meet the goal at the stated confidence (declared feasible
        by the selection, or by the one-sided bounds of all its runs); when there is none, the
        closest decision and how many more runs would settle it."""
        spec = self.spec
        evaluated = [c for c in self.candidates.values() if c.screen or c.select]
        verdicts = {c.id: self.judge(c) for c in evaluated}
        declared: dict[str, Any] = {}  # id -> the selection state that declared it feasible
        for _, state, _ in rounds:
            for i, ok in state.feasible.items():
                if ok is True:
                    declared[i] = state
        feasible = [c for c in evaluated if c.id in declared or overall(verdicts[c.id]) is True]
        selected = None
        guaranteed = False
        basis = None
        if feasible:
            rec_c = min(feasible, key=lambda c: (self._objective_all(c), c.id))
            selected = rec_c.id
            last = rounds[-1][1] if rounds else None
            guaranteed = last is not None and last.selected == selected
            basis = (
                "selection"
                if guaranteed
                else "declared feasible by the selection"
                if selected in declared
                else "one-sided bounds"
            )
        chosen_ids = {c.id for chosen, _, _ in rounds for c in chosen}
        closest = None
        if selected is None and evaluated:
            closest = self._closest(evaluated, verdicts)
        candidates = []
        for c in evaluated:
            entry: dict[str, Any] = {
                "id": c.id,
                "decision": c.values,
                "words": decision_words(spec.base, c.values),
                "overrides": c.overrides(),
                "search_runs": len(c.screen),
                "selection_runs": len(c.select),
            }
            entry["search_kpis"] = {k: interval(self._col(c.screen, k)) for k in self.goal_kpis()}
            if c.select:
                entry["kpis"] = {k: interval(self._col(c.select, k)) for k in self.headline()}
                entry["lower_bounds"] = {
                    con.kpi: lower_bound(self.values(c, con.kpi, "selection"), spec.pcs)
                    if con.sense == ">="
                    else None
                    for con in spec.constraints
                }
            entry["all_runs"] = {
                "objective_mean": self._objective_all(c, signed=True),
                "constraints": [vars(e) for e in verdicts[c.id]],
                "meets_goal": True if c.id in declared else overall(verdicts[c.id]),
            }
            entry["role"] = (
                "recommended"
                if c.id == selected
                else "contender"
                if c.id in chosen_ids
                else "search"
            )
            entry["why"] = self._why(c, rounds, selected, verdicts[c.id], declared)
            candidates.append(entry)
        candidates.sort(
            key=lambda e: (["recommended", "contender", "search"].index(e["role"]), e["id"])
        )
        last_state = rounds[-1][1] if rounds else None
        last_proc = rounds[-1][2] if rounds else None
        result: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.name,
            "source": spec.source,
            "root_seed": self.root,
            "decisions": [
                {
                    "path": d.path,
                    "values": list(d.values),
                    "label": describe_path(spec.base, d.path),
                }
                for d in spec.decisions
            ],
            "constraints": [vars(c) for c in spec.constraints],
            "objectives": [vars(o) for o in spec.objectives],
            "budget": spec.budget,
            "runs": self.runs_used,
            "search": {
                "method": self.search_method,
                "replications": spec.screen_replications,
                "candidates": sum(1 for c in self.candidates.values() if c.screen),
            },
            "selection": {
                "procedure": "Andradottir-Kim feasibility check + KN (common random numbers)",
                "probability_correct_selection": spec.pcs,
                "first_stage": spec.first_stage,
                "indifference_zone": last_proc.delta if last_proc else spec.delta,
                "indifference_unit": spec.objectives[0].kpi,
                "tolerances": {c.kpi: c.tolerance for c in spec.constraints},
                "contenders": [c.id for chosen, _, _ in rounds for c in chosen],
                "rounds": [
                    {"contenders": [c.id for c in chosen], "state": st.to_json()}
                    for chosen, st, _ in rounds
                ],
                "guaranteed": guaranteed,
                "state": last_state.to_json() if last_state else None,
            },
            "recommended": None,
            "closest": closest,
            "candidates": candidates,
            "tradeoff": self._tradeoff(),
        }
        rec_path = self.folder / "recommended.yaml"
        if selected is not None:
            rec = self.candidates[selected]
            result["recommended"] = {
                "id": rec.id,
                "decision": rec.values,
                "words": decision_words(spec.base, rec.values),
                "overrides": rec.overrides(),
                "feasible": True,
                "basis": basis,
                "scenario_file": "recommended.yaml",
            }
            self._write_recommended(rec, guaranteed)
        elif rec_path.exists():  # an earlier plan in this folder recommended something
            rec_path.unlink()
        return result

    def _objective_all(self, c: Candidate, signed: bool = False) -> float:
        obj = self.spec.objectives[0]
        v = self.pooled(c, obj.kpi)
        return float(v.mean() if signed else obj.to_min(v).mean())

    def _closest(
        self, evaluated: list[Candidate], verdicts: dict[str, list[Evidence]]
    ) -> dict[str, Any]:
        """The decision nearest to meeting the goal (the smallest shortfall of its worst
        constraint, in tolerances; the cheaper on a tie) and the runs that would settle it."""
        spec = self.spec

        def shortfall(c: Candidate) -> float:
            worst = 0.0
            for con, ev in zip(spec.constraints, verdicts[c.id]):
                worst = min(worst, float(con.slack(np.asarray([ev.mean]))[0]) / con.tolerance)
            return -worst

        best = min(evaluated, key=lambda c: (shortfall(c), self._objective_all(c), c.id))
        evs = verdicts[best.id]
        undecided = [e.more_runs for e in evs if e.verdict is None and e.more_runs is not None]
        return {
            "id": best.id,
            "decision": best.values,
            "words": decision_words(spec.base, best.values),
            "overrides": best.overrides(),
            "runs": len(best.screen) + len(best.select),
            "constraints": [vars(e) for e in evs],
            "meets_goal": overall(evs),
            "more_runs": max(undecided) if undecided else 0,
        }

    def _meets_on_means(self, c: Candidate, phase: str = "selection") -> bool:
        return all(
            float(con.slack(np.asarray([self.values(c, con.kpi, phase).mean()]))[0]) >= 0
            for con in self.spec.constraints
        )

    def headline(self) -> list[str]:
        extra = [
            "on_time.share",
            "emissions_cost.cost_usd_total",
            "emissions_cost.co2e_kg_total",
            "rail_departures",
            "lead_time_days.overall.mean",
        ]
        return list(dict.fromkeys(self.goal_kpis() + extra))

    @staticmethod
    def _col(rows: list[dict[str, float | None]], k: str) -> list[float | None]:
        return [r.get(k) for r in rows]

    def _why(
        self,
        c: Candidate,
        rounds: list[tuple[list[Candidate], Any, Procedure]],
        selected: str | None,
        verdicts: list[Evidence],
        declared: dict[str, Any],
    ) -> str:
        meets = True if c.id in declared else overall(verdicts)
        if c.id == selected:
            return "recommended: the cheapest decision known to meet the goal"
        if meets is True:
            return "meets the goal, but costs more than the recommended decision"
        for _, state, _ in rounds:
            if c.id in state.infeasible_at:
                kpi, r = state.infeasible_at[c.id]
                return f"fails {kpi} (declared after {r} selection runs)"
            if c.id in state.eliminated_by:
                by, r = state.eliminated_by[c.id]
                other = ", ".join(f"{k} = {v}" for k, v in self.candidates[by].values.items())
                return (
                    f"{self.spec.objectives[0].kpi} worse than with {other} (which meets the "
                    f"goal) by more than the indifference zone, after {r} selection runs"
                )
        if meets is False:
            failed = next(e.kpi for e in verdicts if e.verdict is False)
            return f"fails {failed} (all its runs, at the stated confidence)"
        more = max((e.more_runs or 0) for e in verdicts if e.verdict is None)
        if any(c in chosen for chosen, _, _ in rounds):
            return f"undecided when the budget ended (about {more} more runs would settle it)"
        return f"not among the contenders; undecided (about {more} more runs would settle it)"

    def _tradeoff(self) -> dict[str, Any]:
        """Search means of every candidate on two axes and the Pareto front (both minimised
        internally: a maximised KPI or a ``>=`` constraint is negated)."""
        spec = self.spec
        o1 = spec.objectives[0]
        if len(spec.objectives) > 1:
            x_kpi, x_min, y_kpi, y_min = (
                o1.kpi,
                o1.sense == "min",
                spec.objectives[1].kpi,
                spec.objectives[1].sense == "min",
            )
        elif spec.constraints:
            con = spec.constraints[0]
            x_kpi, x_min, y_kpi, y_min = o1.kpi, o1.sense == "min", con.kpi, con.sense == "<="
        else:
            return {}
        pts: dict[str, tuple[float, float]] = {}
        shown = {}
        for c in self.candidates.values():
            if not c.screen:
                continue
            x = float(self.values(c, x_kpi, "search").mean())
            y = float(self.values(c, y_kpi, "search").mean())
            shown[c.id] = {"x": x, "y": y, "decision": c.values}
            shown[c.id]["words"] = decision_words(spec.base, c.values)
            pts[c.id] = (x if x_min else -x, y if y_min else -y)
        front = pareto_front(pts)
        goal = None
        if spec.constraints and y_kpi == spec.constraints[0].kpi:
            goal = spec.constraints[0].bound
        return {
            "x": x_kpi,
            "y": y_kpi,
            "goal_y": goal,
            "points": shown,
            "pareto": front,
            "note": f"means of the {spec.screen_replications} search runs per candidate",
        }

    def _write_recommended(self, rec: Candidate, guaranteed: bool) -> None:
        lines = [
            f"# Recommended by `yiwu-sim plan` from {self.spec.source} (root seed {self.root}):",
            *(f"#   {k} = {_yaml_scalar(v)}" for k, v in rec.values.items()),
            "# "
            + (
                f"selected with probability of correct selection >= {self.spec.pcs}"
                if guaranteed
                else "the budget ended before the selection could guarantee it"
            ),
            "# Run it: yiwu-sim run <this file> --replications 10",
        ]
        text = (
            "\n".join(lines) + "\n" + yaml.safe_dump(rec.data, sort_keys=False, allow_unicode=True)
        )
        _write(self.folder / "recommended.yaml", text)

    def _save_state(self) -> None:
        state = {
            "runs": self.runs_used,
            "candidates": {
                c.id: {
                    "decision": c.values,
                    "search_runs": len(c.screen),
                    "selection_runs": len(c.select),
                }
                for c in self.candidates.values()
            },
        }
        _write(self.folder / "candidates.json", json.dumps(state, indent=2, default=str) + "\n")

    def _write_runs(self) -> None:
        import csv
        import io

        cols = [
            "candidate",
            "phase",
            "seed_index",
            "seed",
            *(d.path for d in self.spec.decisions),
            *self.goal_kpis(),
        ]
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(self.log)
        _write(self.folder / "runs.csv", buf.getvalue())


def itertools_product(decisions: list[Decision]) -> list[dict[str, Any]]:
    """Every combination of the decisions' values, the first decision varying slowest."""
    import itertools

    return [
        dict(zip([d.path for d in decisions], combo))
        for combo in itertools.product(*(d.values for d in decisions))
    ]


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def plan(spec: PlanSpec, **kwargs: Any) -> tuple[dict[str, Any], Path]:
    """Run a plan (keyword arguments as :class:`Planner`); returns ``plan.json``'s content and
    the plan's folder."""
    p = Planner(spec, **kwargs)
    return p.plan(), p.folder
