"""Reports a planner opens: one self-contained HTML file and a Markdown summary.

``build_report(folder)`` reads a results folder — a single run, a replication set, a comparison
or a sweep — draws the figures of :mod:`sim.output.plots`, and writes ``report.html`` (figures
embedded
as PNG, readable offline), ``report.md`` and the figures as files under ``figures/``. It never
simulates. Every piece of text that comes from a scenario is HTML-escaped.
"""

from __future__ import annotations

import base64
import html
import io
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from sim.errors import ResultsError
from sim.output import plots
from sim.output.analysis import daily_table
from sim.output.forking import ordered_map
from sim.output.results import RunResult, load_run
from sim.world.calendar import MarketCalendar
from sim.world.network import load_network

log = logging.getLogger(__name__)

HEADLINE = (
    ("orders placed (after warm-up)", "orders.placed_after_warmup"),
    ("orders delivered", "orders.delivered"),
    ("lead time mean, days", "lead_time_days.overall.mean"),
    ("lead time p95, days", "lead_time_days.overall.p95"),
    ("rail lead time mean, days", "lead_time_days.by_mode.rail.mean"),
    ("sea lead time mean, days", "lead_time_days.by_mode.sea.mean"),
    ("on time against deadline", "on_time.share"),
    ("backordered share", "orders.backordered_share"),
    ("CO2e, kg", "emissions_cost.co2e_kg_total"),
    ("freight cost, USD", "emissions_cost.cost_usd_total"),
)

CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #eee}
figure{margin:1.5em 0}figcaption{font-size:.9em;color:#555}
pre{background:#f6f6f6;padding:1em;overflow:auto}
.note{background:#fff6d6;padding:.5em 1em}
"""


@dataclass
class Figures:
    """Figures drawn for a report, in order, with a caption each."""

    items: list[tuple[str, str, Figure]]


@dataclass
class Page:
    """What a report says: title, introduction, KPI table, figures and manifest."""

    title: str
    intro_html: str
    intro_md: str
    table: list[tuple[str, str]]
    figures: Figures
    manifest: dict[str, Any] | None = None


NO_CJK_NOTE = (
    "Chinese labels were asked for, but no CJK font is installed (for example Debian's "
    "fonts-noto-cjk): the figures use English labels."
)


@contextmanager
def _labels(lang: str) -> Iterator[tuple[str, list[str]]]:
    """The label language to draw with and notes for the reader. For Chinese, a CJK font is
    used while figures are drawn and saved; the global style is restored afterwards."""
    if lang != "zh":
        yield lang, []
        return
    font = plots.cjk_font()
    if font is None:
        log.warning(NO_CJK_NOTE)
        yield "en", [NO_CJK_NOTE]
        return
    with matplotlib.rc_context(
        {"font.sans-serif": [font, "DejaVu Sans"], "axes.unicode_minus": False}
    ):
        yield "zh", []


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


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


def render_pngs(figures: list[Figure]) -> list[bytes]:
    """Each figure as PNG bytes.

    Rendering is most of a report's time (about 0.2 s a figure, the layout and text drawing),
    and figures are independent, so forked workers draw them where that is safe
    (:mod:`sim.output.forking`); they inherit matplotlib's settings (the CJK font too). The bytes
    are
    the same either way.
    """
    return list(ordered_map(lambda figs, i: _png(figs[i]), figures, len(figures)))


# --------------------------------------------------------------------------- figures of a run


def run_figures(run: RunResult, lang: str = "en") -> Figures:
    """The figures of one run."""
    sc = run.scenario
    t = run.tables
    days, start = sc.days, sc.start
    end_h, from_h = days * 24.0, sc.warmup_days * 24.0
    net = load_network()
    lines = list(sc.logistics.lines)
    teu = {
        k.split(":")[0]: v["teu"] for k, v in run.summary["lines"].items() if ":sailing" not in k
    }
    waits = {b: v["wait_h_mean"] or 0.0 for b, v in run.summary["borders"].items()}
    cal = MarketCalendar(sc)
    daily = t.get("daily") or daily_table(t, days, start)
    orders, deps, cross = t["orders"], t["departures"], t["crossings"]
    items: list[tuple[str, str, Figure]] = []

    def add(key: str, caption: str, fig: Figure) -> None:
        items.append((key, caption, fig))

    add(
        "network",
        "Rail lines (width: TEU carried) and border crossings (mean wait)",
        plots.network_map(net, lines, teu, waits, lang=lang),
    )
    add(
        "teu_by_line",
        "Throughput by line",
        plots.teu_per_week_by_line(deps, days, start, lang=lang),
    )
    add(
        "teu_by_mode",
        "Throughput by mode",
        plots.teu_per_week_by_mode(orders, days, start, lang=lang),
    )
    add("trains", "Trains per week", plots.trains_per_week(deps, days, start, lang=lang))
    for col, caption in (
        ("mode", "Lead time by mode"),
        ("destination", "Lead time by destination"),
    ):
        add(f"lead_{col}", caption, plots.lead_time_by(orders, col, end_h, from_h, lang=lang))
    add("stages", "Where the time goes", plots.stage_breakdown(orders, end_h, from_h, lang=lang))
    add("end_stages", "Orders by stage at the end", plots.end_stages(run.summary, lang=lang))
    add(
        "on_time",
        "On-time share by destination",
        plots.on_time_by_destination(run.summary, lang=lang),
    )
    fest = [h for h in cal.festival_h if from_h < h <= end_h]
    if fest:
        safe = plots.last_safe_order_dates(orders, fest[0], start, lang=lang)
        add("last_order", "Last safe order date per line", safe)
    add("queues", "Border queues", plots.border_queues(daily, start, lang=lang))
    add("border_waits", "Border waits", plots.border_waits_by_week(cross, days, start, lang=lang))
    add("load_factor", "Load factor", plots.load_factor_by_line(run.summary, lang=lang))
    fairs = [(f.name, f.start, f.end) for f in sc.calendar.fairs]
    buyers = plots.buyers_per_day(daily, start, cal.closure_windows(), fairs, lang=lang)
    add("buyers", "Buyers per day", buyers)
    add("categories", "Orders by category", plots.orders_by_category(orders, lang=lang))
    return Figures(items)


# --------------------------------------------------------------------------- pages


def _run_page(folder: Path, lang: str, run: RunResult | None = None) -> Page:
    run = run if run is not None else load_run(folder)
    sc, s = run.scenario, run.summary
    intro = (
        f"<p>{html.escape(sc.description)}</p><p>Seed {_esc(run.seed)}; {_esc(sc.days)} days "
        f"from {_esc(sc.start.isoformat())}; statistics from day {_esc(sc.warmup_days)}; "
        f"scale {_esc(sc.scale)}.</p>"
    )
    table = [(k, _num(_get(s, p))) for k, p in HEADLINE]
    for line, v in s["lines"].items():
        if ":" not in line:
            table.append(
                (
                    f"trains / load factor, {line}",
                    f"{_num(v['departures'])} / {_num(v['load_factor'])}",
                )
            )
    md = f"{sc.description}\n\nSeed {run.seed}; {sc.days} days from {sc.start}."
    title = f"yiwu-sim report: {sc.name}"
    return Page(title, intro, md, table, run_figures(run, lang), run.manifest)


def _replications_page(folder: Path, lang: str) -> Page:
    agg = json.loads((folder / "aggregate.json").read_text(encoding="utf-8"))
    name = str(agg["scenario"])
    first = folder / "rep-000"
    figures = (
        run_figures(load_run(first), lang) if (first / "summary.json").is_file() else Figures([])
    )
    n = agg["replications"]
    intro = (
        f"<p>{_esc(n)} replications of <b>{_esc(name)}</b>; mean ± 95 % half-width "
        "(Student t). The figures show the first replication.</p>"
    )
    table = [(k, _interval(agg["kpis"].get(p))) for k, p in HEADLINE]
    md = f"{n} replications of {name}; mean ± 95 % half-width."
    return Page(f"yiwu-sim replications: {name}", intro, md, table, figures)


def _comparison_page(folder: Path, lang: str) -> Page:
    comp = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    names = list(comp["kpis"])
    table = []
    for k, p in HEADLINE:
        cells = [_interval(comp["kpis"][n].get(p)) for n in names]
        for diffs in comp["paired_differences"].values():
            d = diffs.get(p)
            cells.append("diff " + _interval(d) + (" *" if d and d.get("distinguishable") else ""))
        table.append((k, " | ".join(cells)))
    figs = [
        (p.replace(".", "_"), k, plots.kpi_intervals(comp["kpis"], p, lang=lang))
        for k, p in HEADLINE[2:]
    ]
    scen = ", ".join(_esc(n) for n in names)
    intro = (
        f"<p>Scenarios: {scen}; {_esc(comp['replications'])} replications each with common "
        f"random numbers; differences paired against {_esc(comp['baseline'])}; "
        "* = distinguishable from zero at 95 %.</p>"
    )
    md = f"Scenarios: {', '.join(names)}; differences against {comp['baseline']}."
    return Page("yiwu-sim comparison", intro, md, table, Figures(figs))


def _sweep_page(folder: Path, lang: str) -> Page:
    spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    points, params = spec["points"], spec["parameters"]
    aggs = []
    for i in range(len(points)):
        path = folder / f"p{i:03d}" / "aggregate.json"
        aggs.append(json.loads(path.read_text(encoding="utf-8"))["kpis"] if path.exists() else {})
    xs = [p[params[0]] for p in points]
    figs = []
    if all(isinstance(x, int | float) for x in xs):
        for k, p in HEADLINE[2:]:
            fig = plots.kpi_vs_parameter(xs, aggs, p, params[0], lang=lang)
            figs.append((p.replace(".", "_"), k, fig))
    table = [
        (
            ", ".join(f"{k}={v}" for k, v in pt.items()),
            _interval(a.get("lead_time_days.overall.mean")),
        )
        for pt, a in zip(points, aggs)
    ]
    intro = (
        f"<p>Sweep over {_esc(', '.join(map(str, params)))}; {_esc(spec['replications'])} "
        "replications "
        "per point. Table: lead time mean ± 95 % half-width, days.</p>"
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
        for name in ("report.html", "report.md"):
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


def _write_in(folder: Path, page: Page, notes: list[str], fig_tmp: Path) -> Path:
    title = html.escape(page.title)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{title}</title><style>{CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        page.intro_html,
        *(f"<p class='note'>{html.escape(n)}</p>" for n in notes),
        "<h2>Key figures</h2><table><tr><th>KPI</th><th>value</th></tr>",
        *(f"<tr><td>{_esc(k)}</td><td>{_esc(v)}</td></tr>" for k, v in page.table),
        "</table><h2>Figures</h2>",
    ]
    md = [f"# {page.title}", "", page.intro_md, "", *(f"> {n}" for n in notes), ""]
    md += ["| KPI | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in page.table), ""]
    pngs = render_pngs([fig for _, _, fig in page.figures.items])
    for (key, caption, _), png in zip(page.figures.items, pngs, strict=True):
        (fig_tmp / f"{key}.png").write_bytes(png)
        data = base64.b64encode(png).decode("ascii")
        cap = html.escape(caption)
        parts.append(
            f"<figure><img alt='{cap}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{cap}</figcaption></figure>"
        )
        md.append(f"![{caption}](figures/{key}.png)")
    if page.manifest is not None:
        manifest = html.escape(json.dumps(page.manifest, indent=2))
        parts.append(f"<h2>Manifest</h2><pre>{manifest}</pre>")
    parts.append("</body></html>")
    texts = (("report.html", "\n".join(parts)), ("report.md", "\n".join(md) + "\n"))
    for name, text in texts:  # written before anything is replaced: a full disk fails here
        (folder / f".{name}.tmp-{os.getpid()}").write_text(text, encoding="utf-8")
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
    if lang not in plots.LABELS:
        raise ResultsError(
            f"language {lang!r} is not available; choose one of {sorted(plots.LABELS)}"
        )
    folder = Path(folder)
    kinds = (
        ("comparison.json", _comparison_page),
        ("sweep.json", _sweep_page),
        ("aggregate.json", _replications_page),
        ("summary.json", _run_page),
    )
    for marker, make in kinds:
        if (folder / marker).is_file():
            with _labels(lang) as (draw_lang, notes):
                try:
                    if make is _run_page and run is not None:
                        page = _run_page(folder, draw_lang, run)
                    else:
                        page = make(folder, draw_lang)
                except (KeyError, ValueError, TypeError) as exc:
                    raise ResultsError(f"{folder}: a results file is damaged ({exc!r})") from None
                return _write(folder, page, notes)
    raise ResultsError(
        f"{folder}: not a results folder (no summary, aggregate, comparison or sweep)"
    )
