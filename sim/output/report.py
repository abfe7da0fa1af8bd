"""Reports a planner opens: one self-contained HTML file and a Markdown summary.

``build_report(folder)`` reads a results folder — a single run, a replication set, a comparison
or a sweep — draws the figures of :mod:`sim.output.figures` (SVG, embedded in the page and kept as
files under ``figures/``), and writes ``report.html`` (readable offline) and ``report.md``. For a
run it also writes the planner's tables ``last_safe_order.csv`` and ``late_orders.csv``
(:mod:`sim.output.planning_answers`). It never simulates. Every piece of text that comes from a
scenario is HTML-escaped.

Every count is of orders placed after the warm-up (said once, at the top); shares are shown as
percentages and days as calendar dates. A run or comparison that ends before a disruption's
effects or a deadline can show says so at the top (:func:`horizon_warnings`).
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ResultsError
from sim.output import figures as F
from sim.output.analysis import daily_table
from sim.output.labels import LABELS
from sim.output.planning_answers import (
    LATE_COLUMNS,
    SAFE_COLUMNS,
    as_table,
    last_safe_orders,
    late_orders,
    safe_order_share,
    write_rows_csv,
)
from sim.output.results import RunResult, load_run
from sim.world.calendar import MarketCalendar
from sim.world.network import load_network

log = logging.getLogger(__name__)

HEADLINE = (
    ("orders placed", "orders.placed_after_warmup", "n"),
    ("orders delivered by the end", "orders.delivered_after_warmup", "n"),
    ("TEU ordered", "orders.teu_placed_after_warmup", "n"),
    ("lead time mean, days", "lead_time_days.overall.mean", "d"),
    ("lead time p95, days", "lead_time_days.overall.p95", "d"),
    ("rail lead time mean, days", "lead_time_days.by_mode.rail.mean", "d"),
    ("sea lead time mean, days", "lead_time_days.by_mode.sea.mean", "d"),
    ("backordered", "orders.backordered_share", "%"),
    ("CO2e, t", "emissions_cost.co2e_kg_total", "t"),
    ("freight cost, USD m", "emissions_cost.cost_usd_total", "m"),
)
"""KPIs of the report's table: label, summary key, unit (n count, d days, % share, t tonnes from
kg, m millions)."""

CSS = """
body{font-family:system-ui,'Noto Sans','Noto Sans CJK SC',sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}
figure{margin:1.5em 0}figcaption{font-size:.9em;color:#555}
figure svg{max-width:100%;height:auto;border:1px solid #eee}
pre{background:#f6f6f6;padding:1em;overflow:auto}
.note{background:#fff6d6;padding:.5em 1em}.warn{background:#fde2e1;padding:.5em 1em}
.basis{color:#555}
"""


@dataclass
class Figures:
    """Figures drawn for a report, in order: key, caption and SVG text."""

    items: list[tuple[str, str, str]]


@dataclass
class Page:
    """What a report says: title, introduction, KPI table, planner's tables, figures, manifest."""

    title: str
    intro_html: str
    intro_md: str
    table: list[tuple[str, str]]
    figures: Figures
    manifest: dict[str, Any] | None = None
    keys: list[str | None] = field(default_factory=list)
    """The summary key behind each KPI row (None for a derived row), for readers and tests."""
    sections: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    """Further tables: heading, column names, rows."""
    warnings: list[str] = field(default_factory=list)
    csvs: dict[str, dict[str, Any]] = field(default_factory=dict)


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


def _interval(d: dict[str, Any] | None) -> str:
    if not d or d.get("mean") is None:
        return "–"
    hw = d.get("half_width")
    return _num(d["mean"]) + (f" ± {_num(hw)}" if hw is not None else "")


def _unit(v: Any, unit: str) -> str:
    """A KPI value for a planner: counts with separators, shares as percentages, kg as tonnes."""
    if v is None:
        return "–"
    if unit == "%":
        return f"{100 * v:.1f} %"
    if unit == "t":
        return f"{v / 1000:,.1f}"
    if unit == "m":
        return f"{v / 1e6:,.2f}"
    if unit == "d":
        return f"{v:,.1f}"
    return _num(v)


def _unit_interval(d: dict[str, Any] | None, unit: str) -> str:
    """``mean ± half-width`` in a KPI's unit (the half-width scaled like the mean)."""
    if not d or d.get("mean") is None:
        return "–"
    hw = d.get("half_width")
    text = _unit(d["mean"], unit)
    if hw is None:
        return text
    half = _unit(hw, unit) if unit != "n" else f"{hw:,.1f}"
    return f"{text} ± {half.removesuffix(' %')}" + (" pp" if unit == "%" else "")


def _day(start: date, day: float | None) -> str:
    return "–" if day is None else (start + timedelta(days=round(day))).strftime("%a %d %b %Y")


# --------------------------------------------------------------------------- warnings


def horizon_warnings(sc: Any, tables: dict[str, Any] | None = None) -> list[str]:
    """What a run of ``sc`` cannot show because it ends too soon.

    - a deadline category whose next deadline after the warm-up falls after the end: none of its
      orders is judged;
    - a disruption whose delayed goods are still under way at the end: goods held up at its last
      day still need the rest of the longest line through it (the nominal days of that line);
    - with the run's ``tables``: orders on the lines through a disrupted place that left Yiwu
      before the disruption ended and were not delivered by the end of the run.
    """
    from sim.world.calendar import spring_festival

    out: list[str] = []
    first = sc.start + timedelta(days=sc.warmup_days)
    end = sc.end
    for cat in sc.market.categories:
        kind = getattr(cat.deadline, "kind", "none")
        due: date | None = None
        if kind == "spring_festival":
            due = next(
                (f for y in (first.year, first.year + 1) if (f := spring_festival(y)) >= first),
                None,
            )
        elif kind == "fixed_date":
            for y in (first.year, first.year + 1):
                try:
                    d = date(y, cat.deadline.month, cat.deadline.day)
                except ValueError:
                    continue
                if d >= first:
                    due = d
                    break
        if due is not None and due >= end:
            need = (due - sc.start).days + 1
            out.append(
                f"{cat.name}: its deadline {due:%d %b %Y} falls after the run ends "
                f"({end:%d %b %Y}), so no {cat.name} order is judged against it; "
                f"run at least {need} days (--set days={need})."
            )
    net = load_network()
    for dis in sc.disruptions:
        lines = [
            line
            for lid, line in net.lines.items()
            if (not sc.logistics.lines or lid in sc.logistics.lines)
            and (
                (dis.target == "node" and dis.id in line.path)
                or (dis.target == "line" and dis.id == lid)
                or (dis.target == "edge" and dis.id in {f"{a}-{b}" for a, b in _pairs(line.path)})
            )
        ]
        if not lines:
            continue
        longest = max(net.nominal_days(line) for line in lines)
        clear = dis.end + timedelta(days=int(longest) + 7)
        if clear > end:
            need = (clear - sc.start).days
            out.append(
                f"disruption of {dis.id} ({dis.start:%d %b}–{dis.end:%d %b %Y}): goods it held up "
                f"arrive until about {clear:%d %b %Y}, after the run ends ({end:%d %b %Y}); the "
                f"difference it makes is cut off — run at least {need} days (--set days={need})."
            )
        if tables is not None and "orders" in tables:
            o = tables["orders"]
            ids = {line.id for line in lines}
            on = _isin(o["line"], ids)
            left = o["departed_h"] <= ((dis.end - sc.start).days + 1) * 24.0
            open_ = on & left & np.isnan(o["delivered_h"])
            n = int(open_.sum())
            if n:
                out.append(
                    f"{n:,} orders ({float(o['teu'][open_].sum()):,.0f} TEU) on lines through "
                    f"{dis.id} that left Yiwu by the end of its disruption were still under way "
                    "when the run ended."
                )
    return out


def _pairs(path: Any) -> list[tuple[str, str]]:
    return list(pairwise(path))


def _isin(col: Any, values: set[str]) -> Any:
    return np.isin(col, sorted(values))


# --------------------------------------------------------------------------- figures of a run


def _safe_rows(run: RunResult) -> list[dict[str, Any]]:
    sc = run.scenario
    return last_safe_orders(
        run.tables["orders"],
        from_h=sc.warmup_days * 24.0,
        end_h=sc.days * 24.0,
        start=sc.start,
        target=safe_order_share(sc),
    )


def run_figures(
    run: RunResult, lang: str = "en", safe_rows: list[dict[str, Any]] | None = None
) -> Figures:
    """The figures of one run (SVG)."""
    sc = run.scenario
    t = run.tables
    days, start = sc.days, sc.start
    end_h, from_h = days * 24.0, sc.warmup_days * 24.0
    net = load_network()
    lines = list(sc.logistics.lines)
    s = run.summary
    teu = {k.split(":")[0]: v["teu"] for k, v in s["lines"].items() if ":sailing" not in k}
    waits = {b: v["wait_h_mean"] or 0.0 for b, v in s["borders"].items()}
    items: list[tuple[str, str, str]] = []

    def add(key: str, caption: str, svg: str) -> None:
        items.append((key, caption, svg))

    add("network", "Rail lines along their paths (width: TEU carried) and border crossings "
        "(size: mean wait)", F.network_map(net, lines, teu, waits, lang))  # fmt: skip
    if "orders" in t:
        orders, deps, cross = t["orders"], t["departures"], t["crossings"]
        rows = safe_rows if safe_rows is not None else _safe_rows(run)
        add("last_order", "Last safe order date per deadline, line and destination",
            F.last_safe_dates(rows, start, safe_order_share(sc), lang))  # fmt: skip
        add("late_orders", "Orders judged against a deadline and the late ones, by order week",
            F.late_by_week(orders, from_h, end_h, start, lang))  # fmt: skip
        add("on_time", "Delivered by the deadline, per deadline and destination",
            F.on_time_by_destination(orders, from_h, end_h, lang))  # fmt: skip
        add("teu_by_line", "TEU leaving Yiwu per week, by corridor and line",
            F.teu_by_corridor(deps, days, start, lang))  # fmt: skip
        add(
            "lead_time",
            "Lead time by destination and mode",
            F.lead_time(orders, end_h, from_h, lang),
        )
        add("stages", "Where the time goes", F.stages(orders, end_h, from_h, lang))
        add("queues", "Border queues per day (time average and peak)",
            F.border_queues(cross, days, start, lang))  # fmt: skip
        add("border_waits", "Border waits", F.border_waits(s, lang))
        add("load_factor", "Load factor by line", F.load_factor_by_line(s, lang))
        add("trains", "Trains per week", F.trains_per_week(deps, days, start, lang))
        daily = t.get("daily") or daily_table(t, days, start)
        cal = MarketCalendar(sc)
        fairs = [(f.name, f.start, f.end) for f in sc.calendar.fairs]
        add("buyers", "Buyers per day, the festival closure and the fairs",
            F.buyers_per_day(daily, start, cal.closure_windows(), fairs, lang))  # fmt: skip
        add("categories", "Orders and backorders by category",
            F.orders_by_category(orders, from_h, lang))  # fmt: skip
    else:
        add("border_waits", "Border waits", F.border_waits(s, lang))
        add("load_factor", "Load factor by line", F.load_factor_by_line(s, lang))
    return Figures(items)


# --------------------------------------------------------------------------- pages


def _kpi_rows(s: dict[str, Any]) -> tuple[list[tuple[str, str]], list[str | None]]:
    """The KPI table of a run: label, value (in its unit) and the summary key behind it."""
    table: list[tuple[str, str]] = []
    keys: list[str | None] = []
    for k, p, unit in HEADLINE:
        table.append((k, _unit(_get(s, p), unit)))
        keys.append(p)
    for cat, v in s["on_time"]["by_category"].items():
        if not v.get("orders"):
            continue
        table.append(
            (f"{cat}: delivered by the deadline", f"{_unit(v['share'], '%')} of {v['orders']:,}")
        )
        keys.append(f"on_time.by_category.{cat}.share")
    trains = [v for k, v in s["lines"].items() if ":" not in k]
    if trains:
        n = sum(v["departures"] for v in trains if isinstance(v["departures"], int))
        table.append(("trains from Yiwu", _num(n)))
        keys.append(None)
    b = s["borders"]
    if b:
        worst = max(b, key=lambda x: (b[x]["wait_h_mean"] or 0.0, x))
        table.append(
            (f"longest mean border wait, h ({worst})", _unit(b[worst]["wait_h_mean"], "d"))
        )
        keys.append(f"borders.{worst}.wait_h_mean")
    return table, keys


def _safe_section(
    rows: list[dict[str, Any]], start: date, target: float
) -> tuple[str, list[str], list[list[str]]]:
    head = [
        "deadline",
        "line",
        "destination",
        "last safe order date",
        "days before",
        "in time that day",
        "the day after",
    ]
    out = []
    for r in rows:
        out.append(
            [
                f"{r['category']} ({_day(start, r['deadline_day'])})",
                r["line"],
                r["destination"],
                _day(start, r["day"]) if r["day"] is not None else "none: even the first miss",
                _num(r.get("days_before_deadline")),
                f"{_unit(r['share'], '%')} of {r['orders']}",
                "–" if r.get("next_day_share") is None else _unit(r["next_day_share"], "%"),
            ]
        )
    title = (
        f"Last safe order date: orders placed that day arrive by the deadline in at least "
        f"{100 * target:g} % of cases (a day with fewer than 10 orders is pooled with the "
        "following days; last_safe_order.csv)"
    )
    return title, head, out


def _late_section(
    rows: list[dict[str, Any]], limit: int = 25
) -> tuple[str, list[str], list[list[str]]]:
    head = ["deadline", "order week from", "line", "destination", "late", "of", "late TEU"]
    top = sorted(rows, key=lambda r: (-r["late"], r["week_start"]))[:limit]
    top.sort(key=lambda r: (r["category"], r["week_start"], r["line"], r["destination"]))
    out = [
        [
            f"{r['category']} ({r['deadline_date']})",
            r["week_start"],
            r["line"],
            r["destination"],
            f"{r['late']:,}",
            f"{r['orders']:,}",
            f"{r['late_teu']:,.1f}",
        ]
        for r in top
    ]
    title = (
        f"Late orders by deadline, order week, line and destination (the {len(top)} largest of "
        f"{len(rows)} groups; all in late_orders.csv)"
    )
    return title, head, out


def _run_page(folder: Path, lang: str, run: RunResult | None = None) -> Page:
    run = run if run is not None else load_run(folder)
    sc, s = run.scenario, run.summary
    basis = (
        f"Every count is of orders placed after the warm-up (from "
        f"{_day(sc.start, sc.warmup_days)}, day {sc.warmup_days}); shares are of those orders."
    )
    intro = (
        f"<p>{html.escape(sc.description)}</p><p>Seed {_esc(run.seed)}; {_esc(sc.days)} days "
        f"from {_esc(_day(sc.start, 0))} to {_esc(_day(sc.start, sc.days - 1))}; scale "
        f"{_esc(sc.scale)}.</p><p class='basis'>{_esc(basis)}</p>"
    )
    table, keys = _kpi_rows(s)
    md = f"{sc.description}\n\nSeed {run.seed}; {sc.days} days from {sc.start}. {basis}"
    title = f"yiwu-sim report: {sc.name}"
    page = Page(title, intro, md, table, Figures([]), run.manifest, keys=keys)
    page.warnings = horizon_warnings(sc, run.tables)
    if "orders" in run.tables:
        target = safe_order_share(sc)
        rows = _safe_rows(run)
        late = late_orders(
            run.tables["orders"], from_h=sc.warmup_days * 24.0, end_h=sc.days * 24.0,
            start=sc.start,
        )  # fmt: skip
        page.sections = [_safe_section(rows, sc.start, target), _late_section(late)]
        page.csvs = {
            "last_safe_order.csv": as_table(rows, SAFE_COLUMNS),
            "late_orders.csv": as_table(late, LATE_COLUMNS),
        }
        page.figures = run_figures(run, lang, rows)
    else:
        page.figures = run_figures(run, lang)
    if "containers" in s:  # a run with container pools
        page.sections.append(container_section(s["containers"]))
    return page


def container_section(c: dict[str, Any]) -> tuple[str, list[str], list[list[str]]]:
    """The container balance of a run with pools (summary ``containers``): trains and loads
    both ways, waits for a box, empties moved, leases, and each pool at the end."""

    def share(v: Any) -> str:
        return "–" if v is None else _unit(v, "%")

    rows = [
        ["trains westbound / eastbound", f"{c['westbound_trains']:,} / {c['eastbound_trains']:,}"],
        ["return ratio (eastbound per westbound train)", share(c["return_ratio"])],
        ["slots used westbound / eastbound", f"{share(c['westbound_load_factor'])} / "
         f"{share(c['eastbound_load_factor'])}"],
        ["eastbound boxes carrying imports", share(c["eastbound_loaded_share"])],
        ["import TEU / empty TEU returned", f"{_num(c['import_teu'])} / "
         f"{_num(c['empty_teu_returned'])}"],
        ["empty TEU returned by sea", _num(c.get("empty_teu_returned_by_sea"))],
        ["empty TEU-km", _num(c["empty_teu_km"])],
        ["orders that waited for a box", f"{c['orders_waited_for_box']:,}"],
        ["mean days an order waited for a box", _num(c["box_wait_days_mean"])],
        ["TEU-days waited for a box", _num(c["teu_days_waited_for_box"])],
        ["boxes leased (TEU) / cost (USD)", f"{c['leased_teu']:,} / {c['lease_usd']:,.0f}"],
        ["empties moved back: cost (USD)", f"{c.get('repositioning_usd', 0):,.0f}"],
        ["boxes withdrawn from Yiwu (TEU)", f"{c['withdrawn_teu']:,}"],
        ["boxes owned at the end (TEU)", f"{c['boxes_owned_teu']:,}"],
    ]  # fmt: skip
    pools = ", ".join(f"{k} {v:,}" for k, v in c["pools_end_teu"].items() if v)
    rows.append(["boxes in each pool at the end (TEU)", pools or "none"])
    title = (
        "Container balance: boxes from Yiwu's pool, eastbound services and empties "
        "(after the warm-up; each pool over time in the daily table, boxes_<location>)"
    )
    return title, ["", "value"], rows


def _aggregate_safe(kpis: dict[str, Any], first: dict[str, Any]) -> list[dict[str, Any]]:
    """Last safe order dates across replications (mean day, interval) from aggregate KPIs and the
    deadlines of the first replication's summary."""
    start = date.fromisoformat(first["start"])
    rows = []
    for cat, v in first.get("on_time", {}).get("last_safe_order", {}).items():
        dl = (date.fromisoformat(v["deadline_date"]) - start).days
        for line, dests in v["lines"].items():
            for dest in dests:
                agg = kpis.get(f"on_time.last_safe_order.{cat}.lines.{line}.{dest}.day") or {}
                mean = agg.get("mean")
                rows.append(
                    {
                        "category": cat, "line": line, "destination": dest, "deadline_day": dl,
                        "day": None if mean is None else round(mean), "mean": mean,
                        "half_width": agg.get("half_width"), "n": agg.get("n", 0),
                        "share": (kpis.get(f"on_time.last_safe_order.{cat}.lines.{line}.{dest}"
                                           ".share") or {}).get("mean") or 0.0,
                        "days_before_deadline": None if mean is None else round(dl - mean),
                    }
                )  # fmt: skip
    return rows


def _replications_page(folder: Path, lang: str) -> Page:
    agg = json.loads((folder / "aggregate.json").read_text(encoding="utf-8"))
    name = str(agg["scenario"])
    n = agg["replications"]
    kpis = agg["kpis"]
    first_path = folder / "rep-000" / "summary.json"
    first = json.loads(first_path.read_text(encoding="utf-8")) if first_path.is_file() else {}
    intro = (
        f"<p>{_esc(n)} replications of <b>{_esc(name)}</b>; every value is the mean ± the 95 % "
        "half-width across replications (Student t). Every count is of orders placed after the "
        "warm-up.</p>"
    )
    table = [(k, _unit_interval(kpis.get(p), u)) for k, p, u in HEADLINE]
    keys: list[str | None] = [p for _, p, _ in HEADLINE]
    for key in sorted(kpis):
        if key.startswith("on_time.by_category.") and key.endswith(".share"):
            cat = key.split(".")[2]
            table.append((f"{cat}: delivered by the deadline", _unit_interval(kpis[key], "%")))
            keys.append(key)
    items: list[tuple[str, str, str]] = []
    sections = []
    if first:
        start = date.fromisoformat(first["start"])
        rows = _aggregate_safe(kpis, first)
        target = first.get("on_time", {}).get("safe_order_share", 0.9)
        intervals = {
            (r["category"], r["line"], r["destination"]): (
                r["mean"] - r["half_width"], r["mean"] + r["half_width"])
            for r in rows
            if r["mean"] is not None and r["half_width"] is not None
        }  # fmt: skip
        items.append(
            ("last_order", "Last safe order date: mean across replications and its 95 % interval",
             F.last_safe_dates(rows, start, target, lang, intervals))
        )  # fmt: skip
        sections.append(
            (
                "Last safe order date across replications (mean date ± 95 % half-width in days; "
                "replications with no safe day left out)",
                ["deadline", "line", "destination", "last safe order date", "± days", "runs"],
                [
                    [r["category"], r["line"], r["destination"], _day(start, r["mean"]),
                     "–" if r["half_width"] is None else f"{r['half_width']:.1f}", str(r["n"])]
                    for r in rows
                ],
            )
        )  # fmt: skip
    items.append(
        ("kpis", "Key figures: mean and 95 % interval across replications",
         F.kpi_intervals({name: kpis}, [(k, p) for k, p, _ in HEADLINE[3:7]], lang))
    )  # fmt: skip
    md = f"{n} replications of {name}; mean ± 95 % half-width."
    page = Page(f"yiwu-sim replications: {name}", intro, md, table, Figures(items), keys=keys)
    page.sections = sections
    return page


def comparison_kpis(comp: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The KPIs of a comparison table: the headline ones, each deadline's on-time share and the
    last safe order date of its busiest line, and the crossings whose mean wait changed most."""
    names = list(comp["kpis"])
    keys = set().union(*(comp["kpis"][n].keys() for n in names))
    rows = [(k, p, u) for k, p, u in HEADLINE]
    for key in sorted(keys):
        if key.startswith("on_time.by_category.") and key.endswith(".share"):
            rows.append((f"{key.split('.')[2]}: delivered by the deadline", key, "%"))
    diffs = comp.get("paired_differences", {})
    waits = sorted(
        {k for k in keys if k.startswith("borders.") and k.endswith(".wait_h_mean")},
        key=lambda k: -max([abs((d.get(k) or {}).get("mean") or 0.0) for d in diffs.values()]
                           + [0.0]),
    )  # fmt: skip
    for key in waits[:4]:
        rows.append((f"mean wait at {key.split('.')[1]}, h", key, "d"))
    return rows


def _raw_label(text: str, unit: str) -> str:
    """A KPI label for a figure, whose values are drawn as ``summary.json`` holds them."""
    if unit == "t":
        return text.replace(", t", ", kg")
    if unit == "m":
        return text.replace("USD m", "USD")
    if unit == "%":
        return f"{text} (share, 1 = 100 %)"
    return text


def _comparison_page(folder: Path, lang: str) -> Page:
    comp = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    names = list(comp["kpis"])
    kpis = comparison_kpis(comp)
    table = []
    for k, p, u in kpis:
        cells = [_unit_interval(comp["kpis"][n].get(p), u) for n in names]
        for diffs in comp["paired_differences"].values():
            d = diffs.get(p)
            cells.append(
                "diff " + _unit_interval(d, u) + (" *" if d and d.get("distinguishable") else "")
            )
        table.append((k, " | ".join(cells)))
    others = {n: d for n, d in comp["paired_differences"].items()}
    shown = [(_raw_label(k, u), p) for k, p, u in kpis[3:]]
    figs = [
        ("paired_differences", "Paired differences against the baseline with 95 % intervals",
         F.paired_differences(others, shown, lang)),
        ("kpi_intervals", "Each scenario: mean and 95 % interval",
         F.kpi_intervals(comp["kpis"], shown, lang)),
    ]  # fmt: skip
    warnings = []
    for sub in sorted(folder.iterdir()):
        yaml_path = sub / "rep-000" / "scenario.yaml"
        if yaml_path.is_file():
            from sim.errors import SimError
            from sim.world.inputs import load_scenario

            try:
                sc = load_scenario(yaml_path)
            except (SimError, OSError):  # written by another version: no warnings, no failure
                continue
            warnings += [f"{sub.name}: {w}" for w in horizon_warnings(sc)]
    scen = ", ".join(_esc(n) for n in names)
    intro = (
        f"<p>Scenarios: {scen}; {_esc(comp['replications'])} replications each with common "
        f"random numbers; differences paired against {_esc(comp['baseline'])}; "
        "* = distinguishable from zero at 95 %. Every count is of orders placed after the "
        "warm-up.</p>"
    )
    md = f"Scenarios: {', '.join(names)}; differences against {comp['baseline']}."
    page = Page("yiwu-sim comparison", intro, md, table, Figures(figs))
    page.keys = [p for _, p, _ in kpis]
    page.warnings = warnings
    return page


def _sweep_page(folder: Path, lang: str) -> Page:
    spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    points, params = spec["points"], spec["parameters"]
    aggs = {}
    for i, pt in enumerate(points):
        path = folder / f"p{i:03d}" / "aggregate.json"
        name = ", ".join(f"{k}={v}" for k, v in pt.items())
        aggs[name] = json.loads(path.read_text(encoding="utf-8"))["kpis"] if path.exists() else {}
    shown = [(k, p) for k, p, _ in HEADLINE[3:7]]
    figs = [("kpis", "Key figures at each point: mean and 95 % interval",
             F.kpi_intervals(aggs, shown, lang))]  # fmt: skip
    table = [(name, _unit_interval(a.get("lead_time_days.overall.mean"), "d"))
             for name, a in aggs.items()]  # fmt: skip
    intro = (
        f"<p>Sweep over {_esc(', '.join(map(str, params)))}; {_esc(spec['replications'])} "
        "replications per point. Table: lead time mean ± 95 % half-width, days.</p>"
    )
    return Page("yiwu-sim sweep", intro, f"Sweep over {', '.join(params)}.", table, Figures(figs))


# --------------------------------------------------------------------------- writing


def _write(folder: Path, page: Page, notes: list[str]) -> Path:
    """Write report.html, report.md and figures/ (temporary names, then renamed)."""
    for stale in folder.glob(".figures.tmp-*"):  # left by a report that was killed
        if not _alive(stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    fig_tmp: Path | None = None
    try:
        fig_tmp = Path(tempfile.mkdtemp(prefix=f".figures.tmp-{os.getpid()}-", dir=folder))
        return _write_in(folder, page, notes, fig_tmp)
    except OSError as exc:  # a full disk, say: one line naming the file, nothing half-made
        where = exc.filename or folder
        raise ResultsError(f"{where}: cannot write the report ({exc.strerror or exc})") from None
    finally:
        # after the rename the temporary folder is gone; before it, nothing of it is kept
        if fig_tmp is not None:
            shutil.rmtree(fig_tmp, ignore_errors=True)
        for name in ("report.html", "report.md", *page.csvs):
            (folder / f".{name}.tmp-{os.getpid()}").unlink(missing_ok=True)


def _alive(name: str) -> bool:
    """Whether the process whose id is in a temporary name (``.x.tmp-<pid>-...``) still runs."""
    try:
        pid = int(name.split(".tmp-", 1)[1].split("-", 1)[0])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _table_html(head: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "<table><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in head) + "</tr>",
        *("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in r) + "</tr>" for r in rows),
        "</table>",
    ]


def _table_md(head: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]


def _write_in(folder: Path, page: Page, notes: list[str], fig_tmp: Path) -> Path:
    title = html.escape(page.title)
    keys = page.keys + [None] * (len(page.table) - len(page.keys))
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{title}</title><style>{CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        page.intro_html,
        *(f"<p class='warn'>warning: {html.escape(w)}</p>" for w in page.warnings),
        *(f"<p class='note'>{html.escape(n)}</p>" for n in notes),
        "<h2>Key figures</h2><table id='kpis'><tr><th>KPI</th><th>value</th></tr>",
        *(
            f"<tr{'' if key is None else f' data-key={chr(39)}{_esc(key)}{chr(39)}'}>"
            f"<td>{_esc(k)}</td><td>{_esc(v)}</td></tr>"
            for (k, v), key in zip(page.table, keys)
        ),
        "</table>",
    ]
    md = [f"# {page.title}", "", page.intro_md, ""]
    md += [*(f"> warning: {w}" for w in page.warnings), *(f"> {n}" for n in notes), ""]
    md += ["| KPI | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in page.table), ""]
    for heading, head, rows in page.sections:
        parts.append(f"<h2>{_esc(heading)}</h2>")
        parts += _table_html(head, rows)
        md += [f"## {heading}", "", *_table_md(head, rows)]
    parts.append("<h2>Figures</h2>")
    for key, caption, svg in page.figures.items:
        (fig_tmp / f"{key}.svg").write_bytes(svg.encode("utf-8"))
        cap = html.escape(caption)
        parts.append(f"<figure id='fig-{_esc(key)}'>{svg}<figcaption>{cap}</figcaption></figure>")
        md.append(f"![{caption}](figures/{key}.svg)")
    if page.manifest is not None:
        manifest = html.escape(json.dumps(page.manifest, indent=2))
        parts.append(f"<h2>Manifest</h2><pre>{manifest}</pre>")
    parts.append("</body></html>")
    texts = (("report.html", "\n".join(parts)), ("report.md", "\n".join(md) + "\n"))
    for name, text in texts:  # written before anything is replaced: a full disk fails here
        (folder / f".{name}.tmp-{os.getpid()}").write_text(text, encoding="utf-8")
    for name, table in page.csvs.items():
        tmp = folder / f".{name}.tmp-{os.getpid()}"
        write_rows_csv(tmp, table)
        tmp.replace(folder / name)
    final_figs = folder / "figures"
    shutil.rmtree(final_figs, ignore_errors=True)
    fig_tmp.rename(final_figs)
    for name, _ in texts:
        (folder / f".{name}.tmp-{os.getpid()}").replace(folder / name)
    return folder / "report.html"


def build_report(folder: str | Path, lang: str = "en", run: RunResult | None = None) -> Path:
    """Write the report of a results folder (run, replications, comparison or sweep) and return
    the path of ``report.html``. Nothing is simulated.

    ``run`` is the run the folder holds, when the caller has it in memory (a full-scale year's
    orders then need not be read back from its CSV files).

    Raises
    ------
    ResultsError
        If the folder is not a results folder, or a file in it is missing or damaged.
    """
    if lang not in LABELS:
        raise ResultsError(f"language {lang!r} is not available; choose one of {sorted(LABELS)}")
    folder = Path(folder)
    kinds = (
        ("comparison.json", _comparison_page),
        ("sweep.json", _sweep_page),
        ("aggregate.json", _replications_page),
        ("summary.json", _run_page),
    )
    for marker, make in kinds:
        if (folder / marker).is_file():
            try:
                if make is _run_page and run is not None:
                    page = _run_page(folder, lang, run)
                else:
                    page = make(folder, lang)
            except (KeyError, ValueError, TypeError) as exc:
                raise ResultsError(f"{folder}: a results file is damaged ({exc!r})") from None
            return _write(folder, page, [])
    raise ResultsError(
        f"{folder}: not a results folder (no summary, aggregate, comparison or sweep)"
    )
