"""sim.cli.sweep: the sweep command's printed table says how many replications each point
ran, --precision's count and not --replications' default."""

from __future__ import annotations

from sim.cli import main
from tests.test_cli import TEACHING


def test_a_sweep_to_a_precision_says_how_many_replications_ran(tmp_path, capsys):
    """With --precision the replications a sweep ran are not --replications' default."""
    argv = ["sweep", TEACHING, "--vary", "logistics.lines.L01.trains_per_week=1,2",
            "--set", "days=12", "--precision", "orders.placed=0.5", "--min-replications", "2",
            "--max-replications", "7", "--out", str(tmp_path), "--no-report", "--quiet",
            "--jobs", "1"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    ran = len(list(next(tmp_path.glob("*/*/p000")).glob("rep-*")))
    assert f"2 points x {ran} replications" in out


def test_a_sweep_prints_each_points_paired_difference_against_the_first(tmp_path, capsys):
    """The sweep printed each point's own interval only (Madrid's trains 1, 2, 3 a week:
    23.38 ± 1.12, 22.98 ± 1.15, 22.88 ± 1.16 days, overlapping) and never the paired
    difference the common seeds are for (-0.40 ± 0.16, beyond noise), nor how its intervals
    are made. It now says both, with ``*`` where a difference excludes zero, as ``compare``
    does, and ``--json`` and ``sweep.json`` carry the same differences."""
    import json

    argv = ["sweep", TEACHING, "--vary", "logistics.lines.L01.trains_per_week=1,2,3",
            "--set", "days=60", "--replications", "4", "--out", str(tmp_path), "--no-report",
            "--quiet", "--jobs", "1"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "3 points x 4 replications (common random numbers); mean ± 95 % half-width" in out
    assert "(Student t)" in out.splitlines()[0]
    head = "paired differences against logistics.lines.L01.trains_per_week=1: mean ± 95 % "
    assert head in out and "of the 4 differences" in out, out
    # the "on time, %" column's differences are in percentage points, not % of the share
    assert "(95 %); a share's difference (%) is in percentage points\n" in out, out
    folder = next(tmp_path.glob("teaching-small/sweep-*"))
    spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    assert spec["confidence"] == 0.95
    part = out.split(head, 1)[1].splitlines()[2:4]  # the rows of the points 2 and 3
    for row, value in zip(part, ("2", "3")):
        d = spec["paired_differences"][f"logistics.lines.L01.trains_per_week={value}"]
        lead = d["lead_time_days.overall.mean"]
        cell = f"{lead['mean']:.2f} ± {lead['half_width']:.2f}"
        assert row.split()[0] == value and cell in row, (row, cell)
        assert (f"{cell} *" in row) == lead["distinguishable"], row
    assert any(" *" in row for row in part)  # a train a week more is beyond the noise here
    assert main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["paired_differences"] == spec["paired_differences"]


def test_a_sweep_in_chinese_says_its_paired_differences_in_chinese(tmp_path, capsys):
    argv = ["sweep", TEACHING, "--vary", "logistics.lines.L01.trains_per_week=1,2",
            "--set", "days=20", "--set", "warmup_days=2", "--replications", "2",
            "--out", str(tmp_path), "--no-report", "--quiet", "--jobs", "1",
            "--lang", "zh"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "各次重复的均值 ± 95% 半宽（Student t）" in out
    assert "与 logistics.lines.L01.trains_per_week=1 的配对差值：逐次重复的 2 个差值" in out
    assert "* 表示在95%水平上与零有显著差异；比例（%）的差值以百分点计\n" in out  # (trial18)
    assert "paired" not in out and "replications" not in out


def test_a_misspelt_precision_kpi_stops_a_sweep_before_any_point_is_written(tmp_path, capsys):
    """A sweep's misspelt ``--precision`` KPI was refused after every point's first
    replication was written; it is refused with nothing written (exit 2), naming close
    matches."""
    argv = ["sweep", TEACHING, "--vary", "logistics.lines.L01.trains_per_week=1,2",
            "--set", "days=12", "--precision", "orders.placd=0.5", "--min-replications", "2",
            "--max-replications", "7", "--out", str(tmp_path), "--no-report", "--quiet",
            "--jobs", "2", "--lang", "zh"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--precision orders.placd：在已运行的 2 次重复的 summary.json 中没有此指标；" in err
    assert "是否指 orders.placed" in err, err
    assert list(tmp_path.iterdir()) == []
