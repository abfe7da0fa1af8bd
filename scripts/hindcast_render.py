"""Markdown of the closure hindcast (``scripts/hindcast.py``): inputs classed, the headline
figures against the published ones, every crossing's queue, every delayed Yiwu train by line, the
one-at-a-time sensitivity table and its verdict. Written between markers in
docs/closure-2025.md, so the hand-written parts of that page stay."""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

hc: Any = None
"""The hindcast script's module (its published figures and variations), set by :func:`render`:
the script runs as ``__main__``, so importing it by name here would load a second copy."""

BEGIN, END = "<!-- hindcast:begin -->", "<!-- hindcast:end -->"

INPUTS = [
    ("closure dates: closed 12 Sep 00:00, reopened 25 Sep", "input", "S",
     "bloominglobal, trasportoeuropa 2025"),
    ("announced 9 Sep, until further notice", "input", "S", "reference §2.7; TASS 2025-09-10"),
    ("its end told 23 Sep", "input", "S", "bloominglobal 2025-09-23"),
    ("until then, the closure expected to last 5 more days from each day", "input",
     "E (days, not weeks: S)",
     "Zapad-2025, 12-16 Sep (TASS 2025-09-09); the trade expected a short closure "
     "(Yicai 2025-09-23, 2025-09-24)"),
    ("crossings closed: Brest and Malaszewicze (all Belarus-Poland rail)", "input", "S",
     "reference §2.7"),
    ("no surge after reopening (same staff)", "input", "S", "logistyka.rp.pl 2025-09-29 (Symlog)"),
    ("background westbound through Brest: 12.8 trains/day (+0.7 Yiwu)", "input", "D",
     "21-27 trains/day at Malaszewicze 2024-25 (RailFreight) x 0.57 westbound (Brest 2021)"),
    ("eastbound background: 0.77 of each westbound flow runs back", "input", "D",
     "73 east against 95 west of Brest's ~168 trains a week, 2021 (ferrovie.info)"),
    ("Yiwu's eastbound services: 42.9 % of its westbound sets, imports in 71 % of slots",
     "input", "S", "Yiwu return/outbound trains 2022; China Railway 2018 (docs/both-ways.md)"),
    ("Brest service 8.5 h, 12 servers (each direction)", "input", "S / E",
     "BCh 2019 (dwell); servers E"),
    ("Malaszewicze service 24 h, 32 servers (each direction)", "input", "E",
     "~90 % of China-EU cargo (S)"),
    ("Kena (detour into Lithuania): 1 server, 4 h, 2 background trains/day", "input", "E",
     "no count found"),
    ("Mockava (detour into Poland): data dwell 12 h, 2 servers", "input", "E",
     "sim/world/data/nodes.csv"),
    ("behaviour: live routing, detours, roll-over to sea (the model's rules)", "input", "E",
     "docs/model.md"),
]  # fmt: skip


def cell(values: list[float | None], band: tuple[float, float] | None = None) -> str:
    """``mean ± half-width``, flagged "(outside)" when its 95 % interval misses ``band``."""
    mean, half, n = hc.summary(values)
    if mean is None:
        return "n/a"
    text = f"{mean:.1f} ± {half:.1f}"
    missing = len(values) - n
    if missing:
        text += f" ({missing} of {len(values)} runs: never)"
    if band is not None:
        text += " (in band)" if hc.consistent(values, band) else " (outside)"
    return text


def headline(base: dict[str, Any], static: dict[str, Any]) -> list[str]:
    lines = [
        "| figure | published | source | model, as shipped | model, static rules |",
        "|---|---|---|---|---|",
    ]
    for key, pub in hc.PUBLISHED.items():
        a = cell(base["values"][key], pub.band)
        b = cell(static["values"][key], pub.band)
        lines.append(f"| {pub.label} | {pub.text} | {pub.source} | {a} | {b} |")
    return lines


def crossings(base: dict[str, Any]) -> list[str]:
    reps = base["crossings"]
    names = list(reps[0])
    published = {"BRE+MAL": "130-300 held; 7-10 d to clear (forecast), ~14 d (later forecast)"}
    lines = [
        "| crossing | normal (most present before) | held at the worst point | peak, days "
        "after closing | days after reopening to normal | longest Yiwu wait, days | published |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = []
    for name in names:
        got = [r.get(name, {}) for r in reps]
        held = [g.get("held_max") for g in got]
        rows.append((np.mean([h or 0 for h in held]) - np.mean([g.get("normal", 0) for g in got]),
                     name, got))  # fmt: skip
    rows.sort(key=lambda x: (x[1] != "BRE+MAL", -x[0]))
    for _, name, got in rows:
        lines.append(
            f"| {name} | {cell([g.get('normal') for g in got])} | "
            f"{cell([g.get('held_max') for g in got])} | "
            f"{cell([g.get('peak_day') for g in got])} | "
            f"{cell([g.get('days_to_clear') for g in got])} | "
            f"{cell([g.get('yiwu_wait_max_days') for g in got])} | "
            f"{published.get(name, hc.NONE)} |"
        )
    return lines


def trains(base: dict[str, Any]) -> list[str]:
    n = base["n"]
    by: dict[tuple[str, str], list[float]] = defaultdict(list)
    for rep in base["trains"]:
        for r in rep:
            by[(r["line"], r["group"])].append(r["delay_days"])
    lines = [
        "| line | how | trains per replication | end-to-end delay, days (mean) | (max) |",
        "|---|---|---|---|---|",
    ]
    order = {"held": 0, "detoured": 1, "knock-on": 2}
    for (line, group), d in sorted(by.items(), key=lambda x: (order[x[0][1]], x[0][0])):
        lines.append(
            f"| {line} | {group} | {len(d) / n:.1f} | {np.mean(d):.1f} | {np.max(d):.1f} |"
        )
    return lines


def sensitivity(sens: list[dict[str, Any]]) -> list[str]:
    keys = hc.SENSITIVE
    head = " | ".join(hc.PUBLISHED[k].label for k in keys)
    lines = [f"| assumption | shipped | varied | {head} |", "|---|---|---|" + "---|" * len(keys)]
    for r in sens:
        cells = [cell(r["values"][k], hc.PUBLISHED[k].band) for k in keys]
        lines.append(f"| {r['assumption']} | {r['shipped']} | {r['varied']} | "
                     + " | ".join(cells) + " |")  # fmt: skip
    return lines


def verdict_text(verdicts: dict[str, dict[str, Any]]) -> list[str]:
    """One line per figure with a published band: reproduced robustly, dependent on an
    assumption (which, and by how much), or not reproduced."""
    out = []
    for key, v in verdicts.items():
        pub = hc.PUBLISHED[key]
        band = f"published {pub.band[0]:g}-{pub.band[1]:g}" if pub.band else ""
        if v["base"] is None:
            out.append(f"- **{pub.label}** ({band}): the model produces no value as shipped.")
            continue
        span = f"{v['low']:.1f} to {v['high']:.1f} over the variations"
        effects = "; ".join(v["effects"][:4]) or "none beyond noise"
        if v["inside"] and not v["out"]:
            what = "**reproduced robustly**: no variation moves it out of the band"
        elif v["inside"]:
            what = "**reproduced, but depends on an assumption**: out of the band with " + (
                "; ".join(v["out"])
            )
        else:
            what = "**not reproduced** as shipped" + (
                "; inside the band with " + "; ".join(v["into"]) if v["into"] else
                "; no single variation brings it inside")  # fmt: skip
        out.append(f"- **{pub.label}** ({band}): {v['base']:.1f} as shipped, {what} ({span}; "
                   f"largest paired changes: {effects}).")  # fmt: skip
    return out


def render(
    module: Any,
    base: dict[str, Any],
    static: dict[str, Any],
    sens: list[dict[str, Any]],
    verdicts: dict[str, dict[str, Any]],
    args: argparse.Namespace,
    wall_s: float,
) -> str:
    global hc
    hc = module
    n, m = base["n"], args.sensitivity_replications
    cmd = (f"python scripts/hindcast.py --replications {n} --sensitivity-replications {m}"
           " --docs")  # fmt: skip
    parts = [
        f"Generated by `{cmd}` ({wall_s:.0f} s on the development machine; do not edit by "
        "hand). Mean ± 95 % half-width (Student t) over "
        f"**{n} replications** (headline, crossings, trains) and **{m} replications** per row "
        "of the sensitivity table (the first seeds of the same set), each run paired with the "
        "same scenario without the closure (common random numbers). Every figure is computed "
        "from the runs' own orders, departures and crossings tables "
        "(`scripts/closure_figures.py`); `tests/test_hindcast.py` recomputes them "
        "independently from the runs' Parquet files.",
        "",
        "### Inputs, classed",
        "",
        "| input | class | basis | source |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in INPUTS),
        "",
        "### Headline figures",
        "",
        "Static rules: the same closure with fixed paths, share routing, first closed first "
        "loaded and no roll-over. A train *caught* reached Brest or Malaszewicze while they "
        "were closed (or queued there through the closure), or took the detour; its delay is "
        "its arrival at the destination terminal less the same departure's arrival without "
        'the closure. "(in band)": the 95 % interval overlaps the published band.',
        "",
        *headline(base, static),
        "",
        "### Every crossing",
        "",
        "Westbound trains present (waiting or in service, Yiwu's and the background "
        "traffic) at each crossing of the network (the eastbound queue at Malaszewicze and "
        "Brest is in the headline figures). Days to normal count from the reopening, or "
        'from the peak when it comes later; "never" = not back to normal within the 91-day '
        "run.",
        "",
        *crossings(base),
        "",
        "### Every Yiwu train the closure delayed, by line",
        "",
        "held = reached the closed crossings while closed; detoured = took the Lithuanian "
        "detour; knock-on = neither, but more than a day late (the detour's congestion at "
        "Kena, the Vilnius and Minsk lines).",
        "",
        *trains(base),
        "",
        "### Sensitivity, one assumption at a time",
        "",
        f"Each row changes one assumption of the shipped scenario ({m} replications each, "
        '"(outside)" = the 95 % interval misses the published band). The surge rows add a '
        "surge the sources do not report (the staff was the same), to show how much the "
        "clearing time hangs on it; the background rows span the sourced counts (21-27 "
        "trains a day at Malaszewicze, direction unstated).",
        "",
        *sensitivity(sens),
        "",
        "### Verdict",
        "",
        *verdict_text(verdicts),
    ]
    return "\n".join(parts)


def write_docs(path: Path, text: str) -> None:
    """Replace the generated part of ``path`` (between the markers) with ``text``."""
    doc = path.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{path}: markers {BEGIN} ... {END} not found; add them first")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
