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
import re
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ScenarioError, SimError
from sim.experiment.executor import execute
from sim.experiment.plan_answer import PlanAnswer, _write
from sim.experiment.plan_spec import DERIVED as DERIVED
from sim.experiment.plan_spec import Candidate, kpis_of
from sim.experiment.plan_spec import Decision as Decision
from sim.experiment.plan_spec import Objective as Objective
from sim.experiment.plan_spec import PlanSpec as PlanSpec
from sim.experiment.plan_spec import parse_decide as parse_decide
from sim.experiment.plan_spec import parse_goal as parse_goal
from sim.experiment.precision import group_names, of_another_group
from sim.experiment.progress import BarWords
from sim.experiment.selection import (
    Procedure,
    run_rounds,
)
from sim.experiment.statistics import absent_value, interval, near_kpis
from sim.experiment.tasks import Task
from sim.experiment.workers import Workers
from sim.output.install import _os_error
from sim.output.jsonio import json_text
from sim.output.saying import said
from sim.scenario import apply_overrides
from sim.world.inputs import defaults_of, validate_data
from sim.world.random_streams import replication_seeds

log = logging.getLogger(__name__)

JUDGED_GROUP = re.compile(
    r"on_time\.by_(category|destination)\.[^.]+\.(share|on_time|orders|late|late_teu)"
)
"""On-time KPIs of a goods category or destination: a run that judged no order against a
deadline has none of them (the name may still be right)."""


# --------------------------------------------------------------------------- decisions and goals


# --------------------------------------------------------------------------- the plan


class Planner(PlanAnswer):
    """Runs a :class:`PlanSpec` into a folder; see the module docstring."""

    def __init__(
        self,
        spec: PlanSpec,
        *,
        out: str | Path = "results",
        root_seed: int | None = None,
        jobs: int = 1,
        scheduler: str | None = None,
        progress: bool | BarWords = False,
        force: bool = False,
        fmt: str = "parquet",
        lang: str = "en",
    ) -> None:
        spec.check()
        self.spec = spec
        self.lang = lang  # of recommended.yaml's header (its keys are the scenario's)
        base_scenario = validate_data(spec.base, spec.source)
        # a decision on a key the file leaves out (logistics.borders.MAL.servers in a file
        # without borders) changes that one value of the default crossing
        self._defaults = defaults_of(spec.base, spec.source)
        _check_values(spec)
        self.name = base_scenario.name
        self.root = base_scenario.seed if root_seed is None else root_seed
        # the names a group of a goal KPI may take (the network's places and lines, the
        # scenario's words): a misspelt one (by_destination.MADD) is refused after the first
        # run, not let through to fail the search with "no value in 3 of 3 runs"
        self._group_names = group_names([base_scenario])
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
        # runs simulated by this start of the plan (the rest were found complete on disk, from
        # an earlier start of the same plan): the wall time measured covers these only
        self.runs_computed = 0
        self.search_method = ""
        self.log: list[dict[str, Any]] = []

    # ---------------------------------------------------------------- candidates and runs

    def candidate(self, values: dict[str, Any], origin: str = "search") -> Candidate:
        key = json.dumps(values, sort_keys=True, default=str)
        cid = "c-" + hashlib.sha256(key.encode()).hexdigest()[:10]
        if cid not in self.candidates:
            c = Candidate(cid, dict(values), None, {}, origin=origin)  # type: ignore[arg-type]
            c.data = apply_overrides(
                self.spec.base, c.overrides(), "--decide", defaults=self._defaults
            )
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
        if self.runs_used == 0:
            # the first run alone first: a goal KPI the scenario does not produce (a misspelt
            # one) is reported before the rest of the batch is spent, as sensitivity does
            head, first = execute(tasks[:1], label=label, **{**self.run, "progress": False})
            self._check_kpis([head[0]], first_run=True)
            rest, others = execute(tasks[1:], label=label, **self.run)
            summaries = head + rest
            self.runs_computed += first + others
        else:
            summaries, computed = execute(tasks, label=label, **self.run)
            self.runs_computed += computed
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
            row.update({g: k.get(g, absent_value(g)) for g in self.goal_kpis()})  # as judged
            self.log.append(row)
            target = c.screen if i < n else c.select
            pos = i if i < n else i - n
            while len(target) <= pos:
                target.append({})
            target[pos] = k
        self._check_kpis(summaries, first_run=True)
        self._save_state()

    def goal_kpis(self) -> list[str]:
        names = [o.kpi for o in self.spec.objectives] + [c.kpi for c in self.spec.constraints]
        return list(dict.fromkeys(names))

    def _check_kpis(self, summaries: Sequence[dict[str, Any]], first_run: bool = False) -> None:
        """Refuse a goal KPI that no run has. ``first_run``: a KPI of a group (a destination,
        line, mode) that these runs had none of, beside a known one of its kind, is let through
        until the search is over: a later run may have it, and a count of it is 0 where a run
        has none (:func:`~sim.experiment.statistics.absent_value`)."""
        rows = [kpis_of(s) for s in summaries]
        if not first_run:
            rows += [r for c in self.candidates.values() for r in c.screen + c.select]
        known = {k for r in rows for k in r}
        judged = any((r.get("on_time.orders") or 0) > 0 for r in rows)
        missing = [
            k
            for k in self.goal_kpis()
            if k not in known and not (first_run and of_another_group(k, known, self._group_names))
        ]
        if missing:
            hints = []
            for k in missing:
                if not judged and JUDGED_GROUP.fullmatch(k):  # a right name, nothing judged
                    hints.append(said("err:none_judged", kpi=k, n=len(rows)))
                    continue
                near = near_kpis(k, known)
                hint = said("err:did_you_mean", names=", ".join(near)) if near else ""
                hints.append(said("err:not_kpi", kpi=k, near=hint))
            raise ScenarioError(hints, "--goal")

    def values(self, c: Candidate, kpi: str, phase: str) -> np.ndarray:
        """A goal KPI over a candidate's runs of one phase: a count of a group a run had none
        of is 0 there; a mean or share with no data in some runs stops the plan, saying in how
        many (a constraint cannot be judged on runs that did not measure it)."""
        rows = c.screen if phase == "search" else c.select
        vals = [r.get(kpi, absent_value(kpi)) for r in rows]
        missing = sum(v is None for v in vals)
        if missing:
            decision = ", ".join(f"{k} = {v}" for k, v in c.values.items())
            raise SimError(said("err:no_value", kpi=kpi, k=missing, n=len(vals), decision=decision))
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
                best = min(feasible, key=self.rank)
        return rounds

    # ---------------------------------------------------------------- the whole plan

    def plan(self) -> dict[str, Any]:
        """Search, select, and write ``plan.json``, ``runs.csv`` and ``recommended.yaml``."""
        t0 = time.perf_counter()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # "cannot write (...)", as every command says it
            raise _os_error(exc, self.folder) from None
        # one set of worker processes for the whole plan: the selection runs many small
        # batches, and a fresh pool per batch spent more time starting interpreters than
        # simulating (2 min 26 s for the festival example's 119 runs, 71 % of a CPU)
        _keep_earlier_answer(self.folder, self.spec)
        with Workers(int(self.run["jobs"] or 1)) as workers:
            self.run["workers"] = workers
            try:
                self.search()
                self._check_kpis([])  # a goal KPI of a group no search run had: misspelt
                rounds = self.select_rounds()
            finally:
                del self.run["workers"]
        result = self._result(rounds)
        result["wall_s"] = round(time.perf_counter() - t0, 1)
        result["runs_computed"] = self.runs_computed
        _write(self.folder / "plan.json", json_text(result, default=str))
        self._write_runs()
        return result


ANSWER_FILES = ("plan.json", "plan.md", "plan.html", "recommended.yaml", "runs.csv")
"""A plan's answer to its goal, beside the runs (``candidates/``) any goal may reuse."""


def _goal(constraints: Any, objectives: Any) -> str:
    """A goal as its ``plan.json`` keeps it (constraints and objectives), as comparable text."""
    return json.dumps(json.loads(json.dumps([constraints, objectives], default=str)),
                      sort_keys=True)  # fmt: skip


def _keep_earlier_answer(folder: Path, spec: PlanSpec) -> Path | None:
    """Move the answer of an earlier plan to another goal out of the way of this one's.

    A plan's folder is named by its decisions and scenario only, so that a plan of another
    goal reuses the same runs; its answer files then replaced the earlier goal's without a
    word (and removed a ``recommended.yaml`` the new goal does not have). They are moved to
    ``earlier-goals/goal-<hash>/`` instead, and a warning says where. The same goal again (a
    larger ``--budget``, another ``--confidence``) replaces its own answer, as before.
    """
    try:
        earlier = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        theirs = _goal(earlier["constraints"], earlier["objectives"])
    except (OSError, ValueError, KeyError, TypeError):  # none, or not a plan's: nothing to keep
        return None
    mine = _goal([vars(c) for c in spec.constraints], [vars(o) for o in spec.objectives])
    if theirs == mine:
        return None
    kept = folder / "earlier-goals" / f"goal-{hashlib.sha256(theirs.encode()).hexdigest()[:8]}"
    kept.mkdir(parents=True, exist_ok=True)
    for name in ANSWER_FILES:
        if (folder / name).exists():
            (folder / name).replace(kept / name)
    words = [f"{c['kpi']}{c['sense']}{c['bound']:g}" for c in earlier["constraints"]]
    words += [f"{o['sense']}:{o['kpi']}" for o in earlier["objectives"]]
    log.warning(
        "the plan's folder held the answer to another goal (%s); it is kept in %s, and its runs "
        "are reused",
        ", ".join(words),
        kept,
    )
    return kept


def _check_values(spec: PlanSpec) -> None:
    """Every value of every decision, each applied alone to the base scenario, before the
    plan makes its folder: ``--decide logistics.dispatch.rule=fixed,nope`` was refused only
    when the search reached "nope", without naming the decision, after the plan's (empty)
    folder was made."""
    from sim.experiment.plan_spec import _yaml_scalar

    problems: list[str] = []
    defaults = defaults_of(spec.base, spec.source)
    for d in spec.decisions:
        # each problem once, with the values it concerns: a misspelt key fails at every value
        # and was listed once a value, word for word
        failed: dict[str, list[str]] = {}
        for v in d.values:
            item = f"{d.path}={_yaml_scalar(v)}"
            try:
                data = apply_overrides(spec.base, [item], "--decide", defaults=defaults)
                validate_data(data, spec.source)
            except ScenarioError as exc:
                for p in exc.problems:
                    failed.setdefault(p, []).append(_yaml_scalar(v))
        problems.extend(
            p
            if p.startswith("--decide ")  # it names the decision already: no second prefix
            else f"--decide {d.path}={','.join(vs)}: {p}"
            for p, vs in failed.items()
        )
    if problems:
        raise ScenarioError(problems, spec.source)


def itertools_product(decisions: list[Decision]) -> list[dict[str, Any]]:
    """Every combination of the decisions' values, the first decision varying slowest."""
    import itertools

    return [
        dict(zip([d.path for d in decisions], combo))
        for combo in itertools.product(*(d.values for d in decisions))
    ]


def plan(spec: PlanSpec, **kwargs: Any) -> tuple[dict[str, Any], Path]:
    """Run a plan (keyword arguments as :class:`Planner`); returns ``plan.json``'s content and
    the plan's folder."""
    p = Planner(spec, **kwargs)
    return p.plan(), p.folder
