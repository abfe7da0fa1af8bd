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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.errors import ScenarioError, SimError, UsageError
from sim.experiment.runs import Task, execute
from sim.experiment.selection import Constraint, Procedure, lower_bound, pareto_front, run_rounds
from sim.experiment.statistics import flatten, interval
from sim.output.results import json_text
from sim.scenario import Scenario, apply_overrides
from sim.scenario.yaml_io import parse_value
from sim.world.inputs import validate_data
from sim.world.random_streams import replication_seeds

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DERIVED = {
    "rail_departures": "departures of every rail line from Yiwu (sea feeders and sailings not "
    "counted)",
}
"""KPIs a goal may name beside the flat keys of summary.json."""


# --------------------------------------------------------------------------- decisions and goals


@dataclass(frozen=True)
class Decision:
    """A scenario key path and the values it may take, in order (smallest first)."""

    path: str
    values: tuple[Any, ...]

    @property
    def ordered(self) -> bool:
        """Numeric values: the search may treat them as an ordered integer index."""
        return all(isinstance(v, int | float) and not isinstance(v, bool) for v in self.values)


def _number(text: str, what: str) -> float | int:
    value = parse_value(text.strip(), what)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError([f"{what}: {text.strip()!r} is not a number"], "--decide")
    if isinstance(value, float) and not math.isfinite(value):  # .nan, .inf: no range
        raise ScenarioError([f"{what}: {text.strip()!r} is not a finite number"], "--decide")
    return value


def parse_decide(items: Iterable[str]) -> list[Decision]:
    """``key.path=lo..hi`` (integers), ``key.path=lo..hi:step`` or ``key.path=v1,v2,...``."""
    out: list[Decision] = []
    problems: list[str] = []
    for item in items:
        key, sep, raw = item.partition("=")
        key, raw = key.strip(), raw.strip()
        what = f"--decide {key[:80]}"
        if not sep or not key or not raw:
            problems.append(f"--decide {item!r}: expected key.path=lo..hi[:step] or v1,v2,...")
            continue
        try:
            if ".." in raw:
                span, _, step_text = raw.partition(":")
                lo_text, _, hi_text = span.partition("..")
                lo, hi = _number(lo_text, what), _number(hi_text, what)
                step = _number(step_text, what) if step_text else 1
                if step <= 0 or hi < lo:
                    raise ScenarioError([f"{what}: need lo <= hi and a positive step"], "--decide")
                try:  # a float overflow (1e300 / 1e-300) or an int beyond a float
                    span_steps = (hi - lo) / step
                except OverflowError:
                    span_steps = math.inf
                if not math.isfinite(span_steps) or span_steps > 1000:
                    raise ScenarioError([f"{what}: more than 1000 values"], "--decide")
                count = math.floor(span_steps + 1e-9) + 1
                if count > 1000:
                    raise ScenarioError([f"{what}: {count} values; at most 1000"], "--decide")
                values: list[Any] = [lo + k * step for k in range(count)]
                if all(isinstance(x, int) for x in (lo, hi, step)):
                    values = [int(v) for v in values]
                else:  # 0.1 steps: no 0.30000000000000004 in a scenario file
                    values = [round(float(v), 10) for v in values]
            else:
                values = [parse_value(v.strip(), what) for v in raw.split(",")]
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        if len(set(map(repr, values))) != len(values):
            problems.append(f"{what}: a value is given twice")
        if any(d.path == key for d in out):
            problems.append(f"{what}: given twice")
        out.append(Decision(key, tuple(values)))
    if problems:
        raise ScenarioError(problems, "--decide")
    if not out:
        raise ScenarioError(["plan needs at least one --decide key.path=values"], "--decide")
    return out


@dataclass(frozen=True)
class Objective:
    """Minimise or maximise a KPI."""

    kpi: str
    sense: str  # "min" or "max"

    def to_min(self, values: np.ndarray) -> np.ndarray:
        return values if self.sense == "min" else -values


_CONSTRAINT = re.compile(r"^\s*([\w.:-]+)\s*(>=|<=)\s*([^,]+?)\s*(?:,\s*tol\s*=\s*(.+))?$")


def parse_goal(items: Iterable[str]) -> tuple[list[Constraint], list[Objective]]:
    """``min:KPI`` / ``max:KPI`` (objectives; the first is the one selected on) and
    ``KPI>=q`` / ``KPI<=q`` with an optional ``,tol=ε`` (constraints; the default tolerance is
    1 % of ``|q|``, or 0.01 when ``q`` is 0)."""
    constraints: list[Constraint] = []
    objectives: list[Objective] = []
    problems: list[str] = []
    for item in items:
        text = item.strip()
        head, sep, kpi = text.partition(":")
        if sep and head in ("min", "max") and re.fullmatch(r"[\w.:-]+", kpi.strip()):
            objectives.append(Objective(kpi.strip(), head))
            continue
        m = _CONSTRAINT.match(text)
        if not m:
            problems.append(
                f"--goal {text[:80]!r}: expected min:KPI, max:KPI, KPI>=q or KPI<=q "
                "(optionally ,tol=0.01)"
            )
            continue
        try:
            bound = float(_number(m.group(3), f"--goal {m.group(1)}"))
            tol = (
                float(_number(m.group(4), f"--goal {m.group(1)} tol"))
                if m.group(4)
                else (0.01 * abs(bound) or 0.01)
            )
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        if tol <= 0:
            problems.append(f"--goal {m.group(1)}: tol must be positive")
        constraints.append(Constraint(m.group(1), m.group(2), bound, tol))
    if not objectives and not problems:
        problems.append("plan needs an objective: --goal min:KPI or --goal max:KPI")
    if len(objectives) > 2:
        problems.append("plan takes one or two objectives (two give a Pareto front)")
    if problems:
        raise ScenarioError(problems, "--goal")
    return constraints, objectives


def kpis_of(summary: dict[str, Any]) -> dict[str, float | None]:
    """The flat KPIs of a summary plus the derived ones (:data:`DERIVED`)."""
    flat = flatten(summary)
    lines = summary.get("lines", {})
    flat["rail_departures"] = float(
        sum(v.get("departures", 0) for k, v in lines.items() if ":" not in k)
    )
    return flat


# --------------------------------------------------------------------------- the plan


@dataclass
class Candidate:
    """One decision: its values, the scenario they make and its replications."""

    id: str
    values: dict[str, Any]
    scenario: Scenario
    data: dict[str, Any]
    screen: list[dict[str, float | None]] = field(default_factory=list)
    select: list[dict[str, float | None]] = field(default_factory=list)
    origin: str = "search"

    def overrides(self) -> list[str]:
        return [f"{k}={_yaml_scalar(v)}" for k, v in self.values.items()]


def _yaml_scalar(v: Any) -> str:
    return str(yaml.safe_dump(v, default_flow_style=True).strip().removesuffix("\n..."))


@dataclass
class PlanSpec:
    """Everything that defines a plan (besides where the runs go)."""

    base: dict[str, Any]
    decisions: list[Decision]
    constraints: list[Constraint]
    objectives: list[Objective]
    budget: int = 60
    pcs: float = 0.95
    screen_replications: int = 3
    first_stage: int = 5
    contenders: int = 5
    batch: int = 4
    delta: float | None = None
    source: str = "scenario"

    def check(self) -> None:
        problems = []
        if not 0.5 <= self.pcs < 1:
            problems.append(f"--confidence must be in [0.5, 1), got {self.pcs}")
        if self.screen_replications < 1:
            problems.append("--screen-replications must be at least 1")
        if self.first_stage < 2:
            problems.append("--first-stage must be at least 2 (KN needs a variance)")
        if self.contenders < 1:
            problems.append("--contenders must be at least 1")
        if self.delta is not None and not 0 < self.delta < math.inf:  # NaN fails too
            problems.append(f"--indifference must be a positive number, got {self.delta}")
        if self.budget < self.screen_replications + self.first_stage:
            problems.append(
                f"--budget {self.budget} is too small: one candidate needs "
                f"{self.screen_replications} search and {self.first_stage} selection runs"
            )
        if problems:
            raise UsageError("; ".join(problems))


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

    def contenders(self) -> list[Candidate]:
        """Plausibly feasible candidates (each constraint's 95 % interval reaches its bound)
        by objective, then the least infeasible ones, up to ``contenders``."""
        spec = self.spec
        screened = [c for c in self.candidates.values() if len(c.screen) >= 1]
        obj = spec.objectives[0]

        def score(c: Candidate) -> tuple[int, float, float, str]:
            worst = 0.0
            for con in spec.constraints:
                v = self.values(c, con.kpi, "search")
                iv = interval(v.tolist())
                hw = iv["half_width"] or 0.0
                worst = min(worst, float(con.slack(np.asarray([v.mean()]))[0] + hw))
            o = float(obj.to_min(self.values(c, obj.kpi, "search")).mean())
            return (0 if worst >= 0 else 1, -worst, o, c.id)

        ranked = sorted(screened, key=score)
        # the least infeasible only when nothing is plausibly feasible: spending the selection
        # on candidates the search already rules out buys nothing
        plausible = [c for c in ranked if score(c)[0] == 0]
        return (plausible or ranked)[: spec.contenders]

    def select(self, chosen: list[Candidate]) -> tuple[Any, Procedure]:
        spec = self.spec
        n = spec.screen_replications
        obj = spec.objectives[0]
        ids = [c.id for c in chosen]
        delta = spec.delta
        if delta is None:  # 1 % of the objective's size; a deterministic count gets 0.5
            best = min(abs(float(self.values(c, obj.kpi, "search").mean())) for c in chosen)
            delta = max(0.01 * best, 1e-9)
            if obj.kpi == "rail_departures":
                delta = 0.5
        proc = Procedure(spec.pcs, spec.first_stage, delta, tuple(spec.constraints), len(ids))
        if len(ids) > 0:
            self._simulate(
                [
                    (c, n + i)
                    for c in chosen
                    for i in range(spec.first_stage)
                    if len(c.select) <= i or not c.select[i]
                ],
                "selection",
            )
        while True:
            state = run_rounds(
                proc,
                ids,
                {c.id: obj.to_min(self.values(c, obj.kpi, "selection")) for c in chosen},
                {
                    c.id: {k.kpi: self.values(c, k.kpi, "selection") for k in spec.constraints}
                    for c in chosen
                },
            )
            if state.done:
                return state, proc
            alive = [c for c in chosen if c.id in state.alive()]
            if self.runs_used + len(alive) > spec.budget:
                return state, proc
            # a round of one replication per contender keeps KN's checks at every r; with more
            # workers than contenders a round takes several (KN's checks then skip some r,
            # which only delays eliminations: the guarantee holds)
            step = max(1, int(self.run["jobs"] or 1) // max(1, len(alive)))
            step = min(step, (spec.budget - self.runs_used) // max(1, len(alive)))
            r = state.r
            self._simulate([(c, n + r + j) for c in alive for j in range(step)], "selection")

    # ---------------------------------------------------------------- the whole plan

    def plan(self) -> dict[str, Any]:
        """Search, select, and write ``plan.json``, ``runs.csv`` and ``recommended.yaml``."""
        t0 = time.perf_counter()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.search()
        chosen = self.contenders()
        state, proc = self.select(chosen)
        result = self._result(chosen, state, proc)
        result["wall_s"] = round(time.perf_counter() - t0, 1)
        _write(self.folder / "plan.json", json_text(result, default=str))
        self._write_runs()
        return result

    def _result(self, chosen: list[Candidate], state: Any, proc: Procedure) -> dict[str, Any]:
        spec = self.spec
        obj = spec.objectives[0]
        sel_ids = {c.id for c in chosen}
        alive = state.alive()
        selected = state.selected
        guaranteed = selected is not None
        if selected is None and alive:  # the budget ended first: the best mean so far among
            # those declared feasible, else among those whose means meet every constraint
            pool = [i for i in alive if state.feasible.get(i) is True] or [
                i for i in alive if self._meets_on_means(self.candidates[i])
            ]
            if pool:
                selected = min(
                    pool,
                    key=lambda i: float(
                        obj.to_min(self.values(self.candidates[i], obj.kpi, "selection")).mean()
                    ),
                )
        candidates = []
        for c in self.candidates.values():
            if not c.screen and not c.select:  # proposed when the budget had no room left
                continue
            entry: dict[str, Any] = {
                "id": c.id,
                "decision": c.values,
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
            entry["role"] = (
                "recommended" if c.id == selected else "contender" if c.id in sel_ids else "search"
            )
            entry["why"] = self._why(c, state, sel_ids, selected)
            candidates.append(entry)
        candidates.sort(
            key=lambda e: (["recommended", "contender", "search"].index(e["role"]), e["id"])
        )
        rec = self.candidates.get(selected) if selected else None
        result: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.name,
            "source": spec.source,
            "root_seed": self.root,
            "decisions": [{"path": d.path, "values": list(d.values)} for d in spec.decisions],
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
                "indifference_zone": proc.delta,
                "tolerances": {c.kpi: c.tolerance for c in spec.constraints},
                "contenders": [c.id for c in chosen],
                "guaranteed": guaranteed,
                "state": state.to_json(),
            },
            "recommended": None,
            "candidates": candidates,
            "tradeoff": self._tradeoff(),
        }
        if rec is not None:
            result["recommended"] = {
                "id": rec.id,
                "decision": rec.values,
                "overrides": rec.overrides(),
                "feasible": state.feasible.get(rec.id),
                "scenario_file": "recommended.yaml",
            }
            self._write_recommended(rec, guaranteed)
        return result

    def _meets_on_means(self, c: Candidate) -> bool:
        return all(
            float(con.slack(np.asarray([self.values(c, con.kpi, "selection").mean()]))[0]) >= 0
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

    def _why(self, c: Candidate, state: Any, sel_ids: set[str], selected: str | None) -> str:
        if c.id == selected:
            return "selected" if state.selected else "best mean when the budget ended"
        if c.id not in sel_ids:
            return "not among the contenders after the search"
        if c.id in state.infeasible_at:
            kpi, r = state.infeasible_at[c.id]
            return f"fails {kpi} (declared after {r} selection runs)"
        if c.id in state.eliminated_by:
            by, r = state.eliminated_by[c.id]
            other = ", ".join(f"{k} = {v}" for k, v in self.candidates[by].values.items())
            return (
                f"{self.spec.objectives[0].kpi} worse than with {other} (which meets the goal) "
                f"by more than the indifference zone, after {r} selection runs"
            )
        return "still undecided when the budget ended"

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
            pts[c.id] = (x if x_min else -x, y if y_min else -y)
        front = pareto_front(pts)
        return {
            "x": x_kpi,
            "y": y_kpi,
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
        from sim.scenario.yaml_write import keep_comments, scenario_source

        plain = yaml.safe_dump(rec.data, sort_keys=False, allow_unicode=True)
        source = scenario_source(self.spec.source)  # the base file's comments are kept
        text = "\n".join(lines) + "\n" + keep_comments(source.text if source else None, plain)
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
        _write(self.folder / "candidates.json", json_text(state, default=str))

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
