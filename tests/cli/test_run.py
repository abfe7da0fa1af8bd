"""``yiwu-sim run`` of a replication set: what it prints beside the KPIs' means."""

from __future__ import annotations

import json

from sim.command import main
from tests.conftest import ROOT

TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")


def test_lines_with_no_conservative_date_are_named_beside_the_range(tmp_path, capsys):
    """A line suspended for the whole season has no conservative last safe order date: the
    printed range of the others' dates names it, as a single run's summary does (it was left
    out of the range without a word)."""
    suspended = "disruptions=[{target: line, id: L10, start: 2025-10-01, end: 2026-02-27, " \
        "trains_factor: 0}]"  # fmt: skip
    args = ["run", TEACHING, "--replications", "2", "--no-report", "--out", str(tmp_path),
            "--set", suspended]  # fmt: skip
    assert main(args) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if "conservative date" in x]
    assert line.rstrip().endswith("none on L10>MOW: even the first orders miss"), line


def test_one_line_to_one_destination_prints_one_conservative_date(tmp_path, capsys):
    """One line to one destination: its conservative date once, not as a range from itself
    to itself."""
    args = ["run", TEACHING, "--replications", "2", "--no-report", "--out", str(tmp_path),
            "--set", "logistics.only_lines=[L01]", "--set", "buyers.destinations={MAD: 1.0}",
            "--set", "logistics.lines={L01: {trains_per_week: 2}}"]  # fmt: skip
    assert main(args) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if "conservative date" in x]
    assert " .. " not in line and "(L01" in line, line


def test_a_replication_sets_summary_says_how_its_intervals_are_made(tmp_path, capsys):
    """The printed summary of a replication set said "mean ± 95 % half-width" without the
    method (its report says "Student t"); it says "over the replications (Student t)", in
    Chinese too."""
    args = ["run", TEACHING, "--replications", "2", "--set", "days=20", "--set",
            "warmup_days=2", "--out", str(tmp_path), "--jobs", "1", "--no-report"]  # fmt: skip
    assert main(args) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("mean ± 95 % half-width over the replications (Student t)"), first
    assert main([*args, "--lang", "zh"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("各次重复的均值 ± 95% 半宽（Student t）"), first


def test_a_misspelt_precision_kpi_is_refused_with_nothing_written(tmp_path, capsys):
    """``run … --replications 4 --precision lead_time_days.overall.maen=0.1`` ran and wrote one
    replication into a new folder, then exited 2 saying the KPI is unknown (a new user's
    trial). It exits 2 with nothing written, naming the option, the KPI and close matches,
    in English and in Chinese."""
    argv = ["run", TEACHING, "--set", "days=20", "--replications", "4", "--precision",
            "lead_time_days.overall.maen=0.1", "--out", str(tmp_path), "--quiet"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        "error: invalid --precision: 1 problem\n"
        "  - --precision lead_time_days.overall.maen: not a KPI of summary.json in the 1 "
        "replication run; did you mean lead_time_days.overall.mean, "
    ) in err, err
    assert list(tmp_path.iterdir()) == []
    assert main([*argv, "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert (
        "错误：--precision 有误：1 个问题\n"
        "  - --precision lead_time_days.overall.maen：在已运行的 1 次重复的 summary.json 中没有"
        "此指标；是否指 lead_time_days.overall.mean, "
    ) in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_misspelt_line_in_a_precision_kpi_is_refused_with_nothing_written(tmp_path, capsys):
    """``--precision lines.L0l.load_factor=0.5`` (a letter l for the one) was let through the
    first run's check as a line that run had none of; the first stage was written and then
    refused. The line is none the scenario has: refused with nothing written, naming L01."""
    argv = ["run", TEACHING, "--set", "days=20", "--precision", "lines.L0l.load_factor=0.5",
            "--out", str(tmp_path), "--quiet"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--precision lines.L0l.load_factor: not a KPI of summary.json" in err, err
    assert "did you mean " in err and " lines.L01.load_factor" in err, err
    assert list(tmp_path.iterdir()) == []
    # a line of the scenario works (per-line and per-crossing KPIs are KPIs of the runs)
    good = ["--precision", "lines.L01.load_factor=0.5", "--precision", "borders.MAL.crossings=0.9",
            "--min-replications", "2", "--max-replications", "7", "--no-report"]  # fmt: skip
    assert main([*argv[:4], *good, "--out", str(tmp_path), "--quiet"]) == 0
    assert (next(tmp_path.glob("*/replications-*")) / "aggregate.json").is_file()


def test_a_replication_set_with_a_disrupted_crossing_prints_what_it_did(tmp_path, capsys):
    """The printed summary of a replication set of a closure said nothing of it (its report
    did): it says what each crossing disruption did over every replication, in English and
    Chinese; with ``--summaries-only`` (no tables to count from) it says nothing."""
    closure = ("disruptions=[{target: node, id: MAL, start: 2025-11-20, end: 2025-11-30, "
               "servers_factor: 0}]")  # fmt: skip
    for lang, head in [("en", "what the disruption did: Malaszewicze (MAL) disrupted"),
                       ("zh", "干扰造成的影响：马拉舍维奇（MAL）在 ")]:  # fmt: skip
        args = ["run", TEACHING, "--replications", "2", "--no-report", "--out", str(tmp_path),
                "--set", closure, "--run-id", lang, "--lang", lang, "--jobs", "1"]  # fmt: skip
        assert main(args) == 0
        (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith(head)]
        assert ("over 2 replications" if lang == "en" else "2 次重复") in line, line
    args = ["run", TEACHING, "--replications", "2", "--no-report", "--out", str(tmp_path),
            "--set", closure, "--run-id", "few", "--summaries-only", "--jobs", "1"]  # fmt: skip
    assert main(args) == 0
    assert "what the disruption did" not in capsys.readouterr().out


def test_a_line_some_seasons_make_safe_is_not_said_to_miss_even_its_first_orders(
    tmp_path, capsys, monkeypatch
):
    """``run scenarios/hindcast_2025_closure.yaml --replications 5`` printed "none on L11>RIX,
    L14>MZR, S01>MAD: even the first orders miss", while single seasons of the same scenario
    give those lines dates (L11>RIX: 30 Sep): the conservative date is missing because the
    seasons disagree, as the report says ("no conservative date: ..."). Only a line no season
    makes safe is said to miss even its first orders; the others say why, in both languages."""
    from sim.cli import run as cli_run
    from sim.output import report_parts

    args = ["run", TEACHING, "--replications", "3", "--no-report", "--out", str(tmp_path),
            "--jobs", "1", "--quiet"]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    folder = tmp_path / "teaching-small" / "replications-42"
    real = report_parts._season_days(folder)
    cat = "festival_goods"
    seasons = dict(real)
    seasons[(cat, "L10", "MOW")] = [None, None, None]  # no season has a safe day
    seasons[(cat, "L12", "ALA")] = [None, 120, 121]  # one season has none
    monkeypatch.setattr(report_parts, "_season_days", lambda f: seasons)
    aggregate = json.loads((folder / "aggregate.json").read_text())["kpis"]
    for lang, never, unsure in [
        ("en", "none on L10>MOW: even the first orders miss",
         "L12>ALA (no conservative date: 1 of 3 seasons has no safe day)"),
        ("zh", "L10>MOW 无安全日：连最早的订单也迟到",
         "L12>ALA（无保守日期：3 季中有 1 季没有安全下单日）"),
    ]:  # fmt: skip
        cli_run._conservative_dates(folder, aggregate, lang)
        out = capsys.readouterr().out
        line = next(x for x in out.splitlines() if "L10" in x)
        assert never in line and unsure in line, line
        assert "L12>ALA: even" not in line and "L12>ALA 无安全日" not in line, line


def test_a_smaller_set_in_a_larger_sets_folder_prints_its_own_replications(tmp_path, capsys):
    """``run --replications 3`` then ``--replications 2`` into the same folder keeps rep-002
    ("kept but not counted"), and the printed set of 2 still said what the closure did "over
    3 replications" and worked out its conservative dates over 3 seasons. Both are over the
    set's own 2, as a fresh folder of 2 prints them."""
    closure = ("disruptions=[{target: node, id: MAL, start: 2025-11-20, end: 2025-11-30, "
               "servers_factor: 0}]")  # fmt: skip

    def printed(out, n):
        args = ["run", TEACHING, "--replications", str(n), "--no-report", "--out", str(out),
                "--set", closure, "--jobs", "1", "--quiet"]  # fmt: skip
        assert main(args) == 0
        lines = capsys.readouterr().out.splitlines()
        return [x for x in lines if "what the disruption did" in x or "conservative" in x]

    printed(tmp_path / "big", 3)
    kept = printed(tmp_path / "big", 2)
    fresh = printed(tmp_path / "fresh", 2)
    assert len(fresh) == 2 and "over 2 replications" in fresh[1], fresh
    assert kept == fresh
