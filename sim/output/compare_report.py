"""The comparison report's page: one column per scenario in every table, and the reasons.

Built from ``comparison.json`` and the scenarios' replication folders (no simulation): the key
figures (each scenario's mean ± 95 % half-width, then the paired difference of each scenario
against the baseline), a "why" for each KPI that moved or that did not move although a
disruption was applied (:mod:`sim.output.explain`), the last safe order dates (mean and
conservative) and the late orders per scenario, and the figures. Shares are in %, CO2e in
tonnes, freight cost in USD millions, waits in hours, in the tables and the figures alike;
crossings are named in full; counts carry the scenario's scale. Every interface string comes
from :mod:`sim.output.glossary`, so ``lang="zh"`` gives a Chinese page.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sim.output import figures as F
from sim.output.explain import _subfolders, explain
from sim.output.glossary import category_name, kpi_name, term
from sim.output.report_parts import (
    count_decimals,
    count_text,
    precision_text,
    unsigned_zero,
    usd_m_decimals,
)

SCALE = {"%": 100.0, "t": 0.001, "m": 1e-6}
"""Factor from summary.json's unit to the unit shown (fraction to %, kg to t, USD to USD m)."""


def _label(key: str, unit: str, lang: str) -> str:
    """A KPI's name with its unit ("backordered, %"), for a figure's panel, whose numbers are
    bare, and for the printed tables' headers."""
    if unit == "m" and key == "emissions_cost.cost_usd_total":
        return term("kpi:freight_usd_m", lang)
    return kpi_name(key, lang)


def _row_label(key: str, unit: str, lang: str) -> str:
    """A KPI's name in a table whose cells carry its unit (:func:`_cell`): a share without
    ", %" ("（%）"), as the run report's key figures name it. The page read "backordered, % |
    0.3 ± 0.0 %", the unit twice, and a difference's "points" under a header saying "%"."""
    name = _label(key, unit, lang)
    return name.removesuffix(", %").removesuffix("（%）") if unit == "%" else name


def _value(v: float | None, unit: str) -> str:
    if v is None:
        return "–"
    return unsigned_zero(_written(v * SCALE.get(unit, 1.0), v, unit))


def _written(x: float, v: float, unit: str) -> str:
    """``x`` (``v`` in the unit shown) to the decimals of ``unit``."""
    if unit == "%":
        return f"{x:.1f}"
    if unit in ("d", "h"):
        return f"{x:,.2f}"
    if unit == "m":  # (a cell's decimals: _cell; a few thousand USD is not 0.00 million)
        return f"{x:,.{usd_m_decimals([{'mean': v}])}f}"
    if unit == "t":
        return f"{x:,.1f}"
    return f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:,.1f}"


def _cell(
    d: dict[str, Any] | None, unit: str, lang: str, nd: int | None = None, bare: bool = False
) -> str:
    """``mean ± half-width`` in ``unit``; freight cost (USD m) and counts with ``nd`` decimals,
    those of the cells read beside it (:func:`usd_m_decimals`, :func:`count_decimals`; of this
    cell alone when not given), the mean and its half-width alike. ``bare``: a share without
    its "%" (or "points"), for a figure whose panel's title gives the unit."""
    if not d or d.get("mean") is None:
        return "–"
    if unit == "n":  # a count and its half-width to the row's decimals, as the command's
        return count_text(d, count_decimals([d]) if nd is None else nd)
    if unit == "m":  # the mean and its half-width to the same decimals
        nd = usd_m_decimals([d]) if nd is None else nd
        text = unsigned_zero(f"{d['mean'] * SCALE['m']:,.{nd}f}")
        if d.get("half_width") is not None:
            text += f" ± {d['half_width'] * SCALE['m']:,.{nd}f}"
        return text
    hw = d.get("half_width")
    text = _value(d["mean"], unit)
    if hw is not None:
        text += f" ± {_value(hw, unit)}"
    if unit == "%" and not bare:
        # a difference of two shares is in percentage points, not a relative change
        text += f" {term('points', lang)}" if d.get("diff") else " %"
    return text


def _scaled(d: dict[str, Any], unit: str) -> dict[str, Any]:
    f = SCALE.get(unit, 1.0)
    return {
        k: (v * f if isinstance(v, int | float) and not isinstance(v, bool) and k != "n" else v)
        for k, v in d.items()
    }


def _day(start: date, day: float | None, lang: str) -> str:
    if day is None:
        return "–"
    d = start + timedelta(days=round(day))
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.strftime("%d %b %Y")


def _safe_section(
    folder: Path, comp: dict[str, Any], names: list[str], lang: str
) -> tuple[str, list[str], list[list[str]]] | None:
    from sim.output.report_parts import _aggregate_safe, _season_days, no_conservative_why

    subs = _subfolders(folder)
    cells: dict[tuple[str, str, str], dict[str, str]] = {}
    deadlines: dict[str, str] = {}
    target = 0.9
    for n in names:
        first_path = subs.get(n, folder / "_") / "rep-000" / "summary.json"
        if not first_path.is_file():
            continue
        first = json.loads(first_path.read_text(encoding="utf-8"))
        target = first.get("on_time", {}).get("safe_order_share", target)
        start = date.fromisoformat(first["start"])
        for r in _aggregate_safe(comp["kpis"][n], first, _season_days(subs[n])):
            key = (r["category"], r["line"], r["destination"])
            deadlines[r["category"]] = _day(start, r["deadline_day"], lang)
            text = _day(start, r["mean"], lang)
            if r["half_width"] is not None:
                text += f" ± {r['half_width']:.1f}"
            c = r["conservative"]
            if c["day"] is None:  # why not, in words: a bare "(conservative –)" said nothing
                said = term("cons_none", lang, why=no_conservative_why(c, lang))
            else:
                said = term("conservative", lang, d=_day(start, c["day"], lang))
            text += f"（{said}）" if lang == "zh" else f" ({said})"
            # the mean is over the seasons that have a safe day: say how few, when not all
            # (a sea line's "25 Sep ± 0.0" was 2 seasons of 10, read as a firm date)
            if r["mean"] is not None and c["seasons_without"]:
                text += " " + term(
                    "seasons_with", lang, k=c["seasons"] - c["seasons_without"], n=c["seasons"]
                )
            if r["mean"] is None:  # no season has a safe day: say so, with the seasons
                text = term("none", lang) + " " + term("seasons_with", lang, k=0, n=c["seasons"])
            cells.setdefault(key, {})[n] = text
    if not cells:
        return None
    head = [term("deadline", lang), term("line", lang), term("destination", lang), *names]
    rows = []
    for (cat, line, dest), by in sorted(cells.items()):
        goods = category_name(cat, lang)
        rows.append(
            [
                f"{goods} ({deadlines.get(cat, '')})",
                line,
                term("all", lang) if dest == "all" else dest,
                *(by.get(n, "–") for n in names),
            ]
        )
    return term("cmp_safe", lang, pct=f"{100 * target:g}"), head, rows


def _late_section(
    comp: dict[str, Any], names: list[str], lang: str, scale: str
) -> tuple[str, list[str], list[list[str]]] | None:
    cats = sorted(
        {
            k.split(".")[2]
            for n in names
            for k in comp["kpis"][n]
            if k.startswith("on_time.by_category.") and k.endswith(".late")
        }
    )
    if not cats:
        return None
    rows = []
    for cat in cats:
        row = [category_name(cat, lang)]
        for n in names:
            late = comp["kpis"][n].get(f"on_time.by_category.{cat}.late") or {}
            of = comp["kpis"][n].get(f"on_time.by_category.{cat}.orders") or {}
            if late.get("mean") is None:
                row.append("–")
                continue
            text = f"{late['mean']:,.1f}"
            if late.get("half_width") is not None:
                text += f" ± {late['half_width']:,.1f}"
            row.append(term("late_of", lang, late=text, n=f"{(of.get('mean') or 0):,.0f}"))
        rows.append(row)
    return term("cmp_late", lang, scale=scale), [term("category", lang), *names], rows


def comparison_page(folder: Path, lang: str) -> Any:
    """The :class:`sim.output.report.Page` of a comparison folder."""
    from sim.output.report_parts import (
        Figures,
        Page,
        comparison_kpis,
        description_html,
        description_text,
        run_warnings,
        saved_scenario,
        with_fixed_dispatch,
    )

    comp = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    comp["kpis"] = with_fixed_dispatch(comp["kpis"])  # the fixed timetable: 0 trains added
    names = list(comp["kpis"])
    base = comp["baseline"]
    diffs = comp["paired_differences"]
    kpis = [(k, p, "h" if p.startswith("borders.") else u) for k, p, u in comparison_kpis(comp)]
    head = [term("kpi", lang), *names, *(term("diff_vs", lang, name=n, base=base) for n in diffs)]
    subs = _subfolders(folder)
    scales = {}  # each scenario's scale, as its first replication ran
    for n in names:
        path = subs.get(n, folder / "_") / "rep-000" / "summary.json"
        if path.is_file():
            scales[n] = f"{json.loads(path.read_text(encoding='utf-8')).get('scale', 1):g}"
    differ = len(set(scales.values())) > 1
    scale = " / ".join(scales.values()) if differ else next(iter(scales.values()), "1")
    rows = []
    nds: dict[str, int | None] = {}  # each row's decimals, for the figures' labels too
    for _, key, unit in kpis:
        label = _row_label(key, unit, lang)
        if unit == "n" and scale != "1":  # counts are of the scaled market: say so beside them
            # (in Chinese in full-width brackets, no space: "下单数（规模 0.2）", as "（天）")
            said = f"{term('scale_word', lang)} {scale}"
            label += f"（{said}）" if lang == "zh" else f" ({said})"
        row = [label]
        own = [comp["kpis"][n].get(key) for n in names]
        paired = [dict(d.get(key) or {}, diff=True) for d in diffs.values()]
        row_cells = [*own, *paired]  # (the row reads alike)
        nd = (
            usd_m_decimals(row_cells)
            if unit == "m"
            else count_decimals(row_cells)
            if unit == "n"
            else None
        )
        nds[key] = nd
        row += [_cell(x, unit, lang, nd) for x in own]
        row += [_cell(x, unit, lang, nd) + (" *" if x.get("distinguishable") else "")
                for x in paired]  # fmt: skip
        rows.append(row)
    sections = [(term("cmp_kpis", lang), head, rows)]
    # one row per scenario and reason, naming every KPI it explains: a change of policies
    # moves most KPIs for the same reason, which the table repeated a dozen times, word for word
    grouped: dict[tuple[str, str], list[str]] = {}
    for n, lbl_key, reason in explain(
        folder, comp, [(_row_label(p, u, lang), p, u) for _, p, u in kpis], lang
    ):
        grouped.setdefault((n, reason), []).append(lbl_key)
    join = "；" if lang == "zh" else "; "
    why = [[n, join.join(labels), reason] for (n, reason), labels in grouped.items()]
    if why:
        sections.append(
            (
                term("cmp_why", lang),
                [term("scenario", lang), term("kpi", lang), term("reason", lang)],
                why,
            )
        )
    for extra in (
        _safe_section(folder, comp, names, lang),
        _late_section(comp, names, lang, scale),
    ):
        if extra is not None:
            sections.append(extra)
    shown = [(_label(p, u, lang), p) for _, p, u in kpis[3:]]
    units = {p: u for _, p, u in kpis}
    scaled_diffs = {
        n: {k: _scaled(v, units.get(k, "n")) for k, v in d.items()} for n, d in diffs.items()
    }
    scaled_kpis = {
        n: {
            k: _scaled(v, units.get(k, "n"))
            for k, v in comp["kpis"][n].items()
            if isinstance(v, dict)
        }
        for n in names
    }
    # the figures' labels are the table's numbers (without the unit the panel's title gives):
    # a figure's own rounding, two significant digits of the half-width, wrote "1.8 ± 0.2" and
    # "107 ± 12" beside the table's "1.83 ± 0.20" and "106.80 ± 11.51"; a label of the table's
    # length fits the room the figure leaves right of its panels
    own_said = {
        p: {n: _cell(comp["kpis"][n].get(p), u, lang, nds.get(p), bare=True) for n in names}
        for _, p, u in kpis
    }
    diff_said = {
        p: {
            n: _cell(dict(d.get(p) or {}, diff=True), u, lang, nds.get(p), bare=True)
            for n, d in diffs.items()
            if d.get(p)
        }
        for _, p, u in kpis
    }
    figs = [
        (
            "paired_differences",
            term("paired_fig", lang),
            F.paired_differences(scaled_diffs, shown, lang, diff_said),
        ),
        (
            "kpi_intervals",
            term("each_fig", lang),
            F.kpi_intervals(scaled_kpis, shown, lang, own_said),
        ),
    ]
    warnings = []
    # each scenario by the label its tables give it (its folder is "0-teaching-small")
    label_of = {subs[n]: n for n in names if n in subs}
    described: list[tuple[str, Any]] = []  # each scenario's own words, under the intro
    for sub in sorted(folder.iterdir()):
        sc = saved_scenario(sub / "rep-000") if sub.is_dir() else None
        if sc is None:  # none, or written by another version: no warnings, no failure
            continue
        which = label_of.get(sub, sub.name)
        described.append((which, sc))
        warnings += [
            term("cli:warn_named", lang, which=which, text=w) for w in run_warnings(sc, None, lang)
        ]
    if differ:  # counts of markets of different sizes: a difference is not the scenario's
        said = ", ".join(f"{n} {v}" for n, v in scales.items())
        warnings.insert(0, term("warn_scales", lang, scales=said))
    import html

    intro_text = term(
        "cmp_intro",
        lang,
        names=", ".join(names),
        n=comp["replications"],
        base=base,
        scale=scale,
        scale_note=term("scale_note", lang),
    )
    precise = precision_text(comp.get("precision"), lang)
    intro_text += (" " if precise and lang == "en" else "") + precise
    # what each scenario is, in its author's words (in Chinese when it has them)
    intro_html = f"<p>{html.escape(intro_text)}</p>" + "".join(
        description_html(sc, lang, which) for which, sc in described
    )
    intro_md = "\n\n".join(
        [intro_text, *filter(None, (description_text(sc, lang, w) for w, sc in described))]
    )
    page = Page(term("cmp_title", lang), intro_html, intro_md, [], Figures(figs))
    page.sections = sections
    page.keys = []
    page.warnings = warnings
    page.lang = lang
    return page


def sweep_differences(
    spec: dict[str, Any], params: list[str], lang: str
) -> tuple[str, list[str], list[list[str]]]:
    """Each point's paired difference against the first (common random numbers), in the
    comparison report's units: a difference of shares in points, ``*`` where it excludes 0."""
    from sim.output.report_parts import HEADLINE, LOST

    diffs: dict[str, dict[str, Any]] = spec["paired_differences"]
    keys = {k for d in diffs.values() for k in d}
    kpis = [(p, u) for _, p, u in HEADLINE[3:] if p in keys]
    kpis += [(k, "%") for k in sorted(keys) if k.startswith("on_time.") and k.endswith(".share")]
    kpis += [(LOST, "n")] if LOST in keys else []
    # a point by its values under the parameters' names (the header), not key=value again
    values = {
        ", ".join(f"{k}={v}" for k, v in pt.items()): ", ".join(str(v) for v in pt.values())
        for pt in spec.get("points", [])
    }
    # freight cost to one number of decimals down its column (each point's difference)
    nds = {key: usd_m_decimals(d.get(key) for d in diffs.values()) for key, u in kpis if u == "m"}
    rows = []
    for name, d in diffs.items():
        row = [values.get(name, name)]
        for key, unit in kpis:
            x = dict(d.get(key) or {}, diff=True)
            row.append(
                _cell(x, unit, lang, nds.get(key)) + (" *" if x.get("distinguishable") else "")
            )
        rows.append(row)
    # no colon: a section's heading is cut at its first colon into a title and a sentence
    heading = f"{F.label('paired', lang)} — {spec['baseline']}"
    return heading, [", ".join(params), *(_row_label(k, u, lang) for k, u in kpis)], rows
