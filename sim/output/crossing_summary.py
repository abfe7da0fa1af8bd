"""What a run's summary says of its crossings: the worst one, and when a closed one reopens.

Notes
-----
The lines ``yiwu-sim run`` prints (:mod:`sim.cli.summary`) and the key figures at the top of a
run's report (:mod:`sim.output.report_key_figures`) name the crossing with the longest wait and
the date a crossing still closed at the end reopens; both read them here, so "the worst border"
has one definition for the command line and every report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def worst_border(borders: dict[str, dict[str, Any]]) -> str | None:
    """The crossing with the longest mean wait (ties: the longer 95th percentile, then the
    code); the one definition used by the command line and the reports. None when there is
    no crossing, or no train waited at any (naming one of them, the last code of a tie of
    zeros, would point a planner at a crossing that held nobody)."""
    if not borders:
        return None
    worst = max(
        borders,
        key=lambda b: (
            borders[b].get("wait_h_mean") or 0.0,
            borders[b].get("wait_h_p95") or 0.0,
            b,
        ),
    )
    w = borders[worst]
    return worst if (w.get("wait_h_mean") or 0.0) > 0 or (w.get("wait_h_p95") or 0.0) > 0 else None


def date_at(start: str, hours: float) -> str:
    """The calendar date ``hours`` after a run's first midnight (``start``, ISO)."""
    return (dt.date.fromisoformat(start) + dt.timedelta(hours=hours)).isoformat()
