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
