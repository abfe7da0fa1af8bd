"""The key figures of a run's report: the table at the top of ``report.html``.

Notes
-----
The headline KPIs (:data:`sim.output.report_parts.HEADLINE`) in their units, then what a planner
asks next: orders lost to other markets, the share on time per deadline category, the trains
that left Yiwu, what the operators' policies changed, the crossing with the longest wait, the
trains held or queued at a crossing and those still under way when the run ended. Each row keeps
the ``summary.json`` key behind it (``data-key`` in the page) where it has one.
"""

from __future__ import annotations

from typing import Any

from sim.output.crossing_summary import date_at, worst_border
from sim.output.glossary import ABOVE_BASE, FREIGHT, category_name, crossing_name, kpi_name, term
from sim.output.report_parts import HEADLINE, in_service_words, usd_m_decimals
from sim.output.report_values import _get, _num, _unit


def _hours(v: float | None) -> str:
    """Hours waited at a crossing at the end, to the tenth ``summary.json`` gives them (as the
    printed summary shows them), not to the thousandth :func:`_num` gives a number below 10."""
    return "–" if v is None else f"{v:,.1f}"


def _headline_label(k: str, p: str, unit: str, lang: str) -> str:
    """A headline KPI's label in ``lang``: the English one of :data:`HEADLINE` as it is, else
    the glossary's name. A share's value carries its "%" (:func:`_unit`), so its Chinese name
    does not say "（%）" too: the table read "缺货订单比例（%） 0.3 %" where the English read
    "backordered 0.3 %"."""
    if lang == "en":
        return k
    if unit == "m":
        return term("kpi:freight_usd_m", lang)
    name = kpi_name(p, lang)
    return name.removesuffix("（%）") if unit == "%" else name


def _kpi_rows(
    s: dict[str, Any], lang: str = "en"
) -> tuple[list[tuple[str, str]], list[str | None]]:
    """The KPI table of a run: label, value (in its unit) and the summary key behind it."""
    table: list[tuple[str, str]] = []
    keys: list[str | None] = []
    for k, p, unit in HEADLINE:
        table.append((_headline_label(k, p, unit, lang), _unit(_get(s, p), unit)))
        keys.append(p)
        # of the freight, what the live prices added above the base rates (surcharges, Cape
        # rates): a planner reads what a closure or a diversion cost in prices
        above = s.get("emissions_cost", {}).get("disruption_usd_total")
        if p == FREIGHT and above:  # (to the digits a small charge needs: never 0.00)
            nd = usd_m_decimals([{"mean": above}])
            table.append((kpi_name(ABOVE_BASE, lang), f"{above / 1e6:,.{nd}f}"))
            keys.append(ABOVE_BASE)
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
                   k=h["yiwu_trains"], mean=_hours(h["waited_h_mean"]),
                   longest=_hours(h["waited_h_max"]), date=when)  # fmt: skip
        table.append((term("cli:held", lang), row))
        keys.append(None)
    for node, h in s.get("queued_at_end", {}).items():  # open at the end, every server busy
        if not h["yiwu_trains"]:  # other operators' trains in line at the end: no key figure
            continue
        row = term("cli:queued_row", lang, b=crossing_name(node, lang), n=h["trains"],
                   k=h["yiwu_trains"], mean=_hours(h["waited_h_mean"]),
                   longest=_hours(h["waited_h_max"]))  # fmt: skip
        table.append((term("cli:queued", lang), row))
        keys.append(None)
    moving = s.get("in_service_at_end")
    if moving:  # left Yiwu, not arrived: in no lead time and no arrival of the trains table
        table.append((term("cli:in_service", lang), in_service_words(moving, lang, _num)))
        keys.append(None)
    return table, keys
