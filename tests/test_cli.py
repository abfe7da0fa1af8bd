import json
import re
import subprocess
import sys

import pytest

from sim.cli import main
from tests.conftest import ROOT

TEACHING = str(ROOT / "scenarios" / "teaching_small.yaml")


def test_run_writes_a_results_folder_and_prints_a_summary(tmp_path, capsys):
    assert main(["run", TEACHING, "--days", "30", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "lead time (delivered), days" in out and "results:" in out
    folder = tmp_path / "teaching-small" / "seed-42"
    assert (folder / "summary.json").is_file()
    assert str(folder) in out


def test_run_reports_from_the_run_in_memory_without_reading_it_back(tmp_path, monkeypatch):
    import sim.output.report

    def no_reading(folder):
        raise AssertionError(f"{folder} was read back")

    monkeypatch.setattr(sim.output.report, "load_run", no_reading)
    assert main(["run", TEACHING, "--days", "20", "--out", str(tmp_path)]) == 0
    (report,) = tmp_path.glob("*/*/report.html")
    assert "<figure" in report.read_text(encoding="utf-8")


def test_run_refuses_to_overwrite_without_force(tmp_path, capsys):
    args = ["run", TEACHING, "--days", "10", "--out", str(tmp_path)]
    assert main(args) == 0
    assert main(args) == 1
    assert "exists already" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0


def test_seed_and_set_overrides(tmp_path):
    main(["run", TEACHING, "--days", "10", "--seed", "5", "--set", "buyers.visits_per_day=800",
          "--out", str(tmp_path)])  # fmt: skip
    summary = json.loads((tmp_path / "teaching-small" / "seed-5" / "summary.json").read_text())
    assert summary["seed"] == 5
    resolved = (tmp_path / "teaching-small" / "seed-5" / "scenario.yaml").read_text()
    assert "visits_per_day: 800" in resolved


def test_validate_lists_problems_and_exits_non_zero(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ndays: -1\n")
    assert main(["validate", TEACHING, str(bad)]) == 2
    captured = capsys.readouterr()
    assert f"{TEACHING}: ok" in captured.out
    assert "days: " in captured.err and "start: required key is missing" in captured.err


def test_network_prints_lines_and_exports(tmp_path, capsys):
    assert main(["network", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "L01" in out and "AKS-DST-KRS-BRE-MAL-IRN" in out
    # the codes in the table named once below it, as the Chinese table does
    assert "border crossings: AKS Alashankou" in out and ", MAL Malaszewicze" in out
    assert (tmp_path / "network.graphml").is_file() and (tmp_path / "network.geojson").is_file()
    # the sourced km with thousands separators, as the model's beside them
    l01 = next(x for x in out.splitlines() if x.startswith("L01"))
    assert "13,225" in l01 and "13,052" in l01 and "13052" not in l01


def test_schema_is_json(capsys):
    assert main(["schema"]) == 0
    assert "properties" in json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "text",
    ["", "name: [unclosed\n", "name: x\nunknown_key: 1\n"],
    ids=["empty", "broken-yaml", "unknown-key"],
)
def test_bad_input_gives_a_message_not_a_traceback(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "run", str(path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: invalid scenario")
    assert not (tmp_path / "out").exists()


def test_missing_file_exit_code(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_replications_summary_gives_shares_in_percent_and_co2e_in_tonnes(tmp_path, capsys):
    """The same units in every command: the replications table as the single run's summary."""

    code = main(["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--replications", "2",
                 "--no-report", "--quiet", "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    share = float(re.search(r"on time, %\s+([\d.]+)", out)[1])
    co2e = float(re.search(r"CO2e, t\s+([\d,.]+)", out)[1].replace(",", ""))
    single = json.loads(next(tmp_path.rglob("rep-000/summary.json")).read_text())
    assert share == pytest.approx(100 * single["on_time"]["share"], abs=20)  # in %, not 0..1
    assert 100 < co2e < single["emissions_cost"]["co2e_kg_total"] / 100  # tonnes, not kg


def test_when_no_train_waits_at_a_crossing_the_longest_wait_names_none(tmp_path, capsys):
    """The teaching world has no other trains at its crossings: nobody waits, and the summary
    and the report say so instead of naming a crossing (the last code of a tie of zeros)."""
    out = ["--out", str(tmp_path), "--set", "days=30", "--set", "warmup_days=0"]
    assert main(["run", str(ROOT / "scenarios" / "teaching_small.yaml"), *out]) == 0
    printed = capsys.readouterr().out
    wait = next(x for x in printed.splitlines() if "longest mean border wait" in x)
    assert wait.split("p95", 1)[1].strip() == "none: no train that crossed waited for a server"
    report = (tmp_path / "teaching-small" / "seed-42" / "report.html").read_text("utf-8")
    assert "none: no train that crossed waited for a server" in report
    assert "(ZBK)" not in report.split("longest mean border wait", 1)[1][:200]


def test_compare_of_one_scenario_is_a_usage_error(tmp_path, capsys):
    """Wrong input, nothing run: exit code 2 (README), not 1."""
    assert main(["compare", TEACHING, "--out", str(tmp_path)]) == 2
    assert "compare needs at least two scenarios, got 1" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_events_of_a_replication_set_names_one_of_its_runs(tmp_path, capsys):
    out = ["--out", str(tmp_path), "--days", "15", "--set", "warmup_days=0", "--quiet"]
    assert main(["run", TEACHING, *out, "--replications", "2", "--jobs", "1", "--no-report"]) == 0
    folder = tmp_path / "teaching-small" / "replications-42"
    capsys.readouterr()
    assert main(["events", str(folder)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"error: {folder}: holds 2 runs, not one; name one of them, e.g. {folder}/rep-000"
    assert main(["events", str(folder / "rep-001")]) == 0


def test_a_run_without_warm_up_says_every_order_is_counted(tmp_path, capsys):
    out = ["--out", str(tmp_path), "--days", "20", "--set", "warmup_days=0", "--no-report"]
    assert main(["run", TEACHING, *out]) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert head == (
        "teaching-small (seed 42, 20 days from 2025-10-01, scale 0.1; no warm-up: every order "
        "placed is counted)"
    )


def test_replications_print_the_warnings_a_single_run_prints(tmp_path, capsys):
    """A replication set of a world whose Madrid line cannot carry its goods and whose run ends
    before the festival: the same two warnings as one run, not silence."""
    argv = ["run", TEACHING, "--replications", "2", "--jobs", "1", "--days", "10", "--set",
            "warmup_days=0", "--set", "logistics.lines.L01.trains_per_week=0.25", "--out",
            str(tmp_path), "--quiet", "--no-report"]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "warning: line L01 (Yiwu-Madrid) is offered about" in err
    assert "warning: teaching-small: festival_goods: its deadline 17 Feb 2026 falls after" in err


def test_the_summary_has_a_line_for_lost_sales_when_buyers_may_place_elsewhere(tmp_path, capsys):
    argv = ["run", TEACHING, "--days", "20", "--set", "buyers.reaction=lost_sale", "--out",
            str(tmp_path), "--no-report"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    lost = json.loads((tmp_path / "teaching-small" / "seed-42" / "summary.json").read_text())
    n, teu = lost["lost_sales"]["orders"], lost["lost_sales"]["teu"]
    assert "  lost sales (placed elsewhere)" in out
    assert f"{n:,} orders, {teu:,.1f} TEU" in out
    # without the reaction there is no such line (no buyer places elsewhere)
    assert main(["run", TEACHING, "--days", "20", "--out", str(tmp_path / "b"), "--no-report"]) == 0
    assert "lost sales" not in capsys.readouterr().out


def test_run_id_names_a_replication_sets_folder(tmp_path, capsys):
    """``run --replications N --run-id X`` wrote the set to ``replications-<seed>`` and said
    nothing of the name it was given."""
    argv = ["run", TEACHING, "--set", "days=10", "--replications", "2", "--jobs", "1", "--quiet",
            "--no-report", "--run-id", "festival-check", "--out", str(tmp_path)]  # fmt: skip
    assert main(argv) == 0
    folder = tmp_path / "teaching-small" / "festival-check"
    assert (folder / "aggregate.json").is_file()
    assert not (tmp_path / "teaching-small" / "replications-42").exists()
    assert str(folder) in capsys.readouterr().out
    # a single run's folder is not a set's: refused, in the reader's language (exit 1)
    assert main(["run", TEACHING, "--set", "days=10", "--out", str(tmp_path), "--no-report",
                 "--quiet"]) == 0  # fmt: skip
    again = [*argv[:-4], "--run-id", "seed-42", "--out", str(tmp_path)]
    capsys.readouterr()
    assert main(again) == 1
    assert "a single run's folder; give the set another --run-id" in capsys.readouterr().err
    assert main(["--lang", "zh", *again]) == 1
    assert "这是单次运行的文件夹" in capsys.readouterr().err
    assert not (tmp_path / "teaching-small" / "seed-42" / "rep-000").exists()
    # the same set under another --seed: said as the seed, not as another scenario
    assert main([*argv, "--seed", "7"]) == 1
    err = capsys.readouterr().err
    assert "not" in err and "(another --seed)" in err and "--run-id" in err
    assert main(["--lang", "zh", *argv, "--seed", "7"]) == 1
    assert "另一 --seed" in capsys.readouterr().err


def test_a_replication_set_prints_its_table_in_the_language_asked(tmp_path, capsys):
    argv = ["run", TEACHING, "--days", "10", "--replications", "2", "--jobs", "1", "--quiet",
            "--no-report", "--lang", "zh", "--out", str(tmp_path)]  # fmt: skip
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("teaching-small：2 次重复（本次运行 2 次，0 次已完成）")
    assert lines[1].split() == ["指标", "均值", "±", "95%"]
    assert lines[-1].startswith("结果：")


def test_summaries_only_is_said_to_concern_replications_only(tmp_path, capsys):
    argv = ["run", TEACHING, "--days", "10", "--summaries-only", "--out", str(tmp_path),
            "--no-report", "--quiet"]  # fmt: skip
    assert main(argv) == 0
    assert "--summaries-only applies to replications" in capsys.readouterr().err


def test_replication_bounds_without_precision_are_said_to_bound_nothing(tmp_path, capsys):
    """--min-replications and --max-replications shape the sequential rule of --precision; a
    plain run or replication set with them made what it was told, without a word."""
    argv = ["run", TEACHING, "--days", "10", "--replications", "2", "--max-replications", "9",
            "--out", str(tmp_path), "--no-report", "--quiet", "--jobs", "1"]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "warning: --max-replications applies with --precision only" in err
    assert "--min-replications" not in err
    assert len(list(tmp_path.glob("*/replications-*/rep-*"))) == 2
    argv = ["run", TEACHING, "--days", "10", "--precision", "orders.placed=0.5",
            "--min-replications", "2", "--max-replications", "7", "--out", str(tmp_path / "p"),
            "--no-report", "--quiet", "--jobs", "1"]  # fmt: skip
    assert main(argv) == 0
    assert "applies with --precision only" not in capsys.readouterr().err


def test_validate_checks_a_file_with_the_overrides_a_run_would_apply(capsys):
    assert main(["validate", TEACHING, "--set", "days=30", "--set", "seed=7"]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")
    assert main(["validate", TEACHING, "--set", "days=-3"]) == 2
    err = capsys.readouterr().err
    assert "days" in err and "-3" in err and "Traceback" not in err
    assert main(["validate", TEACHING, "--set", "logistics.no_such_key=1"]) == 2
    assert "no_such_key" in capsys.readouterr().err


def test_an_interval_resting_on_some_replications_says_on_how_many(tmp_path, capsys):
    """The sea route's lead time in a 44-day run: only the replications whose ships arrived
    have one. The printed table and the report said "35.60 ± 3.63" as if all six did."""
    argv = ["run", TEACHING, "--set", "days=44", "--replications", "6", "--out", str(tmp_path),
            "--quiet", "--jobs", "1"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    folder = next(tmp_path.glob("*/replications-*"))
    kpis = json.loads((folder / "aggregate.json").read_text())["kpis"]
    sea = kpis["lead_time_days.by_mode.sea.mean"]
    (line,) = [x for x in out.splitlines() if x.startswith("sea lead time mean")]
    assert 0 < sea["n"] < 6, "the world no longer shows a partial KPI: choose another horizon"
    assert line.endswith(f"(n {sea['n']}/6)")
    full = [x for x in out.splitlines() if x.startswith("lead time mean")]
    assert full and "(n " not in full[0]
    html = (folder / "report.html").read_text()
    assert f"(n {sea['n']}/6)" in html


@pytest.mark.parametrize(
    ("argv", "status"),
    # argparse writes --help past a closed pipe itself, and ends as after any help (0)
    [(["network"], 141), (["network", "--lang", "zh"], 141), (["run", "--help"], 0)],
)
def test_output_piped_to_a_reader_that_stops_early_ends_quietly(argv, status):
    """``yiwu-sim network | head -1``: the reader has closed the pipe; the command ends with
    the shell's status for it (141) and says nothing (it printed "error: Broken pipe", and in
    Chinese "错误：断开的管道")."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    with proc:
        # the reader is gone before the command writes (as head is, once it has its line,
        # when the command writes the rest when it ends)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        ended = proc.wait(timeout=60)
    assert (ended, err) == (status, "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_out_folder_that_is_a_file_is_named_as_not_a_folder(lang, tmp_path, capsys):
    """``network --out afile`` (a file where the folder should be) said "afile: File exists";
    the file is what is in the way. It says "cannot write" too, as ``run`` does (errors19)."""
    afile = tmp_path / "afile"
    afile.write_text("kept\n")
    assert main(["network", "--out", str(afile), "--lang", lang]) == 1
    err = capsys.readouterr().err.strip()
    assert err == {"en": f"error: {afile}: cannot write (Not a directory)",
                   "zh": f"错误：{afile}：无法写入（不是目录）"}[lang]  # fmt: skip
    assert afile.read_text() == "kept\n"  # nothing written over it


def test_one_replication_says_it_has_no_interval(tmp_path, capsys):
    """``--replications 1`` printed "1 replications ... mean ± 95 % half-width" over values
    with no interval; it says one run gives none, in the summary and the report."""
    args = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--replications", "1",
            "--set", "days=20", "--out", str(tmp_path)]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 replication (" in out and "one run gives no interval" in out
    assert "mean ± 95 %" not in out and "1 replications" not in out
    page = next(tmp_path.glob("*/replications-*/report.html")).read_text(encoding="utf-8")
    assert "one run gives no interval" in page


def test_freight_cost_is_in_usd_millions_in_every_table_a_person_reads(tmp_path, capsys):
    """A run's summary line and the reports said USD m while the replications and comparison
    tables said USD (2,928,670 beside the report's 2.93): every table reads USD m, in English
    and Chinese, while summary.json keeps USD."""
    out = ["--out", str(tmp_path), "--no-report", "--quiet", "--jobs", "1", "--set", "days=40"]
    assert main(["run", TEACHING, "--replications", "2", *out]) == 0
    printed = capsys.readouterr().out
    agg = json.loads(next(tmp_path.rglob("aggregate.json")).read_text())
    usd = agg["kpis"]["emissions_cost.cost_usd_total"]["mean"]
    assert usd > 1e5  # summary.json keeps its documented unit
    row = next(x for x in printed.splitlines() if x.startswith("freight cost"))
    assert row.startswith("freight cost, USD m")
    assert float(row.split()[4].replace(",", "")) == pytest.approx(usd / 1e6, abs=0.01)
    assert main(["run", TEACHING, "--replications", "2", *out, "--lang", "zh"]) == 0
    zh = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("运费"))
    assert zh.startswith("运费（百万美元）")
    assert float(zh.split()[1].replace(",", "")) == pytest.approx(usd / 1e6, abs=0.01)
    assert main(["compare", TEACHING, TEACHING, "--replications", "2", *out]) == 0
    row = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("freight cost"))
    assert row.startswith("freight cost, USD m")
    assert float(row.split()[4].replace(",", "")) == pytest.approx(usd / 1e6, abs=0.01)


def test_the_sea_capacity_warning_names_the_carriers_space_and_the_port_in_chinese(capsys):
    """Under the carriers' sailings policy the warning says what the carriers may add, and in
    Chinese it names the line and the port where goods wait by their Chinese names."""
    sea = ["logistics.lines.S01.trains_per_week=2", "logistics.lines.S01.capacity_teu=130",
           "logistics.mode_choice.rail_share=0", "logistics.sailings.rule=carriers"]  # fmt: skip
    argv = ["validate", TEACHING, *(a for s in sea for a in ("--set", s))]
    assert main([*argv, "--lang", "zh"]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "S01" in x)
    assert "加班船" in line and "宁波舟山港" in line and "Ningbo" not in line
    assert main(argv) == 0
    line = next(x for x in capsys.readouterr().err.splitlines() if "S01" in x)
    assert "1 extra loader a week" in line and "wait at Ningbo" in line


def test_a_table_name_or_a_series_no_run_has_is_a_usage_error(tmp_path, capsys):
    """``collect --out x.txt``, ``events --out x.txt`` and ``warmup --series zz`` (a series in
    no run) are wrong input, exit 2 by the README's rule; they exited 1, as a damaged folder."""
    assert main(["run", TEACHING, "--set", "days=10", "--set", "warmup_days=0", "--out",
                 str(tmp_path), "--no-report", "--quiet"]) == 0  # fmt: skip
    run = tmp_path / "teaching-small" / "seed-42"
    capsys.readouterr()
    assert main(["collect", str(run), "--out", str(tmp_path / "x.txt")]) == 2
    assert "must end in .parquet or .csv" in capsys.readouterr().err
    assert main(["events", str(run), "--out", str(tmp_path / "x.txt")]) == 2
    assert main(["warmup", str(run), "--series", "zz"]) == 2
    assert "'zz'" in capsys.readouterr().err
    assert main(["--lang", "zh", "collect", str(run), "--out", str(tmp_path / "x.txt")]) == 2
    assert "表格文件名必须以 .parquet 或 .csv 结尾" in capsys.readouterr().err
