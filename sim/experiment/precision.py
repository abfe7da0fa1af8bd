"""Replications to a stated precision: run until every named KPI's 95 % interval is tight enough.

How many replications are enough? Fixing the number in advance is a guess; the sequential
procedure of Law and Kelton (*Simulation Modeling and Analysis*, "a sequential procedure" for
a relative precision) answers it from the data: after each replication, compute every named
KPI's Student-t half-width relative to its mean, and stop when it is at most the target
(``--precision lead_time_days.overall.mean=0.02``: the half-width within 2 % of the mean).

A small sample can show a spuriously small variance and stop too early. Hoad, Robinson and
Davies (2010, "Automated selection of the number of replications for a discrete-event
simulation", *J. Oper. Res. Soc.* 61) therefore look ahead: the criterion must hold at ``n``
and go on holding for ``lookahead`` more replications (their ``kLimit``, 5) before ``n`` is
accepted. The procedure starts from ``min_replications`` and gives up at
``max_replications``, saying so.

In a comparison or a sweep every scenario (or grid point) runs with the same seeds, so the
replications stay paired (common random numbers): the criterion must hold for every scenario
at the same ``n``, and all of them get the same number of runs.

The stopping point does not depend on how many workers run the replications: each step runs
exactly the number of further replications that could end the procedure, never more.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.errors import ScenarioError, UsageError
from sim.experiment.statistics import complete, flatten, interval
from sim.output.saying import said

LOOKAHEAD = 5
"""Replications the criterion must go on holding for (Hoad, Robinson and Davies' kLimit for
up to 100 replications)."""


@dataclass(frozen=True)
class Precision:
    """What "precise enough" means: KPI -> largest relative 95 % half-width."""

    targets: dict[str, float]
    min_replications: int = 5
    max_replications: int = 100
    lookahead: int = LOOKAHEAD

    def __post_init__(self) -> None:
        if self.min_replications < 2:
            raise UsageError(said("err:min_reps", n=self.min_replications))
        if self.max_replications < self.min_replications + self.lookahead:
            raise UsageError(said("err:max_reps", max=self.max_replications,
                                  min=self.min_replications, ahead=self.lookahead))  # fmt: skip


def parse_precision(items: Iterable[str]) -> dict[str, float]:
    """``KPI=relative_half_width`` items -> ``{kpi: target}``; every bad item listed at once."""
    out: dict[str, float] = {}
    problems = []
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not sep or not key:
            problems.append(said("err:precision_form", item=item[:80]))
        elif not (0 < value < 1):
            problems.append(said("err:precision_value", kpi=key[:80], value=raw[:20]))
        elif key in out:
            problems.append(said("err:given_twice", what=f"--precision {key[:80]}"))
        else:
            out[key] = value
    if problems:
        raise ScenarioError(problems, "--precision")
    return out


def relative_half_width(values: Sequence[float | None]) -> float:
    """The 95 % Student-t half-width over the mean's magnitude (inf without an interval, or
    around a zero mean with any spread)."""
    iv = interval(values)
    hw, mean = iv["half_width"], iv["mean"]
    if hw is None or mean is None:
        return math.inf
    if hw == 0:
        return 0.0
    return math.inf if mean == 0 else hw / abs(mean)


GROUPS = {"by_mode", "by_destination", "by_category", "lines", "borders", "held_at_end",
          "queued_at_end", "by_line", "added_by_line", "cancelled_by_line"}  # fmt: skip
"""Keys of ``summary.json`` whose children are groups (modes, destinations, lines, crossings)
that a run has only when it had some of them."""


def _members(kpi: str, known: set[str]) -> list[str]:
    """The groups ``kpi`` names at each place where it has the shape of a known KPI of
    another group of the same kind (``sea`` of ``by_mode.sea.mean`` beside a known
    ``by_mode.rail.mean``); none when it has no such shape."""
    parts = kpi.split(".")
    shapes = {
        (len(p), tuple(p[:i]), tuple(p[i + 1 :]))
        for p in (k.split(".") for k in known)
        for i in range(1, len(p))
        if p[i - 1] in GROUPS
    }
    return [
        parts[i]
        for i in range(1, len(parts))
        if parts[i - 1] in GROUPS
        and (len(parts), tuple(parts[:i]), tuple(parts[i + 1 :])) in shapes
    ]


def of_another_group(kpi: str, known: set[str], names: set[str] | None = None) -> bool:
    """Whether ``kpi`` is a known KPI of another group of the same kind (``by_mode.sea.mean``
    beside a known ``by_mode.rail.mean``): a run that had none of that group lacks it.
    ``names``: only a group so named (:func:`group_names`; a sea service's ``S01:feeder`` by
    its ``S01``), so that a misspelt line (``lines.L0l.load_factor``) is not let through."""
    members = _members(kpi, known)
    if names is None:
        return bool(members)
    return any(m.split(":")[0] in names for m in members)


def group_names(scenarios: Iterable[Any]) -> set[str]:
    """Every name a group of ``summary.json`` (a mode, destination, category, line, crossing)
    may take in a run of ``scenarios``: the network's places and lines, the two modes, and
    every key and word the scenarios hold (their categories, their own lines). Generous by
    design: it only tells a misspelt group from one a later run may have."""
    from sim.world.network import load_network

    net = load_network()
    names = {*net.nodes, *net.lines, "rail", "sea", "all"}
    for sc in scenarios:
        names |= _words(sc.model_dump(mode="json"))
    return names


def _words(value: Any) -> set[str]:
    """The keys and text values of a nested mapping or list."""
    if isinstance(value, Mapping):
        return {str(k) for k in value} | {w for v in value.values() for w in _words(v)}
    if isinstance(value, list | tuple):
        return {w for v in value for w in _words(v)}
    return {value} if isinstance(value, str) else set()


def unknown_kpis(
    summaries: Sequence[Mapping[str, Any]],
    targets: Iterable[str],
    *,
    first_run: bool = False,
    known: set[str] | None = None,
    names: set[str] | None = None,
) -> list[str]:
    """The KPIs of ``targets`` that no summary of ``summaries`` has (``first_run``: nor a
    group of the same kind, see :func:`check_kpis`), in the order given."""
    if known is None:
        known = {k for s in summaries for k in flatten(s)}
    return [
        k
        for k in targets
        if k not in known and not (first_run and of_another_group(k, known, names))
    ]


def check_kpis(
    summaries: Sequence[Mapping[str, Any]],
    targets: Mapping[str, float],
    *,
    first_run: bool = False,
    names: set[str] | None = None,
) -> None:
    """Refuse KPI names that no replication's ``summary.json`` has, suggesting close ones (a
    KPI of a group some replications had none of, such as the sea route's lead time in a run
    that ends as its first ships arrive, is in the others' summaries only). ``first_run``:
    only the first run of each group is in; a KPI of a group it had none of is let through
    to be judged on the first stage, if the group is one of ``names`` (:func:`group_names`)
    when they are given."""
    known = {k for s in summaries for k in flatten(s)}
    problems = []
    for k in unknown_kpis(summaries, targets, first_run=first_run, known=known, names=names):
        close = difflib.get_close_matches(k, sorted(known), n=3)
        hint = said("err:precision_hint", names=", ".join(close)) if close else ""
        problems.append(said("err:precision_unknown", kpi=k[:80], n=len(summaries), hint=hint))
    if problems:
        raise ScenarioError(problems, "--precision")


Groups = Sequence[Sequence[Mapping[str, Any]]]
"""Replication summaries per scenario (or grid point), in seed order."""


def check_values(groups: Groups, p: Precision, labels: Sequence[str]) -> None:
    """Refuse a KPI that no run of a group's first stage measured (null in every
    ``summary.json``: its interval can never narrow, and the replications would run on to
    ``max_replications`` for nothing); ``labels`` name the groups."""
    if min(len(g) for g in groups) < p.min_replications:
        return
    flat = _flat(groups, p.targets)
    problems = []
    for k in p.targets:
        for label, g in zip(labels, flat):
            if all(v is None for v in g[k][: p.min_replications]):
                problems.append(said("err:precision_novalue", kpi=k[:80],
                                     n=p.min_replications, label=label))  # fmt: skip
                break
    if problems:
        raise ScenarioError(problems, "--precision")


def _flat(groups: Groups, kpis: Iterable[str]) -> list[dict[str, list[float | None]]]:
    """Per group, the named KPIs' values replication by replication."""
    out = []
    for summaries in groups:
        flat = complete([flatten(s) for s in summaries])
        out.append({k: [f.get(k) for f in flat] for k in kpis})
    return out


def _worst(flat: list[dict[str, list[float | None]]], n: int, kpi: str) -> float:
    return max((relative_half_width(g[kpi][:n]) for g in flat), default=math.inf)


def worst(groups: Groups, n: int, kpi: str) -> float:
    """The largest relative half-width of ``kpi`` over the groups' first ``n`` replications."""
    return _worst(_flat(groups, [kpi]), n, kpi)


def met(groups: Groups, n: int, targets: Mapping[str, float]) -> bool:
    """Whether every KPI is within its target in every group after ``n`` replications."""
    flat = _flat(groups, targets)
    return n >= 2 and all(_worst(flat, n, k) <= t for k, t in targets.items())


@dataclass(frozen=True)
class Step:
    """What the procedure says after the replications made so far."""

    done: bool
    more: int
    """Replications to run next (0 when done)."""
    needed: int | None
    """The number of replications that reached the precision (None: not reached, or not yet)."""


def next_step(groups: Groups, p: Precision) -> Step:
    """Decide from the replications made so far (the same number in every group).

    The answer is the smallest ``n >= min_replications`` at which the criterion holds and goes
    on holding through ``n + lookahead``; until then, the number of further replications that
    could complete such a run of successes.
    """
    have = min(len(g) for g in groups)
    if have < p.min_replications:
        return Step(False, p.min_replications - have, None)
    flat = _flat(groups, p.targets)
    streak = 0  # consecutive n (ending at `have`) at which the criterion holds
    for n in range(p.min_replications, have + 1):
        ok = all(_worst(flat, n, k) <= t for k, t in p.targets.items())
        streak = streak + 1 if ok else 0
        if streak == p.lookahead + 1:
            return Step(True, 0, n - p.lookahead)
    if have >= p.max_replications:
        return Step(True, 0, None)
    return Step(False, min(p.lookahead + 1 - streak, p.max_replications - have), None)


def report(groups: Groups, p: Precision, needed: int | None) -> dict[str, Any]:
    """What ``aggregate.json`` (or ``comparison.json``, ``sweep.json``) says about precision."""
    have = min(len(g) for g in groups)
    return {
        "targets": dict(p.targets),
        "reached": needed is not None,
        "replications_needed": needed,
        "replications_run": have,
        "min_replications": p.min_replications,
        "max_replications": p.max_replications,
        "lookahead": p.lookahead,
        "relative_half_width": {k: _finite(_worst(_flat(groups, [k]), have, k)) for k in p.targets},
    }


def _finite(x: float) -> float | None:
    return None if not math.isfinite(x) else float(f"{x:.6g}")
