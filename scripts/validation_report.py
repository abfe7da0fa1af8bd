"""Write docs/validation.md: the 2021 baseline against the published figures.

Usage: python scripts/validation_report.py [--replications 10] [--jobs J] [--out results]

Runs scenarios/baseline_2021.yaml with replications (finished runs are reused when re-run),
computes each calibration target's model value in every replication, and writes a table with
the target, its source, the model's mean and 95 % interval, the gap and whether the model is
within ±15 %. Sources are in ../shared/reference/domain-facts.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from scipy import stats

from sim.experiment.runs import run_replications
from sim.world.calendar import MarketCalendar
from sim.world.inputs import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "baseline_2021.yaml"
TOLERANCE = 0.15
RETURN_RATIO = 1.25  # D: 2021 outbound = import+export / (1 + 25 % returns), see the scenario


@dataclass
class Target:
    name: str
    published: str
    value: float
    source: str
    note: str = ""


TARGETS = [
    Target("Outbound trains a year", "1,904 trains (import+export)", 1904 / RETURN_RATIO,
           "S: sputniknews.cn 2022-01-24; D: ÷1.25 outbound"),
    Target("Outbound TEU a year", "157,000 TEU (import+export)", 157_000 / RETURN_RATIO,
           "S: sputniknews.cn 2022-01-24; D: ÷1.25 outbound"),
    Target("TEU per train", "82-110 TEU; 157,000 / 1,904 = 82.5", 157_000 / 1904,
           "S: many departures 82-110 TEU; D: 2021 ratio"),
    Target("Outbound trains, H1 2021", "1,079 trains (import+export)", 1079 / RETURN_RATIO,
           "S: jinhua.gov.cn 2021-07-26; D: ÷1.25"),
    Target("Outbound TEU, H1 2021", "89,228 TEU (import+export)", 89_228 / RETURN_RATIO,
           "S: jinhua.gov.cn 2021-07-26; D: ÷1.25"),
    Target("Trains in the Spring Festival week (11-17 Feb 2021)", "33 trains", 33,
           "S: en.tourzj.com 2021"),
    Target("Foreign buyer visits a day", ">1,600 (2023 average)", 1600,
           "S: english.jinhua.gov.cn 2023-05-16", "a 2023 figure; 2021 visits were not found"),
    Target("Market closed from (days after 1 Jan)", "8 Feb 2021 (lunar 12/27)", 38,
           "S: mysourcify 2021"),
    Target("Market reopened (days after 1 Jan)", "20 Feb 2021", 50, "S: yw.gov.cn 2021-02-23"),
]  # fmt: skip

TRANSIT = {  # line: (published days as text, midpoint, source)
    "L01": ("16-21 (Madrid)", 18.5, "S: chinagb 2014; en.people.cn 2023; line.me 2024"),
    "L03": ("17-18 (London)", 17.5, "S: BBC, ITV 2017"),
    "L04": ("17 (Liège)", 17.0, "S: Xinhua 2019"),
    "L05": ("15-16 (Prague)", 15.5, "S: jinhua.gov.cn 2017; People's Daily 2020"),
    "L08": ("11-13 (Minsk)", 12.0, "S: beltandroad.news 2020; 475mrv.cn 2021"),
    "L09": ("13 (Vilnius)", 13.0, "S: Xinhua 2020 (planned)"),
    "L10": ("13 (Moscow)", 13.0, "S: scio.gov.cn 2018 (planned)"),
    "L11": ("16-17 (Riga)", 16.5, "S: UIC 2016 (first run)"),
    "L14": ("15 (Mazar-i-Sharif)", 15.0, "S: ecns.cn 2016 (first run)"),
    "L15": ("14 (Tehran)", 14.0, "S: businessinvestorguide 2016 (first run)"),
}

REASONS = {
    "L11": "first-run time (2016); reference §8.2 notes first runs are slower than later ones",
    "L14": "first-run time (2016, the line's only sourced run); the model's running times are "
    "estimates of 1,100 km/day on 1520 mm track",
    "L15": "first-run time (2016); Tianmeng and KTZ disagree on the length (10,399 vs 9,000 km)",
    "Outbound TEU, H1 2021": "2021 was front-loaded: 57 % of the year's trains ran in H1 "
    "(S: 1,079 of 1,904); the baseline runs an even timetable and a demand profile that peaks in "
    "autumn (fairs, festival goods), so its H1 holds 46 % of the year's TEU",
    "Outbound trains, H1 2021": "same cause as H1 TEU: an even timetable puts 50 % of the trains "
    "in H1 against 57 % published",
    "Trains in the Spring Festival week (11-17 Feb 2021)": "the baseline runs an even timetable; "
    "the 2021 festival week had extra trains (10 on 17 Feb alone), which the model does not add",
}


def replication_values(folder: Path, scale: float, in_scope: float) -> dict[str, float]:
    """Model values of every target in one replication folder."""
    with (folder / "trains.csv").open() as fh:
        trains = [r for r in csv.DictReader(fh) if r["kind"] == "train"]
    with (folder / "daily.csv").open() as fh:
        daily = list(csv.DictReader(fh))
    summary = json.loads((folder / "summary.json").read_text())
    dep = np.array([float(r["departed_h"]) for r in trains])
    teu = np.array([float(r["teu"]) for r in trains])
    h1 = dep < (date(2021, 7, 1) - date(2021, 1, 1)).days * 24
    week = (dep >= 41 * 24) & (dep < 48 * 24)
    buyers = sum(int(r["buyers"]) for r in daily) / len(daily) / (in_scope * scale)
    out = {
        "Outbound trains a year": float(len(dep)),
        "Outbound TEU a year": float(teu.sum() / scale),
        "TEU per train": float(teu.sum() / scale / len(dep)),
        "Outbound trains, H1 2021": float(h1.sum()),
        "Outbound TEU, H1 2021": float(teu[h1].sum() / scale),
        "Trains in the Spring Festival week (11-17 Feb 2021)": float(week.sum()),
        "Foreign buyer visits a day": buyers,
    }
    for line in TRANSIT:
        out[line] = summary["lines"][line]["transit_days_mean"]
    return out


def _ci(values: list[float]) -> tuple[float, float]:
    v = np.asarray(values, dtype=float)
    half = stats.t.ppf(0.975, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size) if v.size > 1 else 0.0
    return float(v.mean()), float(half)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--out", default=str(ROOT / "results" / "validation"))
    p.add_argument("--force", action="store_true", help="recompute runs made by an older model")
    args = p.parse_args()
    sc = load_scenario(SCENARIO)
    rs = run_replications(sc, args.replications, out=args.out, jobs=args.jobs, force=args.force)
    reps = [
        replication_values(rs.folder / f"rep-{i:03d}", sc.scale, sc.buyers.in_scope_share)
        for i in range(args.replications)
    ]
    cal = MarketCalendar(sc)
    (closed, reopened), *_ = cal.closure_windows()
    fixed = {
        "Market closed from (days after 1 Jan)": (closed - sc.start).days,
        "Market reopened (days after 1 Jan)": (reopened - sc.start).days,
    }
    rows = []
    within = 0
    for t in TARGETS:
        if t.name in fixed:
            mean, half = float(fixed[t.name]), 0.0
        else:
            mean, half = _ci([r[t.name] for r in reps])
        gap = (mean - t.value) / t.value
        ok = abs(gap) <= TOLERANCE
        within += ok
        why = REASONS.get(t.name, t.note)
        rows.append((t.name, t.published, t.source, _fmt(t.value), f"{_fmt(mean)} ± {_fmt(half)}",
                     f"{100 * gap:+.1f} %", "yes" if ok else "no", why))  # fmt: skip
    for line, (text, mid, source) in TRANSIT.items():
        mean, half = _ci([r[line] for r in reps])
        gap = (mean - mid) / mid
        ok = abs(gap) <= TOLERANCE
        within += ok
        model = f"{mean:.1f} ± {half:.1f}"
        verdict = "yes" if ok else "no"
        rows.append((f"Transit days {line}", text, source, f"{mid:.1f}", model,
                     f"{100 * gap:+.1f} %", verdict, REASONS.get(line, "")))  # fmt: skip
    lines = [
        "# Validation: the 2021 baseline against published figures",
        "",
        "Generated by `python scripts/validation_report.py` (do not edit by hand): "
        f"`scenarios/baseline_2021.yaml`, {args.replications} replications (seeds spawned from "
        f"{sc.seed}), mean ± 95 % half-width (Student t). Sources are in "
        "`../shared/reference/domain-facts.md`; S = sourced, D = derived by the stated arithmetic.",
        "",
        "Volumes count outbound departures from Yiwu (the model has no return trains); the "
        "published 2021 counts are import + export, so they are divided by 1.25 (a 25 % return "
        "ratio, interpolated between 8.5 % in 2020 and 42.9 % in 2022). TEU are container slots "
        "divided by the scenario's scale (0.2). Transit days are train departure to arrival at "
        "the destination terminal, border waits included.",
        "",
        f"**{within} of {len(rows)} targets are within ±{100 * TOLERANCE:.0f} %.**",
        "",
        "| target | published | source | target value | model | gap | within ±15 % "
        "| why not / note |",
        "|---|---|---|---|---|---|---|---|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
        "## Queueing theory",
        "",
        "`tests/test_validation_queueing.py` (run in CI, never skipped) reduces a border "
        "crossing to textbook queues built from the model itself (Poisson departures, one "
        "crossing) and checks the mean wait against M/M/1, M/M/c (Erlang C), M/D/1 "
        "(Pollaczek-Khinchine) and two crossings in tandem (a Jackson network), each within "
        "the 95 % interval of 10 replications, plus Little's law (L = λW, within 5 %) on "
        "every queue the model records.",
        "",
    ]
    out = ROOT / "docs" / "validation.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out} ({within}/{len(rows)} within ±15 %)")


if __name__ == "__main__":
    main()
