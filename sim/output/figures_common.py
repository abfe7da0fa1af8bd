"""What every figure of the report shares: colours, the "nothing to show" figure, name masks.

Notes
-----
The figures of :mod:`sim.output.figures` (a run's map, deadlines, flows and crossings; an
experiment's intervals) draw with one palette and say a missing picture in words the same way;
those pieces live here so that each family of figures is a module of its own. Labels come in
English or Chinese (``lang="zh"``).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from sim.output.glossary import GLOSSARY, category_name, term
from sim.output.svg import MUTED, Figure
from sim.results.analysis import Table
from sim.results.table import text_codes

MODE_COLOUR = {"rail": "#1f77b4", "sea": "#17becf"}
STAGE_COLOUR = ("#9ecae1", "#fdae6b", "#fdd0a2", "#6baed6", "#c7e9c0")
LATE = "#d62728"
OK = "#9ecae1"
DISRUPTED = "#bdbdbd"  # a crossing's disruption window: grey, as the market's closure
DISRUPTED_EDGE = "#525252"


def _mode(mode: str, lang: str) -> str:
    """A transport mode in ``lang`` (as written when the glossary does not know it)."""
    return term(f"mode:{mode}", lang) if f"mode:{mode}" in GLOSSARY else mode


def _no_data(title: str, text: str, width: float = 760) -> str:
    fig = Figure(width, 70, title)
    fig.text(12, 50, text, size=12, colour=MUTED)
    return fig.render()


def _date(start: date, day: float) -> date:
    return start + timedelta(days=math.floor(day))


def _named(
    table: Table, column: str, rows: np.ndarray | None = None
) -> list[tuple[str, np.ndarray]]:
    """Each name of text column ``column`` found among ``rows`` (a mask; None: every row), in
    sorted order, with the mask of the table's rows that hold it.

    The masks compare the column's small integer codes (:func:`sim.results.table.text_codes`:
    kept by the model, else one sort of the text), not its text: a figure that splits 66,000
    orders by destination and mode compared the text of every row once per name."""
    codes, labels = text_codes(table, column)
    present = np.bincount(codes if rows is None else codes[rows], minlength=len(labels))
    return [(labels[k], codes == k)
            for k in sorted(range(len(labels)), key=labels.__getitem__) if present[k]]  # fmt: skip


def _cat(cat: str, lang: str) -> str:
    """A goods category as the report's tables name it: as the scenario spells it in English,
    the glossary's name in another language (the scenario's own name when it has none)."""
    return cat if lang == "en" else category_name(cat, lang)
