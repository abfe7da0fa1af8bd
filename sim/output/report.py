"""Reports a planner opens: one self-contained HTML file and a Markdown summary.

``build_report(folder)`` reads a results folder — a single run, a replication set, a comparison
or a sweep — draws the figures of :mod:`sim.output.figures` (SVG, embedded in the page and kept as
files under ``figures/``), and writes ``report.html`` (readable offline) and ``report.md``. For a
run it also writes the planner's tables ``last_safe_order.csv`` and ``late_orders.csv``
(:mod:`sim.results.planning_answers`). It never simulates. Every piece of text that comes from a
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sim.errors import ResultsError
from sim.output import figures as F
from sim.output.explain import crossing_name, date_at, worst_border
from sim.output.glossary import category_name, kpi_name, term
from sim.output.install import current_umask
from sim.output.labels import LABELS
from sim.output.report_parts import (
    DISPATCH,
    LOST,
    _aggregate_safe,
    _season_days,
    check_marker,
    no_conservative_why,
    partial_n,
    run_warnings,
    saved_warnings,
)
from sim.output.report_parts import HEADLINE as HEADLINE
from sim.output.report_parts import Figures as Figures
from sim.output.report_parts import Page as Page
from sim.output.report_parts import comparison_kpis as comparison_kpis
from sim.output.report_parts import horizon_warnings as horizon_warnings
from sim.output.report_parts import in_service_words as in_service_words
from sim.output.results import load_run
from sim.output.saying import said
from sim.results.analysis import run_daily_table
from sim.results.planning_answers import (
    LATE_COLUMNS,
    SAFE_COLUMNS,
    as_table,
    planner_rows,
    safe_order_share,
    write_rows_csv,
)
from sim.results.run import RunResult
from sim.world.calendar import MarketCalendar
from sim.world.network import load_network

log = logging.getLogger(__name__)


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
.basis{color:#555}.explains{color:#444;max-width:60em}
"""


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


def _unit_interval(d: dict[str, Any] | None, unit: str, of: int | None = None) -> str:
    """``mean ± half-width`` in a KPI's unit (the half-width scaled like the mean), and
    ``(n k/of)`` when only ``k`` of the ``of`` replications had a value."""
    if not d or d.get("mean") is None:
        return "–"
    hw = d.get("half_width")
    text = _unit(d["mean"], unit)
    if unit == "n" and d.get("n") == 1 and float(d["mean"]).is_integer():
        text = f"{int(d['mean']):,}"  # one run's count is a whole number: 6, not 6.000
    partial = partial_n(d, of)
    if hw is None:
        return text + partial
    half = _unit(hw, unit) if unit != "n" else f"{hw:,.1f}"
    return f"{text} ± {half.removesuffix(' %')}" + (" pp" if unit == "%" else "") + partial


def _day(start: date, day: float | None, lang: str = "en") -> str:
    if day is None:
        return "–"
    d = start + timedelta(days=round(day))
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.strftime("%a %d %b %Y")


# --------------------------------------------------------------------------- warnings


# --------------------------------------------------------------------------- figures of a run


def _safe_rows(run: RunResult) -> list[dict[str, Any]]:
    return planner_rows(run)[0]  # the rows last_safe_order.csv was written from


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
        items.append((key, caption or term(f"cap:{key}", lang), svg))

    add("network", "", F.network_map(net, lines, teu, waits, lang))
    if "orders" in t:
        orders, deps, cross = t["orders"], t["departures"], t["crossings"]
        rows = safe_rows if safe_rows is not None else _safe_rows(run)
        add("last_order", "",
            F.last_safe_dates(rows, start, safe_order_share(sc), lang))  # fmt: skip
        add("late_orders", "",
            F.late_by_week(orders, from_h, end_h, start, lang))  # fmt: skip
        add("on_time", "",
            F.on_time_by_destination(orders, from_h, end_h, lang))  # fmt: skip
        add("teu_by_line", "",
            F.teu_by_corridor(deps, days, start, lang))  # fmt: skip
        add(
            "lead_time",
            "",
            F.lead_time(orders, end_h, from_h, lang),
        )
        add("stages", "", F.stages(orders, end_h, from_h, lang))
        add("queues", "",
            F.border_queues(cross, days, start, lang,
                            F.disruption_windows(sc)))  # fmt: skip
        add("border_waits", "", F.border_waits(s, lang))
        add("load_factor", "", F.load_factor_by_line(s, lang))
        add("trains", "", F.trains_per_week(deps, days, start, lang))
        daily = t.get("daily") or run_daily_table(run)
        cal = MarketCalendar(sc)
        fairs = [(f.name, f.start, f.end) for f in sc.calendar.fairs]
        add("buyers", "",
            F.buyers_per_day(daily, start, cal.closure_windows(), fairs, lang))  # fmt: skip
        add("categories", "",
            F.orders_by_category(orders, from_h, lang))  # fmt: skip
    else:
        add("border_waits", "", F.border_waits(s, lang))
        add("load_factor", "", F.load_factor_by_line(s, lang))
    return Figures(items)


# --------------------------------------------------------------------------- pages


def _headline_label(k: str, p: str, unit: str, lang: str) -> str:
    if lang == "en":
        return k
    return term("kpi:freight_usd_m", lang) if unit == "m" else kpi_name(p, lang)


def _kpi_rows(
    s: dict[str, Any], lang: str = "en"
) -> tuple[list[tuple[str, str]], list[str | None]]:
    """The KPI table of a run: label, value (in its unit) and the summary key behind it."""
    table: list[tuple[str, str]] = []
    keys: list[str | None] = []
    for k, p, unit in HEADLINE:
        table.append((_headline_label(k, p, unit, lang), _unit(_get(s, p), unit)))
        keys.append(p)
    lost = s.get("lost_sales")  # orders placed elsewhere are not among the orders placed
    if lost is not None:
        row = term("cli:lost_row", lang, n=_num(lost["orders"]), teu=_num(lost["teu"]))
        table.append((term("cli:lost", lang), row))
        keys.append(None)  # two figures in one cell
    for cat, v in s["on_time"]["by_category"].items():
        if not v.get("orders"):
            continue
        name = cat if lang == "en" else category_name(cat, lang)
        share = term("share_of", lang, share=_unit(v["share"], "%"), n=f"{v['orders']:,}")
        table.append((term("on_time_of", lang, cat=name), share))
        keys.append(f"on_time.by_category.{cat}.share")
    trains = [v for k, v in s["lines"].items() if ":" not in k]
    if trains:
        n = sum(v["departures"] for v in trains if isinstance(v["departures"], int))
        table.append((term("trains_from_yiwu", lang), _num(n)))
        keys.append(None)
    # what the operators changed, where a policy lets them (planners ask how many trains a
    # line needed and what the carriers did round the festival)
    if "dispatch" in s:
        d = s["dispatch"]
        table.append((term("dispatch_row", lang), f"{d['trains_added']} / {d['trains_cancelled']}"))
        keys.append(None)  # two figures in one cell
    if "sailings" in s:
        c = s["sailings"]
        blanks = f"{c['blanked_festival']} / {c['blanked_min_fill']}; {c['added']}"
        table.append((term("sailings_row", lang), blanks))
        keys.append(None)
    b = s["borders"]
    if b:
        worst = worst_border(b)
        if worst is None:  # no train waited: say so rather than name a crossing
            table.append((term("longest_wait_none", lang), term("no_wait", lang)))
            keys.append(None)
        else:
            table.append(
                (
                    term("longest_wait", lang, b=crossing_name(worst, lang)),
                    _unit(b[worst]["wait_h_mean"], "d"),
                )
            )
            keys.append(f"borders.{worst}.wait_h_mean")
    for node, h in s.get("held_at_end", {}).items():  # held by a closure past the end
        when = "-" if h["reopens_h"] is None else date_at(s["start"], h["reopens_h"])
        row = term("cli:held_row", lang, b=crossing_name(node, lang), n=h["trains"],
                   k=h["yiwu_trains"], mean=_num(h["waited_h_mean"]),
                   longest=_num(h["waited_h_max"]), date=when)  # fmt: skip
        table.append((term("cli:held", lang), row))
        keys.append(None)
    for node, h in s.get("queued_at_end", {}).items():  # open at the end, every server busy
        if not h["yiwu_trains"]:  # other operators' trains in line at the end: no key figure
            continue
        row = term("cli:queued_row", lang, b=crossing_name(node, lang), n=h["trains"],
                   k=h["yiwu_trains"], mean=_num(h["waited_h_mean"]),
                   longest=_num(h["waited_h_max"]))  # fmt: skip
        table.append((term("cli:queued", lang), row))
        keys.append(None)
    moving = s.get("in_service_at_end")
    if moving:  # left Yiwu, not arrived: in no lead time and no arrival of the trains table
        table.append((term("cli:in_service", lang), in_service_words(moving, lang, _num)))
        keys.append(None)
    return table, keys


def _safe_section(
    rows: list[dict[str, Any]], start: date, target: float, lang: str = "en"
) -> tuple[str, list[str], list[list[str]]]:
    head = [
        term("deadline", lang),
        term("line", lang),
        term("destination", lang),
        term("safe_head_last", lang),
        term("days_before", lang),
        term("in_time_that_day", lang),
        term("day_after", lang),
    ]
    out = []
    for r in rows:
        cat = r["category"] if lang == "en" else category_name(r["category"], lang)
        share = term("share_of", lang, share=_unit(r["share"], "%"), n=r["orders"])
        out.append(
            [
                f"{cat} ({_day(start, r['deadline_day'], lang)})",
                r["line"],
                r["destination"] if r["destination"] != "all" else term("all", lang),
                _day(start, r["day"], lang)
                if r["day"] is not None
                else term("none_first_miss", lang),
                _num(r.get("days_before_deadline")),
                # a mark, said once under the title: the sentence in the cell made the column
                # as wide as the page and every other row two lines tall
                share + (" *" if r.get("few_orders") else ""),
                "–" if r.get("next_day_share") is None else _unit(r["next_day_share"], "%"),
            ]
        )
    if not out:  # nothing to list: say why instead of an empty table
        return term("safe_title_none", lang), head, out
    title = term("safe_title", lang, pct=f"{100 * target:g}")
    if any(r.get("few_orders") for r in rows):  # the mark's meaning, a sentence of its own
        stop = "。" if lang == "zh" else "."
        title = title.rstrip() + ("" if title.rstrip().endswith(stop) else stop)
        title += ("" if lang == "zh" else " ") + term("few_orders_note", lang)
    return title, head, out


def _late_section(
    rows: list[dict[str, Any]],
    limit: int = 25,
    lang: str = "en",
    start: date | None = None,
    judged: int | None = None,
) -> tuple[str, list[str], list[list[str]]]:
    """The late orders' groups, the largest ``limit`` of them; ``judged``: the orders judged
    by a deadline (with none late, the title says why the table is empty)."""
    head = [
        term("deadline", lang),
        term("order_week_from", lang),
        term("line", lang),
        term("destination", lang),
        term("late", lang),
        term("of", lang),
        term("late_teu", lang),
    ]
    top = sorted(rows, key=lambda r: (-r["late"], r["week_start"]))[:limit]
    top.sort(key=lambda r: (r["category"], r["week_start"], r["line"], r["destination"]))

    def day(iso: str) -> str:  # dates as in the last safe order table above it
        if start is None:
            return iso
        return _day(start, (date.fromisoformat(iso) - start).days, lang)

    out = [
        [
            f"{r['category'] if lang == 'en' else category_name(r['category'], lang)} "
            f"({day(r['deadline_date'])})",
            day(r["week_start"]),
            r["line"],
            r["destination"],
            f"{r['late']:,}",
            f"{r['orders']:,}",
            f"{r['late_teu']:,.1f}",
        ]
        for r in top
    ]
    if not rows:  # not "all 0 groups": none late, or no deadline in the run to judge by
        title = "late_title_unjudged" if judged == 0 else "late_title_none"
        return term(title, lang, n=f"{judged or 0:,}"), head, out
    title = "late_title" if len(top) < len(rows) else "late_title_all"
    return term(title, lang, k=len(top), n=len(rows)), head, out


def _run_page(folder: Path, lang: str, run: RunResult | None = None) -> Page:
    run = run if run is not None else load_run(folder)
    sc, s = run.scenario, run.summary
    basis = term("run_basis", lang, a=_day(sc.start, sc.warmup_days, lang), d=sc.warmup_days)
    facts = term(
        "run_intro",
        lang,
        seed=run.seed,
        days=sc.days,
        a=_day(sc.start, 0, lang),
        b=_day(sc.start, sc.days - 1, lang),
        scale=sc.scale,
    )
    intro = (
        f"<p>{html.escape(sc.description)}</p><p>{_esc(facts)}</p>"
        f"<p class='basis'>{_esc(basis)}</p>"
    )
    table, keys = _kpi_rows(s, lang)
    md = f"{sc.description}\n\n{facts} {basis}"
    title = term("run_title", lang, name=sc.name)
    page = Page(title, intro, md, table, Figures([]), run.manifest, keys=keys, lang=lang)
    page.warnings = run_warnings(sc, run.tables, lang)  # as the command printed before the run
    if "orders" in run.tables:
        target = safe_order_share(sc)
        rows, late = planner_rows(run)  # as written in the folder, when the run was
        judged = s.get("on_time", {}).get("orders")
        page.sections = [
            _safe_section(rows, sc.start, target, lang),
            _late_section(late, lang=lang, start=sc.start, judged=judged),
        ]
        held = _disruption_section(folder, sc, lang)
        if held is not None:  # first: a closure's run is read for what the closure did
            page.sections.insert(0, held)
        page.csvs = {
            "last_safe_order.csv": as_table(rows, SAFE_COLUMNS),
            "late_orders.csv": as_table(late, LATE_COLUMNS),
        }
        page.figures = run_figures(run, lang, rows)
    else:
        page.figures = run_figures(run, lang)
    if "containers" in s:  # a run with container pools
        page.sections.append(container_section(s["containers"], lang))
    return page


def _disruption_section(
    folder: Path, sc: Any, lang: str = "en"
) -> tuple[str, list[str], list[list[str]]] | None:
    """What each disruption of a border crossing did to Yiwu's trains, from the run's own
    tables: the trains that reached the crossings in the window, how long they waited there,
    and the orders with a deadline they carried (late, or the closest margin) — the sentence a
    comparison's *Why* gives (:func:`sim.output.explain.disruption_effects`), here for the run
    alone, so that a planner reading a closure's report finds what it held without running a
    comparison. None for a run without a crossing disruption.
    """
    from sim.output.explain import _effect_text, disruption_effects
    from sim.output.labels import label

    if not any(d.target == "node" for d in sc.disruptions):
        return None
    scenario = sc.model_dump(mode="json")
    effects = disruption_effects([Path(folder)], scenario)
    if not effects:
        return None
    # one run: "(over 1 replication)" counts nothing the page has not said
    one = term("over_reps_one", lang)
    once = [f" ({one})", f"（{one}）"]
    rows = []
    for e in effects:
        text = _effect_text(e, lang)
        for words in once:
            text = text.replace(words, "")
        rows.append([text])
    return label("disrupted_title", lang), [label("disrupted_head", lang)], rows


def container_section(
    c: dict[str, Any], lang: str = "en"
) -> tuple[str, list[str], list[list[str]]]:
    """The container balance of a run with pools (summary ``containers``): trains and loads
    both ways, waits for a box, empties moved, leases, and each pool at the end."""

    def share(v: Any) -> str:
        return "–" if v is None else _unit(v, "%")

    def t(key: str) -> str:
        return term(f"box:{key}", lang)

    rows = [
        [t("trains"), f"{c['westbound_trains']:,} / {c['eastbound_trains']:,}"],
        [t("return_ratio"), share(c["return_ratio"])],
        [t("slots"), f"{share(c['westbound_load_factor'])} / "
         f"{share(c['eastbound_load_factor'])}"],
        [t("loaded"), share(c["eastbound_loaded_share"])],
        [t("import_empty"), f"{_num(c['import_teu'])} / {_num(c['empty_teu_returned'])}"],
        [t("empty_sea"), _num(c.get("empty_teu_returned_by_sea"))],
        [t("empty_km"), _num(c["empty_teu_km"])],
        [t("orders_waited"), f"{c['orders_waited_for_box']:,}"],
        [t("wait_days"), _num(c["box_wait_days_mean"])],
        [t("teu_days"), _num(c["teu_days_waited_for_box"])],
        [t("leased"), f"{c['leased_teu']:,} / {c['lease_usd']:,.0f}"],
        [t("repositioning"), f"{c.get('repositioning_usd', 0):,.0f}"],
        [t("withdrawn"), f"{c['withdrawn_teu']:,}"],
        [t("owned"), f"{c['boxes_owned_teu']:,}"],
    ]  # fmt: skip
    pools = ", ".join(f"{k} {v:,}" for k, v in c["pools_end_teu"].items() if v)
    rows.append([t("pools"), pools or t("none")])
    return t("title"), ["", t("value")], rows


def _replications_page(folder: Path, lang: str) -> Page:
    agg = json.loads((folder / "aggregate.json").read_text(encoding="utf-8"))
    name = str(agg["scenario"])
    n = agg["replications"]
    kpis = agg["kpis"]
    first_path = folder / "rep-000" / "summary.json"
    first = json.loads(first_path.read_text(encoding="utf-8")) if first_path.is_file() else {}
    intro_text = term("reps_intro_one" if n == 1 else "reps_intro", lang, n=n, name=name)
    intro = f"<p>{_esc(intro_text)}</p>"
    headline = list(HEADLINE)
    if LOST in kpis:  # buyers who placed elsewhere: beside the orders placed
        headline.insert(3, (term(f"kpi:{LOST}"), LOST, "n"))
    headline += [(term(f"kpi:{k}"), k, "n") for k in DISPATCH if k in kpis]
    table = [
        (_headline_label(k, p, u, lang), _unit_interval(kpis.get(p), u, n)) for k, p, u in headline
    ]
    keys: list[str | None] = [p for _, p, _ in headline]
    for key in sorted(kpis):
        if key.startswith("on_time.by_category.") and key.endswith(".share"):
            cat = key.split(".")[2]
            cat = cat if lang == "en" else category_name(cat, lang)
            table.append((term("on_time_of", lang, cat=cat), _unit_interval(kpis[key], "%", n)))
            keys.append(key)
    items: list[tuple[str, str, str]] = []
    sections = []
    if first:
        start = date.fromisoformat(first["start"])
        rows = _aggregate_safe(kpis, first, _season_days(folder))
        target = first.get("on_time", {}).get("safe_order_share", 0.9)
        intervals = {
            (r["category"], r["line"], r["destination"]): (
                r["mean"] - r["half_width"],
                r["mean"] + r["half_width"],
            )
            for r in rows
            if r["mean"] is not None and r["half_width"] is not None
        }
        items.append(
            (
                "last_order",
                term("cap:last_order_one" if n == 1 else "cap:last_order_reps", lang),
                F.last_safe_dates(rows, start, target, lang, intervals),
            )
        )

        def conservative(r: dict[str, Any]) -> str:
            c = r["conservative"]
            if c["day"] is not None:
                return _day(start, c["day"], lang)
            return term("cons_none", lang, why=no_conservative_why(c, lang))

        sections.append(
            (
                term("reps_safe_one" if n == 1 else "reps_safe", lang, pct=f"{100 * target:g}")
                if rows
                else term("reps_safe_none", lang),  # say why, not a method over nothing
                [
                    term("deadline", lang),
                    term("line", lang),
                    term("destination", lang),
                    term("mean_date", lang),
                    term("pm_days", lang),
                    term("cons_date", lang),
                    term("runs", lang),
                ],
                [
                    [
                        r["category"] if lang == "en" else category_name(r["category"], lang),
                        r["line"],
                        r["destination"] if r["destination"] != "all" else term("all", lang),
                        _day(start, r["mean"], lang),
                        "–" if r["half_width"] is None else f"{r['half_width']:.1f}",
                        conservative(r),
                        str(r["n"]),
                    ]
                    for r in rows
                ],
            )
        )
    shown = [(_headline_label(k, p, u, lang), p) for k, p, u in HEADLINE[3:7]]
    cap = term("cap:kpis_one" if n == 1 else "cap:kpis", lang)  # one run: no interval drawn
    items.append(("kpis", cap, F.kpi_intervals({name: kpis}, shown, lang)))
    md = intro_text
    title = term("reps_title", lang, name=name)
    page = Page(title, intro, md, table, Figures(items), keys=keys, lang=lang)
    page.sections = sections
    page.warnings = saved_warnings([folder / "rep-000"], lang)  # what a run of it would say
    return page


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
    from sim.output.compare_report import comparison_page

    page: Page = comparison_page(folder, lang)
    return page


def _sweep_page(folder: Path, lang: str) -> Page:
    spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    points, params = spec["points"], spec["parameters"]
    aggs = {}
    for i, pt in enumerate(points):
        path = folder / f"p{i:03d}" / "aggregate.json"
        name = ", ".join(f"{k}={v}" for k, v in pt.items())
        aggs[name] = json.loads(path.read_text(encoding="utf-8"))["kpis"] if path.exists() else {}
    shown = [(_headline_label(k, p, u, lang), p) for k, p, u in HEADLINE[3:7]]
    figs = [("kpis", term("cap:sweep_kpis", lang), F.kpi_intervals(aggs, shown, lang))]
    # a point by its values under the keys' names (the header), as the paired differences
    values = [", ".join(str(v) for v in pt.values()) for pt in points]
    table = [
        (value, _unit_interval(a.get("lead_time_days.overall.mean"), "d"))
        for value, a in zip(values, aggs.values())
    ]
    text = term("sweep_intro", lang, params=", ".join(map(str, params)), n=spec["replications"])
    page = Page(
        term("sweep_title", lang), f"<p>{_esc(text)}</p>", text, table, Figures(figs), lang=lang
    )
    # the rows are the points, not KPIs: the columns say so (as the paired differences' do)
    lead = next((k, p, u) for k, p, u in HEADLINE if p == "lead_time_days.overall.mean")
    page.head = (", ".join(map(str, params)), _headline_label(*lead, lang))
    if spec.get("paired_differences"):  # sweeps written before them have none
        from sim.output.compare_report import sweep_differences

        page.sections.append(sweep_differences(spec, params, lang))
    # each warning once, with the points it concerns unless it concerns all of them
    said: dict[str, list[str]] = {}
    for i, name in enumerate(aggs):
        for w in saved_warnings([folder / f"p{i:03d}" / "rep-000"], lang):
            said.setdefault(w, []).append(name)
    join = "；" if lang == "zh" else "; "
    page.warnings = [
        w if len(at) == len(aggs) else term("cli:warn_named", lang, which=join.join(at), text=w)
        for w, at in said.items()
    ]
    return page


# --------------------------------------------------------------------------- writing


def _write(folder: Path, page: Page, notes: list[str]) -> Path:
    """Write report.html, report.md and figures/ (temporary names, then renamed)."""
    for stale in folder.glob(".figures.tmp-*"):  # left by a report that was killed
        if not _alive(stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    fig_tmp: Path | None = None
    try:
        fig_tmp = Path(tempfile.mkdtemp(prefix=f".figures.tmp-{os.getpid()}-", dir=folder))
        # mkdtemp makes it 0700; figures/ follows the umask as the run folder beside it does
        os.chmod(fig_tmp, 0o777 & ~current_umask())
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


def section_heading(heading: str) -> tuple[str, str]:
    """A section's heading as a short title and the sentence that explains its table.

    The glossary words a section's heading as "title: what the table holds and how to read
    it" (in Chinese with a full-width colon), which is several lines long as one heading; the
    page shows the title as the heading and the explanation as a paragraph under it. A heading
    without a colon is all title."""
    cuts = [(at, sep) for sep in (": ", "\uff1a") if (at := heading.find(sep)) > 0]
    if not cuts:
        return heading, ""
    at, sep = min(cuts)
    explained = heading[at + len(sep) :].strip()
    if not explained:
        return heading, ""
    if explained[-1] not in ".)!?\u3002\uff09":  # a sentence under the heading ends as one
        explained += "\u3002" if sep == "\uff1a" else "."
    return heading[:at], explained[:1].upper() + explained[1:]


def _table_html(head: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "<table><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in head) + "</tr>",
        *(
            "<tr>"
            + "".join(
                # prose (a reason, a long decision) reads from the left; numbers from the right
                f"<td style='text-align:left'>{_esc(c)}</td>"
                if len(str(c)) > 40
                else f"<td>{_esc(c)}</td>"
                for c in r
            )
            + "</tr>"
            for r in rows
        ),
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
    lang = page.lang
    warn = term("warning", lang)
    colon = "：" if lang == "zh" else ": "
    parts = [
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
        "<meta charset='utf-8'>",
        f"<title>{title}</title><style>{CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        page.intro_html,
        *(f"<p class='warn'>{warn}{colon}{html.escape(w)}</p>" for w in page.warnings),
        *(f"<p class='note'>{html.escape(n)}</p>" for n in notes),
    ]
    md = [f"# {page.title}", "", page.intro_md, ""]
    md += [*(f"> {warn}{colon}{w}" for w in page.warnings), *(f"> {n}" for n in notes), ""]
    if page.table:  # a comparison's key figures are a section with a column per scenario
        first, second = page.head or (term("kpi", lang), term("value", lang))
        parts += [
            f"<h2>{term('key_figures', lang)}</h2><table id='kpis'><tr>"
            f"<th>{_esc(first)}</th><th>{_esc(second)}</th></tr>",
            *(
                f"<tr{'' if key is None else f' data-key={chr(39)}{_esc(key)}{chr(39)}'}>"
                f"<td>{_esc(k)}</td><td>{_esc(v)}</td></tr>"
                for (k, v), key in zip(page.table, keys)
            ),
            "</table>",
        ]
        md += [f"| {first} | {second} |", "|---|---|"]
        md += [*(f"| {k} | {v} |" for k, v in page.table), ""]
    for heading, head, rows in page.sections:
        title, explained = section_heading(heading)
        parts.append(f"<h2>{_esc(title)}</h2>")
        md += [f"## {title}", ""]
        if explained:
            parts.append(f"<p class='explains'>{_esc(explained)}</p>")
            md += [explained, ""]
        if rows:  # (a section with nothing to list says why in its explanation)
            parts += _table_html(head, rows)
            md += _table_md(head, rows)
    parts.append(f"<h2>{term('figures', lang)}</h2>")
    for key, caption, svg in page.figures.items:
        (fig_tmp / f"{key}.svg").write_bytes(svg.encode("utf-8"))
        cap = html.escape(caption)
        parts.append(f"<figure id='fig-{_esc(key)}'>{svg}<figcaption>{cap}</figcaption></figure>")
        md.append(f"![{caption}](figures/{key}.svg)")
    if page.manifest is not None:
        manifest = html.escape(json.dumps(page.manifest, indent=2))
        parts.append(f"<h2>{term('manifest', lang)}</h2><pre>{manifest}</pre>")
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
            check_marker(folder / marker)
            try:
                if make is _run_page and run is not None:
                    page = _run_page(folder, lang, run)
                else:
                    page = make(folder, lang)
            except (KeyError, ValueError, TypeError) as exc:
                raise ResultsError(said("err:damaged", folder=folder, exc=repr(exc))) from None
            return _write(folder, page, [])
    raise ResultsError(said("err:not_results", folder=folder))
