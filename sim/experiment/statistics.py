"""Replication statistics: means with Student-t intervals, paired and unpaired differences.

Every KPI of ``summary.json`` that is a number becomes a flat key (``lead_time_days.overall.mean``)
so that a set of replications can be summarised KPI by KPI. Intervals are two-sided 95 % Student-t
intervals over independent replications; a KPI without data in a replication (``null``, or a
mean of a group the replication had none of) is left out of that replication's sample, and ``n``
says how many remained; a count or total of such a group is 0 there (:func:`complete`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

LEVEL = 0.95


def t_quantile(dof: float) -> float:
    """The Student-t quantile for a two-sided interval at :data:`LEVEL` with ``dof`` degrees of
    freedom."""
    # the inverse of the t distribution from scipy.special (0.24 s to import, where scipy.stats
    # takes 0.6 s more for the same number), imported here: workers that only simulate never
    # need it
    from scipy.special import stdtrit

    return float(stdtrit(dof, 0.5 + LEVEL / 2))


META_KEYS = {"schema_version", "seed", "days", "scale", "statistics_from_day"}
"""Numbers in summary.json that describe the run rather than measure it."""


KPI_EXAMPLES = ("lead_time_days.overall.mean", "on_time.share", "rail_departures",
                "orders.delivered_after_warmup")  # fmt: skip
"""KPIs named where a KPI given is close to none: what a name of summary.json looks like."""


def near_kpis(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The KPIs of ``known`` a misnamed KPI ``name`` may have meant: those it begins
    (``lead_time``: ``lead_time_days.overall.mean`` ...), those ending as it does, then the
    closest by spelling; else a few of :data:`KPI_EXAMPLES` that are known (a KPI refused
    with nothing beside it left the reader guessing at the names)."""
    import difflib

    # (the examples first, then the shortest: overall before by_destination.ALA)
    keys = sorted(known, key=lambda k: (k not in KPI_EXAMPLES, k.count("."), len(k), k))
    found = [k for k in keys if k.startswith(name)]
    found += [k for k in keys if k.split(".")[-1] == name.split(".")[-1] and k not in found]
    found += [k for k in difflib.get_close_matches(name, keys, n=n, cutoff=0.5) if k not in found]
    return found[:n] or [k for k in KPI_EXAMPLES if k in keys][:n]


def flatten(summary: Mapping[str, Any], prefix: str = "") -> dict[str, float | None]:
    """Numeric leaves of a nested summary as ``{"a.b.c": value}`` (None where there is no data).

    A share beside the two counts it is the ratio of (``on_time.share`` beside ``on_time`` and
    ``orders``, and each category's and destination's) is that ratio, unrounded
    (:data:`COUNTED_SHARES`): ``summary.json`` rounds it to 4 digits, and a mean over
    replications of the rounded values lands on a tie such as 78.35 % that one reader rounds
    up and another down."""
    out: dict[str, float | None] = {}
    for key, value in summary.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, path + "."))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int | float) or value is None:
            if not prefix and key in META_KEYS:
                continue
            out[path] = None if value is None else float(value)
    for share, good, n in COUNTED_SHARES:
        exact = _ratio(summary, share, good, n)
        if exact is not None:
            out[f"{prefix}{share}"] = exact
    return out


COUNTED_SHARES = (
    ("share", "on_time", "orders"),
    ("backordered_share", "backordered_after_warmup", "placed_after_warmup"),
)
"""Shares ``summary.json`` keeps beside the counts they are the ratio of (share, numerator,
denominator): the on-time share of every group that judges orders, and the orders'
backordered share (a few tenths of a percent rounded to 4 digits keeps two significant ones:
the replications' interval of the rounded values was a tenth too narrow)."""


def _ratio(group: Mapping[str, Any], share: str, good: str, n: str) -> float | None:
    """``group[good] / group[n]`` where ``group`` holds the share and both counts, else None
    (no such share here, a summary written before the count, or nothing counted)."""
    if share not in group:
        return None
    num, den = group.get(good), group.get(n)
    counts = all(isinstance(x, int) and not isinstance(x, bool) for x in (num, den))
    return num / den if counts and den else None


def exact_share(group: Mapping[str, Any]) -> float | None:
    """The on-time share of a ``summary.json`` group that holds its counts (``on_time`` of
    ``orders``), unrounded; None for any other mapping, or one with no order to judge."""
    return _ratio(group, *COUNTED_SHARES[0])


ZERO_WHEN_ABSENT = re.compile(
    r"(lead_time_days\.by_(mode|destination)\.[^.]+\.n"
    r"|on_time\.by_(category|destination)\.[^.]+\.(orders|on_time|late|late_teu)"
    r"|lines\.[^.]+\.(departures|departures_per_week|teu|goods_teu|orders)"
    r"|borders\.[^.]+\.(crossings|yiwu_trains)"
    r"|emissions_cost\.by_mode\.[^.]+\.(teu|co2e_kg|cost_usd)"
    r"|dispatch\.(added|cancelled)_by_line\.[^.]+"
    r"|dispatch\.trains_(added|cancelled)"
    r"|sailings\.by_line\.[^.]+\.(blanked_festival|blanked_min_fill|enlarged|added)"
    r"|lost_sales\.by_category\.[^.]+"
    r"|(held|queued)_at_end\.[^.]+\.(trains|yiwu_trains)"
    r"|in_service_at_end\.(trains|teu|goods_teu|orders|held|queued|under_way)"
    r"|in_service_at_end\.by_line\.[^.]+\.(trains|teu|goods_teu|orders))"
)
"""Counts and totals of a group (a mode, destination, line, crossing) that ``summary.json``
leaves out when the run had none of it: a replication without a delivered sea order has no
``lead_time_days.by_mode.sea`` at all, and it delivered 0 of them. A run with the fixed
timetable (``logistics.dispatch.rule: fixed``) has no ``dispatch`` at all: it added and
cancelled no train; a run whose every train arrived has no ``in_service_at_end``."""


def absent_value(key: str) -> float | None:
    """What a KPI a run's summary leaves out stands for: 0 for a count or total of a group the
    run had none of (:data:`ZERO_WHEN_ABSENT`), else None (no data)."""
    return 0.0 if ZERO_WHEN_ABSENT.fullmatch(key) else None


def complete(flats: Sequence[Mapping[str, float | None]]) -> list[dict[str, float | None]]:
    """Flat summaries of replications of one scenario with every KPI any of them has: a count
    or total a replication leaves out (:data:`ZERO_WHEN_ABSENT`) is 0 there, anything else it
    leaves out (a mean, a share of nothing) is None, no data. Without this a count would be
    averaged over the replications that had some (the sea route's deliveries in a run that
    ends as its first ships arrive: 2.0 from two replications of six, where the mean is 0.67),
    and the KPI table would lack the rows of the others."""
    keys = sorted({k for f in flats for k in f})
    zero = {k for k in keys if ZERO_WHEN_ABSENT.fullmatch(k)}
    return [{k: f.get(k, 0.0 if k in zero else None) for k in keys} for f in flats]


def _round(x: float) -> float | None:
    return None if not math.isfinite(x) else float(f"{x:.6g}")


def interval(values: Iterable[float | None]) -> dict[str, Any]:
    """Mean, standard deviation and 95 % Student-t interval of replication values."""
    v = np.asarray([x for x in values if x is not None], dtype=float)
    n = int(v.size)
    if n == 0:
        return {
            "n": 0,
            "mean": None,
            "sd": None,
            "ci_low": None,
            "ci_high": None,
            "half_width": None,
        }
    if n and v.min() == v.max():
        # the same value in every replication (a fixed timetable's departures per week): no
        # spread at all, where the mean and deviation of identical floats can be an ulp off
        mean, sd = float(v[0]), 0.0
    else:
        mean, sd = float(v.mean()), float(v.std(ddof=1)) if n > 1 else math.nan
    if n == 1:
        return {"n": 1, "mean": _round(mean), "sd": None, "ci_low": None, "ci_high": None,
                "half_width": None}  # fmt: skip
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    return {
        "n": n,
        "mean": _round(mean),
        "sd": _round(sd),
        "ci_low": _round(mean - half),
        "ci_high": _round(mean + half),
        "half_width": _round(half),
    }


def aggregate(summaries: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Interval of every numeric KPI over a list of replication summaries (keys sorted)."""
    flat = complete([flatten(s) for s in summaries])
    keys = sorted({k for f in flat for k in f})
    return {k: interval([f.get(k) for f in flat]) for k in keys}


def paired_difference(
    base: Sequence[Mapping[str, Any]], other: Sequence[Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per KPI: ``other - base`` paired by replication (common random numbers), with its 95 %
    interval, whether that interval excludes zero, and the unpaired (Welch) half-width for
    comparison."""
    both = complete([flatten(s) for s in [*base, *other]])
    fb, fo = both[: len(base)], both[len(base) :]
    out: dict[str, dict[str, Any]] = {}
    for k in sorted({k for f in fb + fo for k in f}):
        pairs = [
            (b.get(k), o.get(k))
            for b, o in zip(fb, fo)
            if b.get(k) is not None and o.get(k) is not None
        ]
        diff = interval([o - b for b, o in pairs])  # type: ignore[operator]
        lo, hi = diff["ci_low"], diff["ci_high"]
        # None when there is no interval (fewer than two paired replications)
        excludes_zero = None if lo is None or hi is None else bool(lo > 0 or hi < 0)
        diff["distinguishable"] = excludes_zero
        diff["unpaired_half_width"] = _welch_half_width(
            [b for b, _ in pairs], [o for _, o in pairs]
        )
        out[k] = diff
    return out


def _welch_half_width(a: list[Any], b: list[Any]) -> float | None:
    if len(a) < 2 or len(b) < 2:
        return None
    va, vb = _variance(a) / len(a), _variance(b) / len(b)
    se2 = va + vb
    if se2 == 0:
        return 0.0
    dof = se2**2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    return _round(t_quantile(dof) * math.sqrt(se2))


def _variance(values: list[Any]) -> float:
    """The sample variance; exactly 0 for identical values (see :func:`interval`)."""
    v = np.asarray(values, dtype=float)
    return 0.0 if v.min() == v.max() else float(v.var(ddof=1))
