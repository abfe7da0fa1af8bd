"""``yiwu-sim compare``'s table: each row reads alike across its columns, as the comparison
report writes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.cli import main
from tests.conftest import ROOT

SMALL = ROOT / "scenarios" / "teaching_small.yaml"


def test_the_freight_cost_row_has_one_number_of_decimals_as_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A third train a week on the Almaty line changes the season's freight bill by a few
    thousand USD: the difference printed "0.0053 ± 0.0065" beside "1.13 ± 0.17", two decimals
    more than its row. Every cell of the row now takes the decimals the difference needs, it
    is still not 0.00, and the report's row reads the same."""
    other = tmp_path / "almaty_three.yaml"
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("L12: {trains_per_week: 2}", "L12: {trains_per_week: 3}")
    other.write_text(text.replace("name: teaching-small", "name: almaty-three"), encoding="utf-8")
    args = ["compare", str(SMALL), str(other), "--replications", "3", "--jobs", "1", "--quiet",
            "--out", str(tmp_path), "--set", "days=60"]  # fmt: skip
    assert main(args) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("freight cost"))
    cells = re.findall(r"-?[\d,]+\.\d+ ± [\d,]+\.\d+", line)
    assert len(cells) == 3, line
    decimals = {len(n.split(".")[1]) for c in cells for n in c.split(" ± ")}
    assert len(decimals) == 1, line  # one number of decimals across the row
    assert not cells[2].startswith("0.00 "), line  # the difference is not 0.00
    folder = next(tmp_path.glob("compare-*"))
    md = (folder / "report.md").read_text(encoding="utf-8")
    row = next(x for x in md.splitlines() if x.startswith("| freight cost, USD m |"))
    assert [c.strip().rstrip(" *") for c in row.strip("|").split("|")[1:]] == cells, (row, line)


def test_the_compare_table_says_how_its_intervals_are_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed comparison said "differences are paired" but not over how many pairs nor by
    which method; it says both now (Student t over the n paired differences), in Chinese too."""
    args = ["compare", str(SMALL), str(SMALL), "--replications", "2", "--jobs", "1", "--quiet",
            "--out", str(tmp_path), "--set", "days=20", "--set", "warmup_days=2"]  # fmt: skip
    assert main(args) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "mean ± 95 % half-width over the replications (Student t)" in first, first
    assert "with the 95 % half-width of the 2 differences (Student t)" in first, first
    # trial18: the "on time, %" column's difference, "3.2 ± 0.9 *", read as 3.2 % of the share
    assert first.endswith("; a share's difference (%) is in percentage points"), first
    assert main([*args, "--lang", "zh"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "各次重复的均值 ± 95% 半宽（Student t）" in first, first
    assert "给出 2 个差值的 95% 半宽（Student t）" in first, first
    assert first.endswith("；比例（%）的差值以百分点计"), first


def test_a_misspelt_precision_kpi_stops_a_comparison_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A comparison's misspelt ``--precision`` KPI was refused after each scenario's first
    replication was written; it is refused with nothing written (exit 2)."""
    other = tmp_path / "other.yaml"
    text = SMALL.read_text(encoding="utf-8")
    other.write_text(text.replace("name: teaching-small", "name: other"), encoding="utf-8")
    out = tmp_path / "out"
    argv = ["compare", str(SMALL), str(other), "--set", "days=12", "--precision",
            "on_time.shar=0.5", "--out", str(out), "--no-report", "--quiet",
            "--jobs", "1"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--precision on_time.shar: not a KPI of summary.json in the 2 replications run" in err
    assert "did you mean on_time.share" in err, err
    assert not out.exists()


def test_a_comparison_prints_what_each_scenarios_disruption_did(tmp_path, capsys):
    """``yiwu-sim compare spring_festival_2026.yaml border_disruption_malaszewicze.yaml`` (the
    how-to's recipe) printed the KPIs and not whether the goods the disruption held still made
    their deadlines (the report's *Why* alone said it): each scenario with a crossing
    disruption has a line naming it, over its replications; the baseline without one has
    none."""
    closure = ("disruptions: [{target: node, id: MAL, start: 2025-11-20, end: 2025-11-30, "
               "servers_factor: 0}]\n")  # fmt: skip
    closed = tmp_path / "closed.yaml"
    text = SMALL.read_text(encoding="utf-8")
    closed.write_text(text.replace("name: teaching-small", "name: teaching-closed") + closure)
    args = ["compare", str(SMALL), str(closed), "--replications", "2", "--no-report",
            "--out", str(tmp_path / "out"), "--jobs", "1"]  # fmt: skip
    assert main(args) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("what the disr")]
    assert len(lines) == 1, lines
    assert lines[0].startswith("what the disruption did (teaching-closed): Malaszewicze (MAL)")
    assert "over 2 replications" in lines[0]
