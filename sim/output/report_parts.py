"""What the report pages share: the page and figure containers, the headline KPIs, the
warnings of a run that ends too soon, the last safe dates across replications and the KPIs of a
comparison. Apart from :mod:`sim.output.report` (which writes pages) so that the comparison page
(:mod:`sim.output.compare_report`) can use them without an import cycle.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import ResultsError
from sim.output.glossary import category_name, crossing_name, term
from sim.output.svg import unsigned_zero as unsigned_zero
from sim.results.planning_answers import conservative_day
from sim.results.table import rows_named
from sim.world.network import load_network

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

LOST = "lost_sales.orders"
"""Orders placed elsewhere (``buyers.reaction: lost_sale``): a row of an experiment's tables
wherever its runs have it."""

DISPATCH = ("dispatch.trains_added", "dispatch.trains_cancelled")
"""Trains the operator added and cancelled (``logistics.dispatch.rule: demand``): rows of an
experiment's tables wherever its runs have them, as a run's report has its dispatch row."""


def with_fixed_dispatch(kpis: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A comparison's KPIs by scenario where a scenario with the fixed timetable has its
    :data:`DISPATCH` rows as 0 ± 0 when another scenario has them: a run writes its dispatch
    only when its rule is not ``fixed`` (:mod:`sim.model`), and the fixed timetable adds and
    cancels no train in any replication (its paired difference is counted so too,
    :data:`sim.experiment.statistics.ZERO_WHEN_ABSENT`)."""
    keys = [k for k in DISPATCH if any(k in v for v in kpis.values())]
    out = {}
    for name, agg in kpis.items():
        n = max((d.get("n") or 0 for d in agg.values() if isinstance(d, dict)), default=0)
        zero = {"n": n, "mean": 0.0, "sd": 0.0 if n > 1 else None, "ci_low": 0.0 if n > 1
                else None, "ci_high": 0.0 if n > 1 else None, "half_width": 0.0 if n > 1
                else None}  # fmt: skip
        missing = {k: dict(zero) for k in keys if k not in agg} if n else {}
        out[name] = {**agg, **missing}
    return out


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
    lang: str = "en"
    """Language of the page's fixed headings (:mod:`sim.output.glossary`)."""
    head: tuple[str, str] | None = None
    """The table's two column names when its rows are not KPIs (a sweep's rows are its points,
    its value the mean lead time); None: "KPI" and "value"."""


def scenario_warnings(resolved: Any, lang: str = "en") -> list[str]:
    """What a scenario warns of before it runs, in ``lang``: lines and sea routes short of
    capacity for their demand (and what a dispatch or sailings policy may add), disruptions on
    places no train or ship of the run passes, and a run expected to place less than one order
    (a tiny scale: every figure would be 0 or -). ``resolved``: the scenario with the network's
    defaults filled in (:func:`sim.world.inputs.resolve`, as ``scenario.yaml`` holds it).

    The command line prints them before a run; the reports of its folder say them too, since a
    planner who reads only the report must know that a line cannot carry what it is offered."""
    from sim.output.saying import in_lang
    from sim.world.box_pool import box_pool_warnings
    from sim.world.capacity import capacity_warnings
    from sim.world.demand import expected_orders
    from sim.world.idle_places import idle_border_warnings, idle_disruption_warnings
    from sim.world.unread_settings import unread_setting_warnings

    net = load_network()
    out = [  # said from its code and values, the line (and a sea route's port) by its name
        w if lang == "en" else term(w.code, lang, **{**_parts(w.fields, lang),
                                                   **_places(w.fields, net, lang)})
        for w in capacity_warnings(resolved, net)
    ]  # fmt: skip
    out += [in_lang(w, lang) for w in idle_disruption_warnings(resolved, net)]
    out += [in_lang(w, lang) for w in idle_border_warnings(resolved, net)]
    out += [in_lang(w, lang) for w in box_pool_warnings(resolved)]
    out += [in_lang(w, lang) for w in unread_setting_warnings(resolved)]
    out += festival_list_warnings(resolved, lang)
    expected = expected_orders(resolved)
    if expected < 1:
        out.append(term("warn_few_orders", lang, n=f"{expected:.2g}", scale=f"{resolved.scale:g}",
                        days=resolved.days))  # fmt: skip
    return out


FESTIVAL_NEAR_DAYS = 45
"""A listed festival this close to the lunar calendar's stands for it (a made-up world may move
the festival by days or weeks; the lunar new year itself moves by up to a month)."""


def festival_list_warnings(sc: Any, lang: str = "en") -> list[str]:
    """A run that passes a Spring Festival its own ``calendar.spring_festival`` leaves out: a
    festival of the lunar calendar inside the run with no listed date within
    :data:`FESTIVAL_NEAR_DAYS` of it. The market then does not close for it and the orders
    before it get a later deadline or none (``[2026-02-17]`` copied into a season from June
    2026 ran a year with no closure and no festival deadline, without a word; an empty list is
    refused by the scenario's checks). A run outside the lunar calendar's years, or a list left
    out (the lunar calendar's own dates), gives none."""
    from sim.world.calendar import LUNAR_YEARS, festivals_between

    listed = sc.calendar.spring_festival
    if not listed:
        return []
    lo, hi = LUNAR_YEARS
    if not (lo < sc.start.year and sc.end.year < hi):
        return []
    missed = [
        f
        for f in festivals_between(sc.start, sc.end)
        if sc.start <= f < sc.end and all(abs((f - d).days) > FESTIVAL_NEAR_DAYS for d in listed)
    ]
    if not missed:
        return []
    return [
        term("warn_festival_list", lang, listed=", ".join(_d(d, lang) for d in listed),
             a=_d(sc.start, lang), b=_d(sc.end, lang),
             missed=", ".join(_d(d, lang) for d in missed))
    ]  # fmt: skip


def _parts(fields: dict[str, Any], lang: str) -> dict[str, Any]:
    """A capacity warning's values, those that are words of their own (what the carriers'
    sailings policy changes, clause by clause) said in ``lang``."""
    from sim.output.saying import in_lang
    from sim.problems import Problem

    return {k: in_lang(v, lang) if isinstance(v, Problem) else v for k, v in fields.items()}


def _places(fields: dict[str, Any], net: Any, lang: str) -> dict[str, str]:
    """A capacity warning's line (``lid``) and port (``port_id``) by their names in ``lang``."""
    out = {"name": net.place_name(str(fields["lid"]), lang)}
    if "port_id" in fields:
        out["port"] = net.place_name(str(fields["port_id"]), lang)
    return out


def _colon(lang: str) -> str:
    """The colon after a name in ``lang``: a full-width one in Chinese, ``": "`` else."""
    return "：" if lang == "zh" else ": "


def description_parts(sc: Any, lang: str = "en") -> tuple[str, str, str]:
    """A scenario's description on a page in ``lang``: ``(lead, text, text_lang)``.

    Under ``zh``, its ``description_zh`` when it has one; else its English description after a
    lead that says it is the author's, in English (a Chinese page that went on in English
    without a word read as a page half translated by mistake). ``text_lang`` is the language
    of ``text`` ("en" or "zh"), for the HTML ``lang`` of the words, so that a screen reader
    reads them in theirs. An empty description gives three empty strings."""
    if lang == "zh" and getattr(sc, "description_zh", None):
        return "", sc.description_zh, "zh"
    if not sc.description:
        return "", "", lang
    if lang == "en":
        return "", sc.description, "en"
    lead = term("author_description", lang, text="")
    return lead, sc.description, "en"


def description_html(sc: Any, lang: str = "en", name: str | None = None) -> str:
    """:func:`description_parts` as one HTML paragraph, after ``name`` in bold when given (a
    comparison's scenario); empty when there is no description."""
    import html

    lead, text, text_lang = description_parts(sc, lang)
    if not text:
        return ""
    words = html.escape(text)
    if text_lang != lang:
        words = f"<span lang='{text_lang}'>{words}</span>"
    named = "" if name is None else f"<b>{html.escape(name)}</b>{_colon(lang)}"
    return f"<p class='description'>{named}{html.escape(lead)}{words}</p>"


def description_text(sc: Any, lang: str = "en", name: str | None = None) -> str:
    """:func:`description_parts` as plain text (Markdown), after ``name`` in bold when given."""
    lead, text, _ = description_parts(sc, lang)
    if not text:
        return ""
    return ("" if name is None else f"**{name}**{_colon(lang)}") + lead + text


def saved_scenario(folder: Path) -> Any:
    """The scenario saved in a run's folder (``scenario.yaml``, resolved as written), or None
    when there is none or it cannot be read back (written by another version)."""
    from sim.errors import SimError
    from sim.world.inputs import load_scenario

    path = folder / "scenario.yaml"
    if not path.is_file():
        return None
    try:
        return load_scenario(path)
    except (SimError, OSError):
        return None


def run_warnings(sc: Any, tables: dict[str, Any] | None = None, lang: str = "en") -> list[str]:
    """The warnings of a run of ``sc`` (as its folder saved it): :func:`scenario_warnings`, then
    :func:`horizon_warnings` (with the run's ``tables``, when at hand); none of the scenario's
    when it no longer passes the network's checks (another version's network)."""
    from sim.errors import SimError

    try:
        before = scenario_warnings(sc, lang)
    except (SimError, KeyError, ValueError, TypeError, AttributeError):
        # a folder of another version (a line or crossing this network lacks, a key renamed):
        # its report is still written, without the warnings this version cannot work out
        before = []
    return [*before, *(w for w in horizon_warnings(sc, tables, lang) if w not in before)]


def saved_warnings(folders: list[Path], lang: str = "en") -> list[str]:
    """:func:`run_warnings` of the scenarios saved in runs' folders (``scenario.yaml``), each
    warning once, in the folders' order; a scenario that cannot be read back (written by
    another version) gives none rather than a failure."""
    out: list[str] = []
    for folder in folders:
        sc = saved_scenario(folder)
        if sc is not None:
            out += [w for w in run_warnings(sc, None, lang) if w not in out]
    return out


USD_M_SMALL = 0.1
"""Freight cost under this many USD m (a half-width, or a mean without one) is written to four
decimals, to a hundred USD, not two: a paired difference of a few thousand USD is 0.0034, not
0.00."""

USD_M_MOST_DECIMALS = 6
"""Freight cost in USD m is written to a dollar at most."""


def usd_m_decimals(cells: Iterable[dict[str, Any] | None]) -> int:
    """The decimals of freight cost in USD m for cells ``mean ± half-width`` (``summary.json``'s
    USD) that are read side by side: one row of a comparison (each scenario, each paired
    difference) or one column of a sweep's differences.

    Two, or four where a cell's half-width (its mean when it has none, or a half-width of 0)
    is under :data:`USD_M_SMALL`, and more where a mean that is not 0 would still read 0 (to
    its first significant digit, at most :data:`USD_M_MOST_DECIMALS`): a real difference is
    never written 0.00. Every cell is then written with the same decimals, so that they read
    alike and line up, in the reports as on the command line.
    """
    nd = 2
    for d in cells:
        if not d or d.get("mean") is None:
            continue
        mean, hw = d["mean"] * 1e-6, (d.get("half_width") or 0.0) * 1e-6
        if 0 < abs(hw or mean) < USD_M_SMALL:
            nd = max(nd, 4)
        if mean and math.isfinite(mean):  # its first significant digit
            nd = max(nd, -math.floor(math.log10(abs(mean))))
    return min(nd, USD_M_MOST_DECIMALS)


COUNT_PLAIN_FROM = 100
"""Counts (orders, trains) whose mean is this large or more are written whole: a tenth of an
order among hundreds says nothing."""


def text_width(text: str) -> int:
    """Columns ``text`` takes: a Chinese character two (the Chinese Why's "平均交货周期（天）；
    铁路平均交货周期（天）", 20 characters, is as wide as 40 Latin ones)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def prose_columns(rows: Iterable[Iterable[object]], words: bool = False) -> set[int]:
    """The columns of a report's table that read from the left: those with a cell wider than
    40 columns (:func:`text_width`), prose such as a reason or a long decision. The others,
    numbers and their intervals, are set right, as the run, comparison and plan pages set them;
    the first column, the row's name, is always on the left.

    ``words``: also a column none of whose cells begins with a digit (the plan's roles,
    "recommended", and its short reasons, "misses: on time to MAD, % (after 3 runs)", which the
    width alone set right). The run and comparison pages leave it off: their short codes and
    dates (L01, MAD, Mon 26 Jan 2026) stand right with the numbers of their rows."""
    cells = [[str(c) for c in r] for r in rows]
    prose = {i for r in cells for i, c in enumerate(r) if text_width(c) > 40}
    if words:
        for i in range(max((len(r) for r in cells), default=0)):
            column = [r[i] for r in cells if i < len(r) and r[i] not in ("", "–")]
            if column and not any(c.lstrip("+-")[:1].isdigit() for c in column):
                prose.add(i)
    return prose


def count_decimals(cells: Iterable[dict[str, Any] | None]) -> int:
    """The decimals of a count KPI (orders, trains, departures) in cells ``mean ± half-width``
    read side by side: one row of a comparison (each scenario, each paired difference).

    None, or one where a mean under :data:`COUNT_PLAIN_FROM` or its half-width is not a whole
    number (74.9 extra trains a season over ten replications; 0.4 would read 0, and 0 ± 0.5 as
    certain as 0 ± 0). Every cell of the row, mean and half-width alike, is written with them,
    in the report as on the command line: the report gave each number its own (``304 ± 19.9``)
    where the command wrote ``304 ± 20``.
    """
    for d in cells:
        if not d or d.get("mean") is None:
            continue
        mean, hw = float(d["mean"]), float(d.get("half_width") or 0.0)
        if (
            math.isfinite(mean)
            and abs(mean) < COUNT_PLAIN_FROM
            and not (mean.is_integer() and (not math.isfinite(hw) or hw.is_integer()))
        ):
            return 1
    return 0


def count_text(d: dict[str, Any], nd: int) -> str:
    """A count's ``mean ± half-width`` (the half-width when it has one) to ``nd`` decimals (a
    row's, :func:`count_decimals`), written alike in the reports and on the command line; an
    exact 0 ± 0 (a fixed timetable's extra trains) is written so, whatever the row's decimals,
    and a mean that rounds to 0 has no minus sign."""
    mean, hw = d["mean"], d.get("half_width")
    if mean == 0 and not hw:
        nd = 0
    text = unsigned_zero(f"{mean:,.{nd}f}")
    return text if hw is None else f"{text} ± {hw:,.{nd}f}"


def precision_text(report: dict[str, Any] | None, lang: str = "en") -> str:
    """What a set run to a stated precision (``--precision``) says of it on its page: the
    targets, whether they were reached and after how many replications, and each KPI's
    relative half-width at the end; "" for a set of a fixed number of replications. As the
    command line says it (:func:`sim.cli.printing._precision_line`): a width within its target
    whose look-ahead did not fit in ``--max-replications`` is said so, not as a width beyond."""
    if not report:
        return ""
    targets = " ".join(f"{k}={v:g}" for k, v in report.get("targets", {}).items())
    widths = ("，" if lang == "zh" else ", ").join(
        f"{k} ±{100 * v:.2g} %" if v is not None else term("cli:no_interval", lang, kpi=k)
        for k, v in report.get("relative_half_width", {}).items()
    )
    fields = {
        "targets": targets,
        "widths": widths,
        "run": report.get("replications_run"),
        "ahead": report.get("lookahead"),
        "needed": report.get("replications_needed"),
    }
    if report.get("reached"):
        return term("precision_reached", lang, **fields)
    goal = report.get("targets") or {}
    ends = report.get("relative_half_width") or {}
    held = bool(ends) and all(v is not None and k in goal and v <= goal[k] for k, v in ends.items())
    return term("precision_not_held" if held else "precision_not_reached", lang, **fields)


def partial_n(d: dict[str, Any], of: int | None) -> str:
    """`` (n k/of)`` when a KPI's interval rests on ``k`` of the ``of`` replications (the others
    had no value for it), else nothing: the printed tables and the reports say so after it."""
    n = d.get("n")
    return f" (n {n}/{of})" if of is not None and isinstance(n, int) and n < of else ""


def horizon_warnings(sc: Any, tables: dict[str, Any] | None = None, lang: str = "en") -> list[str]:
    """What a run of ``sc`` cannot show because it ends too soon.

    - a deadline category whose next deadline after the warm-up falls after the end: none of its
      orders is judged (unless the scenario leaves that deadline aside on purpose,
      ``reporting.deadlines_not_judged``: the closure hindcast's festival goods, whose deadline
      in February is not its question, warned on every run of its 91 days);
    - a disruption whose delayed goods are still under way at the end: goods held up at its last
      day still need the rest of the longest line through it (the nominal days of that line);
      of several windows at one place, the one that ends last;
    - with the run's ``tables``: orders on the lines through a disrupted place that left Yiwu
      before the disruption ended and were not delivered by the end of the run.
    """
    from sim.world.calendar import festivals_of

    out: list[str] = []
    first = sc.start + timedelta(days=sc.warmup_days)
    end = sc.end
    aside = set(getattr(sc.reporting, "deadlines_not_judged", None) or ())
    for cat in sc.market.categories:
        if cat.name in aside:
            continue
        kind = getattr(cat.deadline, "kind", "none")
        due: date | None = None
        if kind == "spring_festival":
            due = next((f for f in festivals_of(sc) if f >= first), None)  # the run's own
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
            name = cat.name if lang == "en" else category_name(cat.name, lang)
            out.append(
                term("warn_deadline", lang, cat=name, due=_d(due, lang), end=_d(end, lang),
                     need=need)
            )  # fmt: skip
    net = load_network()
    # one warning a place, by its window that ends last: a scenario may hold 1,000 windows at
    # one crossing, and the last says how long the run must be for all of them
    last: dict[tuple[str, str], Any] = {}
    for dis in sc.disruptions:
        key = (dis.target, dis.id)
        if key not in last or dis.end >= last[key].end:
            last[key] = dis
    for dis in last.values():
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
                term("warn_disruption", lang, id=_where(net, dis.id, lang), a=_d(dis.start, lang),
                     b=_d(dis.end, lang), clear=_d(clear, lang), end=_d(end, lang), need=need)
            )  # fmt: skip
        if tables is not None and "orders" in tables:
            o = tables["orders"]
            ids = {line.id for line in lines}
            on = rows_named(o, "line", ids)
            left = o["departed_h"] <= ((dis.end - sc.start).days + 1) * 24.0
            open_ = on & left & np.isnan(o["delivered_h"])
            n = int(open_.sum())
            if n:
                teu = f"{float(o['teu'][open_].sum()):,.0f}"
                out.append(
                    term("warn_open", lang, n=f"{n:,}", teu=teu, id=_where(net, dis.id, lang))
                )
    return out


def _where(net: Any, ident: str, lang: str) -> str:
    """A disrupted place as a warning names it: its id in English (as the scenario wrote it),
    its name in another language (an edge ``NGB-RTM`` by its two ends' names)."""
    if lang == "en":
        return ident
    a, dash, b = ident.partition("-")
    if dash and a in net.nodes and b in net.nodes:
        return f"{net.place_name(a, lang)}—{net.place_name(b, lang)}"
    return str(net.place_name(ident, lang))


def _d(d: date, lang: str) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d:%d %b %Y}"


def _pairs(path: Any) -> list[tuple[str, str]]:
    return list(pairwise(path))


_REP = re.compile(r"rep-(\d{3,})")


def set_replications(folder: Path) -> int | None:
    """How many replications the set in ``folder`` counts, as its ``aggregate.json`` records
    them (None without one, or with one that is damaged)."""
    try:
        n = json.loads((folder / "aggregate.json").read_text(encoding="utf-8"))["replications"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return n if isinstance(n, int) and not isinstance(n, bool) else None


def replication_folders(folder: Path, n: int | None = None) -> list[Path]:
    """The set's own replication folders, in replication order: ``rep-000`` .. ``rep-{n-1}``
    of those present. ``n`` None: the count the set's ``aggregate.json`` records, every
    ``rep-*`` folder without one.

    A set run again with fewer replications (``--replications 3``, then ``2``) keeps the
    earlier run's later folders ("kept but not counted"); its statistics cover its own
    alone, and so must every sentence and date read from the folders beside them (the report
    said what a closure did "over 3 replications" of a set of 2). By number, not the first
    ``n`` present: with ``rep-001`` lost, ``rep-002`` is another set's season.
    """
    n = set_replications(folder) if n is None else n
    every = _numbered(folder)
    return [p for k, p in every if n is None or k < n]


def _numbered(folder: Path) -> list[tuple[int, Path]]:
    """Every ``rep-NNN`` folder in ``folder`` with its number, in replication order."""
    found = []
    for p in folder.glob("rep-*"):
        m = _REP.fullmatch(p.name)
        if m and p.is_dir():
            found.append((int(m.group(1)), p))
    return sorted(found)


def replications_beyond(folder: Path, n: int, lang: str = "en") -> list[str]:
    """The warning the command printed when the set of ``n`` was run into a folder an
    earlier, larger set left later replications in (``rep-002`` of 3 beside a set of 2):
    they are kept but not counted. Said in the set's report too, where a researcher who
    sees three ``rep-*`` folders beside a report of 2 asks why; none without such folders."""
    beyond = [k for k, _ in _numbered(folder) if k >= n]
    if not beyond:
        return []
    first, last = f"rep-{beyond[0]:03d}", f"rep-{beyond[-1]:03d}"
    return [term("log:reps_beyond", lang, folder=folder.name, n=len(beyond), first=first,
                 last=last, upto=f"rep-{n - 1:03d}", all=beyond[-1] + 1)]  # fmt: skip


def replication_summaries(folder: Path, n: int | None = None) -> list[Path]:
    """The ``summary.json`` of every replication of a set that has one, in replication order
    (one lost, the others still read: the first there stands for the set's scenario); the
    set's own replications alone (:func:`replication_folders`, ``n`` as there)."""
    paths = (p / "summary.json" for p in replication_folders(folder, n))
    return [p for p in paths if p.is_file()]


def _season_days(
    folder: Path, n: int | None = None
) -> dict[tuple[str, str, str], list[int | None]]:
    """Each replication's last safe order day per (category, line, destination), None where a
    season has no safe day (a missing group counts as no safe day too); the set's own
    replications alone (``n`` as :func:`replication_folders`)."""
    reps = []
    for path in replication_summaries(folder, n):
        s = json.loads(path.read_text(encoding="utf-8"))
        reps.append(s.get("on_time", {}).get("last_safe_order", {}))
    keys = {
        (cat, line, dest)
        for r in reps
        for cat, v in r.items()
        for line, dests in v.get("lines", {}).items()
        for dest in dests
    }
    out: dict[tuple[str, str, str], list[int | None]] = {}
    for cat, line, dest in keys:
        out[(cat, line, dest)] = [
            (r.get(cat, {}).get("lines", {}).get(line, {}).get(dest) or {}).get("day") for r in reps
        ]
    return out


def no_conservative_why(c: dict[str, Any], lang: str = "en") -> str:
    """Why a set of seasons has no conservative last safe order date, in ``lang``, from the
    counts :func:`~sim.results.planning_answers.conservative_day` keeps: too few seasons with
    a safe day, too many without one, or dates spread so widely that the bound falls before
    the first judged day. (Its ``why`` is English alone: a comparison printed a bare "–".)"""
    have = c["seasons"] - c["seasons_without"]
    if c["seasons"] < 2 or have < 2:
        return term("cons_why_few", lang)
    if c["seasons_without"] > (1 - c.get("rate", 0.95)) * c["seasons"]:
        return term("cons_why_without", lang, k=c["seasons_without"], n=c["seasons"])
    return term("cons_why_spread", lang)


def _aggregate_safe(
    kpis: dict[str, Any],
    first: dict[str, Any],
    seasons: dict[tuple[str, str, str], list[int | None]] | None = None,
) -> list[dict[str, Any]]:
    """Last safe order dates across replications (mean day, interval) from aggregate KPIs and the
    deadlines of the first replication's summary; with ``seasons`` (each replication's day), the
    conservative day too (:func:`conservative_day`)."""
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
                        "conservative": conservative_day(
                            (seasons or {}).get((cat, line, dest), []),
                            first_day=first.get("statistics_from_day")),
                    }
                )  # fmt: skip
    return rows


def comparison_kpis(comp: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The KPIs of a comparison table: the headline ones, each deadline's on-time share and the
    last safe order date of its busiest line, and the crossings whose mean wait changed most."""
    names = list(comp["kpis"])
    keys = set().union(*(comp["kpis"][n].keys() for n in names))
    rows = [(k, p, u) for k, p, u in HEADLINE]
    if LOST in keys:  # beside the orders placed: a higher on-time share may be sales lost
        rows.insert(3, (term(f"kpi:{LOST}"), LOST, "n"))
    rows += [(term(f"kpi:{k}"), k, "n") for k in DISPATCH if k in keys]
    for key in sorted(keys):
        if key.startswith("on_time.by_category.") and key.endswith(".share"):
            rows.append((f"{key.split('.')[2]}: delivered by the deadline", key, "%"))
    diffs = comp.get("paired_differences", {})
    # a crossing where no train of any scenario waited says nothing (the teaching world's
    # four rows of 0.00 ± 0.00, picked by name)
    waited = {
        k
        for k in keys
        if k.startswith("borders.") and k.endswith(".wait_h_mean")
        and any(((comp["kpis"][n].get(k) or {}).get("mean") or 0.0) > 0.0 for n in names)
    }  # fmt: skip
    # ties (crossings no scenario changed) by name: the same report from the same files
    waits = sorted(
        waited,
        key=lambda k: (-max([abs((d.get(k) or {}).get("mean") or 0.0) for d in diffs.values()]
                            + [0.0]), k),
    )  # fmt: skip
    for key in waits[:4]:
        rows.append((f"mean wait at {crossing_name(key.split('.')[1])}, h", key, "d"))
    return rows


MARKER_KEYS = {
    "comparison.json": ("baseline", "scenarios", "kpis", "paired_differences"),
    "sweep.json": ("parameters", "points", "replications"),
    "aggregate.json": ("scenario", "replications", "kpis"),
}
"""The keys an experiment's own file must have for its report to be made from it."""


def check_marker(path: Path) -> None:
    """An experiment's own JSON file read and its keys checked before its report is made: a
    file cut short or edited is named, with what is wrong, not a ``KeyError`` of the folder."""
    keys = MARKER_KEYS.get(path.name)
    if keys is None:  # summary.json: checked where the run folder is read
        return
    from sim.output.jsonio import read_json

    try:
        data = read_json(path)
    except OSError as exc:
        raise ResultsError(f"{path}: unreadable ({exc.strerror or exc})") from None
    for key in keys:  # (read_json refuses anything but an object)
        if key not in data:
            raise ResultsError(f"{path}: damaged (the key {key!r} is missing)")


def in_service_words(moving: dict[str, Any], lang: str, num: Any = str) -> str:
    """The key figure of the Yiwu trains under way when the run ends (``summary.json``'s
    ``in_service_at_end``): trains, TEU and orders aboard, by line, and how many of them the
    lines above count as held or queued at a crossing; each count in the singular for one.
    ``num`` writes a number (the report's ``_num`` or the command line's ``_fmt``)."""
    sep = "，" if lang == "zh" else ", "
    lines = sep.join(f"{line} {num(v['trains'])}" for line, v in moving["by_line"].items())
    waiting = moving.get("held", 0) + moving.get("queued", 0)
    return term(
        "cli:in_service_row",
        lang,
        trains=term("count:trains", lang, n=num(moving["trains"])),
        teu=num(moving["teu"]),
        orders=term("count:orders", lang, n=num(moving["orders"])),
        lines=lines,
        waiting=term("cli:in_service_waiting", lang, n=num(waiting)) if waiting else "",
    )
