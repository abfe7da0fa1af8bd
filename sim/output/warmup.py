"""Warm-up from the data: the MSER-5 rule suggests ``warmup_days`` from a run's daily series.

A run starts empty: no goods waiting at Yiwu, no trains queueing at the borders. Until the
system fills, its statistics are biased low, which is why ``summary.json`` counts orders from
``warmup_days`` on. For a steady-state study (a scenario whose demand does not follow the
season, or a long run) the right truncation can be read from the output itself.

MSER-5 (White 1997; White, Cobb and Spratt 2000; Hoad, Robinson and Davies 2011 found it the
most reliable of the rules they compared) averages the series in batches of five observations,
``Z_1 ... Z_m``, and truncates the first ``d`` batches where

    MSER(d) = sum_{j > d} (Z_j - mean(Z_{d+1..m}))^2 / (m - d)^2

is smallest: the truncation that buys the tightest confidence interval of the mean that is
left. Only the first half of the batches may be truncated; a minimum in the second half means
the run is too short (or the series never settles: seasonal demand is not a steady state) and
no warm-up is suggested.

Averaging the same series over replications before the rule is applied (as Welch's method
does) smooths it, so :func:`suggest_warmup` takes one or more runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import ResultsError, UsageError
from sim.output.arrow import read_table
from sim.output.saying import said
from sim.results.run import FORMATS

BATCH = 5
"""Observations (days) per batch: the 5 of MSER-5."""
DEFAULT_SERIES = ("teu_waiting_yiwu",)
"""Daily series read by default: goods waiting at Yiwu for a departure, the backlog that
starts at zero; the border queues (``queue_<BORDER>``) are added when present."""


@dataclass(frozen=True)
class Truncation:
    """What MSER-5 says about one daily series."""

    series: str
    warmup_days: int | None
    """Days to truncate (a multiple of five), or None when the minimum lies in the second half
    of the run (too short, or no steady state)."""
    batches: int
    mser: list[float]
    """MSER(d) for every candidate truncation ``d`` (in batches), for plots and checks."""


def mser(
    series: Sequence[float] | np.ndarray, batch: int = BATCH
) -> tuple[int | None, list[float]]:
    """The MSER-``batch`` truncation of a series, in observations, and the statistic for every
    candidate truncation in batches (the first half of them).

    A trailing partial batch is dropped. Returns ``(None, [...])`` when the minimum is in the
    second half of the batches, or when there are fewer than four batches.
    """
    x = np.asarray(series, dtype=float)
    m = len(x) // batch
    if m < 4:
        return None, []
    z = x[: m * batch].reshape(m, batch).mean(axis=1)
    # suffix sums give every MSER(d) at once: sum of squares about the mean of z[d:]
    tail_n = np.arange(m, 0, -1, dtype=float)  # m - d for d = 0 .. m-1
    s1 = np.cumsum(z[::-1])[::-1]
    s2 = np.cumsum((z * z)[::-1])[::-1]
    sse = np.maximum(s2 - s1 * s1 / tail_n, 0.0)
    stat = sse / tail_n**2
    half = m // 2
    candidates = stat[: half + 1]
    d = int(np.argmin(stat[: m - 1]))  # the last batch alone has no spread: not a candidate
    return (d * batch if d <= half else None), [float(v) for v in candidates]


def _daily(folder: Path) -> dict[str, np.ndarray]:
    for fmt in FORMATS:
        path = folder / f"daily.{fmt}"
        if path.is_file():
            return read_table(path)
    raise ResultsError(said("warm:no_daily", folder=folder))


def run_folders(folder: str | Path) -> list[Path]:
    """The run folders at or below ``folder`` that hold a daily table, in name order."""
    folder = Path(folder)
    if any((folder / f"daily.{fmt}").is_file() for fmt in FORMATS):
        return [folder]
    if not folder.is_dir():
        raise ResultsError(f"{folder}: not a results folder")
    found: list[Path] = []
    todo = [(folder, 0)]  # a loop, not a recursion: a deep tree or a link loop ends
    while todo:
        here, depth = todo.pop()
        if here != folder and any((here / f"daily.{fmt}").is_file() for fmt in FORMATS):
            found.append(here)
            continue
        if depth >= 32:
            raise ResultsError(said("warm:nested", here=here, folder=folder))
        subs = sorted(
            p for p in here.iterdir()
            if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
        )  # fmt: skip
        todo.extend((p, depth + 1) for p in reversed(subs))
    return found


def suggest_warmup(
    folders: Sequence[str | Path], series: Sequence[str] | None = None
) -> list[Truncation]:
    """MSER-5 on the daily series of one or more runs (averaged day by day over the runs).

    Parameters
    ----------
    folders
        Run folders, or experiment folders holding them (every run below is used).
    series
        Columns of the daily table; by default goods waiting at Yiwu and every border queue.

    Raises
    ------
    ResultsError
        When no run is found, or a named series is not in some run's daily table.
    UsageError
        When a named series is in no run's daily table (the option is wrong).
    """
    runs = [run for f in folders for run in run_folders(f)]
    if not runs:
        raise ResultsError(said("warm:no_runs", folders=", ".join(map(str, folders))))
    tables = [_daily(r) for r in runs]
    days = min(len(t["day"]) for t in tables)
    names = list(
        series or [*DEFAULT_SERIES, *sorted(c for c in tables[0] if c.startswith("queue_"))]
    )
    out = []
    for name in names:
        for run, t in zip(runs, tables):  # the run that lacks it, with the columns it has
            if name not in t:
                known = ", ".join(c for c in t if c not in ("day", "date"))
                if not any(name in other for other in tables):
                    # a series no run has: the option is wrong (exit 2), not a damaged run
                    raise UsageError(said("warm:no_series_any", name=repr(name), known=known))
                raise ResultsError(said("warm:no_series", run=run, name=repr(name), known=known))
        mean = np.mean([np.asarray(t[name][:days], dtype=float) for t in tables], axis=0)
        d, stat = mser(mean)
        out.append(Truncation(name, d, days // BATCH, stat))
    return out


def overall(truncations: Sequence[Truncation]) -> int | None:
    """The warm-up to use for all series: the longest suggested (None if any has none)."""
    values = [t.warmup_days for t in truncations]
    if not values or any(v is None for v in values):
        return None
    return max(v for v in values if v is not None)
