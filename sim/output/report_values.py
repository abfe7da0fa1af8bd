"""How the report writes a value: numbers, KPI values in their units, intervals, dates.

Notes
-----
Every page of :mod:`sim.output.report` writes its values through these few functions, so that a
count has separators, a share is a percentage, kilograms are tonnes and a day is a calendar date
(in Chinese with ``lang="zh"``) in every table alike; :func:`_esc` is where every value written
into HTML is escaped.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

from sim.output.report_parts import (
    count_decimals,
    count_text,
    partial_n,
    unsigned_zero,
    usd_m_decimals,
)


def _get(d: dict[str, Any], path: str) -> Any:
    node: Any = d
    for k in path.split("."):
        if not isinstance(node, dict) or k not in node:
            return None
        node = node[k]
    return node


def _num(v: Any) -> str:
    """A value as plain text (escaped where it is written into HTML, in :func:`_write`)."""
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)


def _esc(v: Any) -> str:
    """Any value as HTML text: every value written into the report goes through here, so a
    results file edited to hold ``<script>`` shows it as text."""
    return html.escape(str(v), quote=True)


def _unit(v: Any, unit: str) -> str:
    """A KPI value for a planner: counts with separators, shares as percentages, kg as tonnes."""
    if v is None:
        return "–"
    if unit == "%":
        return unsigned_zero(f"{100 * v:.1f}") + " %"
    if unit == "t":
        return unsigned_zero(f"{v / 1000:,.1f}")
    if unit == "m":
        return unsigned_zero(f"{v / 1e6:,.2f}")
    if unit == "d":
        return unsigned_zero(f"{v:,.1f}")
    return unsigned_zero(_num(v))


def _unit_interval(
    d: dict[str, Any] | None, unit: str, of: int | None = None, lang: str = "en"
) -> str:
    """``mean ± half-width`` in a KPI's unit (the half-width scaled like the mean; freight cost
    in USD m to the decimals it needs, :func:`~sim.output.report_parts.usd_m_decimals`, as the
    command line prints it; a count and its half-width to the same decimals,
    :func:`~sim.output.report_parts.count_text`: "3,183 ± 72", not "3,183.1 ± 71.9"; days to
    the hundredth, as the command's table: "25.84 ± 1.44", not "25.8 ± 1.4"), and
    ``(n k/of)`` when only ``k`` of the ``of`` replications had
    a value. A share's half-width is in percentage points, said in ``lang`` ("pp"; "个百分点":
    the Chinese report of a replication set read "85.5 % ± 1.2 pp")."""
    if not d or d.get("mean") is None:
        return "–"
    hw = d.get("half_width")
    if unit == "m":  # freight cost to the decimals the command line's table gives it
        nd = usd_m_decimals([d])
        mean = unsigned_zero(f"{d['mean'] / 1e6:,.{nd}f}")
        text = mean + ("" if hw is None else f" ± {hw / 1e6:,.{nd}f}")
        return text + partial_n(d, of)
    if unit == "n" and hw is not None:  # a count and its half-width alike, as the command prints
        return count_text(d, count_decimals([d])) + partial_n(d, of)
    if unit == "d" and hw is not None:
        # days across replications to the hundredth, as the command's table and the comparison
        # page give them: a set's page read "25.8 ± 1.4" where `run --replications` printed
        # "25.84 ± 1.44" (a single run's 28.4 stays to the tenth, as its summary prints it)
        return unsigned_zero(f"{d['mean']:,.2f}") + f" ± {hw:,.2f}" + partial_n(d, of)
    text = _unit(d["mean"], unit)
    if unit == "n" and d.get("n") == 1 and float(d["mean"]).is_integer():
        text = f"{int(d['mean']):,}"  # one run's count is a whole number: 6, not 6.000
    partial = partial_n(d, of)
    if hw is None:
        return text + partial
    half = _unit(hw, unit)
    if unit != "%":
        return f"{text} ± {half}" + partial
    from sim.output.glossary import term

    return f"{text} ± {half.removesuffix(' %')} {term('pp', lang)}" + partial


def _day(start: date, day: float | None, lang: str = "en") -> str:
    if day is None:
        return "–"
    d = start + timedelta(days=round(day))
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.strftime("%a %d %b %Y")
