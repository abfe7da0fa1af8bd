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

Notes
-----
This module makes a run's page and writes every page; the parts it is made of live beside it:

- :mod:`sim.output.report_values`: how a value is written (units, intervals, dates, escaping);
- :mod:`sim.output.report_key_figures`: a run's key figures (:func:`_kpi_rows`);
- :mod:`sim.output.report_run_sections`: a run's tables of last safe dates, late orders,
  disrupted crossings and containers;
- :mod:`sim.output.report_experiments`: the pages of a replication set, a comparison, a sweep;
- :mod:`sim.output.report_parts`: what a run's page and a comparison's share (warnings, the
  headline KPIs, :class:`Page`).

The names tests and callers import from here (``build_report``, ``horizon_warnings``,
``comparison_kpis``, ``container_section``, ``_kpi_rows``, ...) still are here.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ResultsError
from sim.output import figures as F
from sim.output.glossary import term
from sim.output.install import current_umask
from sim.output.labels import LABELS
from sim.output.report_experiments import _comparison_page, _replications_page, _sweep_page
from sim.output.report_key_figures import _kpi_rows as _kpi_rows
from sim.output.report_parts import HEADLINE as HEADLINE
from sim.output.report_parts import Figures as Figures
from sim.output.report_parts import Page as Page
from sim.output.report_parts import (
    check_marker,
    description_html,
    description_text,
    prose_columns,
    run_warnings,
)
from sim.output.report_parts import comparison_kpis as comparison_kpis
from sim.output.report_parts import horizon_warnings as horizon_warnings
from sim.output.report_parts import in_service_words as in_service_words
from sim.output.report_run_sections import _disruption_section, _late_section
from sim.output.report_run_sections import _safe_section as _safe_section
from sim.output.report_run_sections import container_section as container_section
from sim.output.report_values import _day, _esc
from sim.output.report_values import _get as _get
from sim.output.report_values import _unit_interval as _unit_interval
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
.basis{color:#555}.explains{color:#444;max-width:60em}td.iv,.nw{white-space:nowrap}
.wide{overflow-x:auto;max-width:100%}
"""


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

    # the trains that went round a closed crossing, along the paths they took
    went = F.detours(net, t["departures"], t["crossings"]) if "crossings" in t else []
    add("network", "", F.network_map(net, lines, teu, waits, lang, went))
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


def decisions_line(sc: Any, lang: str = "en") -> str | None:
    """The rules a run's decisions were taken by, where they are not the defaults ("routing
    'live'; prices 'live'; dispatch of trains 'demand'"), and the per-actor engine; None when
    every decision follows its default rule. A report's key figures read differently under
    live prices or demand-driven trains, and a planner reading only the report could not
    tell which were on."""
    from sim.scenario.registry import BUILT_IN, KEYS, KINDS

    parts = []
    for kind in KINDS:
        rule: Any = sc
        for name in KEYS[kind][0].split("."):
            rule = getattr(rule, name)
        if rule != BUILT_IN[kind][0]:
            parts.append(f"{term(f'rule_kind:{kind}', lang)} '{rule}'")
    if sc.buyers.reaction != "none":
        parts.append(f"{term('rule_kind:buyers', lang)} '{sc.buyers.reaction}'")
    if sc.engine != "batched":
        parts.append(f"{term('rule_kind:engine', lang)} '{sc.engine}'")
    if not parts:
        return None
    return term("run_decisions", lang, rules=("；" if lang == "zh" else "; ").join(parts))


def _dated_orders(sc: Any, orders: Any) -> int:
    """The orders placed after the warm-up that have a deadline, judged or not, and -1 when no
    goods category of ``sc`` has one: with no order judged, the late orders' section says which
    of the reasons it is (no order placed with a deadline is not "no deadline in the run")."""
    if all(c.deadline.kind == "none" for c in sc.market.categories):
        return -1
    placed = np.asarray(orders["placed_h"]) >= 24.0 * sc.warmup_days
    return int(np.count_nonzero(placed & ~np.isnan(np.asarray(orders["deadline_h"]))))


def _run_page(folder: Path, lang: str, run: RunResult | None = None) -> Page:
    run = run if run is not None else load_run(folder)
    sc, s = run.scenario, run.summary
    basis = term(
        "run_basis" if sc.warmup_days else "run_basis_all",
        lang,
        a=_day(sc.start, sc.warmup_days, lang),
        d=sc.warmup_days,
    )
    facts = term(
        "run_intro",
        lang,
        seed=run.seed,
        days=sc.days,
        a=_day(sc.start, 0, lang),
        b=_day(sc.start, sc.days - 1, lang),
        scale=sc.scale,
    )
    rules = decisions_line(sc, lang)
    intro = (
        f"{description_html(sc, lang)}<p>{_esc(facts)}</p>"
        + (f"<p>{_esc(rules)}</p>" if rules else "")
        + f"<p class='basis'>{_esc(basis)}</p>"
    )
    table, keys = _kpi_rows(s, lang)
    md = f"{description_text(sc, lang)}\n\n{facts} {rules + ' ' if rules else ''}{basis}"
    title = term("run_title", lang, name=sc.name)
    page = Page(title, intro, md, table, Figures([]), run.manifest, keys=keys, lang=lang)
    page.warnings = run_warnings(sc, run.tables, lang)  # as the command printed before the run
    if "orders" in run.tables:
        target = safe_order_share(sc)
        rows, late = planner_rows(run)  # as written in the folder, when the run was
        judged = s.get("on_time", {}).get("orders")
        # why none was judged: looked for only then
        dated = _dated_orders(sc, run.tables["orders"]) if judged == 0 else None
        page.sections = [
            _safe_section(rows, sc.start, target, lang),
            _late_section(late, lang=lang, start=sc.start, judged=judged, dated=dated),
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


_OPTION = re.compile(r"--[a-z][\w-]*(?: (?:[\w.]+=[^\s\uff09),\uff0c;\u3002]+|\d[\w.]*))?")
"""A command-line option with its value, as a warning writes it (``--set days=140``,
``--replications 20``)."""


def _whole_options(text: str) -> str:
    """``text`` as HTML, each option with its value kept on one line: a Chinese warning, with
    no spaces to break at, broke "（--set days=140）" between its two hyphens, and "-" at a
    line's end above "-set days=140" is not what one types."""
    out, at = [], 0
    for m in _OPTION.finditer(text):
        out += [html.escape(text[at : m.start()]), f"<span class='nw'>{html.escape(m[0])}</span>"]
        at = m.end()
    return "".join([*out, html.escape(text[at:])])


def _code_spans(text: str) -> str:
    """Escaped HTML with its Markdown code spans (```logistics.mode_choice.rule```) as
    ``<code>``: a comparison's reasons name a setting in words and its key path beside them,
    for whoever types it into ``--set``; report.md shows the same span as Markdown does."""
    return re.sub(r"`([^`<>]+)`", r"<code>\1</code>", text)


def _table_html(head: list[str], rows: list[list[str]]) -> list[str]:
    # prose (a reason, a long decision) reads from the left, numbers from the right: a column
    # with a long cell is prose, its heading and every cell (the Why's "KPI" column set its
    # long cells left and its short ones right, under a heading on the right)
    prose = prose_columns(rows)
    left = " style='text-align:left'"

    def cell(i: int, c: object) -> str:
        if i in prose:  # (a key path in prose is a code span, `key.path`, as in report.md)
            return f"<td{left}>{_code_spans(_esc(c))}</td>"
        # a value and its interval on one line: a narrow column broke "-0.40 ± 0.16 *" after
        # its "±", the half-width read as a number of its own
        return f"<td class='iv'>{_esc(c)}</td>" if " ± " in str(c) else f"<td>{_esc(c)}</td>"

    return [
        # a key path in a heading may break after its dots (a sweep's point column took a
        # third of the table for "logistics.lines.L01.trains_per_week"); a table wider than
        # the page scrolls in its own box (a sweep's paired differences, a column per KPI,
        # ran off the page's right edge, the page itself scrolling sideways: trial18)
        "<div class='wide'><table><tr>"
        + "".join(
            f"<th{left if i in prose else ''}>{_esc(h).replace('.', '.<wbr>')}</th>"
            for i, h in enumerate(head)
        )
        + "</tr>",
        *("<tr>" + "".join(cell(i, c) for i, c in enumerate(r)) + "</tr>" for r in rows),
        "</table></div>",
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
        *(f"<p class='warn'>{warn}{colon}{_whole_options(w)}</p>" for w in page.warnings),
        *(f"<p class='note'>{_whole_options(n)}</p>" for n in notes),
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
