"""The inputs of a sensitivity analysis: the model's estimated assumptions, with ranges.

Every figure in a scenario is sourced (S), derived (D) or estimated (E); a referee's first
question of a model full of estimates is which of them drive the answer. The estimates are found
where they are recorded:

- in the scenario schema, whose field descriptions mark an estimate with ``E`` ("Trains served
  at the same time (E)."): every such number of the *resolved* scenario (defaults and network
  data filled in) is one;
- in the shipped scenario and network data, where the basis column or comment says ``E`` but
  the schema cannot (line frequencies in ``lines.csv``, fair multipliers, online orders, the
  surge after a border reopens): :data:`RECORDED` lists them.

A field that applies only under another policy ("With 'ramp': ...") is left out when the
scenario does not use that policy: varying it would do nothing by construction.

All the numbers behind one field form one input (the servers of every border crossing, the stock
of every goods category): an :class:`Input` multiplies each of them by one factor, so the
analysis asks "does the estimate of border servers matter?" rather than spending runs on
fourteen crossings one by one. An estimate's recorded basis states no interval, so its range is
the convention :data:`ESTIMATE_RANGE` (±25 % of its value); ``--vary key.path=LO..HI`` declares
any scenario key with a range of its own instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from sim.errors import ScenarioError
from sim.experiment.plan_spec import SEED_NOT_A_PARAMETER
from sim.scenario import Scenario
from sim.scenario.distributions import _Spec
from sim.scenario.overrides import parse_value
from sim.world.network import Network

ESTIMATE_RANGE = 0.25
"""Half-width of an estimate's default range, relative to its value (factor 0.75 .. 1.25)."""

RECORDED: dict[str, str] = {
    "logistics.lines.*.trains_per_week": "E in lines.csv (frequency_basis: sized to the default "
    "demand at about 80 % load)",
    "calendar.fairs.*.buyer_multiplier": "E in the scenario file (fair dates S)",
    "online.orders_per_day": "E in the scenario file",
    "disruptions.*.surge_factor": "E in the scenario file (extra shifts after a reopening)",
    "disruptions.*.expected_days": "E in the scenario file (how much longer a disruption is "
    "expected to last until its end is told)",
}
"""Estimates the schema cannot mark (their basis is in the data or the scenario file)."""

OUTSIDE_DYNAMICS = {
    "logistics.costs",
    "market.categories.*.value_cny_per_teu",
    "logistics.repositioning.empty_rail_usd_per_teu",
    "logistics.repositioning.empty_sea_usd_per_teu",
    "logistics.repositioning.lease_usd_per_teu",
}
"""Estimates that enter only the freight cost and the goods' value, worked out from the tables
after the run: no KPI of flow or time can depend on them, so they are not default inputs
(``--vary`` declares them for a cost KPI)."""

INACTIVE: dict[str, Any] = {
    "logistics.consolidation.rollover.switch_h": lambda sc: (
        sc.logistics.consolidation.rollover.rule == "next_departure"
    ),
    "market.production.overtime_backlog_days": lambda sc: sc.market.production.overtime_share == 0,
}
"""Estimates of a policy the scenario does not use although their descriptions cannot say so
(the roll-over's re-booking time without a roll-over to sea; the overtime trigger without
overtime)."""

FIXED_POLICY_SECTIONS = ("logistics.dispatch", "logistics.sailings")
"""Policy sections whose every parameter belongs to a rule other than ``fixed`` (the published
timetable, the published sailings): with ``rule: fixed`` none of them can move a run."""

_ESTIMATE = re.compile(r"\bE\b")
_ONLY_WITH = re.compile(r"^With (?:rule )?(.*?):")


DECLARED = "declared with --vary"
"""The basis of an input declared on the command line (``--vary key=LO..HI``)."""


@dataclass(frozen=True)
class Input:
    """One input of a sensitivity analysis.

    ``scale="factor"``: the sampled value multiplies each scenario value in ``base`` (at its
    key in ``paths``); ``scale="value"``: the sampled value is set at the one key in ``paths``.
    ``integer`` rounds what is set; ``bounds`` clips it to what the schema allows.
    """

    name: str
    paths: tuple[str, ...]
    low: float
    high: float
    basis: str
    scale: str = "value"
    base: tuple[float, ...] = ()
    integer: bool = False
    bounds: tuple[float, float] = (-math.inf, math.inf)

    def values(self, x: float) -> list[float | int]:
        """What each key is set to when this input takes the value ``x``."""
        raw = [b * x for b in self.base] if self.scale == "factor" else [x]
        lo, hi = self.bounds
        out: list[float | int] = []
        for v in raw:
            v = min(max(v, lo), hi)
            if self.integer:
                n = round(v)
                out.append(max(n, math.ceil(lo)) if math.isfinite(lo) else n)
            else:
                out.append(float(f"{v:.6g}"))
        return out

    def overrides(self, x: float) -> list[str]:
        """``key.path=value`` overrides for the sampled value ``x``."""
        return [f"{p}={v}" for p, v in zip(self.paths, self.values(x), strict=True)]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "low": self.low, "high": self.high, "scale": self.scale,
                "keys": list(self.paths), "base": list(self.base), "integer": self.integer,
                "basis": self.basis}  # fmt: skip


# --------------------------------------------------------------------------- the estimates


def _bounds(info: Any) -> tuple[float, float]:
    """The schema's numeric limits of a field (ge/gt/le/lt), as a closed interval."""
    lo, hi = -math.inf, math.inf
    for m in getattr(info, "metadata", []):
        for attr in ("ge", "gt"):
            if getattr(m, attr, None) is not None:
                lo = max(lo, float(getattr(m, attr)) + (1e-9 if attr == "gt" else 0.0))
        for attr in ("le", "lt"):
            if getattr(m, attr, None) is not None:
                hi = min(hi, float(getattr(m, attr)) - (1e-9 if attr == "lt" else 0.0))
    return lo, hi


def _applies(model: BaseModel, description: str) -> bool:
    """False for a parameter of a policy the scenario does not use (``With 'ramp': ...``)."""
    m = _ONLY_WITH.match(description)
    if not m or not hasattr(model, "rule"):
        return True
    return str(model.rule) in re.findall(r"'([\w.:]+)'", m.group(1))


def _leaves(
    node: Any, path: str, pattern: str, bounds: tuple[float, float], basis: str | None
) -> Iterator[tuple[str, str, float, bool, tuple[float, float], str]]:
    """(key path, pattern, value, is integer, bounds, basis) of every estimated number below
    ``node``; ``basis`` is set when an enclosing field is itself marked an estimate."""
    if isinstance(node, _Spec):  # a distribution: its mean (a triangular: all three points)
        if basis is None:
            return
        dumped = node.model_dump(by_alias=True)
        keys = [k for k in ("mean", "low", "mode", "high") if k in dumped]
        if "mean" in keys:
            keys = ["mean"]
        for k in keys:  # one input per distribution: its points move together
            yield f"{path}.{k}", pattern, float(dumped[k]), False, (0.0, math.inf), basis
        return
    if isinstance(node, BaseModel):  # a field's own description marks it, not its container's
        for name, info in type(node).model_fields.items():
            key = info.alias or name
            desc = info.description or ""
            value = getattr(node, name)
            own = basis
            if _ESTIMATE.search(desc):
                if not _applies(node, desc):
                    continue
                own = desc
            if f"{pattern}.{key}".lstrip(".") in OUTSIDE_DYNAMICS:
                continue
            yield from _leaves(value, f"{path}.{key}".lstrip("."), f"{pattern}.{key}".lstrip("."),
                               _bounds(info), own)  # fmt: skip
        return
    if isinstance(node, dict):
        for k, v in node.items():
            inner = None if isinstance(v, BaseModel) else basis
            yield from _leaves(v, f"{path}.{k}", f"{pattern}.*", bounds, inner)
        return
    if isinstance(node, list | tuple):
        if node and all(isinstance(v, BaseModel) for v in node):
            for i, v in enumerate(node):
                yield from _leaves(v, f"{path}.{i}", f"{pattern}.*", bounds, None)
        return  # a list of numbers (a monthly profile) is a shape, not one estimate
    if isinstance(node, bool) or not isinstance(node, int | float) or basis is None:
        return
    yield path, pattern, float(node), isinstance(node, int), bounds, basis


def _recorded(
    resolved: Scenario,
) -> Iterator[tuple[str, str, float, bool, tuple[float, float], str]]:
    """The estimates in :data:`RECORDED` present in the resolved scenario."""
    data = resolved.model_dump(mode="json", by_alias=True)
    for pattern, basis in RECORDED.items():
        for path, value in _match(data, pattern.split("."), ""):
            if isinstance(value, int | float) and not isinstance(value, bool):
                lo = 1.0 if pattern.endswith("surge_factor") else 0.0
                yield path, pattern, float(value), False, (lo, math.inf), basis


def _match(node: Any, parts: list[str], path: str) -> Iterator[tuple[str, Any]]:
    if not parts:
        yield path.lstrip("."), node
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        items = node.items() if isinstance(node, dict) else enumerate(node or [])
        for k, v in items:
            yield from _match(v, rest, f"{path}.{k}")
    elif isinstance(node, dict) and node.get(head) is not None:
        yield from _match(node[head], rest, f"{path}.{head}")


def _unused_section(resolved: Scenario, pattern: str) -> bool:
    """Whether ``pattern`` is a parameter of a policy section left at ``rule: fixed``."""
    for section in FIXED_POLICY_SECTIONS:
        if pattern.startswith(section + "."):
            node: Any = resolved
            for part in section.split("."):
                node = getattr(node, part, None)
            return getattr(node, "rule", None) == "fixed"
    return False


def estimated_inputs(resolved: Scenario, net: Network | None = None) -> list[Input]:
    """One factor input per estimated field of the resolved scenario (module docstring).

    Fields whose every value is zero are left out (a factor cannot move them), as are line
    frequencies that the scenario sets itself (those are its decisions, not the data's
    estimates) when ``net`` is given and the scenario file named the line.
    """
    groups: dict[str, list[tuple[str, float, bool, tuple[float, float], str]]] = {}
    for path, pattern, value, integer, bounds, basis in [*_leaves(resolved, "", "", (0, 0), None),
                                                        *_recorded(resolved)]:  # fmt: skip
        if pattern.startswith(("reporting.", "seed", "scale")):
            continue
        if pattern in INACTIVE and INACTIVE[pattern](resolved):
            continue
        if _unused_section(resolved, pattern):
            continue
        groups.setdefault(pattern, []).append((path, value, integer, bounds, basis))
    out = []
    for pattern, items in groups.items():
        items = [it for it in items if it[1] != 0]
        if not items:
            continue
        lo = max(b[0] for _, _, _, b, _ in items)
        hi = min(b[1] for _, _, _, b, _ in items)
        basis = re.sub(r"\s+", " ", items[0][4]).strip()
        out.append(
            Input(
                name=pattern,
                paths=tuple(p for p, *_ in items),
                low=1 - ESTIMATE_RANGE,
                high=1 + ESTIMATE_RANGE,
                basis=basis if basis.startswith(("E:", "E ")) else f"E: {basis}",
                scale="factor",
                base=tuple(v for _, v, *_ in items),
                integer=all(i for _, _, i, _, _ in items),
                bounds=(lo, hi),
            )
        )
    return sorted(out, key=lambda i: i.name)


# --------------------------------------------------------------------------- declared inputs


def parse_inputs(items: Iterable[str]) -> list[Input]:
    """``key.path=LO..HI`` (or ``key.path=LO,HI``) -> inputs set to a value in that range;
    ``key.path=*LO..HI`` multiplies the scenario's value by a factor in that range instead."""
    out: list[Input] = []
    problems: list[str] = []
    for item in items:
        key, sep, raw = item.partition("=")
        key, raw = key.strip(), raw.strip()
        factor = raw.startswith("*")
        parts = re.split(r"\.\.|,", raw.lstrip("*"))
        shown = f"--vary {item[:80]!r}"
        if not sep or not key or len(parts) != 2:
            problems.append(f"{shown}: expected key.path=LO..HI (or key.path=*LO..HI, a factor)")
            continue
        if key == "seed":  # every point runs the common seeds: its "effect" would read as 0
            problems.append(SEED_NOT_A_PARAMETER.format(opt="--vary"))
            continue
        try:
            lo, hi = (parse_value(p.strip(), f"--vary {key[:80]}") for p in parts)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lo, hi))
        if numbers and not all(math.isfinite(v) for v in (lo, hi)):  # 1e999 reads as inf
            problems.append(f"{shown}: LO and HI must be finite numbers, got {lo!r}, {hi!r}")
            continue
        if not numbers or not lo < hi:
            problems.append(f"{shown}: LO and HI must be numbers with LO < HI, got {lo!r}, {hi!r}")
            continue
        if any(i.name == key for i in out):
            problems.append(f"{shown}: {key} given twice")
            continue
        integer = isinstance(lo, int) and isinstance(hi, int) and not factor
        out.append(Input(key, (key,), float(lo), float(hi), DECLARED,
                         "factor" if factor else "value", integer=integer))  # fmt: skip
    if problems:
        raise ScenarioError(problems, "--vary")
    return out


def with_base(inputs: list[Input], resolved: Scenario) -> list[Input]:
    """Factor inputs declared with ``--vary key=*LO..HI`` get the scenario's value as base."""
    from sim.output.saying import said

    data = resolved.model_dump(mode="json", by_alias=True)
    out: list[Input] = []
    problems: list[str] = []
    for i in inputs:
        if i.scale != "factor" or i.base:
            found = list(_match(data, i.paths[0].split("."), "")) if i.paths else []
            words = [v for _, v in found if isinstance(v, str | bool | list | dict)]
            if i.scale == "value" and len(found) == 1 and words:
                # a policy's name, a date, a list: one problem, not "Input should be a valid
                # string (got 1)" once for LO and once for HI
                value = words[0]
                shown = str(value).lower() if isinstance(value, bool) else repr(value)
                problems.append(said("res:sens_not_number", name=i.name, value=shown[:60]))
                continue
            out.append(i)
            continue
        found = list(_match(data, i.paths[0].split("."), ""))
        if (
            len(found) != 1
            or isinstance(found[0][1], bool)
            or not isinstance(found[0][1], int | float)
        ):
            problems.append(f"--vary {i.name}: a factor needs a number at that key in the scenario")
            continue
        out.append(Input(i.name, i.paths, i.low, i.high, i.basis, "factor", (float(found[0][1]),),
                         isinstance(found[0][1], int), (0.0, math.inf)))  # fmt: skip
    if problems:
        raise ScenarioError(problems, "--vary")
    return out
