"""The figures docs/how-to.md quotes for a planner's disruptions, from the commands it gives:
the queue of the Małaszewicze works in its run's report, and what a closure "until further
notice" changes in the routing of ``closure_at_one.yaml``."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pyarrow.parquet as pq

from sim.command import main
from tests.conftest import ROOT

HOWTO = (ROOT / "docs" / "how-to.md").read_text(encoding="utf-8")


def _closure_file(tmp_path):
    """``closure_at_one.yaml`` as the how-to's heredoc writes it."""
    block = HOWTO.split("cat > closure_at_one.yaml <<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0]
    path = tmp_path / "closure_at_one.yaml"
    path.write_text(block + "\n", encoding="utf-8")
    return path


def test_a_closure_until_further_notice_moves_orders_to_rail_as_the_how_to_says(tmp_path):
    """Between the announcement (2 Oct 13:00) and the end told (20 Oct 09:00): 95 orders by
    rail with 14 days expected, 88 of them left Yiwu; 4 with the end known at once; none
    with the end not told and nothing expected. (The how-to gave the command and no figure.)"""
    f = _closure_file(tmp_path)
    told = ["--set", 'disruptions.0.end_announced="2025-10-20T09:00"']
    runs = {"known": [], "expected": [*told, "--set", "disruptions.0.expected_days=14"],
            "open": told}  # fmt: skip
    counts = {}
    for name, extra in runs.items():
        args = ["run", str(f), "--no-report", "--quiet", "--out", str(tmp_path / "r"),
                "--run-id", name, *extra]  # fmt: skip
        assert main(args) == 0
        o = pq.read_table(tmp_path / "r" / "closure-at-one" / name / "orders.parquet").to_pandas()
        w = o[(o.placed_h >= 37) & (o.placed_h < 19 * 24 + 9) & (o["mode"] == "rail")]
        counts[name] = (len(w), int(w.departed_h.notna().sum()))
    assert counts == {"known": (4, 0), "expected": (95, 88), "open": (0, 0)}, counts
    # the same expectation over 90 days: the rail orders it sent arrive, all of them late
    args = ["run", str(f), "--no-report", "--quiet", "--out", str(tmp_path / "r"),
            "--run-id", "ninety", *runs["expected"], "--set", "days=90"]  # fmt: skip
    assert main(args) == 0
    o = pq.read_table(tmp_path / "r" / "closure-at-one" / "ninety" / "orders.parquet").to_pandas()
    w = o[(o.placed_h >= 37) & (o.placed_h < 19 * 24 + 9) & (o["mode"] == "rail")]
    done = w[w.delivered_h.notna()]
    days = (done.delivered_h - done.placed_h) / 24
    assert (len(done), int(days.min()), int(days.max())) == (89, 55, 79), (len(done), days)
    assert (done.delivered_h > done.deadline_h).all()
    said = re.sub(r"\s+", " ", HOWTO)
    assert "between the announcement and 20 October, 95 orders go by rail" in said
    assert "88 of them leave Yiwu" in said and "against 4 orders by rail" in said
    assert "the 89 of those rail orders delivered by the end took 56 to 79 days" in said


def test_the_works_at_malaszewicze_queue_as_the_how_to_says(tmp_path):
    """The disrupted run's report (seed 20260217): the time-averaged queue at Małaszewicze is
    81 trains on 14 December (peak 83) and below one train on 22 December. The how-to said
    "about 80 (peak 90)" and "24 December", the comparison's first replication's figures,
    not those of the run whose report it pointed to."""
    from sim.results.analysis import queue_by_day

    scenario = ROOT / "scenarios" / "border_disruption_malaszewicze.yaml"
    args = ["run", str(scenario), "--no-report", "--quiet", "--out", str(tmp_path)]
    assert main(args) == 0
    b = pq.read_table(
        tmp_path / "border-disruption-malaszewicze" / "seed-20260217" / "borders.parquet"
    ).to_pandas()
    m = b.border == "MAL"
    mean, peak = queue_by_day(b.arrive_h[m].to_numpy(), b.start_h[m].to_numpy(), 196)
    start = dt.date(2025, 9, 1)
    worst = int(np.argmax(mean))
    below = next(d for d in range(worst, 196) if mean[d] < 1)
    assert start + dt.timedelta(days=worst) == dt.date(2025, 12, 14)
    assert (round(float(mean[worst])), int(peak[worst])) == (81, 83)
    assert start + dt.timedelta(days=below) == dt.date(2025, 12, 22)
    said = re.sub(r"\s+", " ", HOWTO)
    assert "builds to 81 trains on 14 December (the day's peak 83)" in said
    assert "below one train again on 22 December" in said
