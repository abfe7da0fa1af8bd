"""The figure of a sensitivity analysis (``sensitivity.svg``), from ``sensitivity.json``.

One panel per KPI, one row per input in the order of the first KPI's ranking: for Morris a bar
of ``mu*`` with its 95 % bootstrap interval and an orange tick at the ``mu*`` that replication
noise alone gives for that input; for Sobol a bar of the total index ``ST`` with its interval
and a dot at the first-order index ``S1``. An input whose interval reaches below its noise tick
cannot be told apart from doing nothing with these runs.

The figure's words follow the reader's language (``lang``: ``en`` or ``zh``, the glossary's
``fig:sens_*`` entries); under ``zh`` a panel is titled by the KPI's Chinese name when the
glossary has one. Input names are key paths and read the same in both languages. The text is
SVG text in the font list of :mod:`sim.output.svg` (Noto Sans CJK SC among them), so the
browser draws the Chinese.
"""

from __future__ import annotations

from typing import Any

from sim.output.glossary import kpi_name, kpi_scale, term
from sim.output.svg import Figure

BAR = "#4c78a8"
FIRST = "#e45756"
NOISE = "#f58518"
ROW_H = 18
PANEL_W = 220
GAP = 50
LABEL_W = 300


def sensitivity_svg(data: dict[str, Any], lang: str = "en") -> str:
    """The figure as SVG text (see the module docstring), its words in ``lang``."""
    method = data["method"]
    kpis = data["kpis"]
    rows = data["indices"]
    key = "mu_star" if method == "morris" else "ST"
    order = [r["input"] for r in rows if kpis and r["kpi"] == kpis[0]]
    order = order or [i["name"] for i in data["inputs"]]
    n = len(order)
    width = max(LABEL_W + max(1, len(kpis)) * (PANEL_W + GAP) + 20, 720)
    height = 80 + n * ROW_H + 50
    title = term("fig:sens_morris" if method == "morris" else "fig:sens_sobol", lang)
    fig = Figure(width, height, title)
    colon = "：" if lang == "zh" else ": "
    if not kpis:
        fig.text(12, 50, term("fig:sens_none", lang))
        return fig.render()
    for p, kpi in enumerate(kpis):
        # mu* in the KPI's unit as every table shows it (USD m, %); Sobol's indices have none
        f = kpi_scale(kpi) if method == "morris" else 1.0
        mine = {r["input"]: _shown(r, f) for r in rows if r["kpi"] == kpi}
        values = [v for r in mine.values() for v in (r[key], r[f"{key}_high"]) if v is not None]
        if method == "morris":
            values += [r["noise"] for r in mine.values() if r["noise"] is not None]
        top = max([*values, 1e-12]) * 1.05
        if method == "sobol":
            top = max(top, 1.0)
        x0 = LABEL_W + p * (PANEL_W + GAP)
        panel = fig.panel(x0, 60, PANEL_W, n * ROW_H, xlim=(0.0, top), ylim=(n, 0.0),
                          yticks=[], title=_title(kpi, lang), grid="x")  # fmt: skip
        for j, name in enumerate(order):
            r = mine.get(name)
            if r is None or r[key] is None:
                continue
            y = j + 0.5
            panel.rect(0.0, y - 0.35, max(r[key], 0.0), y + 0.35, BAR, 0.8,
                       title=f"{name}{colon}{key} {r[key]:.4g}")  # fmt: skip
            if r[f"{key}_low"] is not None and r[f"{key}_high"] is not None:
                panel.hinterval(max(r[f"{key}_low"], 0.0), r[f"{key}_high"], y, "#222", 1.0)
            if method == "sobol" and r["S1"] is not None:
                panel.point(max(r["S1"], 0.0), y, FIRST, 3.5, title=f"S1 {r['S1']:.3g}")
            if method == "morris" and r["noise"] is not None:  # this input's noise floor
                tip = term("fig:sens_noise_tip", lang, v=f"{r['noise']:.3g}")
                panel.rect(r["noise"] - top / 150, y - 0.45, r["noise"] + top / 150, y + 0.45,
                           NOISE, title=tip)  # fmt: skip
            if p == 0:
                panel.label_y(y, name)
    return fig.render()


def _shown(row: dict[str, Any], f: float) -> dict[str, Any]:
    """A Morris row with its values in the KPI's unit shown (``f``: :func:`kpi_scale`)."""
    if f == 1.0:
        return row
    keys = ("mu_star", "mu_star_low", "mu_star_high", "noise")
    return {**row, **{k: row[k] * f for k in keys if row.get(k) is not None}}


def _title(kpi: str, lang: str) -> str:
    """A panel's title: the KPI's key (cut to fit), or its name when the glossary has one under
    ``zh``, and in English when the values are not drawn in the key's unit (freight cost in
    USD m, shares in %)."""
    named = lang != "en" or kpi_scale(kpi) != 1.0
    name = kpi_name(kpi, lang) if named else kpi
    return name if name != kpi else _short(kpi)


def _short(kpi: str, chars: int = 40) -> str:
    """A panel title that fits its panel: the KPI's last parts when it is long."""
    if len(kpi) <= chars:
        return kpi
    parts = kpi.split(".")
    while len(parts) > 1 and len("...".join(["", ".".join(parts)])) > chars:
        parts = parts[1:]
    return "..." + ".".join(parts)
