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

import numpy as np

from sim.experiment.statistics import interval
from sim.model import Model
from sim.output.disruption import closure_effects, sea_share, trains_present
from sim.world.calendar import MarketCalendar
from sim.world.inputs import load_scenario
from sim.world.random_streams import replication_seeds

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hindcast_2025_closure.yaml"
BORDERS = {"BRE", "MAL"}

PUBLISHED = {
    "held_max": ("trains held at Brest and Malaszewicze at the worst point", "130-300", (130, 300)),
    "days_to_clear": ("days after reopening until the queue is back to normal", "7-10", (7, 10)),
    "caught_delay_days_mean": (
        "delay of Yiwu trains caught by the closure, days (mean)",
        "5-7 for some",
        (5, 7),
    ),
    "caught_delay_days_max": (
        "delay of Yiwu trains caught by the closure, days (max)",
        "5-7 for some",
        (5, 7),
    ),
    "sea_share_change": (
        "change in the sea share of goods booked during the closure, points",
        "shippers moved to sea (no figure)",
        None,
    ),
    "rerouted_trains": (
        "Yiwu trains that detoured (via Lithuania)",
        "some rerouted (no figure)",
        None,
    ),
    "detour_held_max": (
        "trains held on the Lithuanian detour (Kena, Mockava) at the worst point",
        "(no figure)",
        None,
    ),
}

STATIC = [
    "logistics.train_routing=fixed",
    "logistics.mode_choice.rule=share",
    "logistics.consolidation.loading=fifo",
    "logistics.consolidation.rollover.rule=next_departure",
    "disruptions.0.surge_days=0",
    "disruptions.1.surge_days=0",
]
"""The same closure with today's static rules: no detours, no reactive routing, no surge."""


def run(replications: int, overrides: list[str] | None = None) -> dict[str, list[float | None]]:
    """Figures of ``replications`` paired runs (closed and open), with ``overrides``."""
    overrides = overrides or []
    closed = load_scenario(SCENARIO, overrides)
    open_ = load_scenario(SCENARIO, [*overrides, "disruptions=[]"])
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
        grid = np.arange(start_h, reopen_h + 30 * 24.0, 1.0)
        out["detour_held_max"].append(
            float(trains_present(a["crossings"], {"KEN", "MCK"}, grid).max())
        )
        window = (announced_h, reopen_h)
        sa, sb = sea_share(a["orders"], window, both), sea_share(b["orders"], window, both)
        out["sea_share_change"].append(None if sa is None or sb is None else 100.0 * (sa - sb))
    return out


def _cell(values: list[float | None]) -> tuple[str, float | None]:
    iv = interval(values)
    if iv["mean"] is None:
        return "n/a", None
    hw = iv.get("half_width") or 0.0
    return f"{iv['mean']:.1f} ± {hw:.1f}", float(iv["mean"])


def table(variants: dict[str, dict[str, list[float | None]]], n: int, wall_s: float) -> str:
    names = list(variants)
    lines = [
        "| figure | published (S) | " + " | ".join(f"model, {v}" for v in names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for key, (label, published, band) in PUBLISHED.items():
        cells = []
        for v in names:
            cell, mean = _cell(variants[v][key])
            if band is not None and mean is not None:
                cell += " (in band)" if band[0] <= mean <= band[1] else " (outside)"
            cells.append(cell)
        lines.append(f"| {label} | {published} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"Mean ± 95 % half-width over {n} replications of `scenarios/hindcast_2025_closure.yaml`"
        " (reactive: as shipped; static: the same closure with fixed paths, share routing, "
        "first-closed-first-loaded, no roll-over and no surge), each paired with the same "
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
    variants = {
        "reactive": run(args.replications, []),
        "static": run(args.replications, STATIC),
    }
    text = table(variants, args.replications, time.perf_counter() - t0)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
