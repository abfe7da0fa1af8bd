"""The options several commands share: the types that check a value while the arguments are
read (a bad one is a usage error, exit 2, before any scenario is read or run), the help of
``--policy``, and the option groups of the experiments (format, executor, precision, report,
language, ``--json``).
"""

from __future__ import annotations

import argparse
import math
import re
from typing import Any

RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
"""Run folder names: no path separators, so a run can never be written outside --out."""


def _run_id(text: str) -> str:
    """``--run-id`` checked while the arguments are read: a bad one is a usage error (exit 2,
    like every other bad input), before any scenario is read or run."""
    if not RUN_ID.match(text):
        raise argparse.ArgumentTypeError(
            f"{text[:80]!r}: use letters, digits, _ . - (at most 80, not starting with . or -)"
        )
    return text


def _count(minimum: int) -> Any:
    """An argparse type: a whole number at least ``minimum`` (a count of runs, workers ...);
    anything else is a usage error (exit 2), before a scenario is read."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10) if len(text) <= 20 else None
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(
                f"expected a whole number of at least {minimum}, got {text[:40]!r}"
            )
        return value

    parse.__name__ = "count"  # argparse names the type in its messages
    return parse


def _even(minimum: int) -> Any:
    """An argparse type: an even whole number at least ``minimum`` (Morris's grid levels: the
    elementary effect steps half the grid, so an odd count leaves the steps unequal)."""

    def parse(text: str) -> int:
        value = _count(minimum)(text)
        if value % 2:
            raise argparse.ArgumentTypeError(
                f"expected an even whole number of at least {minimum}, got {text[:40]!r}"
            )
        return value

    parse.__name__ = "even"
    return parse


def _power_of_two(minimum: int) -> Any:
    """An argparse type: a power of two at least ``minimum`` (Sobol's base samples: a Sobol
    sequence is balanced only over a power of two of points)."""

    def parse(text: str) -> int:
        try:
            value = _count(minimum)(text)
        except argparse.ArgumentTypeError:
            value = 0
        if value < minimum or value & (value - 1):
            raise argparse.ArgumentTypeError(
                f"expected a power of two of at least {minimum} (2, 4, 8, 16, ...), "
                f"got {text[:40]!r}"
            )
        return value

    parse.__name__ = "power of two"
    return parse


def _port(text: str) -> int:
    """A TCP port 0-65535 (0: a free one)."""
    value = _count(0)(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, got {value}")
    return value


def _float(text: str) -> float:
    """``text`` as a number, NaN where it is none (refused then by the check that follows)."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def _finite(text: str) -> float:
    """A finite number (no nan, inf)."""
    value = _float(text)
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text[:40]!r}")
    return value


def _confidence(text: str) -> float:
    """``plan --confidence``: a probability of correct selection from 0.5 to below 1, checked
    while the arguments are read (it was refused after the scenario was read, as "2.0")."""
    value = _float(text)
    if not 0.5 <= value < 1:  # (NaN fails this too)
        raise argparse.ArgumentTypeError(
            f"expected a probability from 0.5 to below 1 (0.95: 95 %), got {text[:40]!r}"
        )
    return value


def _positive(text: str) -> float:
    """A finite number above 0 (``plan --indifference``)."""
    value = _float(text)
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text[:40]!r}")
    return value


def _seed(text: str) -> int:
    """A ``--seed`` value: a whole number from 0 to 2^63 - 1, as in a scenario; anything else
    is a usage error (exit 2) before a scenario is read or run."""
    from sim.scenario.schema import seed_problem

    try:
        value = int(text.strip(), 10) if len(text) <= 40 else None
    except ValueError:
        value = None
    problem = seed_problem(value) if value is not None else seed_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    assert value is not None
    return value


POLICY_HELP = (
    "choose a policy: KIND=NAME, NAME a built-in one or package.module:Class (a class on "
    "PYTHONPATH), KIND one of routing, loading, rollover, production, train_routing, "
    "dispatch, pricing, repositioning, sailings; or package.module:Class alone (its base says "
    "the kind); repeatable"
)  # the kinds of sim.scenario.registry.KINDS (not imported here: the help starts fast)


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        default="parquet",
        choices=["parquet", "csv"],
        help="format of the tables (default parquet)",
    )


def _add_exec(p: argparse.ArgumentParser) -> None:
    _add_format(p)
    p.add_argument(
        "--summaries-only",
        action="store_true",
        help="replications keep summary.json and the daily table, not the orders, trains and "
        "borders tables (for large experiments)",
    )
    p.add_argument(
        "--precision",
        action="append",
        metavar="KPI=REL",
        help="run replications until the KPI's 95%% half-width is at most REL x its mean, e.g. "
        "lead_time_days.overall.mean=0.02 (repeat for several KPIs)",
    )
    p.add_argument(
        "--min-replications",
        type=_count(2),
        metavar="N",
        help="with --precision (default 5)",
    )
    p.add_argument(
        "--max-replications",
        type=_count(2),
        metavar="N",
        help="with --precision: stop here even if not reached (default 100)",
    )
    p.add_argument(
        "--jobs", type=_count(1), metavar="J", help="worker processes (default: all cores)"
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster (needs the 'dask' extra)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_json(p)
    _add_report(p)


def _add_experiment(p: argparse.ArgumentParser, seed_default: str, set_help: str) -> None:
    """Options shared by compare and sweep."""
    p.add_argument("--seed", type=_seed, help=f"root seed (default: {seed_default})")
    p.add_argument("--set", action="append", metavar="KEY.PATH=VALUE", help=set_help)
    p.add_argument("--policy", action="append", metavar="KIND=MODULE:CLASS", help=POLICY_HELP)
    p.add_argument("--out", default="results", help="results root folder (default: results)")
    p.add_argument("--force", action="store_true", help="recompute runs that are already complete")
    _add_exec(p)


def _add_experiment_basics(p: argparse.ArgumentParser) -> None:
    """Seed, overrides, output and executor options of sensitivity."""
    p.add_argument("--seed", type=int, help="root seed (default: the scenario's)")
    p.add_argument("--set", action="append", metavar="KEY.PATH=VALUE", help="override first")
    p.add_argument("--out", default="results", help="results root folder (default: results)")
    p.add_argument("--force", action="store_true", help="recompute runs that are complete")
    _add_format(p)
    p.add_argument("--jobs", type=int, metavar="J", help="worker processes (default: all cores)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask cluster (needs the 'dask' extra)")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--json",
        action="store_true",
        help="print the result as one JSON object on standard output (no table)",
    )


def _add_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-report", action="store_true", help="do not write report.html")
    _add_lang(p, "language of the report and of what this command prints")


def _add_lang(
    p: argparse.ArgumentParser, what: str = "language of what this command prints"
) -> None:
    """``--lang en|zh``: the language of what the command prints, its warnings and errors."""
    p.add_argument("--lang", default="en", choices=["en", "zh"], help=what)
