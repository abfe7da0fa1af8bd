"""Hindcast of the September 2025 Poland-Belarus border closure: the whole closure (every
crossing's queue, detours included; every Yiwu train caught, end to end; the goods that moved)
against what was published, with replications, 95 % intervals and a one-at-a-time sensitivity
table of every assumption the hindcast makes.

Usage: python scripts/hindcast.py [--replications 10] [--sensitivity-replications 5]
       [--docs] [--keep DIR]

Runs scenarios/hindcast_2025_closure.yaml and, with the same seeds (common random numbers), the
same scenario without the closure; computes every figure from the runs' own tables
(``closure_figures.py``). ``--keep DIR`` writes the runs as results folders (Parquet) and reads
the figures back from them; ``--docs`` rewrites the generated part of docs/closure-2025.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import closure_figures as cf
import hindcast_render

from sim.errors import SimError
from sim.experiment.statistics import interval
from sim.model import Model
from sim.output.results import load_run, write_run
from sim.scenario import Scenario
from sim.world.calendar import MarketCalendar
from sim.world.inputs import load_scenario
from sim.world.random_streams import replication_seeds

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hindcast_2025_closure.yaml"
DOCS = ROOT / "docs" / "closure-2025.md"


@dataclass(frozen=True)
class Published:
    """What was published for one figure: the words, the band compared with (None: no figure
    was published, the model's value is reported only), the source, and, for a figure
    published as a direction only ("shippers switched to sea"), its sign against the run
    without the closure (+1 up, -1 down; 0: none published)."""

    label: str
    text: str
    band: tuple[float, float] | None
    source: str
    direction: int = 0


NONE = "none published"
PUBLISHED = {
    "held_max": Published(
        "trains held at Brest and Malaszewicze at the worst point",
        "130-300 (>130 at Brest in the week to 22 Sep; ~300 in Belarus, called overstated)",
        (130, 300), "S: New Silk Road Intermodal via Yicai 2025-09-24"),
    "days_to_clear": Published(
        "days after reopening until the queue at Brest and Malaszewicze is back to normal",
        "7-10 (forecast at the reopening); about 14 (forecast on 29 Sep)",
        (7, 10), "S: ean-network 2025; logistyka.rp.pl 2025-09-29"),
    "cleared_per_day": Published(
        "trains cleared into Poland a day, first 4 days after reopening",
        "18-22.5 (90 freight trains at Terespol, 25 to 29 Sep, all freight, same staff)",
        (18, 22.5), "S: logistyka.rp.pl 2025-09-29; D: 90 / 4-5 days"),
    "caught_trains": Published(
        "Yiwu trains caught (held at the closed crossings or detoured)", NONE, None, "-"),
    "caught_delay_days_mean": Published(
        "end-to-end delay of the Yiwu trains caught, days (mean)", "5-7 for some trains",
        (5, 7), "S: ean-network 2025"),
    "caught_delay_days_max": Published(
        "end-to-end delay of the Yiwu trains caught, days (max)",
        f"{NONE} (5-7 reported for some trains)", None, "S: ean-network 2025"),
    "detoured_trains": Published(
        "Yiwu trains that detoured via Lithuania", f"{NONE} (some cargo rerouted via Lithuania)",
        None, "S: PKP Cargo via themoneytimes 2025-09-20", direction=+1),
    "detoured_delay_days_mean": Published(
        "end-to-end delay of the detoured Yiwu trains, days (mean)", NONE, None, "-"),
    "knock_on_trains": Published(
        "other Yiwu trains more than a day late (detour congestion)", NONE, None, "-"),
    "knock_on_delay_days_mean": Published(
        "end-to-end delay of those other trains, days (mean)", NONE, None, "-"),
    "detour_held_max": Published(
        "trains held at the Lithuanian detour (Kena, Mockava) at the worst point", NONE, None,
        "-"),
    "detour_days_to_clear": Published(
        "days after reopening until the detour's queue is back to normal", NONE, None, "-"),
    "east_held_max": Published(
        "eastbound trains held at Malaszewicze and Brest at the worst point", NONE, None, "-"),
    "east_days_to_clear": Published(
        "days after reopening until the eastbound queue there is back to normal", NONE, None,
        "-"),
    "east_cleared_per_day": Published(
        "trains cleared out of Poland eastbound a day, first 4 days after reopening",
        "18-22.5 (90 freight trains each way at Terespol, 25 to 29 Sep)",
        (18, 22.5), "S: logistyka.rp.pl 2025-09-29; D: 90 / 4-5 days"),
    "east_detoured_trains": Published(
        "eastbound trains that went round by Lithuania (Mockava, Kena)",
        f"{NONE} (some cargo rerouted via Lithuania, direction unstated)", None,
        "S: PKP Cargo via themoneytimes 2025-09-20"),
    "east_detour_held_max": Published(
        "eastbound trains held at the Lithuanian detour (Mockava, Kena) at the worst point",
        NONE, None, "-"),
    "sea_share_change": Published(
        "change in the sea share of goods booked during the closure, points",
        f"{NONE} (shippers switched to sea; delivery 15-20 d became 30-45 d)", None,
        "S: trasportoeuropa 2025", direction=+1),
    "rolled_to_sea_teu": Published(
        "TEU moved from rail to sea after booking (roll-over), real TEU", NONE, None, "-"),
    "detoured_teu_share": Published(
        "share of the caught trains' TEU that detoured, %", NONE, None, "-"),
}  # fmt: skip

STATIC = [
    "logistics.train_routing=fixed",
    "logistics.mode_choice.rule=share",
    "logistics.consolidation.loading=fifo",
    "logistics.consolidation.rollover.rule=next_departure",
]
"""The same closure with static rules: no detours, no reactive routing, no roll-over."""

BACKGROUND = (7.0, 3.5, 2.3)
"""Background flows through Brest (the scenario's first three; 12.8 trains a day, D)."""
YIWU_AT_BREST = 0.7
"""Yiwu trains a day through Brest in the scenario (measured, `caught` runs; see the YAML)."""


def _background(westbound: float) -> list[str]:
    """Overrides setting the westbound trains a day at Brest (Yiwu's included) to ``westbound``,
    split as in the scenario."""
    f = (westbound - YIWU_AT_BREST) / sum(BACKGROUND)
    return [f"logistics.background_flows.{i}.trains_per_day={v * f:.2f}"
            for i, v in enumerate(BACKGROUND)]  # fmt: skip


def _both(key: str, value: Any) -> list[str]:
    return [f"disruptions.{i}.{key}={value}" for i in (0, 1)]


def _service(factor: float) -> list[str]:
    return [f"logistics.borders.BRE.service_h.mean={8.5 * factor:g}",
            f"logistics.borders.MAL.service_h.mean={24 * factor:g}"]  # fmt: skip


SENSITIVITY: list[tuple[str, str, str, list[str]]] = [
    ("surge after reopening", "x1.0 (S: same staff)", "x1.25 for 14 d",
     _both("surge_factor", 1.25) + _both("surge_days", 14)),
    ("surge after reopening", "x1.0 (S: same staff)", "x1.5 for 14 d",
     _both("surge_factor", 1.5) + _both("surge_days", 14)),
    ("surge duration (at x1.5)", "0 d", "7 d",
     _both("surge_factor", 1.5) + _both("surge_days", 7)),
    ("surge duration (at x1.5)", "0 d", "28 d",
     _both("surge_factor", 1.5) + _both("surge_days", 28)),
    ("background westbound at Brest, trains/day", "13.5 (D)", "10.5 (0.5 x 21, S low)",
     _background(10.5)),
    ("background westbound at Brest, trains/day", "13.5 (D)", "27 (one-way reading, S high)",
     _background(27.0)),
    ("detour capacity (Kena)", "1 server, 4 h (E)", "x0.5 (8 h)",
     ["logistics.borders.KEN.service_h.mean=8"]),
    ("detour capacity (Kena)", "1 server, 4 h (E)", "x2 (2 servers)",
     ["logistics.borders.KEN.servers=2"]),
    ("detour background (Kena), trains/day", "2 (E)", "0",
     ["logistics.borders.KEN.background_trains_per_day=0"]),
    ("detour background (Kena), trains/day", "2 (E)", "4",
     ["logistics.borders.KEN.background_trains_per_day=4"]),
    ("until the end was told (23 Sep, S): closure expected to last",
     "5 more days from each day (E)", "to 24 Sep (its end known on 9 Sep)",
     _both("end_announced", "2025-09-09") + _both("expected_days", "null")),
    ("until the end was told (23 Sep, S): closure expected to last",
     "5 more days from each day (E)", "2.5 more days", _both("expected_days", 2.5)),
    ("until the end was told (23 Sep, S): closure expected to last",
     "5 more days from each day (E)", "10 more days", _both("expected_days", 10)),
    ("until the end was told (23 Sep, S): closure expected to last",
     "5 more days from each day (E)", "28 more days", _both("expected_days", 28)),
    ("until the end was told (23 Sep, S): closure expected to last",
     "5 more days from each day (E)", "open-ended", _both("expected_days", "null")),
    ("detour paths a day at each detour crossing", "no limit", "4 (D: Kena's 6 a day less "
     "its 2 background trains, both E)", ["logistics.detour_paths_per_day=4"]),
    ("detour paths a day at each detour crossing", "no limit",
     "4, and the closure open-ended until its end was told",
     ["logistics.detour_paths_per_day=4", *_both("expected_days", "null")]),
    ("announcement", "9 Sep (S)", "12 Sep (no warning)", _both("announced", "2025-09-12")),
    ("announcement", "9 Sep (S)", "5 Sep (a week ahead)", _both("announced", "2025-09-05")),
    ("eastbound background, share of each flow that runs back", "0.77 (D: Brest 2021)",
     "0.87 (national returns, H1 2023, D)",
     ["logistics.containers.eastbound.background_share=0.87"]),
    ("eastbound background, share of each flow that runs back", "0.77 (D: Brest 2021)",
     "0.15 (China-EU transit TEU, ERAI 2024, S)",
     ["logistics.containers.eastbound.background_share=0.15"]),
    ("service time at Brest and Malaszewicze", "8.5 h / 24 h (S / E)", "x0.8", _service(0.8)),
    ("service time at Brest and Malaszewicze", "8.5 h / 24 h (S / E)", "x1.2", _service(1.2)),
]  # fmt: skip
"""One-at-a-time variations: (assumption, shipped value, varied value, overrides)."""

SENSITIVE = ("held_max", "days_to_clear", "cleared_per_day", "caught_delay_days_mean",
             "detour_held_max", "sea_share_change", "east_cleared_per_day")  # fmt: skip
"""Figures the sensitivity table shows."""


def closure_of(sc: Scenario) -> cf.Closure:
    """The closure of ``sc`` (its first disruption) in clock hours."""
    cal = MarketCalendar(sc)
    d = sc.disruptions[0]
    served = set(sc.logistics.sea.serves) - {"RTM", "HAM"}  # sea-only ports are not a choice
    return cf.Closure(
        start_h=cal.hour_of(d.start),
        reopen_h=cal.hour_of(d.end) + 24.0,
        announced_h=cal.hour_of(d.announced or d.start),
        normal_from_h=sc.warmup_days * 24.0,
        scale=sc.scale,
        both=frozenset(served),
    )


def paired(
    closed: Scenario, open_: Scenario, seed: int, keep: Path | None = None
) -> tuple[cf.Tables, cf.Tables]:
    """One replication with and without the closure on ``seed``; with ``keep``, written as
    results folders (Parquet) and the tables read back from them."""
    a, b = Model(closed, seed=seed).run(), Model(open_, seed=seed).run()
    if keep is None:
        return a.tables, b.tables
    fa = write_run(a, keep / f"closed-{seed}", force=True)
    fb = write_run(b, keep / f"open-{seed}", force=True)
    return _with_unwritten(load_run(fa).tables, a.tables), _with_unwritten(
        load_run(fb).tables, b.tables
    )


def _with_unwritten(read: cf.Tables, run: cf.Tables) -> cf.Tables:
    """Tables read back from a results folder, with the run's tables a folder does not keep
    (the eastbound crossings: in memory only) taken from the run itself."""
    return {**{k: v for k, v in run.items() if k not in read}, **read}


class Runner:
    """Paired replications of the hindcast, with the runs without the closure kept per seed and
    override set (a variation of the closure alone reuses them)."""

    def __init__(self, keep: Path | None = None) -> None:
        self.keep = keep
        self._open: dict[tuple[Any, ...], cf.Tables] = {}

    def run(self, reps: int, overrides: Iterable[str] = ()) -> dict[str, Any]:
        """Figures, every crossing's queue and every delayed train of ``reps`` replications."""
        overrides = list(overrides)
        closed = load_scenario(SCENARIO, overrides)
        world = [o for o in overrides if not o.startswith("disruptions")]
        open_ = load_scenario(SCENARIO, [*world, "disruptions=[]"])
        c = closure_of(closed)
        values: dict[str, list[float | None]] = {k: [] for k in PUBLISHED}
        crossings: list[dict[str, dict[str, Any]]] = []
        trains: list[list[dict[str, Any]]] = []
        for seed in replication_seeds(closed.seed, reps):
            key = (tuple(world), seed)
            if self.keep is not None:
                ta, tb = paired(closed, open_, seed, self.keep)
            else:
                ta = Model(closed, seed=seed).run().tables
                if key not in self._open:
                    self._open[key] = Model(open_, seed=seed).run().tables
                tb = self._open[key]
            for k, v in cf.figures(ta, tb, c).items():
                values[k].append(v)
            crossings.append(cf.crossing_table(ta, c))
            trains.append(cf.train_delays(ta, tb, c))
        return {"values": values, "crossings": crossings, "trains": trains, "n": reps}


def run(replications: int, overrides: list[str] | None = None) -> dict[str, list[float | None]]:
    """Figures of ``replications`` paired runs (closed and open), with ``overrides``."""
    return Runner().run(replications, overrides or [])["values"]


def summary(values: list[float | None]) -> tuple[float | None, float, int]:
    """Mean, 95 % half-width and count of the replications that produced a value."""
    iv = interval(values)
    return iv["mean"], float(iv.get("half_width") or 0.0), int(iv["n"])


def sensitivity(runner: Runner, reps: int, base: dict[str, Any]) -> list[dict[str, Any]]:
    """The one-at-a-time table: every variation's figures beside the shipped scenario's."""
    same = {k: v[:reps] for k, v in base["values"].items()}  # the variations' seeds
    rows = [{"assumption": "as shipped", "shipped": "", "varied": "", "values": same}]
    for assumption, shipped, varied, overrides in SENSITIVITY:
        got = runner.run(reps, overrides)
        rows.append({"assumption": assumption, "shipped": shipped, "varied": varied,
                     "values": got["values"]})  # fmt: skip
    return rows


def shift(values: list[float | None], base: list[float | None]) -> tuple[float, float] | None:
    """Mean and 95 % half-width of the paired change of a variation against the shipped
    scenario (same seeds: common random numbers); None when a run has no value."""
    pairs = [(v, b) for v, b in zip(values, base, strict=False) if v is not None and b is not None]
    if len(pairs) < 2:
        return None
    mean, half, _ = summary([v - b for v, b in pairs])
    return (mean or 0.0), half


def consistent(values: list[float | None], band: tuple[float, float]) -> bool | None:
    """Whether the replications are consistent with the published ``band``: their 95 % interval
    overlaps it (None when no run produced a value)."""
    mean, half, _ = summary(values)
    if mean is None:
        return None
    return band[0] <= mean + half and mean - half <= band[1]


def verdicts(
    rows: list[dict[str, Any]], shipped: dict[str, list[float | None]] | None = None
) -> dict[str, dict[str, Any]]:
    """Per figure with a published band: consistent with it as shipped (the 95 % interval
    overlaps the band); the range over the variations;
    the variations that change it beyond noise (their paired change's interval excludes 0),
    largest first; and those of them that move it out of the band (``out``) or into it
    (``into``), judged on the shipped figure moved by the paired change (with the shipped
    figure's half-width). ``shipped``: the shipped scenario's figures over more replications
    than the variations (then they give its mean and whether it is consistent with the band; the
    variations are paired with ``rows[0]``, the shipped scenario on their own seeds)."""
    out = {}
    for key in SENSITIVE:
        band = PUBLISHED[key].band
        if band is None:
            continue
        base_values = rows[0]["values"][key]
        full = shipped[key] if shipped is not None else base_values
        base, base_half, _ = summary(full)
        inside = bool(consistent(full, band))
        effects, moved_out, moved_in, got = [], [], [], []
        for r in rows[1:]:
            mean = summary(r["values"][key])[0]
            d = shift(r["values"][key], base_values)
            if mean is None:
                continue
            got.append(mean)
            if d is None or abs(d[0]) <= d[1]:
                continue  # not distinguishable from the shipped scenario
            label = f"{r['assumption']} {r['varied']}"
            effects.append((abs(d[0]), f"{label} ({d[0]:+.1f})"))
            if base is None:
                continue
            # the shipped figure moved by the paired change: the precise base, shifted
            est = base + d[0]
            now_inside = band[0] <= est + base_half and est - base_half <= band[1]
            if inside and not now_inside:
                moved_out.append(f"{label} ({est:.1f})")
            if not inside and now_inside:
                moved_in.append(f"{label} ({est:.1f})")
        out[key] = {
            "base": base,
            "inside": inside,
            "low": min(got, default=base),
            "high": max(got, default=base),
            "effects": [e for _, e in sorted(effects, reverse=True)],
            "out": moved_out,
            "into": moved_in,
        }
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--sensitivity-replications", type=int, default=5)
    p.add_argument("--docs", action="store_true", help="rewrite docs/closure-2025.md's tables")
    p.add_argument("--keep", type=Path, default=None, help="write the runs (Parquet) here")
    args = p.parse_args(argv)
    if args.replications < 2 or args.sensitivity_replications < 2:
        p.error("--replications and --sensitivity-replications must be at least 2")
    t0 = time.perf_counter()
    base = Runner(args.keep).run(args.replications)
    runner = Runner()  # the variations are not kept; their runs without the closure are shared
    static = runner.run(args.replications, STATIC)
    sens = sensitivity(runner, args.sensitivity_replications, base)
    wall = time.perf_counter() - t0
    text = hindcast_render.render(
        sys.modules[__name__], base, static, sens, verdicts(sens, base["values"]), args, wall
    )
    print(text)
    if args.docs:
        hindcast_render.write_docs(DOCS, text)


if __name__ == "__main__":
    try:
        main()
    except SimError as exc:  # bad overrides, an unwritable --keep folder: one line, no traceback
        sys.exit(f"error: {exc}")
