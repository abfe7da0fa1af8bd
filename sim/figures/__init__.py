"""Figures for papers: matplotlib ``Figure`` objects of saved runs and experiments.

The HTML report draws its own SVG (fast, and needs no plotting library); this package gives a
researcher the same pictures, and the experiment figures a paper needs, as matplotlib
:class:`~matplotlib.figure.Figure` objects to restyle and save as PDF, PNG or SVG. Everything is
read from results folders (nothing is simulated), in the report's colours (one colour per line
and per crossing, :mod:`sim.output.colours`). Figures are made with matplotlib's object API:
nothing is registered with ``pyplot`` and the global style is never changed, so figures can be
made in a notebook, a script or a web server alike.

It needs matplotlib, an optional extra: ``pip install "yiwu-sim[figures]"``.

From Python::

    from sim.figures import folder_figures, save_figures

    figs = folder_figures("results/teaching-small/replications-42")  # {name: Figure}
    ax = figs["kpi_intervals"].axes[0]          # restyle as you like
    save_figures(figs, "paper/figures", "pdf")  # one file per figure

From the command line: ``yiwu-sim figures FOLDER --format pdf --out DIR``.

Which figures
-------------
- a run (:func:`run_figures`): ``network``, ``last_safe_order``, ``teu_by_line``,
  ``trains_per_week``, ``lead_time``, ``stages``, ``border_queues``, ``orders_by_category``,
  ``on_time``, ``border_waits``, ``load_factor``, ``buyers``;
- a replication set (:func:`replication_figures`): ``kpi_intervals``, each KPI's mean and 95 %
  interval with every replication's value;
- a comparison (:func:`comparison_figures`): ``kpi_intervals`` per scenario and
  ``paired_differences`` against the baseline (red where the interval excludes zero);
- a sweep (:func:`sweep_figures`): ``kpi_vs_parameter``, each KPI against the swept value,
  and ``paired_differences``, each later point against the first (as a comparison's).

The experiment functions take ``kpis=[...]`` (any ``summary.json`` key path) to draw other KPIs
than the default :data:`sim.figures.experiments.KPIS`. The drawing functions themselves, which
take tables and statistics rather than folders, are in :mod:`sim.figures.run` and
:mod:`sim.figures.experiments`.
"""

from __future__ import annotations

MISSING = "sim.figures needs matplotlib, an optional extra: pip install 'yiwu-sim[figures]'"
"""The one-line message when matplotlib is not installed."""

try:
    import matplotlib  # noqa: F401
except ImportError:
    raise ImportError(MISSING) from None

from sim.figures.folders import (  # noqa: E402 - after the check, for its message
    FORMATS,
    comparison_figures,
    folder_figures,
    replication_figures,
    run_figures,
    save_figures,
    sweep_figures,
)

__all__ = [
    "FORMATS",
    "MISSING",
    "comparison_figures",
    "folder_figures",
    "replication_figures",
    "run_figures",
    "save_figures",
    "sweep_figures",
]
