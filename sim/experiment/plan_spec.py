"""What a plan is asked: decisions (scenario key paths and their values), goals (constraints
and objectives over KPIs of ``summary.json``), the budget and the selection's constants, and the
candidates a plan evaluates. Parsed from the command line's ``--decide`` and ``--goal``; every bad
item is listed at once. Used by :mod:`sim.experiment.planning`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import yaml

from sim.errors import ScenarioError, UsageError
from sim.experiment.selection import Constraint
from sim.experiment.statistics import flatten
from sim.output.glossary import is_share
from sim.output.saying import said
from sim.scenario import Scenario
from sim.scenario.overrides import parse_value

SCHEMA_VERSION = 1

SEED_NOT_A_PARAMETER = (
    "{opt} seed: every point (or candidate) runs the same seeds, spawned from one root "
    "(common random numbers), so points that differ only in their seed would come out the "
    "same; set the root with --seed, or run more seeds with --replications"
)
"""Why ``seed`` can be neither swept nor decided."""


DERIVED = {
    "rail_departures": "departures of every rail line from Yiwu (sea feeders and sailings not "
    "counted)",
}
"""KPIs a goal may name beside the flat keys of summary.json."""


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
        raise ScenarioError([said("err:not_number", what=what, value=text.strip())], "--decide")
    if isinstance(value, float) and not math.isfinite(value):  # .nan, .inf: no range
        raise ScenarioError([said("err:not_finite", what=what, value=text.strip())], "--decide")
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
            problems.append(said("err:decide_form", item=item))
            continue
        if key == "seed":  # every candidate runs the plan's seeds: "Seed: 1" is no decision
            problems.append(SEED_NOT_A_PARAMETER.format(opt="--decide"))
            continue
        try:
            if ".." in raw:
                span, _, step_text = raw.partition(":")
                lo_text, _, hi_text = span.partition("..")
                lo, hi = _number(lo_text, what), _number(hi_text, what)
                step = _number(step_text, what) if step_text else 1
                if step <= 0 or hi < lo:
                    raise ScenarioError(
                        [said("err:range_form", what=what, value=raw[:80])], "--decide"
                    )
                try:  # a float overflow (1e300 / 1e-300) or an int beyond a float
                    span_steps = (hi - lo) / step
                except OverflowError:
                    span_steps = math.inf
                if not math.isfinite(span_steps) or span_steps > 1000:
                    raise ScenarioError(
                        [said("err:decide_more", what=what, value=raw[:80])], "--decide"
                    )
                count = math.floor(span_steps + 1e-9) + 1
                if count > 1000:
                    raise ScenarioError(
                        [said("err:too_many_values", what=what, count=count)], "--decide"
                    )
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
        twice = value_twice(values, repr)
        if twice is not None:
            problems.append(said("err:value_twice", what=what, value=twice))
        if any(d.path == key for d in out):
            problems.append(said("err:given_twice", what=what))
        out.append(Decision(key, tuple(values)))
    if problems:
        raise ScenarioError(problems, "--decide")
    if not out:
        raise ScenarioError([said("err:need_decide")], "--decide")
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
            problems.append(said("err:goal_form", goal=text[:80]))
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
        if not math.isfinite(bound):
            problems.append(said("err:goal_bound", kpi=m.group(1), value=m.group(3).strip()))
            continue
        if is_share(m.group(1)) and not 0 <= bound <= 1:
            # a percentage for a fraction (>=90) ran the whole budget to "no decision meets"
            problems.append(said("err:goal_share", kpi=m.group(1), value=m.group(3).strip()))
            continue
        if not math.isfinite(tol) or tol <= 0:
            problems.append(said("err:goal_tol", kpi=m.group(1), tol=tol))
        constraints.append(Constraint(m.group(1), m.group(2), bound, tol))
    if not objectives and not problems:
        problems.append(said("err:goal_objective"))
    if len(objectives) > 2:
        problems.append(said("err:goal_two"))
    infinite = [p for p in problems if "finite" in p]
    if len(infinite) == 1:  # one line: a NaN or infinite bound would make every guarantee void
        raise UsageError(infinite[0])
    if infinite:
        raise UsageError("; ".join(infinite))
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
    sets: list[str] = field(default_factory=list)
    """The plan's own ``--set`` options (``--policy`` and ``--days`` as the ``--set`` they
    make), already in ``base``: kept in ``plan.json``, so that the command that runs the
    recommendation from ``source`` gives them too (without them it ran another scenario)."""

    def check(self) -> None:
        """Refuse options no plan can run with, each in words the command line says again in
        the reader's language (``--budget 12 is too small ...`` was English under
        ``--lang zh``)."""
        problems = []
        if not 0.5 <= self.pcs < 1:  # NaN fails this too
            problems.append(said("err:plan_confidence", value=self.pcs))
        if self.screen_replications < 1:
            problems.append(said("err:plan_screen"))
        if self.first_stage < 2:
            problems.append(said("err:plan_first_stage"))
        if self.contenders < 1:
            problems.append(said("err:plan_contenders"))
        if self.delta is not None and not (math.isfinite(self.delta) and self.delta > 0):
            problems.append(said("err:plan_indifference", value=self.delta))
        if self.budget < self.screen_replications + self.first_stage:
            problems.append(
                said(
                    "err:plan_budget",
                    budget=self.budget,
                    screen=self.screen_replications,
                    first=self.first_stage,
                )
            )
        if problems:  # one message: the problems joined, each said in the reader's language
            joined = problems[0]
            for more in problems[1:]:
                joined = said("err:and", a=joined, b=more)
            raise UsageError(joined)


def value_twice(values: Sequence[Any], same: Callable[[Any], Any]) -> str | None:
    """The first of ``values`` given twice (as ``same`` tells them apart: a sweep's 1 and 1.0
    are one number of trains), as written, or None: the message names it."""
    seen = set()
    for v in values:
        if same(v) in seen:
            return str(v)
        seen.add(same(v))
    return None
