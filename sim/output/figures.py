"""The report's figures as SVG: what a planner looks at, drawn from a run's tables and summary.

Each function returns SVG text (see :mod:`sim.output.svg` for why not matplotlib). Lines and
crossings keep one colour in every figure (:mod:`sim.output.colours`); many lines are shown as
small multiples by corridor rather than one tangle; dates are calendar dates; a figure with
nothing to show says so in words. Labels come in English or Chinese (``lang="zh"``).

Notes
-----
The figures live in one module per family, and this module names them all, so that
``from sim.output import figures as F`` and ``from sim.output.figures import ...`` keep working:

- :mod:`sim.output.figures_map`: the map of the lines (:func:`network_map`);
- :mod:`sim.output.figures_deadlines`: last safe order dates, late orders by week, on time by
  destination;
- :mod:`sim.output.figures_flows`: TEU and trains per week, load factors, lead times and stages,
  buyers per day, orders by category;
- :mod:`sim.output.figures_borders`: queues and waits at the crossings, and the scenario's
  disruption windows shaded in them;
- :mod:`sim.output.figures_experiments`: paired differences and KPI intervals;
- :mod:`sim.output.figures_common`: the colours and small pieces they share.
"""

from __future__ import annotations

from sim.output.figures_borders import border_queues, border_waits, disruption_windows
from sim.output.figures_common import (
    DISRUPTED,
    DISRUPTED_EDGE,
    LATE,
    MODE_COLOUR,
    OK,
    STAGE_COLOUR,
)
from sim.output.figures_deadlines import (
    BELOW_MARK,
    ON_TIME_MARK,
    last_safe_dates,
    late_by_week,
    on_time_by_destination,
)
from sim.output.figures_experiments import kpi_intervals, label_room, mean_hw, paired_differences
from sim.output.figures_flows import (
    buyers_per_day,
    lead_time,
    load_factor_by_line,
    orders_by_category,
    stages,
    teu_by_corridor,
    trains_per_week,
)
from sim.output.figures_map import Detour, detours, network_map, outline
from sim.output.labels import label

__all__ = [
    "BELOW_MARK",
    "DISRUPTED",
    "DISRUPTED_EDGE",
    "LATE",
    "MODE_COLOUR",
    "OK",
    "ON_TIME_MARK",
    "STAGE_COLOUR",
    "Detour",
    "border_queues",
    "border_waits",
    "buyers_per_day",
    "detours",
    "disruption_windows",
    "kpi_intervals",
    "label",
    "label_room",
    "last_safe_dates",
    "late_by_week",
    "lead_time",
    "load_factor_by_line",
    "mean_hw",
    "network_map",
    "on_time_by_destination",
    "orders_by_category",
    "outline",
    "paired_differences",
    "stages",
    "teu_by_corridor",
    "trains_per_week",
]
