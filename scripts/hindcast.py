"""Hindcast of the September 2025 Poland-Belarus border closure: the model's figures against the
published ones, with replications and 95 % intervals.

Usage: python scripts/hindcast.py [--replications 10] [--out docs/hindcast.md]

Runs scenarios/hindcast_2025_closure.yaml and, with the same seeds (common random numbers), the
same scenario without the closure; computes every figure from the runs' own tables
(sim.output.disruption) and writes a Markdown table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sim.experiment.statistics import interval
from sim.model import Model
from sim.output.disruption import closure_effects, sea_share
from sim.world.calendar import MarketCalendar
from sim.world.inputs import load_scenario
from sim.world.random_streams import replication_seeds

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hindcast_2025_closure.yaml"
BORDERS = {"BRE", "MAL"}

PUBLISHED = {
    "held_max": ("trains held at Brest and Malaszewicze at the worst point", "130-300", (130, 300)),
    "days_to_clear": ("days after reopening until the queue is back to normal", "7-10", (7, 10)),
    "caught_delay_days_mean": ("delay of Yiwu trains caught by the closure, days (mean)",
                               "5-7 for some", (5, 7)),  # fmt: skip
    "caught_delay_days_max": ("delay of Yiwu trains caught by the closure, days (max)",
                              "5-7 for some", (5, 7)),  # fmt: skip
    "sea_share_change": ("change in the sea share of goods booked during the closure, points",
                         "shippers moved to sea (no figure)", None),  # fmt: skip
    "rerouted_trains": ("Yiwu trains that detoured (via Lithuania)", "some rerouted (no figure)",
                        None),  # fmt: skip
}


def run(replications: int) -> dict[str, list[float | None]]:
    closed = load_scenario(SCENARIO)
    open_ = load_scenario(SCENARIO, ["disruptions=[]"])
    cal = MarketCalendar(closed)
    d = closed.disruptions[0]
    start_h, reopen_h = cal.hour_of(d.start), cal.hour_of(d.end) + 24.0
    announced_h = cal.hour_of(d.announced or d.start)
    both = {"MAD", "DUI", "LON", "LGG", "PRG", "WAW", "BEG"}  # rail via Brest and sea serve them
    out: dict[str, list[float | None]] = {k: [] for k in PUBLISHED}
    for seed in replication_seeds(closed.seed, replications):
        a = Model(closed, seed=seed).run().tables
        b = Model(open_, seed=seed).run().tables
        fx = closure_effects(a, BORDERS, (start_h, reopen_h), normal_from_h=closed.warmup_days * 24)
        for k in ("held_max", "days_to_clear", "caught_delay_days_mean", "caught_delay_days_max",
                  "rerouted_trains"):  # fmt: skip
            out[k].append(fx[k])
        window = (announced_h, reopen_h)
        sa, sb = sea_share(a["orders"], window, both), sea_share(b["orders"], window, both)
        out["sea_share_change"].append(
            None if sa is None or sb is None else 100.0 * (sa - sb)
        )
    return out


def table(values: dict[str, list[float | None]], n: int, wall_s: float) -> str:
    lines = [
        "| figure | published (S) | model: mean ± 95 % half-width | within |",
        "|---|---|---|---|",
    ]
    for key, (label, published, band) in PUBLISHED.items():
        iv = interval(values[key])
        if iv["mean"] is None:
            cell, within = "n/a", ""
        else:
            hw = iv.get("half_width") or 0.0
            cell = f"{iv['mean']:.1f} ± {hw:.1f}"
            within = "" if band is None else ("yes" if band[0] <= iv["mean"] <= band[1] else "no")
        lines.append(f"| {label} | {published} | {cell} | {within} |")
    lines.append("")
    lines.append(
        f"{n} replications of `scenarios/hindcast_2025_closure.yaml` paired with the same "
        f"scenario without the closure; `python scripts/hindcast.py --replications {n}` "
        f"({wall_s:.0f} s on the development machine)."
    )
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args()
    t0 = time.perf_counter()
    values = run(args.replications)
    text = table(values, args.replications, time.perf_counter() - t0)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
