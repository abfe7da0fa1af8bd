"""Values typed on the command line and ``--set`` overrides of a scenario mapping.

A ``--set key.path=value`` (and a ``--vary`` value) is read by the same guarded YAML 1.2 loader
as scenario files (:mod:`sim.scenario.yaml_io`), so ``2025-02-30`` or ``!!int abc`` is a
:class:`~sim.errors.ScenarioError` naming the option, never a traceback. The path walks the
mapping by keys and list positions (``market.categories.0.share``); where it leads nowhere the
error says where it stops and why. A path into a part the file leaves out starts from that
part's defaults (``defaults``: the scenario as the earlier overrides left it, with its
defaults filled in), so that ``--set logistics.borders.ICB.servers=3`` works on a file that
names no border.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable
from typing import Any

from sim.errors import ScenarioError
from sim.problems import problem as _problem
from sim.scenario.yaml_io import _load, _short

_INDEX = re.compile(r"[0-9]{1,9}")
"""A list index in a ``--set`` path: ASCII digits only (``int()`` would also take ``-1``,
``1_0`` and non-ASCII digits, and ``-1`` would silently pick the last element)."""


_BRACKETS = re.compile(r"\[([0-9]{1,9})\]")
"""A list index written in brackets in a ``--set`` path (``categories[0]``)."""


class Typed(str):
    """An override (``key.path=value``) that the command line made from another option than
    ``--set``: ``days=3661`` from ``--days 3661``, ``logistics.dispatch.rule=demand`` from
    ``--policy dispatch=demand``. It is the override (a ``str``, applied as any other), which
    also keeps ``typed``, the option as the user typed it, for the problems to name: a refusal
    headed ``--set days=3661`` sent the reader looking for a ``--set`` they never wrote."""

    typed: str

    def __new__(cls, override: str, typed: str) -> Typed:
        obj = super().__new__(cls, override)
        obj.typed = typed
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # (an experiment's scenarios cross processes)
        return (Typed, (str(self), self.typed))


def named(item: str, option: str = "--set", shown: str | None = None) -> str:
    """How a problem names the override ``item``: as typed (:class:`Typed`), else as
    ``option`` followed by ``shown`` (the item, or its key path, as the problem shows it)."""
    typed = getattr(item, "typed", None)
    return typed if isinstance(typed, str) else f"{option} {item if shown is None else shown}"


def parse_value(raw: str, where: str) -> Any:
    """A value typed on the command line (``--set``, ``--vary``), read as YAML by the same
    guarded loader as files: ``2025-02-30`` or ``!!int abc`` give a :class:`ScenarioError`
    naming ``where``, never a traceback. An empty value is the empty string.

    Raises
    ------
    ScenarioError
        Naming ``where``, the value and why it cannot be read.
    """
    if not raw.strip():
        return ""
    if raw.lstrip().startswith("%"):  # YAML reads a line that starts with % as a directive
        said = _problem("scn:set_percent", at=where, value=_short(raw, 80))
        raise ScenarioError([said], where)
    try:
        return _load(raw, where)
    except ScenarioError as exc:
        reason = exc.problems[0]
    said = _problem("scn:unreadable", at=where, value=_short(raw, 80), why=reason)
    raise ScenarioError([said], where)


def _index(node: list[Any], key: str) -> int:
    """The list position ``key`` names in ``node`` (ASCII digits, inside the list)."""
    if not _INDEX.fullmatch(key) or int(key) >= len(node):
        raise IndexError(key)
    return int(key)


def _why(keys: list[str], depth: int, node: Any) -> str:
    """Why ``keys`` cannot be set below ``keys[:depth]``, whose value is ``node``."""
    at = ".".join(keys[:depth]) or "the top level"
    if isinstance(node, list):
        if not node:  # no position to name: the list is given whole (words in each language)
            return _problem("scn:no_place_empty", place=at, item=repr(keys[depth]))
        within = f"0 to {len(node) - 1}"
        return _problem("scn:no_place_list", place=at, within=within, item=repr(keys[depth]))
    if not isinstance(node, dict):
        return _problem("scn:no_place_value", place=at, value=_short(node, 40))
    return "a list takes a position 0, 1, 2, ... within its length"


ONE_OF = (frozenset({"trains_per_week", "timetable", "poisson_per_week"}),)
"""Keys of which a mapping holds one (a line's frequency rule): a ``--set`` of one of them into
a part filled in from the defaults replaces the one the default brought."""


def _kind_keys() -> dict[str, frozenset[str]]:
    """The keys each kind of distribution takes, by its ``dist`` name."""
    from typing import get_args

    from sim.scenario.distributions import Distribution

    kinds = get_args(get_args(Distribution)[0])
    return {
        get_args(k.model_fields["dist"].annotation)[0]: frozenset(
            f.alias or name for name, f in k.model_fields.items()
        )
        for k in kinds
    }


def _keep_what_the_kind_takes(node: dict[str, Any], kind: Any) -> None:
    """A distribution filled in from the defaults whose ``dist`` a ``--set`` changed: the
    default's parameters the new kind does not take are dropped (the gamma's ``cv`` under
    ``dist=exponential``: "unknown key 'cv'" named a key the user never wrote), those it takes
    (the mean) kept. An unknown kind is left for the schema to refuse."""
    takes = _kind_keys().get(kind) if isinstance(kind, str) else None
    if takes is not None:
        for key in [k for k in node if k not in takes]:
            del node[key]


def apply_overrides(
    data: dict[str, Any],
    overrides: list[str],
    option: str = "--set",
    *,
    defaults: Callable[..., Any] | None = None,
) -> dict[str, Any]:
    """Apply ``key.path=value`` overrides (values read by :func:`parse_value`, never evaluated).

    A path part of ASCII digits indexes a list (``market.categories.0.share=0.2``); ``-1`` is
    refused rather than taken as the last element. ``option`` is the command-line option the
    overrides come from (``--vary``, ``--decide``), named in the problems.

    ``defaults`` gives the scenario with every default filled in (the mapping a run folder's
    ``scenario.yaml`` holds), or None when it cannot be made; called with a mapping, it gives
    that mapping's defaults instead (the scenario with the overrides before, when a path finds
    no default in the file's own). A path that reaches *into* a
    mapping or list the file leaves out (``logistics.borders.MAL.service_h.mean=12`` in a file
    without ``borders``) starts from that default, so that only the one value changes: without
    it, the file gained ``{service_h: {mean: 12}}`` alone, and the schema refused a border
    without servers and a distribution without its ``dist``, keys the user never touched.
    ``defaults`` is called only for such a path: once for the file's defaults, and again with
    the overridden mapping when a path finds none there. Called with a mapping that is not a
    valid scenario, it raises the :class:`ScenarioError` of that mapping: the part cannot be
    filled in, and the problems of the scenario as the overrides before left it (a line left
    out by ``logistics.only_lines`` that still has settings, a destination no line serves)
    are said first, as what went wrong, then the override that could not be filled in,
    rather than the keys its default would have brought ("service_h: required key is
    missing").

    Raises
    ------
    ScenarioError
        Listing every override that cannot be applied, with its key path (after the problems
        of the scenario as overridden before one that needed its defaults, when that was not
        valid).
    """
    out = copy.deepcopy(data)
    problems: list[str] = []
    before: list[ScenarioError] = []  # the scenario as overridden so far, when not valid
    filled: list[Any] = []  # the defaults, made once when first needed
    from_defaults: set[int] = set()  # the mappings filled in from the defaults (their ids)

    def _mark(part: Any) -> None:
        """Note ``part`` and every mapping inside it as filled in from the defaults (a
        crossing's ``service_h`` inside the crossing)."""
        stack = [part]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                from_defaults.add(id(item))
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)

    def walk(node: Any, keys: list[str]) -> Any:
        for k in keys:
            if isinstance(node, dict) and k in node:
                node = node[k]
            elif isinstance(node, list) and _INDEX.fullmatch(k) and int(k) < len(node):
                node = node[int(k)]
            else:
                return None
        return node

    def default_at(keys: list[str], prior: dict[str, Any]) -> Any:
        """A copy of the default mapping or list at ``keys``, or None; ``prior``: the scenario
        as the overrides before this one left it."""
        if defaults is None:
            return None
        if not filled:
            filled.append(defaults())
        node = walk(filled[0], keys)
        if node is None and prior != data:
            # an earlier override may have put the part in use (--set logistics.only_lines
            # =[L01,L15] brings L15's crossings): the defaults of the scenario as it is now
            # (a ScenarioError when it is not valid: said by the loop below)
            node = walk(defaults(prior), keys)
        if node is None:
            return None
        if isinstance(node, list) and not node:  # (no item to start from: the refusal below
            return None  # says to give the whole list, --set 'disruptions=[...]')
        if isinstance(node, dict) and node and all(isinstance(v, dict) for v in node.values()):
            # entries by id (every crossing, every line): only the entry on the path is filled
            # in, below, so that setting one crossing does not write out all of them
            return {}
        return copy.deepcopy(node) if isinstance(node, dict | list) else None

    for item in overrides:
        if "=" not in item:
            problems.append(_problem("scn:set_form", at=named(item, option, _short(item, 80))))
            continue
        path, raw = item.split("=", 1)
        keys = path.strip().split(".")
        shown = path.strip() if len(path.strip()) <= 80 else path.strip()[:77] + "..."
        if not path.strip() or any(not k for k in keys):
            problems.append(_problem("scn:set_empty_key", at=named(item, option, shown)))
            continue
        if _BRACKETS.search(path):  # categories[0]: Python's (and jq's) way, not ours
            dotted = _BRACKETS.sub(r".\1", path.strip())
            problems.append(
                _problem("scn:set_brackets", at=named(item, option, shown), dotted=dotted)
            )
            continue
        try:
            value = parse_value(raw, named(item, option, shown))
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        # (the scenario before this override: the parts its own path fills in are not yet
        # a scenario's, and never made the scenario whose defaults it looks up invalid)
        prior = copy.deepcopy(out) if defaults is not None else out
        node: Any = out
        depth = 0  # the keys walked: the place a bad path stops at is named
        try:
            for k, after in itertools.pairwise(keys):
                if isinstance(node, dict) and k not in node:
                    default = default_at(keys[: depth + 1], prior)
                    if default is not None:
                        node[k] = default
                        _mark(default)
                if (
                    isinstance(node, dict)
                    and k not in node
                    and _INDEX.fullmatch(after)
                    and "params" not in keys[: depth + 1]
                ):
                    # a list the scenario does not have (disruptions.0.id=MAL in a file without
                    # disruptions) was made a mapping {"0": ...}, and the schema then said only
                    # "disruptions: Input should be a valid list"; a policy's own ``params`` are
                    # a mapping whose keys may be digits (params.2026.x=1), checked by the class
                    place = ".".join(keys[: depth + 1])
                    absent = _problem("scn:no_place_absent", place=place, item=repr(after))
                    problems.append(
                        _problem("scn:no_place", at=named(item, option, shown), why=absent)
                    )
                    break
                node = node[_index(node, k)] if isinstance(node, list) else node.setdefault(k, {})
                depth += 1
            else:
                if id(node) in from_defaults:
                    # a default brings one of keys that exclude each other (a line's
                    # trains_per_week from the network): the key set takes its place
                    for group in ONE_OF:
                        if keys[-1] in group:
                            for other in group - {keys[-1]}:
                                node.pop(other, None)
                    if keys[-1] == "dist" and "dist" in node:  # (a distribution's kind)
                        _keep_what_the_kind_takes(node, value)
                _set_last(node, keys[-1], value)
        except (IndexError, TypeError, AttributeError):
            why = _why(keys, depth, node)
            problems.append(_problem("scn:no_place", at=named(item, option, shown), why=why))
        except ScenarioError as exc:  # the scenario as overridden so far is not valid
            if not before:  # (said once: the scenario before the first such override)
                before.append(exc)
            place = ".".join(keys[: depth + 1])
            problems.append(
                _problem("scn:set_before_invalid", at=named(item, option, shown), part=place)
            )
    if before:  # its problems first: they are what went wrong, not the part's missing keys
        told = [p for p in before[0].problems if p not in problems]
        raise ScenarioError([*told, *problems], before[0].source or option)
    if problems:
        raise ScenarioError(problems, option)
    return out


def _set_last(node: Any, last: str, value: Any) -> None:
    """Set the last part of a key path in the mapping or list ``node``.

    Raises
    ------
    IndexError, TypeError
        When ``node`` is a list without that position, or a plain value.
    """
    if isinstance(node, list):
        node[_index(node, last)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise TypeError
