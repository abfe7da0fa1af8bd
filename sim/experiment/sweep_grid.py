"""A sweep's grid: ``--vary`` read (:func:`parse_vary`), counted before it is built
(:func:`check_grid`: at most :data:`MAX_SWEEP_POINTS` points), named (:func:`sweep_folder_name`)
and each point made a validated scenario, every problem said once with the points it concerns
(:func:`sweep_scenarios`); a point as its report names it (:func:`point_label`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
import re
from collections.abc import Iterable
from typing import Any

import yaml

from sim.errors import ScenarioError, SimError
from sim.experiment.plan_spec import SEED_NOT_A_PARAMETER, value_twice
from sim.output.saying import said
from sim.problems import problem
from sim.scenario import YAML_DUMPER, Scenario, apply_overrides
from sim.scenario.overrides import parse_value
from sim.world.inputs import defaults_of, validate_data


def parse_vary(items: Iterable[str]) -> dict[str, list[Any]]:
    """``key.path=v1,v2,v3`` -> ``{"key.path": [v1, v2, v3]}`` (values as YAML scalars)."""
    out: dict[str, list[Any]] = {}
    problems: list[str] = []
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip() or not raw.strip():
            problems.append(said("err:vary_form", item=item))
            continue
        if _RANGE.match(raw.strip()):  # plan's --decide form: not a sweep's
            problems.append(said("err:vary_range", path=key.strip()[:80], value=raw.strip()[:80]))
            continue
        try:  # the same guarded reader as files and --set: no reader exception escapes
            values = [parse_value(v, f"--vary {key.strip()[:80]}") for v in raw.split(",")]
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        what = f"--vary {key.strip()[:80]}"
        twice = value_twice(values, _same)
        if twice is not None:  # 1,1 would run one point twice
            problems.append(said("err:value_twice", what=what, value=twice))
        if key.strip() in out:
            problems.append(said("err:given_twice", what=what))
        out[key.strip()] = values
    if problems:
        raise ScenarioError(problems, "--vary")
    return out


_RANGE = re.compile(r"^[-+]?\d[\d.]*\s*\.\.\s*[-+]?\d")
"""``lo..hi`` (``1..3``, ``1..4:0.5``): plan's and sensitivity's form, which a sweep's list
read as one value ("Input should be a valid number ... (got '1..3')")."""


def _same(value: Any) -> Any:
    """A value as a sweep point would run it: 1 and 1.0 are the same number of trains."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ("number", value)  # 1 == 1.0, with one hash (and no float of a huge int)
    return ("value", repr(value))


MAX_SWEEP_POINTS = 1_000
"""Most points of one sweep's grid: each point is validated, holds a folder per replication
and a column of aggregates, so a grid of two lists of 2,000 and 900 values (1.8 million
points) would exhaust memory long before it ran; such a grid is refused at once."""


def check_grid(vary: dict[str, list[Any]]) -> int:
    """The number of points of the full-factorial grid of ``vary``, refused when more than
    :data:`MAX_SWEEP_POINTS` (counted from the list lengths, before any point is built).

    Raises
    ------
    ScenarioError
        Naming each ``--vary`` key with its number of values, the product and the limit; or
        ``seed`` among the keys (:data:`SEED_NOT_A_PARAMETER`).
    """
    if "seed" in vary:  # the points' own seeds yield to the sweep's: they would not differ
        raise ScenarioError([SEED_NOT_A_PARAMETER.format(opt="--vary")], "--vary")
    points = math.prod(len(values) for values in vary.values())
    if points > MAX_SWEEP_POINTS:
        sizes = " x ".join(f"{len(v):,} ({k[:60]})" for k, v in vary.items())
        raise ScenarioError(
            [f"the grid has {points:,} points ({sizes}), more than the {MAX_SWEEP_POINTS:,} "
             "one sweep runs; vary fewer values, or split the sweep"],
            "--vary",
        )  # fmt: skip
    return points


SWEEP_NAME_CHARS = 100
"""Longest readable part of a sweep folder's name (file systems allow 255 bytes)."""


def sweep_folder_name(vary: dict[str, list[Any]], root: int) -> str:
    """``sweep-<what varies>-<hash>-<root seed>``: the last two parts of each swept key with
    its values (``sweep-L01.trains_per_week=0.5,1,2-3f9a1c-20260217``), cut to
    :data:`SWEEP_NAME_CHARS`; the hash of the full specification keeps two sweeps whose readable
    parts coincide apart."""
    spec = json.dumps(vary, sort_keys=True, default=str)
    digest = hashlib.sha256(spec.encode()).hexdigest()[:6]
    parts = [
        ".".join(key.split(".")[-2:]) + "=" + ",".join(str(v) for v in values)
        for key, values in vary.items()
    ]
    readable = re.sub(r"[^A-Za-z0-9_.,=+-]+", "-", "_".join(parts))[:SWEEP_NAME_CHARS]
    return f"sweep-{readable}-{digest}-{root}"


def sweep_scenarios(
    base: dict[str, Any], vary: dict[str, list[Any]], source: str = "scenario"
) -> tuple[list[dict[str, Any]], list[Scenario]]:
    """The points of a full-factorial sweep over ``vary`` of the scenario mapping ``base``
    and the validated scenario of each, in grid order (the command line warns about them
    before the runs start, as ``run`` and ``compare`` do).

    Raises
    ------
    ScenarioError
        Every problem of every point, each named with its point.
    """
    if not vary:
        raise SimError("sweep needs at least one --vary key.path=v1,v2,...")
    check_grid(vary)
    params = list(vary)
    given = [dict(zip(params, combo)) for combo in itertools.product(*vary.values())]
    # a point's date as the scenario file writes it: YAML reads 2025-11-01 as a date, which no
    # JSON file or table column holds ("Object of type date is not JSON serializable" once
    # the sweep had run); the scenario itself gets the date, as from --set
    points = [
        {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in pt.items()} for pt in given
    ]
    scenarios: list[Scenario] = []
    failed: dict[str, list[str]] = {}  # each problem once, with the points it concerns
    defaults = defaults_of(base, source)  # a point into a part the file leaves out
    for point, values in zip(points, given):
        # written as YAML 1.1 and 1.2 both read it: the override is read back as YAML 1.2
        overrides = [
            f"{k}={yaml.dump(v, Dumper=YAML_DUMPER, default_flow_style=True).strip()}"
            for k, v in values.items()
        ]
        overrides = [o.removesuffix("\n...") for o in overrides]
        try:
            data = apply_overrides(base, overrides, "--vary", defaults=defaults)
            scenarios.append(validate_data(data, source))
        except ScenarioError as exc:
            for p in exc.problems:
                failed.setdefault(p, []).append(point_label(point))
    # a misspelt key fails at every point of the grid: said once, not once a point, and a
    # point as the report names it ("key=value"), not as a Python dict
    # a problem of a swept key at every point (a misspelt key) names the --vary that gave it
    problems = [
        problem("scn:vary_input", vary=f"{k}={','.join(map(str, vary[k]))}"[:160], why=p)
        if len(where) == len(points) and (k := _swept_key(p, params)) is not None
        else p if len(where) == len(points)
        else problem("scn:at_point", point="; ".join(where), text=p)
        for p, where in failed.items()
    ]  # fmt: skip
    if problems:
        ours = all(str(p).startswith("--vary") for p in problems)
        raise ScenarioError(problems, "--vary" if ours else source)
    return points, scenarios


def _swept_key(p: str, keys: list[str]) -> str | None:
    """The swept key a point's problem ``p`` is about (at that key, below it, or at a part of
    its path: ``logistics.linez`` of ``logistics.linez.L01.trains_per_week``); None for a
    problem of another key, or one that names its option already."""
    where = getattr(p, "where", None)
    if not where or where.startswith("--"):
        return None
    where = re.sub(r"\[(\d+)\]", r".\1", where)  # categories[0].share: as --vary writes it
    return next((k for k in keys if on_key_path(where, k)), None)


def on_key_path(where: str, key: str) -> bool:
    """Whether key path ``where`` is ``key``, below it or a part of its path."""
    return where == key or where.startswith(key + ".") or key.startswith(where + ".")


def point_label(point: dict[str, Any]) -> str:
    """A sweep point as its report names it: ``key=value, key=value``."""
    return ", ".join(f"{k}={v}" for k, v in point.items())
