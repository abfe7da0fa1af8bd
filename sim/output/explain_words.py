"""A crossing disruption's effect in words, in English or Chinese.

Notes
-----
:func:`_effect_text` says one window's counts of
:func:`sim.output.explain_disruptions.disruption_effects` as the comparison's *Why* and a run's
*Disrupted crossings* show them: the trains held and for how long, the backlog after the
reopening, the orders with a deadline and their margin (or how many were late, apart from
those already late when their train came), the trains that went round, and those still held or
queued when the run ended; counted over one replication or several (:func:`_over`), with the
window's days as the page writes dates (:func:`_window_day`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sim.output.glossary import crossing_name, term


def _effect_text(e: dict[str, Any], lang: str) -> str:
    """One window's effect, as ``disruption_effects`` counts it, in sentences in ``lang``."""
    names = ("、" if lang == "zh" else ", ").join(crossing_name(n, lang) for n in e["nodes"])
    sp = "" if lang == "zh" else " "  # Chinese sentences run on without a space
    lo, hi = (_window_day(d, lang) for d in e["window"])
    if not e["replications"]:
        return term("why_no_tables", lang, nodes=names)
    held = e.get("held_at_end", 0)
    still = ""
    if held:
        d = f"{e['held_days_max']:.1f}"
        still = sp + term("why_held_at_end", lang, n=held, over=_over(e, lang), nodes=names, d=d)
    queued = e.get("queued_at_end", 0)
    if queued:  # the backlog it left, still waiting for a busy server at the end
        d = f"{e['queued_days_max']:.1f}"
        still += sp + term("why_queued_at_end", lang, n=queued, over=_over(e, lang), nodes=names,
                           d=d)  # fmt: skip
    if not e["trains"]:
        if held or queued:
            return still.lstrip()
        if e.get("reached"):  # they came, and the disruption kept none of them longer
            return term("why_not_held", lang, n=e["reached"], over=_over(e, lang),
                        nodes=names, lo=lo, hi=hi)  # fmt: skip
        if e.get("detoured"):
            return term("why_detoured", lang, n=e["detoured"], over=_over(e, lang),
                        nodes=names, km=f"{e['detour_km']:,.0f}", lo=lo, hi=hi)  # fmt: skip
        return term("why_no_trains", lang, nodes=names, lo=lo, hi=hi)
    text = term(
        "why_held",
        lang,
        nodes=names,
        lo=lo,
        hi=hi,
        trains=e["trains"],
        over=_over(e, lang),
        a=f"{e['hold_days_min']:.1f}",
        b=f"{e['hold_days_max']:.1f}",
    )
    if e.get("backlog"):  # the trains that came after the reopening and queued behind
        text += sp + term("why_backlog", lang, n=e["backlog"], d=f"{e['backlog_days_max']:.1f}")
    already = e.get("already_late", 0)
    fresh = e["orders"] - already  # the orders the hold could still make late
    if fresh and e["late"] == 0:
        text += sp + term("why_margin", lang, n=f"{fresh:,}", m=f"{e['margin_days_min']:.1f}")
    elif fresh:
        text += sp + term("why_late", lang, n=f"{fresh:,}", late=f"{e['late']:,}")
        if e["margin_days_min"] is not None:
            others = fresh - e["late"]  # the count the sentence's noun agrees with
            text += sp + term("why_rest_margin", lang, m=f"{e['margin_days_min']:.1f}",
                              others=others)  # fmt: skip
    elif not e["orders"]:
        text += sp + term("why_no_deadline", lang)
    if already:
        text += sp + term("why_already_late", lang, n=f"{already:,}")
    if e.get("detoured"):  # some were held, others went round (avoid_closed routing)
        text += sp + term("why_also_detoured", lang, n=e["detoured"], km=f"{e['detour_km']:,.0f}")
    return text + still


def _over(e: dict[str, Any], lang: str) -> str:
    """The replications the trains are counted over: "over N replications", or "over 1
    replication" for one."""
    n = e["replications"]
    return term("over_reps_one", lang) if n == 1 else term("over_reps", lang, reps=n)


def _window_day(iso: Any, lang: str) -> str:
    """A disruption window's day as the rest of a Chinese page writes dates (2025年12月1日);
    as it is in English."""
    if lang != "zh":
        return str(iso)
    try:
        d = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{d.year}年{d.month}月{d.day}日"
