"""The printed summary of a single run (sim.cli.summary): how sure the dates are said only
under a date, and the trains under way at the end counted when there are some."""

from __future__ import annotations

import json
import re

from sim.cli import main
from tests.conftest import ROOT

TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")


def test_how_sure_the_dates_are_is_said_only_under_a_date(tmp_path, capsys):
    from sim.cli import print_summary

    assert main(["run", TEACHING, "--out", str(tmp_path), "--no-report"]) == 0
    capsys.readouterr()
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    print_summary(summary, None, 0.1, 1)
    assert "one simulated season" in capsys.readouterr().out
    for spec in summary["on_time"]["last_safe_order"].values():
        for dests in spec["lines"].values():
            for row in dests.values():
                row["date"] = None  # no safe day on any line
    print_summary(summary, None, 0.1, 1)
    out = capsys.readouterr().out
    assert "one simulated season" not in out
    # no date on any line is said as such (trial14), not left out
    assert re.search(r"last safe order date, festival_goods +none: even the first orders miss", out)


def test_the_printed_summary_counts_the_trains_under_way_at_the_end(tmp_path, capsys):
    """``in_service_at_end`` (left Yiwu, not arrived) is a line of the printed summary, as it
    is a key figure of the report, only when there are some."""
    from sim.cli import print_summary

    assert main(["run", TEACHING, "--out", str(tmp_path), "--no-report"]) == 0
    capsys.readouterr()
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    summary.pop("in_service_at_end", None)
    print_summary(summary, None, 0.1, 1)
    assert "under way at the end" not in capsys.readouterr().out
    summary["in_service_at_end"] = {
        "trains": 1, "teu": 2.5, "goods_teu": 2.0, "orders": 3, "held": 0, "queued": 0,
        "under_way": 1,
        "by_line": {"L01": {"trains": 1, "teu": 2.5, "goods_teu": 2.0, "orders": 3}},
    }  # fmt: skip
    print_summary(summary, None, 0.1, 1)
    line = next(x for x in capsys.readouterr().out.splitlines() if "under way at the end" in x)
    assert "1 train," in line and "3 orders aboard" in line and "L01 1" in line
    print_summary(summary, None, 0.1, 1, lang="zh")
    assert "期末在途班列" in capsys.readouterr().out


def test_the_printed_summary_says_what_the_dispatch_and_sailings_policies_changed(tmp_path, capsys):
    """The report's key figures count the trains demand dispatch added and cancelled and the
    sailings the carriers blanked; the terminal said nothing of them, so a planner who ran
    ``yiwu-sim run`` with them on could not see that they acted. Only where they are on."""
    from sim.cli import print_summary

    argv = ["run", TEACHING, "--out", str(tmp_path), "--no-report", "--quiet",
            "--set", "logistics.dispatch.rule=demand", "--set", "logistics.dispatch.min_fill=0.3",
            "--set", "logistics.sailings.rule=carriers"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    d, c = summary["dispatch"], summary["sailings"]
    row = next(x for x in out.splitlines() if "trains by the dispatch policy" in x)
    assert row.endswith(f"added {d['trains_added']}, cancelled {d['trains_cancelled']}")
    row = next(x for x in out.splitlines() if "sailings by the carriers' policy" in x)
    assert f"blanked {c['blanked_festival']} round the festival" in row
    print_summary(summary, None, 0.1, 1, lang="zh")
    zh = capsys.readouterr().out
    assert "调度策略调整的班列" in zh and f"取消 {d['trains_cancelled']} 列" in zh
    assert "船公司策略调整的航次" in zh
    del summary["dispatch"], summary["sailings"]
    print_summary(summary, None, 0.1, 1)
    out = capsys.readouterr().out
    assert "dispatch policy" not in out and "carriers' policy" not in out


def test_the_printed_summary_says_what_live_prices_added_to_the_freight(tmp_path, capsys):
    """Under the freight cost, the part above the base rates (the live prices' surcharges and
    Cape rates), in USD m, in both languages; nothing with fixed prices."""
    import re

    from sim.cli import main
    from tests.conftest import ROOT

    base = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--set", "days=60",
            "--set", "buyers.visits_per_day=2600", "--no-report", "--quiet", "--force"]  # fmt: skip
    live = [*base, "--set", "logistics.pricing.rule=live"]
    said = []
    for args in ([*live, "--out", str(tmp_path / "a")],
                 [*live, "--out", str(tmp_path / "b"), "--lang", "zh"],
                 [*base, "--out", str(tmp_path / "c")]):  # fmt: skip
        assert main(args) == 0
        said.append(capsys.readouterr().out)
    en, zh, fixed = said
    said_en = re.search(r"\n    of which above the base rates +(0\.\d+)\n", en)
    assert said_en and float(said_en.group(1)) > 0, en  # never 0.00 for money charged
    assert re.search(r"\n    其中超出基准运价部分 +0\.\d+\n", zh), zh
    assert "above the base rates" not in fixed


def test_an_end_of_the_last_safe_range_on_fewer_than_ten_orders_says_how_many(tmp_path, capsys):
    """The printed range of last safe order dates ends on the latest line's date; on a line's
    last order days that date may rest on a single order (full year at scale 0.02: "2024-10-06
    (L15>THR)", Christmas goods to Tehran, 100 % of 1 order), read as the latest safe date.
    An end that rests on fewer than 10 orders now says how many, in English and Chinese; an
    end on 10 or more is printed as before."""
    from sim.cli import print_summary

    assert main(["run", TEACHING, "--out", str(tmp_path), "--no-report", "--quiet"]) == 0
    capsys.readouterr()
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    spec = summary["on_time"]["last_safe_order"]["festival_goods"]
    rows = [(line, dest, row) for line, d in spec["lines"].items() for dest, row in d.items()
            if row["date"]]  # fmt: skip
    assert all(row["orders"] >= 10 for _, _, row in rows)
    print_summary(summary, None, 0.1, 1)
    plain = next(x for x in capsys.readouterr().out.splitlines() if "last safe order" in x)
    assert "order)" not in plain and "orders)" not in plain
    line, dest, latest = max(rows, key=lambda r: r[2]["date"])
    latest["orders"] = 1
    name = f"{line}>{dest}" if dest != "all" else line
    print_summary(summary, None, 0.1, 1)
    out = next(x for x in capsys.readouterr().out.splitlines() if "last safe order" in x)
    assert f"{latest['date']} ({name}: 1 order)" in out, out
    latest["orders"] = 4
    print_summary(summary, None, 0.1, 1)
    out = next(x for x in capsys.readouterr().out.splitlines() if "last safe order" in x)
    assert f"{latest['date']} ({name}: 4 orders)" in out, out
    print_summary(summary, None, 0.1, 1, lang="zh")
    out = next(x for x in capsys.readouterr().out.splitlines() if "最晚安全下单日" in x)
    assert f"{latest['date']}（{name}：4 单）" in out, out


def test_one_safe_date_is_printed_once_not_as_a_range_of_itself(tmp_path, capsys):
    """A world with one line to one destination printed "2025-11-08 (L01>MAD) .. 2025-11-08
    (L01>MAD)": the range of one date. It prints the date once (trial14)."""
    from sim.cli import print_summary

    sets = ["logistics.only_lines=[L01]", "logistics.lines={L01: {trains_per_week: 2}}",
            "buyers.destinations={MAD: 1.0}"]  # fmt: skip
    args = [x for s in sets for x in ("--set", s)]
    assert main(["run", TEACHING, *args, "--out", str(tmp_path), "--no-report"]) == 0
    capsys.readouterr()
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    (row,) = summary["on_time"]["last_safe_order"]["festival_goods"]["lines"]["L01"].values()
    for lang, said in (("en", f"{row['date']} (L01>MAD); deadline 2026-02-17"),
                       ("zh", f"{row['date']}（L01>MAD）；截止日 2026-02-17")):  # fmt: skip
        print_summary(summary, None, 0.1, 1, lang)
        out = capsys.readouterr().out
        (line,) = [x for x in out.splitlines() if row["date"] in x]
        assert line.rstrip().endswith(said) and ".." not in line and "至" not in line, line


def test_the_printed_summary_says_when_goods_waited_for_a_box(tmp_path, capsys):
    """With Yiwu's pool of boxes set at 100 TEU (10 at the teaching world's scale) and no way
    for boxes to come back, the boxes were gone in the warm-up week and nothing left Yiwu after
    it: the printed summary said "delivered by the end 0" and "TEU carried 0" and nothing of
    why (the report's container balance, at its end, did). A line says how many orders waited
    for a box and how many still wait, only when some did (trial14)."""
    from sim.cli import print_summary

    args = ["--set", "logistics.containers.pools_teu.YIW=100"]
    assert main(["run", TEACHING, *args, "--out", str(tmp_path), "--no-report"]) == 0
    capsys.readouterr()
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    c = summary["containers"]
    waited, still = c["orders_waited_for_box"], c["orders_waiting_for_box_at_end"]
    assert waited and still
    print_summary(summary, None, 0.1, 1)
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if x.lstrip().startswith("waited for a box")]
    assert line.split("  ")[-1].strip() == (
        f"{waited:,} orders, {still:,} still waiting at the end; Yiwu's pool at the end "
        f"{c['pools_end_teu']['YIW']} TEU"
    ), line
    print_summary(summary, None, 0.1, 1, "zh")
    assert f"{waited:,} 笔订单" in capsys.readouterr().out
    c["orders_waited_for_box"] = c["orders_waiting_for_box_at_end"] = 0
    print_summary(summary, None, 0.1, 1)
    assert "waited for a box" not in capsys.readouterr().out


def test_a_line_with_no_safe_day_is_named_beside_the_range_of_the_others(tmp_path, capsys):
    """With L10 suspended for the whole run, Moscow's orders never leave: the report's table
    says "none: even the first miss" for L10>MOW, but the printed line gave the range of the
    other lines' dates alone, and with no line safe it printed no line at all. The lines with
    no safe day are named (three at most, then how many more), in English and Chinese
    (trial14)."""
    from sim.cli import print_summary

    cut = ("disruptions=[{target: line, id: L10, start: 2025-10-01, end: 2026-02-27, "
           "trains_factor: 0}]")  # fmt: skip
    assert main(["run", TEACHING, "--set", cut, "--out", str(tmp_path), "--no-report"]) == 0
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "last safe order date" in x]
    assert line.rstrip().endswith(
        "2026-01-04 (S01>RTM) .. 2026-01-27 (L12>ALA); deadline 2026-02-17; none on L10>MOW: "
        "even the first orders miss"
    ), line
    summary = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    print_summary(summary, None, 0.1, 1, "zh")
    assert "；L10>MOW 无安全日：连最早的订单也迟到" in capsys.readouterr().out
    for dests in summary["on_time"]["last_safe_order"]["festival_goods"]["lines"].values():
        for row in dests.values():
            row["date"] = None
    print_summary(summary, None, 0.1, 1)
    out = capsys.readouterr().out
    assert (
        "none: even the first orders miss, on L01>MAD, L10>MOW, L12>ALA and 3 more; deadline "
        "2026-02-17"
    ) in out, out


def test_the_printed_deadline_is_the_one_of_the_dates_beside_it(tmp_path, capsys):
    """Two festivals in a 730-day run: ``summary.json`` kept the later season's dates under
    the first season's ``deadline_date``, and the line printed "2026-12-23 (S01>MAD) ..
    2027-01-18 (L12>ALA); deadline 2026-02-17". The summary holds the first season's dates
    now, and the deadline printed is the one the dates are counted to (trial14)."""
    assert main(["run", TEACHING, "--set", "days=730", "--out", str(tmp_path), "--no-report"]) == 0
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "last safe order date" in x]
    assert line.rstrip().endswith("deadline 2026-02-17"), line
    assert "2027-" not in line, line


def test_a_run_with_a_disrupted_crossing_prints_what_the_disruption_did(tmp_path, capsys):
    """``yiwu-sim run scenarios/hindcast_2025_closure.yaml`` printed nothing of the closure:
    a planner read "longest mean border wait: Mockava-Trakiszki ..." and had to open the report
    for the trains it held and whether their goods made their deadlines. The summary says it
    as the report's *Disrupted crossings* does (one row per window, in English and Chinese),
    and a run without a crossing disruption has no such row."""
    closure = ("disruptions=[{target: node, id: MAL, start: 2025-11-20, end: 2025-11-30, "
               "servers_factor: 0}]")  # fmt: skip
    for lang, head, said in [
        ("en", "what the disruption did", "Malaszewicze (MAL) disrupted 2025-11-20 to 2025-11-30"),
        ("zh", "干扰造成的影响", "马拉舍维奇（MAL）在 2025年11月20日至2025年11月30日受到干扰"),
    ]:
        args = ["run", TEACHING, "--out", str(tmp_path), "--no-report", "--set", closure,
                "--run-id", lang, "--lang", lang]  # fmt: skip
        assert main(args) == 0
        (line,) = [x for x in capsys.readouterr().out.splitlines() if head in x]
        assert said in line, line
        report = tmp_path / "teaching-small" / lang / "report.md"
        assert not report.exists()  # the row is the run's own tables', not the report's
    assert main(["run", TEACHING, "--out", str(tmp_path), "--no-report"]) == 0
    assert "what the disruption did" not in capsys.readouterr().out
