"""sim.output.report_experiments: the report pages of a replication set, a comparison and a
sweep."""

from __future__ import annotations

from sim.experiment.runs import run_replications
from sim.output.report import build_report
from sim.world.inputs import load_scenario
from tests.conftest import ROOT


def test_a_replication_sets_report_has_the_dispatch_rows_a_runs_report_has(tmp_path):
    """Under demand dispatch a run's report says how many trains were added and cancelled;
    the report of a replication set of it had no such row."""
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml",
                       ["days=40", "logistics.dispatch.rule=demand"])  # fmt: skip
    rs = run_replications(sc, 2, out=tmp_path)
    build_report(rs.folder, "en")
    page = (rs.folder / "report.md").read_text(encoding="utf-8")
    assert "| extra trains added (dispatch) |" in page
    assert "| departures cancelled (dispatch) |" in page
    build_report(rs.folder, "zh")
    assert "加开班列（调度）" in (rs.folder / "report.md").read_text(encoding="utf-8")
    plain = run_replications(load_scenario(ROOT / "scenarios" / "teaching_small.yaml",
                                           ["days=40"]), 2, out=tmp_path / "fixed")  # fmt: skip
    build_report(plain.folder, "en")
    assert "(dispatch)" not in (plain.folder / "report.md").read_text(encoding="utf-8")


def test_a_set_missing_a_replications_summary_says_so_and_how_to_complete_it(tmp_path):
    """With rep-000's summary lost, the set's report left out its last safe order dates
    without a word (it read rep-000 alone): it says the set is incomplete, which
    replications are missing and that running the command again completes it, and shows the
    dates of the seasons it has (trial14)."""
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=150"])
    rs = run_replications(sc, 3, out=tmp_path)
    (rs.folder / "rep-000" / "summary.json").unlink()
    build_report(rs.folder, "en")
    page = (rs.folder / "report.md").read_text(encoding="utf-8")
    assert "incomplete: 2 of its 3 replications" in page and "missing: rep-000" in page
    html = (rs.folder / "report.html").read_text(encoding="utf-8")
    assert "Last safe order date across replications" in html
    build_report(rs.folder, "zh")
    assert "缺少：rep-000" in (rs.folder / "report.md").read_text(encoding="utf-8")


def test_a_replication_sets_report_says_what_its_closure_did(tmp_path):
    """A run's report of a closure says what it did to Yiwu's trains and their deadlines
    ("Disrupted crossings"); the report of a replication set of the same scenario (the one a
    planner runs for the conservative dates) said nothing of it. It says it over every
    replication, with the count of replications, in both languages."""
    import yaml

    from sim.output.explain_disruptions import disruption_effects
    from sim.output.explain_words import _effect_text
    from tests.conftest import write_closed_teaching

    sc = load_scenario(write_closed_teaching(tmp_path), ["days=140"])
    rs = run_replications(sc, 2, out=tmp_path / "out")
    build_report(rs.folder, "en")
    page = (rs.folder / "report.md").read_text(encoding="utf-8")
    assert "## Disrupted crossings" in page and "over every replication (from the" in page
    scenario = yaml.safe_load((rs.folder / "rep-000" / "scenario.yaml").read_text("utf-8"))
    (effect,) = disruption_effects(sorted(rs.folder.glob("rep-*")), scenario)
    assert effect["replications"] == 2 and effect["trains"] > 0
    said = _effect_text(effect, "en")
    assert "(over 2 replications)" in said and said in page
    build_report(rs.folder, "zh")
    assert _effect_text(effect, "zh") in (rs.folder / "report.md").read_text(encoding="utf-8")


def test_a_comparison_and_a_sweep_say_how_their_intervals_are_made(tmp_path):
    """A comparison's report said "differences paired against X" and a sweep's "mean ± 95 %
    half-width" without the method or the count of differences behind a difference (a
    replication set's report says "Student t"): a researcher citing a paired difference needs
    both. Each now says: mean ± 95 % half-width over the replications (Student t), and each
    difference the mean of the n paired differences ± their 95 % half-width (Student t)."""
    from sim.experiment.runs import compare, sweep
    from sim.scenario import read_scenario_file

    small = ROOT / "scenarios" / "teaching_small.yaml"
    one = load_scenario(small, ["days=20", "warmup_days=2", "name=one-train",
                                "logistics.lines.L01.trains_per_week=1"])  # fmt: skip
    comp = compare([load_scenario(small, ["days=20", "warmup_days=2"]), one], 3,
                   out=tmp_path / "c")  # fmt: skip
    mapping = {**read_scenario_file(small), "days": 20, "warmup_days": 2}
    sw = sweep(mapping, {"logistics.lines.L01.trains_per_week": [2, 1]}, 3, out=tmp_path / "s")
    for folder in (comp.folder, sw.folder):
        build_report(folder, "en")
        intro = (folder / "report.md").read_text(encoding="utf-8").split("\n\n")[1]
        assert "95 % half-width over the replications (Student t)" in intro, intro
        assert "the mean of the 3 differences ± their 95 % half-width (Student t)" in intro
        build_report(folder, "zh")
        intro = (folder / "report.md").read_text(encoding="utf-8").split("\n\n")[1]
        assert "各次重复的均值 ± 95% 半宽（Student t）" in intro, intro
        assert "3 个差值的均值 ± 其 95% 半宽（Student t）" in intro, intro


def test_a_replication_sets_chinese_report_says_percentage_points_in_chinese(tmp_path):
    """The Chinese report of a replication set gave a share's interval as "0.3 % ± 0.1 pp" and
    "85.5 % ± 1.2 pp": "pp" (two letters, below what the check for English words counts) in a
    Chinese table, where a comparison's says "个百分点"."""
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=20", "warmup_days=2"])
    rs = run_replications(sc, 2, out=tmp_path)
    build_report(rs.folder, "zh")
    page = (rs.folder / "report.md").read_text(encoding="utf-8")
    row = next(r for r in page.splitlines() if r.startswith("| 缺货订单比例"))
    assert row.endswith(" 个百分点 |") and " pp" not in page, row
    build_report(rs.folder, "en")
    page = (rs.folder / "report.md").read_text(encoding="utf-8")
    assert next(r for r in page.splitlines() if r.startswith("| backordered")).endswith(" pp |")


def test_a_smaller_set_in_a_larger_sets_folder_reports_its_own_replications(tmp_path):
    """``run --replications 3`` then ``--replications 2`` into the same folder keeps rep-002
    ("kept but not counted"); the set's report still said what the closure did "11 Yiwu
    trains (over 3 replications)" and gave L01 MAD's conservative date over 3 seasons (Thu 08
    Jan 2026) beside "runs 2". It reports exactly what a fresh folder of 2 reports (8 trains,
    Fri 02 Jan 2026), in English and Chinese, and says (as the command warned) that rep-002
    is kept but not counted: a researcher sees three rep folders beside a report of 2
    (fuzz17 item 7)."""
    closure = ("disruptions=[{target: node, id: MAL, start: 2025-11-20, end: 2025-11-30, "
               "servers_factor: 0}]")  # fmt: skip
    sc = load_scenario(ROOT / "scenarios" / "teaching_small.yaml", [closure])
    run_replications(sc, 3, out=tmp_path / "big")
    kept = run_replications(sc, 2, out=tmp_path / "big")
    assert (kept.folder / "rep-002" / "summary.json").is_file()  # kept, not counted
    fresh = run_replications(sc, 2, out=tmp_path / "fresh")
    for lang in ("en", "zh"):
        pages = []
        for rs in (kept, fresh):
            build_report(rs.folder, lang)
            pages.append([(rs.folder / f).read_text(encoding="utf-8").splitlines()
                          for f in ("report.md", "report.html")])  # fmt: skip
        for page, same in zip(*pages):  # the kept page: the fresh one and the warning
            said = [x for x in page if "rep-002" in x]
            assert len(said) == 1 and "rep-000 .. rep-001" in said[0], said
            assert [x for x in page if x not in said] == same, lang
    en = [build_report(kept.folder, "en"), (kept.folder / "report.md").read_text("utf-8")][1]
    assert "8 Yiwu trains (over 2 replications)" in en and "over 3" not in en
    assert "| festival_goods | L01 | MAD | Tue 13 Jan 2026 | 12.7 | Fri 02 Jan 2026 | 2 |" in en
    assert "(rep-002) is kept but not counted" in en


def test_a_set_run_to_a_precision_says_it_on_its_page_as_the_command_line_does(tmp_path):
    """trial18: ``yiwu-sim run ... --precision lead_time_days.overall.mean=0.02`` printed
    "precision reached after 11 replications (held for 5 more, 16 run): ... ±1.2 %", and its
    report said "16 replications" and never why 16, nor the precision. The page says it, in
    either language, for a replication set, a comparison and a sweep (from their JSON)."""
    import json

    from sim.cli import main

    teaching = str(ROOT / "scenarios" / "teaching_small.yaml")
    argv = ["run", teaching, "--set", "days=20", "--set", "warmup_days=2",
            "--precision", "lead_time_days.overall.mean=0.5", "--min-replications", "2",
            "--max-replications", "7", "--jobs", "1", "--quiet",
            "--out", str(tmp_path)]  # fmt: skip
    assert main(argv) == 0
    folder = next(tmp_path.glob("teaching-small/replications-*"))
    report = json.loads((folder / "aggregate.json").read_text(encoding="utf-8"))["precision"]
    assert report["reached"], report
    page = (folder / "report.md").read_text(encoding="utf-8")
    said = (
        "Run until the 95 % half-width was within its target (--precision "
        f"lead_time_days.overall.mean=0.5): reached after {report['replications_needed']} "
        f"replications and held for the 5 more of the look-ahead ({report['replications_run']} "
        "run); now lead_time_days.overall.mean ±"
    )
    assert said in page, page[:600]
    build_report(folder, "zh")
    page = (folder / "report.md").read_text(encoding="utf-8")
    assert "运行至 95% 半宽达到目标（--precision lead_time_days.overall.mean=0.5）：" in page
    common = ["--set", "days=20", "--set", "warmup_days=2", "--precision",
              "lead_time_days.overall.mean=0.5", "--min-replications", "2",
              "--max-replications", "7", "--jobs", "1", "--quiet"]  # fmt: skip
    assert main(["compare", teaching, teaching, *common, "--out", str(tmp_path / "c")]) == 0
    assert main(["sweep", teaching, "--vary", "logistics.lines.L01.trains_per_week=1,2",
                 *common, "--out", str(tmp_path / "s")]) == 0  # fmt: skip
    folders = [*(tmp_path / "c").glob("compare-*"), *(tmp_path / "s").glob("*/sweep-*")]
    assert len(folders) == 2, folders
    for found in folders:
        page = (found / "report.md").read_text(encoding="utf-8")
        assert "Run until the 95 % half-width was within its target (--precision " in page, found


def test_precision_not_reached_and_not_held_are_told_apart():
    """A width beyond its target is "NOT reached"; a width within it whose look-ahead did not
    fit in --max-replications says so (as the command line does), in either language."""
    from sim.output.report_parts import precision_text

    report = {"targets": {"dispatch.trains_added": 0.2}, "reached": False,
              "replications_needed": None, "replications_run": 8, "min_replications": 3,
              "max_replications": 8, "lookahead": 5,
              "relative_half_width": {"dispatch.trains_added": 0.0982956}}  # fmt: skip
    held = precision_text(report)
    assert "NOT reached in 8 replications (--max-replications); now dispatch.trains_added " in held
    assert held.endswith(
        "±9.8 % of the mean, within the target, but not held for the 5 more replications of "
        "the look-ahead."
    ), held
    assert "已在目标之内，但未能在前瞻检验的其后 5 次重复中保持" in precision_text(report, "zh")
    wide = precision_text({**report, "relative_half_width": {"dispatch.trains_added": 0.31}})
    assert wide.endswith("; now dispatch.trains_added ±31 % of the mean."), wide
    assert precision_text(None) == "" and precision_text({}) == ""


def test_a_set_and_a_sweep_label_their_figures_with_their_tables_lead_times(tmp_path):
    """A replication set's page gave the lead time "25.84 ± 1.44" in its table and "25.8 ± 1.4"
    in its figure (the half-width's two significant digits); a sweep's figure likewise beside
    its table. Each figure's point is labelled as the table writes it, in both languages."""
    import html
    import re

    from sim.experiment.runs import sweep
    from sim.output.report_experiments import _replications_page, _sweep_page
    from sim.scenario import read_scenario_file

    small = ROOT / "scenarios" / "teaching_small.yaml"
    rs = run_replications(load_scenario(small, ["days=30"]), 3, out=tmp_path / "r")
    mapping = {**read_scenario_file(small), "days": 30}
    sw = sweep(mapping, {"logistics.lines.L01.trains_per_week": [2, 1]}, 3, out=tmp_path / "s")
    for lang in ("en", "zh"):
        page = _replications_page(rs.folder, lang)
        svg = html.unescape(page.figures.items[-1][2])
        labels = re.findall(r">([\d.,]+ ± [\d.,]+)<", svg)
        assert labels and all(re.fullmatch(r"[\d,]+\.\d\d ± [\d,]+\.\d\d", x) for x in labels)
        assert dict(page.table)[page.table[3][0]] in labels, (page.table, labels)
        page = _sweep_page(sw.folder, lang)
        svg = html.unescape(page.figures.items[0][2])
        labels = re.findall(r">([\d.,]+ ± [\d.,]+)<", svg)
        assert {v for _, v in page.table} <= set(labels), (page.table, labels)
