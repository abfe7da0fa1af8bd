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
    """The window's text and its length in weeks (end inclusive)."""
    lo, hi = _date(d.get("start")), _date(d.get("end"))
    if lo is None or hi is None:
        return "", 0.0
    weeks = ((hi - lo).days + 1) / 7
    return f"{lo:%d %b %Y} - {hi:%d %b %Y}", weeks


def label(base: dict[str, Any], path: str) -> str:
    """What a decision path is about, e.g. ``London (L03) departures, 01 Dec 2025 - 31 Jan
    2026``; the path itself when it has no better name."""
    try:
        net = _network()
    except Exception:  # a broken data folder is reported by the run, not here
        net = None
    parts = path.split(".")
    if parts[0] == "disruptions" and len(parts) == 3 and parts[1].isdigit():
        items = base.get("disruptions") or []
        k = int(parts[1])
        if k < len(items) and isinstance(items[k], dict):
            d = items[k]
            what = {
                "trains_factor": "departures",
                "capacity_factor": "train capacity",
                "servers_factor": "servers",
                "dwell_factor": "dwell",
            }.get(parts[2], parts[2])
            target = (
                _line_name(net, str(d.get("id")))
                if d.get("target") == "line"
                else _node_name(net, str(d.get("id")))
            )
            window, _ = _window(d)
            return f"{target} {what}, {window}" if window else f"{target} {what}"
    if parts[:2] == ["logistics", "lines"] and len(parts) == 4:
        return f"{_line_name(net, parts[2])} {parts[3].replace('_', ' ')}"
    if parts[:2] == ["logistics", "borders"] and len(parts) == 4:
        return f"{_node_name(net, parts[2])} {parts[3].replace('_', ' ')}"
    return path


def value_words(base: dict[str, Any], path: str, value: Any) -> str:
    """A decision's value in the planner's units: a ``trains_factor`` as departures a week and
    extra departures in its window, trains a week with the season's count, else the value."""
    try:
        net = _network()
    except Exception:
        net = None
    parts = path.split(".")
    days = float(base.get("days") or 0)
    if (
        parts[0] == "disruptions"
        and len(parts) == 3
        and parts[1].isdigit()
        and parts[2] == "trains_factor"
        and isinstance(value, int | float)
    ):
        items = base.get("disruptions") or []
        k = int(parts[1])
        d = items[k] if k < len(items) and isinstance(items[k], dict) else {}
        tpw = _trains_per_week(base, net, str(d.get("id"))) if d.get("target") == "line" else None
        _, weeks = _window(d)
        if tpw is None or not weeks:
            return f"×{value:g}"
        extra = (float(value) - 1.0) * tpw * weeks
        base_text = "today's timetable" if value == 1 else f"×{value:g}"
        return f"{base_text}: {tpw * value:.3g} a week" + (
            f" ({extra:+.0f} departures in the window)" if value != 1 else ""
        )
    if (
        parts[:2] == ["logistics", "lines"]
        and len(parts) == 4
        and parts[3] == "trains_per_week"
        and isinstance(value, int | float)
    ):
        season = f" ({value * days / 7:.0f} in the {days:.0f}-day run)" if days else ""
        return f"{value:g} a week{season}"
    return str(value)


def decision_words(base: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """One sentence per decided path, ``label: value``, in the order of the decisions."""
    return [f"{label(base, k)}: {value_words(base, k, v)}" for k, v in values.items()]
