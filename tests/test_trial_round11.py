"""Round eleven of trying yiwu-sim as its users would (a student, a researcher, a planner):
the problems found whose fix is in the command line, each checked as the user met it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from sim.cli import main
from tests.conftest import ROOT

TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_replications_print_the_conservative_dates_a_single_run_sends_the_reader_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """A single run ends its dates with "for dates that hold in 95 % of seasons, run with
    --replications 20". The replication set's summary printed means and intervals only: the
    dates it was run for were in report.html alone, and nowhere with --no-report. It now prints
    the range of the conservative dates, as the single run prints its own, and the range is the
    first and last of the dates its report lists."""
    from sim.output.glossary import term
    from sim.results.planning_answers import conservative_day

    out = tmp_path / "reps"
    argv = ["--lang", lang, "run", TEACHING, "--replications", "4", "--jobs", "1", "--quiet",
            "--no-report", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    printed = capsys.readouterr().out
    lines = [ln for ln in printed.splitlines() if term("cons_date", lang) in ln]
    assert len(lines) == 1, printed  # one deadline in the teaching world: the festival
    # the same range worked out from the replications' own summaries
    folder = out / "teaching-small" / "replications-42"
    reps = [json.loads(p.read_text()) for p in sorted(folder.glob("rep-*/summary.json"))]
    assert len(reps) == 4
    start = date.fromisoformat(reps[0]["start"])
    spec = reps[0]["on_time"]["last_safe_order"]["festival_goods"]
    dates = []
    for line, dests in spec["lines"].items():
        for dest in dests:
            days = [(r["on_time"]["last_safe_order"]["festival_goods"]["lines"].get(line, {})
                     .get(dest) or {}).get("day") for r in reps]  # fmt: skip
            c = conservative_day(days, first_day=reps[0]["statistics_from_day"])["day"]
            if c is not None:
                dates.append(((start + timedelta(days=c)).isoformat(),
                              line if dest == "all" else f"{line}>{dest}"))  # fmt: skip
    (a, la), (b, lb) = min(dates), max(dates)
    assert term("cli:safe_range", lang, a=a, la=la, b=b, lb=lb, d=spec["deadline_date"]) in lines[0]


def test_one_replication_prints_no_conservative_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One season gives no conservative date (it needs two at least): nothing is printed."""
    argv = ["run", TEACHING, "--replications", "1", "--quiet", "--no-report", "--days", "60",
            "--out", str(tmp_path / "one")]  # fmt: skip
    assert main(argv) == 0
    assert "conservative" not in capsys.readouterr().out


def test_the_closure_page_says_what_the_september_closure_did_to_christmas_goods() -> None:
    """docs/closure-2025.md asks "what should forwarders do?" and answered it only for the
    what-if six weeks before the festival. For the event itself it now says: nothing different,
    because every order with a deadline on the trains the closure held at Brest and
    Malaszewicze still arrived in time, weeks before 15 November. One season (the shipped seed)
    shows the same from its own tables: trains held there during the closure, their orders with
    a deadline, none late, the closest more than four weeks early."""
    import re

    import numpy as np

    from sim.model import Model
    from sim.world.inputs import load_scenario

    page = (ROOT / "docs" / "closure-2025.md").read_text(encoding="utf-8")
    assert "## What the September closure meant for Christmas goods" in page
    said = re.search(r"held (\d+)\s+Yiwu trains over the 10 seasons \((\d+) a season\)", page)
    assert said and int(said[1]) == 10 * int(said[2])
    assert re.search(r"their (\d[\d,]*) orders with a deadline all arrived in time", page)

    sc = load_scenario(ROOT / "scenarios" / "hindcast_2025_closure.yaml")
    t = Model(sc).run().tables
    c, o = t["crossings"], t["orders"]
    start = sc.start.toordinal()
    closed = [(d.start.toordinal() - start) * 24.0 for d in sc.disruptions]
    reopen = [(d.end.toordinal() - start + 1) * 24.0 for d in sc.disruptions]
    held = (np.isin(c["border"], ["BRE", "MAL"]) & (c["arrive_h"] >= min(closed))
            & (c["arrive_h"] < max(reopen)) & (c["departure_id"] >= 0))  # fmt: skip
    trains = np.unique(c["departure_id"][held])
    assert 4 <= len(trains) <= 8  # about the 6 a season the page gives
    on = np.isin(o["departure_id"], trains) & ~np.isnan(o["deadline_h"])
    assert on.sum() > 0
    margin_days = (o["deadline_h"][on] - o["delivered_h"][on]) / 24
    assert not np.isnan(margin_days).any() and margin_days.min() > 28
