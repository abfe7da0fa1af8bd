"""The figures of experiments: replication sets, comparisons and sweeps, with 95 % intervals.

Each function takes what an experiment folder holds (the KPI statistics of ``aggregate.json``,
``comparison.json`` or a sweep's points: ``{"mean", "half_width", "ci_low", "ci_high", ...}`` per
summary key) and draws one small panel per KPI, so KPIs of different units never share an
axis. Values are drawn in the units of the report's tables (:data:`KPIS`: tonnes of CO2e,
millions of USD, shares as percentages).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.figures.run import GREY
from sim.output import verdicts
from sim.output.figures_common import MODE_COLOUR
from sim.output.glossary import term
from sim.output.labels import label

KPIS: tuple[tuple[str, str, float], ...] = (
    ("lead_time_days.overall.mean", "lead time mean, days", 1.0),
    ("lead_time_days.overall.p95", "lead time p95, days", 1.0),
    ("lead_time_days.by_mode.rail.mean", "rail lead time mean, days", 1.0),
    ("lead_time_days.by_mode.sea.mean", "sea lead time mean, days", 1.0),
    ("on_time.share", "delivered by the deadline, %", 100.0),
    ("orders.backordered_share", "backordered, %", 100.0),
    ("emissions_cost.co2e_kg_total", "CO2e, t", 1e-3),
    ("emissions_cost.cost_usd_total", "freight cost, USD m", 1e-6),
)
"""The KPIs drawn by default: summary key, label with unit, factor from the summary's unit
(kilograms, USD, shares) to the label's."""

INTERVAL = MODE_COLOUR["rail"]
"""Colour of a mean and its interval (the report's)."""


def kpi_label(key: str, lang: str = "en") -> tuple[str, float]:
    """The label in ``lang`` and unit factor of a summary key (the key itself, factor 1, if
    not in :data:`KPIS`)."""
    for k, text, factor in KPIS:
        if k == key:
            return (text if lang == "en" else term(f"fig:kpi:{k}", lang)), factor
    return key, 1.0


def _stat(stats: Mapping[str, Any], key: str) -> tuple[float, float] | None:
    """(mean, half-width) of a KPI, or None when it has no mean (nothing was measured)."""
    s = stats.get(key) or {}
    mean = s.get("mean")
    if mean is None or not math.isfinite(mean):
        return None
    hw = s.get("half_width")
    return float(mean), float(hw) if hw is not None and math.isfinite(hw) else 0.0


def _errors(key: str, mean: Any, hw: Any) -> np.ndarray:
    """Error bars (below, above) of means in the drawn unit: a share's interval stops at 0 and
    100 % (a backordered share of 0.3 % ± 0.8 was drawn down to -0.5 %), as the reports'
    tables and the plan's page show it."""
    mean, hw = np.atleast_1d(np.asarray(mean, float)), np.atleast_1d(np.asarray(hw, float))
    if not key.endswith("share"):
        return np.vstack([hw, hw])
    return np.vstack([np.minimum(hw, np.maximum(mean, 0.0)),
                      np.minimum(hw, np.maximum(100.0 - mean, 0.0))])  # fmt: skip


def _panels(n: int, width: float = 3.0, height: float = 2.4) -> tuple[Figure, list[Axes]]:
    cols = min(n, 4) or 1
    rows = math.ceil(max(n, 1) / cols)
    fig = Figure(figsize=(width * cols, height * rows), layout="constrained")
    axes = list(np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel())
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def _shown(kpis: Sequence[str] | None, stats: Sequence[Mapping[str, Any]]) -> list[str]:
    """The KPIs asked for, or the default ones that at least one set of statistics has."""
    if kpis is not None:
        return list(kpis)
    return [k for k, _, _ in KPIS if any(_stat(s, k) for s in stats)]


def kpi_intervals(
    sets: Mapping[str, Mapping[str, Any]],
    kpis: Sequence[str] | None = None,
    replications: Mapping[str, Mapping[str, Sequence[float]]] | None = None,
    *,
    title: str = "Mean and 95 % interval",
    lang: str = "en",
) -> Figure:
    """Each KPI (a panel) for each named set of statistics: the mean and its 95 % interval,
    with every replication's value as a small grey dot when ``replications`` gives them
    (``{set name: {kpi: values}}``)."""
    keys = _shown(kpis, list(sets.values()))
    fig, axes = _panels(len(keys))
    names = list(sets)
    for ax, key in zip(axes, keys):
        text, factor = kpi_label(key, lang)
        for i, name in enumerate(names):
            st = _stat(sets[name], key)
            values = (replications or {}).get(name, {}).get(key, [])
            if values:
                jitter = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else [0.0]
                ax.plot(i + np.asarray(jitter), np.asarray(values, dtype=float) * factor, ".",
                        color=GREY, ms=3, zorder=1)  # fmt: skip
            if st is not None:
                yerr = _errors(key, st[0] * factor, st[1] * factor)
                ax.errorbar([i], [st[0] * factor], yerr=yerr, fmt="o",
                            color=INTERVAL, capsize=5, zorder=2)  # fmt: skip
        ax.set_xticks(range(len(names)), names, rotation=20 if len(names) > 2 else 0, fontsize=7)
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(text, fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(title, fontsize=10)
    return fig


def paired_differences(
    differences: Mapping[str, Mapping[str, Any]],
    baseline: str,
    kpis: Sequence[str] | None = None,
    lang: str = "en",
) -> Figure:
    """Each KPI (a panel): every scenario's paired difference against ``baseline`` with its
    95 % interval; where the interval excludes zero, green when the scenario does better,
    red when worse, blue for a KPI that is neither (:mod:`sim.output.verdicts`), grey
    otherwise."""
    keys = _shown(kpis, list(differences.values()))
    fig, axes = _panels(len(keys))
    names = list(differences)
    for ax, key in zip(axes, keys):
        text, factor = kpi_label(key, lang)
        ax.axhline(0.0, color="black", lw=0.8)
        for i, name in enumerate(names):
            st = _stat(differences[name], key)
            if st is None:
                continue
            # green better, red worse, blue a change neither, grey when 0 is in the interval
            shade = verdicts.verdict(key, differences[name].get(key))
            colour = GREY if shade == "unclear" else verdicts.COLOUR[shade]
            face = "white" if shade == "unclear" else colour  # (hollow: 0 in the interval)
            ax.errorbar([i], [st[0] * factor], yerr=[st[1] * factor], fmt="o", capsize=5,
                        color=colour, markerfacecolor=face)  # fmt: skip
        ax.set_xticks(range(len(names)), names, rotation=20 if len(names) > 2 else 0, fontsize=7)
        ax.set_xlim(-0.6, len(names) - 0.4)
        ax.set_title(term("fig:difference", lang, kpi=text), fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(term("fig:diff_title", lang, base=baseline), fontsize=10)
    # below the panels (laid out with them), wrapped to the figure's width
    legend = label("paired_colours", lang)
    if lang != "zh":  # (Chinese has no spaces to wrap at; its line is short)
        legend = textwrap.fill(legend, max(40, int(fig.get_figwidth() * 14)))
    fig.supxlabel(legend, fontsize=7, color=GREY)
    return fig


def short_keys(paths: Sequence[str]) -> dict[str, str]:
    """Each key path by its shortest ending that no other of ``paths`` shares: a sweep over
    ``logistics.dispatch.rule`` and ``logistics.pricing.rule`` named its points "rule=fixed,
    rule=live", which says neither which rule is which."""
    out = {}
    for path in paths:
        parts = path.split(".")
        for n in range(1, len(parts) + 1):
            tail = ".".join(parts[-n:])
            if not any(o != path and (o == tail or o.endswith("." + tail)) for o in paths):
                break
        out[path] = tail
    return out


def kpi_vs_parameter(
    points: Sequence[Mapping[str, Any]],
    sets: Sequence[Mapping[str, Any]],
    kpis: Sequence[str] | None = None,
    lang: str = "en",
) -> Figure:
    """Each KPI (a panel) against a sweep's points: the mean with its 95 % interval as a band
    when the sweep varies one number, as error bars over the points' names otherwise."""
    keys = _shown(kpis, sets)
    fig, axes = _panels(len(keys), width=3.4)
    params = list(points[0]) if points else []
    numeric = len(params) == 1 and all(
        isinstance(p[params[0]], (int, float)) and not isinstance(p[params[0]], bool)
        for p in points
    )
    short = short_keys(params)
    names = [", ".join(f"{short.get(k, k)}={v}" for k, v in p.items()) for p in points]
    for ax, key in zip(axes, keys):
        text, factor = kpi_label(key, lang)
        got = [(i, _stat(s, key)) for i, s in enumerate(sets)]
        got_ok = [(i, st) for i, st in got if st is not None]
        mean = np.array([st[0] for _, st in got_ok]) * factor
        hw = np.array([st[1] for _, st in got_ok]) * factor
        if numeric:
            x = np.array([float(points[i][params[0]]) for i, _ in got_ok])
            order = np.argsort(x)
            x, mean, hw = x[order], mean[order], hw[order]
            ax.plot(x, mean, marker="o", color=INTERVAL)
            below, above = _errors(key, mean, hw)
            ax.fill_between(x, mean - below, mean + above, color=INTERVAL, alpha=0.25, lw=0)
            ax.set_xlabel(params[0], fontsize=8)
        else:
            x = np.array([i for i, _ in got_ok], dtype=float)
            ax.errorbar(x, mean, yerr=_errors(key, mean, hw), fmt="o", color=INTERVAL, capsize=5)
            ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=7)
        ax.set_title(text, fontsize=9)
        ax.grid(alpha=0.3)
    fig.suptitle(term("fig:sweep_title", lang), fontsize=10)
    return fig
