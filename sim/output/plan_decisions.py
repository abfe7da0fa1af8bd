"""A plan's decisions in the planner's words: line names, departures a week and in the window.

Notes
-----
``plan.json`` keeps every decided value with its words (written from the scenario by
:mod:`sim.experiment.plan_words`); these functions say them in English or Chinese
(``lang="zh"``): one value (:func:`_one`), a whole decision with only what differs from the
scenario and a window shared by all its values said once (:func:`_decision`), and the short
label of a dot on the trade-off chart (:func:`_short`). A line's target and a window's dates are
written in Chinese from the network's Chinese names and the page's calendar dates.
"""

from __future__ import annotations

import re
from typing import Any

from sim.output.glossary import GLOSSARY, term
from sim.scenario.registry import kind_of_key
from sim.world.network import place_name


def _one(w: dict[str, Any], lang: str, window: bool = True, kept: bool = False) -> str:
    """One decided value in words: ``London (L03) departures ×1.5: 0.75 a week, +2 in the
    window`` (with the window's dates unless the caller states them once for all); ``kept``
    adds ", as in the scenario" after a value that does not say so itself (today's
    timetable does)."""
    tail = term("kept_tail", lang) if kept else ""
    key = f"what:{w.get('what')}"
    # a setting the glossary has no words for reads as the scenario names it ("announced",
    # "capacity teu"), not as the glossary key ("what:announced")
    what = (term(key, lang) if key in GLOSSARY else str(w["what"])) if w.get("what") else ""
    kind = kind_of_key(w["path"]) if w.get("path") and w.get("target") == w["path"] else None
    if kind is not None:  # a policy by its kind, as a run's report names it ("routing: live")
        head = term(f"rule_kind:{kind}", lang)
    else:
        # (in Chinese no space between the place and the words: "马德里（L01） 每周班列数")
        head = ("" if lang == "zh" else " ").join(
            x for x in (_target(w["target"], lang), what) if x
        )
    if window and w.get("window"):
        head += f"（{_window_words(w['window'], lang)}）" if lang == "zh" else f" ({w['window']})"
    v = w["value"]
    sep = "：" if lang == "zh" else ": "
    if "extra" in w:
        if w["extra"] == 0 and v == 1:
            return head + sep + term("today", lang)
        week = term("a_week", lang, n=f"{w['per_week']:g}")
        extra = term("in_window", lang, n=f"{w['extra']:+d}")
        return f"{head} ×{v:g}{sep}{week}{'，' if lang == 'zh' else ', '}{extra}{tail}"
    if "season" in w:
        week = term("a_week", lang, n=f"{w['per_week']:g}")
        which = "in_run_published" if w.get("published") else "in_run"
        run = term(which, lang, n=w["season"], d=f"{w['days']:.0f}")
        if w.get("counted") is not None:  # as the KPIs count them (rail departures)
            run += term("after_warmup_count", lang, n=w["counted"])
        return f"{head}{sep}{week}{tail}" + (f"（{run}）" if lang == "zh" else f" ({run})")
    return head + sep + str(v) + tail


def _target(target: str, lang: str) -> str:
    """A decision's target (``London (L03)``, ``Malaszewicze (MAL)``, as ``plan.json`` keeps it)
    in ``lang``: ``伦敦（L03）``, ``马拉舍维奇（MAL）`` from the network's Chinese names."""
    if lang != "zh" or not target.endswith(")") or "(" not in target:
        return target
    code = target.rsplit("(", 1)[-1][:-1]
    name = place_name(code, lang)
    if name == code:  # not a place of the shipped network: as plan.json has it
        return target
    return f"{name.removeprefix('义乌—')}（{code}）"


def _window_words(window: str, lang: str) -> str:
    """A decision's window ("2025-12-01 - 2026-01-31") in the page's dates: 2025年12月1日至
    2026年1月31日 in Chinese; as it is otherwise."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d) - (\d{4})-(\d\d)-(\d\d)", window)
    if lang != "zh" or not m:
        return window
    y0, m0, d0, y1, m1, d1 = (int(x) for x in m.groups())
    return f"{y0}年{m0}月{d0}日至{y1}年{m1}月{d1}日"


KEPT_SAID = 3
"""The most decided values the scenario's own decision says one by one ("Madrid (L01) trains
per week: 2 a week, as in the scenario"); more read "every decision as in the scenario" (seven
lines at today's timetable would fill the answer with what does not change)."""


def _decision(
    c: dict[str, Any], lang: str, changed_only: bool = True, recommended: bool = False
) -> str:
    """A decision in the planner's words; by default only what differs from the scenario, with
    a window shared by every decided value stated once. The scenario's own decision says its
    values, each "as in the scenario" (up to :data:`KEPT_SAID` of them), and "no change
    needed" only where it is ``recommended``: a plan whose goal it misses lists it among the
    contenders and as the closest, where those words would say the opposite."""
    words = c.get("words")
    if not words:  # plan.json of an earlier version
        return ", ".join(f"{k} = {v}" for k, v in c["decision"].items())
    shown = [w for w in words if w.get("changed", True)] if changed_only else words
    sep = "；" if lang == "zh" else "; "
    kept = not shown
    if kept and len(words) > KEPT_SAID:
        return term("all_as_today_rec" if recommended else "all_as_today", lang)
    if kept:  # a few kept values said (trial17: "no change needed" of 2 trains a week unsaid)
        shown = words
    windows = {w.get("window", "") for w in words}
    shared = windows.pop() if len(windows) == 1 else ""
    text = sep.join(_one(w, lang, window=not shared, kept=kept) for w in shown)
    if shared:
        text = (f"{_window_words(shared, lang)}：" if lang == "zh" else f"{shared}: ") + text
    if kept:
        return term("all_kept_rec", lang, decisions=text) if recommended else text
    rest = (sep + term("rest_as_today", lang)) if len(shown) < len(words) else ""
    return text + rest


def _short(c: dict[str, Any], lang: str = "en") -> str:
    """A chart label: the changed values only (``L03 ×1.5, L04 ×2``)."""
    words = [w for w in c.get("words") or [] if w.get("changed", True)]
    if not words:
        if not c.get("words"):
            return ""
        # "today's timetable" for decisions on trains; a cap or a date is "as in the scenario"
        timetable = all("extra" in w or "season" in w for w in c["words"])
        return term("today" if timetable else "as_scenario", lang)
    out = []
    for w in words:
        kind = kind_of_key(w["path"]) if w["target"] == w["path"] else None
        code = (
            w["target"].rsplit("(", 1)[-1].rstrip(")")
            if "(" in w["target"]
            else term(f"rule_kind:{kind}", lang)
            if kind is not None
            else w["path"]
        )
        out.append(f"{code} ×{w['value']:g}" if "extra" in w else f"{code} {w['value']}")
    return ", ".join(out)
