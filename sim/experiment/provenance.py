"""Where an experiment's numbers come from, said with them: the build that made its runs (for
its own JSON file, so that an interval can be cited with its code), and the warnings a
comparison owes its reader when its scenarios are not paired as they look (a later file's own
seed not used; scenarios that count over different windows).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sim import __version__
from sim.results.run import code_sha256, policy_code
from sim.scenario import Scenario

log = logging.getLogger("sim.experiment.runs")  # the experiment's logger: one name to filter


def build(scenarios: Sequence[Scenario]) -> dict[str, Any]:
    """The build that made every run of an experiment, for its own JSON file: the version,
    ``code_sha256`` and, with a user's own policy, ``policy_code`` (as in each run's manifest:
    an experiment keeps only runs whose manifest has this build's,
    :func:`sim.experiment.tasks._complete`)."""
    policies: dict[str, str] = {}
    for sc in scenarios:
        policies.update(policy_code(sc))
    out: dict[str, Any] = {"version": __version__, "code_sha256": code_sha256()}
    if policies:
        out["policy_code"] = dict(sorted(policies.items()))
    return out


def warn_seeds(scenarios: Sequence[Scenario]) -> None:
    """Say when a later scenario's own seed is not used: every scenario of a comparison runs the
    seeds spawned from the first one's (common random numbers)."""
    root = scenarios[0].seed
    for sc in scenarios[1:]:
        if sc.seed != root:
            log.warning(
                "%s: its seed %d is not used; every scenario of the comparison runs the "
                "seeds spawned from %s's seed %d (common random numbers; --seed sets "
                "another)", sc.name, sc.seed, scenarios[0].name, root,
            )  # fmt: skip


def warn_windows(scenarios: Sequence[Scenario]) -> None:
    """Say when a comparison's scenarios count over different windows: a later warm-up, or
    another first or last day, changes the counts and shares by itself (a 30-day warm-up
    against 7 "delivered" 592 ± 93 fewer orders of the teaching world, marked distinguishable)."""
    first = scenarios[0]
    for sc in scenarios[1:]:
        if sc.warmup_days != first.warmup_days:
            log.warning(
                "%s: its counts and shares start on day %d (warm-up), %s's on day %d: a "
                "difference of counts and shares is partly the window's, not the scenario's "
                "(give both the same warmup_days)",
                sc.name, sc.warmup_days, first.name, first.warmup_days,
            )  # fmt: skip
        if (sc.start, sc.days) != (first.start, first.days):
            log.warning(
                "%s: it runs %d days from %s, %s %d days from %s: the orders delivered by the "
                "end and the shares judged within the run differ by the window too",
                sc.name, sc.days, sc.start, first.name, first.days, first.start,
            )  # fmt: skip


WINDOW_KEYS = ("start", "days", "warmup_days")
"""The keys that set the window a run's counts and shares are over."""


def warn_sweep_windows(scenarios: Sequence[Scenario]) -> None:
    """Say once when a sweep's points count over different windows (it varies the start, the
    length or the warm-up): the points' counts and shares then differ by the window as well as
    by what each sets, as :func:`warn_windows` says of a comparison's scenarios, which share
    one name here (a sweep over ``days`` said nothing)."""
    varied = [k for k in WINDOW_KEYS if len({getattr(sc, k) for sc in scenarios}) > 1]
    if varied:
        log.warning(
            "the sweep's points count over different windows (%s vary): their counts and "
            "shares differ by the window too, not only by what each point sets",
            ", ".join(varied),
        )  # fmt: skip
