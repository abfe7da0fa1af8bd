"""A scenario checked against the world: validation, loading and resolution.

The schema (:mod:`sim.scenario.schema`) knows what a well-formed scenario is; only the network
knows whether its lines, crossings and destinations exist. :func:`load_scenario` reads a file
(safely), applies ``--set`` overrides, validates the schema and then the world-dependent checks
(:mod:`sim.world.checks`), reporting every problem at once; :func:`resolve` fills the defaults
that come from the network (every line and crossing in use), which is what a results folder
stores as ``scenario.yaml``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.errors import NetworkError, ScenarioError
from sim.problems import problem as _problem
from sim.scenario import BorderSpec, LineSpec, Scenario, apply_overrides, read_scenario_file
from sim.scenario.messages import booleans_for_numbers, validation_messages
from sim.scenario.overrides import named
from sim.scenario.schema import UNLISTED_BORDER_SERVERS, lognormal_spec
from sim.scenario.yaml_write import scenario_source
from sim.world.checks import semantic_problems
from sim.world.network import Network, load_network


def validate_data(data: dict[str, Any], source: str, net: Network | None = None) -> Scenario:
    """Validate a mapping as a :class:`Scenario`, then check it against the network.

    Raises
    ------
    ScenarioError
        Listing every problem, each with its key path, the value and what is allowed.
    """
    booleans = booleans_for_numbers(data, Scenario)  # pydantic would take true for 1
    told = {b.split(": ", 1)[0] for b in booleans}  # said once: as a boolean
    # the rest checked with each of them a word, not the 1 or 0 pydantic would read:
    # --set days=true was also told "warmup_days (7) must be less than days (1)"
    checked = _as_words(data, told) if told else data
    try:
        sc = Scenario.model_validate(checked)
    except ValidationError as exc:
        more = [m for m in validation_messages(exc, Scenario) if m.split(": ", 1)[0] not in told]
        net = net or load_network()
        raise ScenarioError(booleans + _not_crossings(data, more, net), source) from None
    if booleans:  # (pragma: a word where a number belongs never validates)
        raise ScenarioError(booleans, source)
    net = net or load_network()
    problems = semantic_problems(sc, net)
    if problems:
        raise ScenarioError(problems, source)
    return sc


def _as_words(data: Any, paths: set[str]) -> Any:
    """A copy of ``data`` with the true/false value at each key path of ``paths``
    (``days``, ``market.categories[0].share``) written as a word ("true"), which no number
    validates: a check across keys then never reads it as 1 or 0."""
    out = copy.deepcopy(data)
    for path in paths:
        steps: list[str | int] = [
            int(t[1:-1]) if t.startswith("[") else t for t in re.findall(r"\[\d+\]|[^.\[\]]+", path)
        ]
        part = out
        for step in steps[:-1]:
            try:
                part = part[step]
            except (KeyError, IndexError, TypeError):
                part = None
                break
        last = steps[-1] if steps else None
        try:
            if part is not None and isinstance(part[last], bool):
                part[last] = str(part[last]).lower()
        except (KeyError, IndexError, TypeError):
            pass
    return out


def _not_crossings(data: dict[str, Any], problems: list[str], net: Network) -> list[str]:
    """``problems`` (the schema's) with those of a ``logistics.borders`` entry whose id is not
    a crossing of the network replaced by that one fact: ``--set
    logistics.borders.XXX.servers=2`` said "service_h: required key is missing", as if XXX were
    a crossing short of a key (the network's check, which names the crossings, runs only on a
    scenario the schema passed)."""
    logistics = data.get("logistics")
    borders = logistics.get("borders") if isinstance(logistics, dict) else None
    if not isinstance(borders, dict):
        return problems
    known = sorted(n.id for n in net.nodes.values() if n.kind == "border")
    bad = [str(b) for b in borders if str(b) not in known]
    if not bad:
        return problems
    places = tuple(f"logistics.borders.{b}" for b in bad)
    kept = [p for p in problems if not p.split(": ", 1)[0].startswith(places)]
    return kept + [
        _problem("scn:not_border", at=place, name=repr(b), known=", ".join(known))
        for b, place in zip(bad, places, strict=True)
    ]


def _with_every_crossing(dumped: dict[str, Any], net: Network) -> dict[str, Any]:
    """The resolved scenario's mapping with every crossing of the network that it leaves out
    (no line of the run passes it) at its data default, as :func:`resolve` fills a crossing in
    use: what a ``--set`` into such a crossing starts from (only the entry on the path is
    taken: :func:`~sim.scenario.apply_overrides`)."""
    borders = dumped.setdefault("logistics", {}).setdefault("borders", {})
    for node in net.nodes.values():
        if node.kind == "border" and node.id not in borders:
            spec = BorderSpec(
                servers=UNLISTED_BORDER_SERVERS,
                service_h=lognormal_spec(node.border_dwell_h or 1.0, 0.5),
            )
            borders[node.id] = spec.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dumped


def defaults_of(data: dict[str, Any], source: str) -> Callable[..., dict[str, Any] | None]:
    """The scenario ``data`` with every default filled in, as the mapping a run folder's
    ``scenario.yaml`` holds (None when ``data`` is not a valid scenario): what
    :func:`~sim.scenario.apply_overrides` starts from when an override reaches into a part the
    file leaves out (``--set logistics.borders.MAL.service_h.mean=12``). It is made once, when
    first asked for, from a copy of ``data`` as it is now (a plan asks for every candidate);
    asked with another mapping (the scenario with earlier overrides applied), that mapping's
    defaults, made afresh, and the :class:`ScenarioError` of that mapping when it is not a
    valid scenario (its problems are what went wrong: ``apply_overrides`` says them first)."""
    base = copy.deepcopy(data)
    kept: list[dict[str, Any] | None] = []

    def filled(of: dict[str, Any], said: bool = False) -> dict[str, Any] | None:
        try:
            net = load_network()
            sc = resolve(validate_data(of, source, net), net)
            dumped = sc.model_dump(mode="json", by_alias=True, exclude_none=True)
            return _with_every_crossing(dumped, net)
        except ScenarioError:
            if said:  # the scenario as overridden so far: its problems, not "no defaults"
                raise
            return None  # the file's own problems are said after, when it is validated
        except NetworkError:
            return None

    def made(current: dict[str, Any] | None = None) -> dict[str, Any] | None:
        if current is not None:
            return filled(copy.deepcopy(current), said=True)
        if not kept:
            kept.append(filled(base))
        return copy.deepcopy(kept[0])

    return made


def read_with_overrides(
    path: str | Path, overrides: list[str] | None, option: str = "--set"
) -> dict[str, Any]:
    """A scenario file's mapping with ``overrides`` applied over its defaults
    (:func:`defaults_of`): ``--set`` on a key the file leaves out changes that one value."""
    data = read_scenario_file(path)
    if not overrides:
        return data
    try:
        return apply_overrides(data, overrides, option, defaults=defaults_of(data, str(path)))
    except ScenarioError as exc:
        if exc.source != option:
            raise
        # headed with the file and the items at fault, as a problem of the values they make
        # is ("invalid scenario --set" alone did not say which file the paths are in)
        source = _with_sets(str(path), exc.problems, overrides, option)
        head = source if source != str(path) else f"{path} {option}"
        raise ScenarioError(exc.problems, head) from None


def load_scenario(path: str | Path | None = None, overrides: list[str] | None = None) -> Scenario:
    """Read, override and validate a scenario file; ``None`` loads the shipped default."""
    if path is None:
        path = default_scenario_path()
    data = read_with_overrides(path, overrides)
    try:
        sc = validate_data(data, str(path))
    except NetworkError as exc:  # pragma: no cover - shipped data are checked by tests
        raise ScenarioError([str(exc)], str(path)) from None
    except ScenarioError as exc:
        told = [_shares_set(p, data, overrides or []) for p in exc.problems]
        source = _with_sets(exc.source, told, overrides or [])
        if told == list(exc.problems) and source == exc.source:
            raise
        raise ScenarioError(told, source) from None
    sc._source = scenario_source(path)  # for the comments of the run folder's scenario.yaml
    return sc


MADE_BY: dict[str, tuple[str, ...]] = {
    "scn:warmup": ("days",),
    "scn:ends_after": ("days",),
    "scn:not_judged_category": ("market.categories",),
    "scn:left_out": ("logistics.only_lines",),
}
"""By code, the other key paths whose values make a problem of a check across keys, which is
said at one key (the first its message names): an override of one of them is named in the
head (:func:`_with_sets`). ``--days 1`` on a file with a week's warm-up, or ``--set
market.categories.0.name=fest`` on the closure hindcast (whose ``deadlines_not_judged`` names
``festival_goods``), were headed with the file alone, and the reader looked for the mistake
in a file that has none."""


def _with_sets(
    source: str | None, problems: list[str], overrides: list[str], option: str = "--set"
) -> str | None:
    """The head's source: the file, and the ``option`` items whose key paths have a problem
    (a problem at the path, inside it, or a check of the part it is in: the sum of the shares
    a ``--set`` of one share broke; or a path that leads nowhere, said as ``--set PATH``).
    ``run teaching_small.yaml --set days=ten`` was headed "invalid scenario
    teaching_small.yaml" alone, and the reader looked for the mistake in the file; a problem of
    the file alone keeps the file alone."""
    if source is None or not overrides:
        return source
    paths = []
    wheres = set()
    for p in problems:
        where = getattr(p, "where", None) or str(p).split(": ", 1)[0]
        wheres.add(where)
        where = where.removeprefix(f"{option} ")
        paths.append(re.sub(r"\[(\d+)\]", r".\1", where).split("."))
        paths += [key.split(".") for key in MADE_BY.get(getattr(p, "code", ""), ())]
    told = []
    for item in overrides:
        key = item.split("=", 1)[0].strip().split(".")
        # an item another option made (--days 3661) is named as typed (Typed), where its
        # problem is said too
        if named(item) in wheres or any(len(w) and key[: len(w)] == w[: len(key)] for w in paths):
            told.append(named(item, option, item if len(item) <= 60 else item[:57] + "..."))
    return " ".join([source, *told])


def _shares_set(problem: str, data: dict[str, Any], overrides: list[str]) -> str:
    """``problem`` with what to do when it is a sum of shares that a ``--set`` of one share
    broke (``--set buyers.destinations.MAD=0``): the shares are set together, in one mapping
    (the destinations) or one ``--set`` each (the categories), so that they sum to 1."""
    code, where = getattr(problem, "code", None), getattr(problem, "where", None)
    if code not in ("scn:shares", "scn:category_shares") or not where:
        return problem
    inside = "market.categories" if code == "scn:category_shares" else where
    if not any(o.split("=", 1)[0].strip().startswith(inside + ".") for o in overrides):
        return problem
    node: Any = data
    for k in inside.split("."):
        node = node.get(k) if isinstance(node, dict) else None
    if isinstance(node, dict):
        example = f"--set '{inside}={{{', '.join(f'{k}: ...' for k in node)}}}'"
    elif isinstance(node, list):
        example = " ".join(f"--set {inside}.{i}.share=..." for i in range(len(node)))
    else:
        return problem
    fields = {**getattr(problem, "fields", {}), "example": example}
    return _problem(f"{code}_set", at=where, **fields)


def default_scenario_path() -> Path:
    """The shipped default scenario (the Spring Festival season)."""
    return Path(__file__).parent / "data" / "spring_festival_2026.yaml"


def resolve(sc: Scenario, net: Network | None = None) -> Scenario:
    """Fill the defaults that depend on the network: every line and border crossing in use.

    The result is what ``scenario.yaml`` in a results folder holds, so a run can be repeated from
    it exactly.
    """
    net = net or load_network()
    problems = semantic_problems(sc, net)
    if problems:
        raise ScenarioError(problems, source=sc.name)
    out = sc.model_copy(deep=True)
    lg = out.logistics
    ids = lg.only_lines if lg.only_lines is not None else list(net.lines)
    lines = {}
    for lid in ids:
        spec = lg.lines.get(lid, LineSpec()).model_copy()
        if spec.weekly_rate() == 0:
            spec.trains_per_week = net.lines[lid].trains_per_week
        if spec.capacity_teu is None:
            spec.capacity_teu = net.lines[lid].capacity_teu
        lines[lid] = spec
    lg.lines = lines
    lg.only_lines = list(ids)
    borders = dict(out.logistics.borders)
    needed = [b for lid in out.logistics.lines for b in net.lines[lid].borders]
    needed += [n for f in out.logistics.background_flows for n in f.path]
    if out.logistics.train_routing != "fixed":  # a detour may pass any crossing
        needed += list(net.nodes)
    for b in needed:
        if b not in borders and net.nodes[b].kind == "border":
            dwell = net.nodes[b].border_dwell_h or 1.0
            borders[b] = BorderSpec(
                servers=UNLISTED_BORDER_SERVERS, service_h=lognormal_spec(dwell, 0.5)
            )
    out.logistics.borders = borders
    return out
