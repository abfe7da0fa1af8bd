"""A plan's decisions in the planner's words.

A decision is a scenario key path (``disruptions.2.trains_factor``,
``logistics.lines.L01.trains_per_week``); a planner thinks in lines and departures: "London
(L03): 1.5 times the departures from 1 Dec 2025 to 31 Jan 2026, 13 more trains". This module
turns a path and a value into that sentence, reading the line names and timetables from the
network and the base scenario, so ``plan.json`` carries both forms (the path for ``--set``,
the words for people).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

log = logging.getLogger(__name__)


def _network() -> Any:
    from sim.world.network import load_network

    return load_network()


def _line_name(net: Any, lid: str) -> str:
    line = net.lines.get(lid) if net is not None else None
    if line is None:
        return lid
    return f"{line.name.removeprefix('Yiwu-')} ({lid})"


def _node_name(net: Any, nid: str) -> str:
    node = net.nodes.get(nid) if net is not None else None
    return f"{node.name} ({nid})" if node is not None else nid


def _trains_per_week(base: dict[str, Any], net: Any, lid: str) -> float | None:
    own = ((base.get("logistics") or {}).get("lines") or {}).get(lid) or {}
    if isinstance(own, dict) and isinstance(own.get("trains_per_week"), int | float):
        return float(own["trains_per_week"])
    line = net.lines.get(lid) if net is not None else None
    return float(line.trains_per_week) if line is not None else None


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        return None


def _window(d: dict[str, Any]) -> tuple[str, float]:
    """The window's text (ISO dates) and its length in weeks (end inclusive)."""
    lo, hi = _date(d.get("start")), _date(d.get("end"))
    if lo is None or hi is None:
        return "", 0.0
    weeks = ((hi - lo).days + 1) / 7
    return f"{lo.isoformat()} - {hi.isoformat()}", weeks


_WHAT = {
    "trains_factor": "departures",
    "capacity_factor": "train capacity",
    "servers_factor": "servers",
    "dwell_factor": "dwell",
}


def describe(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A decision path and value as the pieces a report words in any language.

    Returns
    -------
    dict
        ``path``, ``value``, ``target`` (``London (L03)``, ``Malaszewicze (MAL)`` or the path),
        ``what`` (``departures``, ``trains per week``, ... or the last key), ``window`` (ISO dates
        of a disruption's window, or ""), and for departures ``per_week`` (departures a week at
        this value), ``extra`` (departures added in the window; a ``trains_factor``) or
        ``season`` (departures in the run; ``trains_per_week``), ``days`` (the run's length)
        and, with a warm-up, ``counted`` (departures from its end, as the KPIs count them).
    """
    try:
        net = _network()
    except Exception:  # a broken data folder is reported by the run, not here
        net = None
    out: dict[str, Any] = {"path": path, "value": value, "target": path, "what": "", "window": ""}
    parts = path.split(".")
    days = float(base.get("days") or 0)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if parts[0] == "disruptions" and len(parts) == 3 and parts[1].isdigit():
        items = base.get("disruptions") or []
        k = int(parts[1])
        d = items[k] if k < len(items) and isinstance(items[k], dict) else {}
        if d:
            lid = str(d.get("id"))
            line = d.get("target") == "line"
            out["target"] = _line_name(net, lid) if line else _node_name(net, lid)
            out["what"] = _WHAT.get(parts[2], parts[2].replace("_", " "))
            out["window"], weeks = _window(d)
            tpw = _trains_per_week(base, net, lid) if line else None
            if parts[2] == "trains_factor" and number and tpw is not None and weeks:
                out["per_week"] = round(tpw * float(value), 3)
                out["extra"] = round((float(value) - 1.0) * tpw * weeks)
    elif parts[:2] == ["logistics", "lines"] and len(parts) == 4:
        out["target"] = _line_name(net, parts[2])
        out["what"] = parts[3].replace("_", " ")
        if parts[3] == "trains_per_week" and number and days:
            out["per_week"] = float(value)
            out["season"] = round(float(value) * days / 7)
            out["days"] = days
            # the plan's KPIs (rail departures among them) count from the warm-up's end: the
            # same departures over that span, so the two read alike
            warmup = float(base.get("warmup_days") or 0)
            if 0 < warmup < days:
                out["counted"] = round(float(value) * (days - warmup) / 7)
            # under demand dispatch the operator runs more (or fewer) trains than published:
            # the count is the timetable's, and says so
            dispatch = (base.get("logistics") or {}).get("dispatch") or {}
            if isinstance(dispatch, dict) and dispatch.get("rule") == "demand":
                out["published"] = True
    elif parts[:2] == ["logistics", "borders"] and len(parts) == 4:
        out["target"] = _node_name(net, parts[2])
        out["what"] = parts[3].replace("_", " ")
    return out


def base_value(base: dict[str, Any], path: str) -> Any:
    """The value a decision path has in the base scenario: as set there, else the schema's
    default (``logistics.dispatch.max_extra_per_week`` left out of the file is 2, and a
    decision of 2 changes nothing), else the network's (a crossing the file does not list has
    the servers of the node data: the teaching world's Malaszewicze has 2), else None."""
    found = _walk(base, path)
    if found is not _MISSING:
        return found
    from pydantic import BaseModel, ValidationError

    from sim.scenario import Scenario

    try:
        resolved = Scenario.model_validate(base)
    except (ValidationError, TypeError, ValueError):
        return None
    node: Any = resolved
    for key in path.split("."):
        if isinstance(node, BaseModel) and key in type(node).model_fields:
            node = getattr(node, key)
        elif isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return _network_default(base, path)
    return None if isinstance(node, BaseModel | dict | list) else node


def _network_default(base: dict[str, Any], path: str) -> Any:
    """The value at ``path`` of ``base`` with the network's defaults filled in too (every
    line and crossing in use, :func:`sim.world.inputs.resolve`), or None."""
    import json

    from sim.world.inputs import defaults_of

    key = json.dumps(base, sort_keys=True, default=str)
    if key not in _RESOLVED:  # one resolution per base: a plan ranks many candidates
        _RESOLVED.clear()
        _RESOLVED[key] = defaults_of(base, "the base scenario")()
    found = _walk(_RESOLVED[key], path)
    return None if found is _MISSING or isinstance(found, dict | list) else found


_RESOLVED: dict[str, Any] = {}
"""The last base scenario's mapping with every default filled in, by its JSON text."""


_MISSING = object()


def _walk(mapping: Any, path: str) -> Any:
    """The value at ``path`` of a plain mapping, or :data:`_MISSING`."""
    node: Any = mapping
    for key in path.split("."):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return _MISSING
    return node


def decision_words(base: dict[str, Any], values: dict[str, Any]) -> list[dict[str, Any]]:
    """:func:`describe` for each decided path, with ``changed`` (differs from the base)."""
    out = []
    rule = values.get("logistics.dispatch.rule")
    seen = base  # a decided dispatch rule is the one the decision's trains run under
    if rule is not None:
        lg: dict[str, Any] = base.get("logistics") or {}
        lg = lg if isinstance(lg, dict) else {}
        dispatch: dict[str, Any] = lg.get("dispatch") or {}
        dispatch = dispatch if isinstance(dispatch, dict) else {}
        seen = {**base, "logistics": {**lg, "dispatch": {**dispatch, "rule": rule}}}
    for k, v in values.items():
        d = describe(seen, k, v)
        d["changed"] = base_value(base, k) != v
        out.append(d)
    return out


def label(base: dict[str, Any], path: str) -> str:
    """A decision path in English words (target, what, window; a policy by its kind)."""
    from sim.output.glossary import term
    from sim.scenario.registry import kind_of_key

    kind = kind_of_key(path)
    if kind is not None:  # a policy by its kind, as a run's report names it
        return term(f"rule_kind:{kind}", "en")
    d = describe(base, path, None)
    text = " ".join(x for x in (d["target"], d["what"]) if x)
    return f"{text}, {d['window']}" if d["window"] else text
