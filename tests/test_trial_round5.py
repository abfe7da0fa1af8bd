"""Round-5 trial: answers that must agree with each other and with the run's own tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.experiment import planning
from sim.experiment.planning import plan
from tests.experiment.test_plan_answer import SHARE, fake_execute, spec


def test_plan_kpis_are_over_all_runs_like_the_verdict_and_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plan.md heads the contenders "KPIs over all of each decision's runs (search and
    selection)", shows their count and the one-sided bound over all of them; the mean and
    interval beside it must then be over the same runs (they were over the selection's only:
    76.88 % over 5 runs beside a bound of 7 runs whose mean is 76.35 %)."""
    monkeypatch.setattr(planning, "execute", fake_execute(SHARE))
    result, _ = plan(spec(), out=tmp_path, root_seed=3)
    checked = 0
    for c in result["candidates"]:
        if "kpis" not in c:
            continue
        runs = c["search_runs"] + c["selection_runs"]
        for e in c["all_runs"]["constraints"]:
            kpi = c["kpis"][e["kpi"]]
            assert kpi["n"] == runs == e["runs"]
            assert kpi["mean"] == pytest.approx(e["mean"], rel=1e-5)
            checked += 1
    assert checked


SMALL = Path(__file__).resolve().parents[1] / "scenarios" / "teaching_small.yaml"


@pytest.mark.xfail(
    strict=True,
    reason=(
        "sim/cli.py print_summary builds the range from a line's 'all' row when it has one "
        "(`dest == 'all' or 'all' not in dests`), so a destination whose own date is earlier "
        "(S01>RTM 2026-01-04 under S01 2026-01-05) is hidden; fix: take the per-destination "
        "rows (`dest != 'all'`) for the range's ends"
    ),
)
def test_printed_last_safe_range_starts_at_the_earliest_date_of_last_safe_order_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed range "last safe order date, festival_goods A (line) .. B (line)" must start
    at the earliest date a planner finds in last_safe_order.csv for that deadline: an order to
    Rotterdam by sea placed on the printed first date misses (35.7 % in time the day after 4
    January, pooled) in the teaching world's seed 42."""
    import csv

    from sim.cli import main

    assert main(["run", str(SMALL), "--out", str(tmp_path), "--no-report"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "last safe order date, festival_goods" in x)
    folder = tmp_path / "teaching-small" / "seed-42"
    with (folder / "last_safe_order.csv").open() as f:
        dates = [r["date"] for r in csv.DictReader(f) if r["category"] == "festival_goods"]
    first_printed = line.split("festival_goods", 1)[1].split()[0]
    assert first_printed == min(d for d in dates if d)
