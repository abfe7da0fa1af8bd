"""The report's figures of experiments: paired differences against the baseline, and each
KPI's mean and 95 % interval per scenario or sweep point.

Notes
-----
A comparison's page shows both, a replication set's or a sweep's the intervals. A difference is
coloured by its verdict (:mod:`sim.output.verdicts`: green better, red worse, blue neither), its
dot filled when the interval excludes zero; a mean is written to its half-width's decimals
(:func:`mean_hw`). Names of scenarios and points get the room they need (:func:`label_room`).
Labels in English or Chinese (``lang="zh"``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from sim.output import verdicts
from sim.output.figures_common import _no_data
from sim.output.labels import label
from sim.output.svg import INK, MUTED, Figure, fmt, unsigned_zero


def hw_decimals(hw: float | None) -> int | None:
    """The decimals a half-width is written with (:func:`~sim.output.svg.fmt`: 0.54 two,
    2.8 one, 308 none); None for no interval, a zero one or a number written with an
    exponent."""
    if not hw:
        return None
    half = fmt(hw)
    if "e" in half:
        return None
    return len(half.split(".", 1)[1]) if "." in half else 0


def panel_decimals(hws: Sequence[float | None]) -> int | None:
    """One number of decimals for the labels of a panel's rows: the most any of its
    half-widths needs. Each row to its own read "19.4 ± 0.8" above "19 ± 1" (1.04 written
    without its zero) and "18.9 ± 1.1": the middle one looked ten times less precise."""
    nds = [nd for nd in map(hw_decimals, hws) if nd is not None]
    return max(nds) if nds else None


def mean_hw(mean: float, hw: float | None, nd: int | None = None) -> str:
    """``mean ± half-width`` with the mean to the half-width's decimals: 28.22 ± 0.54, not
    28 ± 0.54 (a mean rounded coarser than its own interval reads as a different number);
    ``nd`` sets the decimals of both (a panel's, :func:`panel_decimals`)."""
    if hw is None:
        return fmt(mean)
    if nd is None:
        nd = hw_decimals(hw)
        if nd is None:  # zero, or a tiny half-width written with an exponent
            half = fmt(hw)
            nd = len(half.split(".", 1)[1]) if "." in half and "e" not in half else 0
            return f"{unsigned_zero(f'{mean:,.{nd}f}')} ± {half}"
    # (a paired difference of -0.0012 days read "-0.00 ± 0.17" beside the table's "0.00")
    return f"{unsigned_zero(f'{mean:,.{nd}f}')} ± {hw:,.{nd}f}"


def label_room(names: Sequence[str], size: float = 9.0, least: float = 230.0) -> float:
    """The x of a panel whose category labels (``names``, drawn right-aligned left of it at
    ``size`` px) must fit the figure: ``least``, or more for long labels. A sweep point's label
    ("logistics.dispatch.rule=fixed, logistics.pricing.rule=live") ran past the figure's left
    edge and was read cut ("cs.dispatch.rule=fixed, ..."). Widths are estimated: 0.6 of the
    size for a narrow character, the whole size for a wide (Chinese) one."""

    def width(s: str) -> float:
        return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in s)

    return max([least] + [12.0 + width(str(n)) for n in names])


Written = Mapping[str, Mapping[str, str]]
"""Each KPI's ``mean ± half-width`` as the page's table writes it, by KPI key, then scenario
(or sweep point) name, without the unit its panel's title gives. A figure given them labels
its points so: the comparison's figure read "1.8 ± 0.2" and "107 ± 12" beside its table's
"1.83 ± 0.20" and "106.80 ± 11.51", each number twice, differently. A point they do not name
is labelled by :func:`mean_hw` to its panel's decimals."""


def paired_differences(
    differences: Mapping[str, Mapping[str, Mapping[str, Any]]],
    kpis: Sequence[tuple[str, str]],
    lang: str = "en",
    written: Written | None = None,
) -> str:
    """For each KPI (one panel each) and each scenario against the baseline: the paired
    difference with its 95 % interval, zero marked; a filled dot when the interval excludes it.
    ``written``: the labels as the page's table writes them (:data:`Written`)."""
    scen = list(differences)
    rows = [(lbl, key) for lbl, key in kpis if any(differences[s].get(key) for s in scen)]
    title = label("paired", lang)
    if not rows or not scen:
        return _no_data(title, label("no_data", lang))

    def zero(key: str) -> bool:
        return all(
            abs((differences[s].get(key) or {}).get(v) or 0.0) < 1e-12
            for s in scen
            for v in ("mean", "ci_low", "ci_high")
        )

    same = [lbl for lbl, key in rows if zero(key)]
    rows = [(lbl, key) for lbl, key in rows if not zero(key)]
    per = 18.0 * len(scen)
    left = label_room(scen)  # the scenarios' names fit left of the panels
    fig = Figure(left + 670, 60 + (per + 36) * len(rows), title)
    y = 56.0
    for lbl, key in rows:
        ds = [differences[s].get(key) or {} for s in scen]
        vals = [
            v
            for d in ds
            for v in (d.get("ci_low"), d.get("ci_high"), d.get("mean"))
            if v is not None
        ]
        span = max([abs(v) for v in vals] + [1e-9]) * 1.15
        nd = panel_decimals([d.get("half_width") for d in ds if d.get("mean") is not None])
        p = fig.panel(
            left,
            y,
            520,
            per,
            xlim=(-span, span),
            ylim=(len(scen) - 0.5, -0.5),
            yticks=[],
            grid="x",
            title=lbl,
        )
        p.vline(0.0, INK, dash="3 3")
        for i, (s, d) in enumerate(zip(scen, ds)):
            p.label_y(i, s)
            if d.get("mean") is None:
                continue
            # green better, red worse, blue a change neither (the explorer's colours)
            colour = verdicts.COLOUR[verdicts.verdict(key, d)]
            if d.get("ci_low") is not None:
                p.hinterval(d["ci_low"], d["ci_high"], i, colour)
            p.point(d["mean"], i, colour if d.get("distinguishable") else "white", r=4.5)
            text = (written or {}).get(key, {}).get(s) or mean_hw(
                d["mean"], d.get("half_width"), nd
            )
            fig.text(
                left + 530,
                float(p.sy(i)) + 3.5,
                text + (" *" if d.get("distinguishable") else ""),
                size=10,
                colour=colour,
            )
        y += per + 36
    fig.text(14, y, label("paired_colours", lang), size=10, colour=MUTED)
    y += 16
    if same:
        # wrapped, so a long list is not cut off at the figure's edge
        line, lines = f"{label('no_difference', lang)}: ", []
        for k, name in enumerate(same):
            piece = name + (", " if k < len(same) - 1 else "")
            if len(line) + len(piece) > (70 if lang == "zh" else 140):
                lines.append(line)
                line = ""
            line += piece
        for text in [*lines, line]:
            fig.text(14, y, text, size=10, colour=MUTED)
            y += 14
    fig.height = y + 10
    return fig.render()


def kpi_intervals(
    aggregates: Mapping[str, Mapping[str, Any]],
    kpis: Sequence[tuple[str, str]],
    lang: str = "en",
    written: Written | None = None,
) -> str:
    """Mean and 95 % interval across replications of each KPI, per scenario or sweep point;
    ``written``: the labels as the page's table writes them (:data:`Written`)."""
    names = list(aggregates)
    rows = [
        (lbl, k)
        for lbl, k in kpis
        if any(aggregates[n].get(k, {}).get("mean") is not None for n in names)
    ]
    title = label("kpi_ci", lang)
    if not rows:
        return _no_data(title, label("no_data", lang))
    per = 18.0 * len(names)
    left = label_room(names)  # the scenarios' or points' names fit left of the panels
    fig = Figure(left + 670, 60 + (per + 36) * len(rows), title)
    y = 56.0
    for lbl, key in rows:
        ds = [aggregates[n].get(key) or {} for n in names]
        vals = [
            v
            for d in ds
            for v in (d.get("ci_low"), d.get("ci_high"), d.get("mean"))
            if v is not None
        ]
        lo, hi = min(vals), max(vals)
        pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
        nd = panel_decimals([d.get("half_width") for d in ds if d.get("mean") is not None])
        p = fig.panel(
            left,
            y,
            520,
            per,
            xlim=(lo - pad, hi + pad),
            ylim=(len(names) - 0.5, -0.5),
            yticks=[],
            grid="x",
            title=lbl,
        )
        for i, (n, d) in enumerate(zip(names, ds)):
            p.label_y(i, n)
            if d.get("mean") is None:
                continue
            if d.get("ci_low") is not None:
                p.hinterval(d["ci_low"], d["ci_high"], i, "#1f77b4")
            p.point(d["mean"], i, "#1f77b4")
            text = (written or {}).get(key, {}).get(n) or mean_hw(
                d["mean"], d.get("half_width"), nd
            )
            fig.text(
                left + 530,
                float(p.sy(i)) + 3.5,
                text,
                size=10,
            )
        y += per + 36
    return fig.render()
