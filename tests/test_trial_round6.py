"""Round-6 trial: scenarios of one's own at the edges of what the keys allow, every command on
them, and what each prints against the files it writes."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from sim.world.inputs import validate_data

# Madrid (rail through Dostyk, or sea) and Almaty (rail through Khorgos), 40 days, one category
# of goods due 25 days after the order
OWN_WORLD: dict[str, Any] = {
    "name": "own-world",
    "start": "2025-10-01",
    "days": 40,
    "seed": 3,
    "scale": 0.1,
    "market": {
        "categories": [
            {"name": "goods", "share": 1.0, "deadline": {"kind": "days_after_order", "days": 25}}
        ]
    },
    "buyers": {
        "visits_per_day": 1600,
        "in_scope_share": 0.05,
        "destinations": {"MAD": 0.5, "ALA": 0.5},
    },
    "logistics": {
        "only_lines": ["L01", "L12", "S01"],
        "lines": {"L01": {"trains_per_week": 2}},
        "mode_choice": {"rule": "live"},
    },
}
DOSTYK_CLOSED_ALL_RUN = {
    "target": "node", "id": "DST", "start": "2025-10-01", "end": "2025-11-09",
    "servers_factor": 0,
}  # fmt: skip


def _world(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(OWN_WORLD)
    for key, value in changes.items():
        *path, last = key.split("__")
        d = data
        for p in path:
            d = d.setdefault(p, {})
        d[last] = value
    return data


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    import yaml

    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- lost sales


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_printed_summary_and_the_report_say_how_many_sales_were_lost(tmp_path, capsys, lang):
    """Buyers who place elsewhere (``buyers.reaction: lost_sale``) while Dostyk is closed all
    run: 529 of 1,034 orders were lost (summary.json's ``lost_sales``), yet the printed summary
    and the report's key figures said "orders placed 505 ... goods: 100.0 % of 199 on time",
    and nothing about the 529 orders placed elsewhere."""
    import json

    from sim.cli import main

    data = _world(disruptions=[DOSTYK_CLOSED_ALL_RUN], buyers__reaction="lost_sale")
    path = _write(tmp_path, "lost", data)
    argv = ["run", str(path), "--out", str(tmp_path / "out"), "--lang", lang]
    assert main(argv) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "out" / "own-world" / "seed-3"
    lost = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["lost_sales"]
    assert lost["orders"] > 400
    said = f"{lost['orders']:,}"
    label = {"en": "lost sales", "zh": "流失订单"}[lang]
    (line,) = [x for x in out.splitlines() if label in x]
    assert said in line and f"{lost['teu']:,.1f}" in line
    report = (folder / "report.md").read_text(encoding="utf-8")
    (row,) = [x for x in report.splitlines() if x.startswith(f"| {label}")]
    assert said in row


# --------------------------------------------------------------------------- a comparison


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Madrid's crossing at Dostyk closed for the whole 30-day run (and after it) against the
    same world open: 2 replications each, with their tables and the English report."""
    from sim.cli import main

    tmp = tmp_path_factory.mktemp("compare")
    open_ = _write(tmp, "open", _world(name="open-dst", days=30))
    closed = _write(
        tmp, "closed", _world(name="closed-dst", days=30, disruptions=[DOSTYK_CLOSED_ALL_RUN])
    )
    argv = ["compare", str(open_), str(closed), "--replications", "2", "--jobs", "1",
            "--out", str(tmp / "out"), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    return next((tmp / "out").glob("compare-*"))


def test_a_category_of_ones_own_is_named_as_written_in_every_report(comparison, tmp_path):
    """A scenario's own category ``goods`` appeared as ``cat:goods`` (a glossary key) in the
    comparison report's late orders, in English and Chinese, and in the Chinese run report's
    key figures, last safe dates and late orders."""
    import shutil

    from sim.cli import main

    folder = tmp_path / comparison.name
    shutil.copytree(comparison, folder)
    en = (folder / "report.md").read_text(encoding="utf-8")
    assert main(["report", str(folder), "--lang", "zh"]) == 0
    zh = (folder / "report.md").read_text(encoding="utf-8")
    run = tmp_path / "run"
    closed = comparison.parents[1] / "closed.yaml"
    assert main(["run", str(closed), "--out", str(run), "--lang", "zh", "--quiet"]) == 0
    zh_run = next(run.glob("*/seed-*/report.md")).read_text(encoding="utf-8")
    for text in (en, zh, zh_run):
        assert "cat:" not in text
        assert "| goods" in text


def test_the_comparison_says_trains_were_held_at_a_crossing_closed_past_the_end(comparison):
    """Every Yiwu train for Madrid reached Dostyk and was still held there when the run ended
    (summary.json's ``held_at_end``: 6 trains a replication), yet the comparison's "why" said
    "No Yiwu train reached Dostyk (DST) between 2025-10-01 and 2025-11-09" for every KPI
    that moved: it read only the crossings table, which holds crossings finished."""
    import json

    import yaml

    from sim.output.explain import _effect_text, disruption_effects

    sub = comparison / "1-closed-dst"
    reps = sorted(sub.glob("rep-*"))
    held = [json.loads((r / "summary.json").read_text())["held_at_end"]["DST"] for r in reps]
    assert all(h["yiwu_trains"] > 0 for h in held)
    scenario = yaml.safe_load((reps[0] / "scenario.yaml").read_text(encoding="utf-8"))
    (e,) = disruption_effects(reps, scenario)
    assert e["held_at_end"] == sum(h["yiwu_trains"] for h in held)
    longest = max(h["waited_h_max"] for h in held) / 24.0
    for lang in ("en", "zh"):
        text = _effect_text(e, lang)
        assert "No Yiwu train reached" not in text and "没有义乌班列到达" not in text
        assert str(e["held_at_end"]) in text and f"{longest:.1f}" in text
    report = (comparison / "report.md").read_text(encoding="utf-8")
    assert "No Yiwu train reached" not in report
    assert "still held there when the run ended" in report


# --------------------------------------------------------------------------- experiments warn


def test_a_sweep_warns_as_a_run_does_and_its_report_and_a_replication_sets_say_so(tmp_path, capsys):
    """A sweep of the Dostyk closure over Madrid's trains a week, 30 days: ``run`` and
    ``compare`` warn that the goods the closure held arrive after the run ends (and the
    comparison report says so at its top); the sweep said nothing on the command line or in
    its report, nor did a replication set's report."""
    from sim.cli import main

    path = _write(tmp_path, "closed", _world(days=30, disruptions=[DOSTYK_CLOSED_ALL_RUN]))
    said = "disruption of DST (01 Oct 2025–09 Nov 2025): goods it held up arrive until"
    argv = ["sweep", str(path), "--vary", "logistics.lines.L01.trains_per_week=1,2",
            "--replications", "1", "--jobs", "1", "--out", str(tmp_path / "s"),
            "--quiet"]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err.count(said) == 1, err  # the same for both points: said once
    (report,) = (tmp_path / "s").glob("*/sweep-*/report.md")
    assert said in report.read_text(encoding="utf-8")
    argv = ["run", str(path), "--replications", "2", "--jobs", "1", "--out",
            str(tmp_path / "r"), "--quiet"]  # fmt: skip
    assert main(argv) == 0
    assert said in capsys.readouterr().err
    (report,) = (tmp_path / "r").glob("*/replications-*/report.md")
    assert said in report.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the calendar


def test_an_empty_list_of_festivals_is_refused_when_a_deadline_is_the_festival():
    """``calendar.spring_festival: []`` ran without a word: no market closure, and the
    festival goods of the teaching world (deadline: the Spring Festival) had no deadline, so
    the summary's "delivered by the deadline" vanished. Without such a deadline the list may be
    empty (a world without the festival)."""
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    teaching = ROOT / "scenarios" / "teaching_small.yaml"
    with pytest.raises(ScenarioError) as err:
        load_scenario(teaching, ["calendar.spring_festival=[]"])
    assert err.value.problems == [
        "calendar.spring_festival: an empty list gives the run no Spring Festival, yet the "
        "deadline of festival_goods is the festival; list its dates, or leave the key out "
        "for the lunar calendar's (got [])"
    ]
    everyday = "market.categories=[{name: everyday_goods, share: 1}]"
    assert load_scenario(teaching, ["calendar.spring_festival=[]", everyday]).calendar


# --------------------------------------------------------------------------- order sizes


@pytest.mark.parametrize("key", ["buyers.order_teu", "online.order_teu"])
@pytest.mark.parametrize(
    "spec", ["{dist: constant, value: 0}", "{dist: empirical, values: [0, 0], weights: [1, 2]}"]
)
def test_orders_of_no_goods_are_refused(key, spec):
    """``buyers.order_teu: {dist: constant, value: 0}`` ran: 855 orders of 0.000001 TEU each
    (a floor the model puts under a draw of 0), every one packed into a container of its own,
    "TEU ordered 0.0" beside "TEU carried 28" and a 10 % load factor."""
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    with pytest.raises(ScenarioError) as err:
        load_scenario(ROOT / "scenarios" / "teaching_small.yaml", [f"{key}={spec}"])
    (problem,) = err.value.problems
    assert problem.startswith(f"{key}: every order would be of 0 TEU (the distribution's mean")
    assert "(got {'dist': " in problem


# --------------------------------------------------------------------------- a file's text


@pytest.mark.parametrize(
    "line, column",
    [("\tvisits_per_day: 1600", 1), ("  visits_per_day:\t1600", 18)],
)
def test_a_tab_in_a_scenario_file_is_refused_saying_what_to_write_instead(tmp_path, line, column):
    """An editor's tab, as indentation or after a key's colon: "found character '\\t' that
    cannot start any token", the YAML reader's words, with nothing about what to write."""
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    text = (ROOT / "scenarios" / "teaching_small.yaml").read_text(encoding="utf-8")
    assert "  visits_per_day: 1600\n" in text
    path = tmp_path / "tabs.yaml"
    path.write_text(text.replace("  visits_per_day: 1600\n", line + "\n"), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    (problem,) = err.value.problems
    at = text.splitlines().index("  visits_per_day: 1600") + 1  # (the file's own line)
    assert problem.startswith(f"not valid YAML at line {at}, column {column}: a tab character")
    assert "spaces" in problem


# --------------------------------------------------------------------------- --set


def test_a_list_item_written_with_brackets_in_set_says_how_to_write_it():
    """``--set market.categories[0].share=1`` (Python's and jq's way) was refused as an
    unknown key ``categories[0]`` (did you mean ``categories``?), with no word of the
    dotted index the command line takes."""
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    teaching = ROOT / "scenarios" / "teaching_small.yaml"
    for item, dotted in [
        ("market.categories[0].share=1", "market.categories.0.share"),
        ("disruptions[0]={}", "disruptions.0"),
        ("market.categories[1].deadline.days=3", "market.categories.1.deadline.days"),
    ]:
        with pytest.raises(ScenarioError) as err:
            load_scenario(teaching, [item])
        path = item.split("=")[0]
        assert err.value.problems == [
            f"--set {path}: a list item is named by its position after a dot ({dotted})"
        ]


def test_no_last_safe_date_means_no_word_about_how_sure_the_dates_are(tmp_path, capsys):
    """A festival listed on 20 October in a run from 1 October: every festival order judged
    is late and there is no last safe order date, yet the summary printed "(one simulated
    season: for dates that hold in 95 % of seasons, run with --replications 20)" under no
    dates at all."""
    from sim.cli import main
    from tests.conftest import ROOT

    argv = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--days", "60", "--set",
            "calendar.spring_festival=[2025-10-20]", "--out", str(tmp_path),
            "--no-report"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert re.search(r"festival_goods +0\.0 % of", out)
    # no date: said as such (the lines named, trial14), and no word about how sure dates are
    assert re.search(r"last safe order date, festival_goods +none: even the first orders miss", out)
    assert "one simulated season" not in out


# --------------------------------------------------------------------------- --lang zh


def test_replications_and_sweeps_print_their_tables_in_chinese_with_lang_zh(tmp_path, capsys):
    """``--lang zh`` gives a single run's and a comparison's printed tables in Chinese; a
    replication set's and a sweep's stayed in English ("2 replications (2 run now ...)",
    "lead time mean, d", "results: ...")."""
    import html

    from tests.output.test_zh_reports import _places, english_left

    path = _write(tmp_path, "w", _world(days=20))
    common = ["--replications", "2", "--jobs", "1", "--lang", "zh", "--quiet", "--no-report"]
    from sim.cli import main

    assert main(["run", str(path), *common, "--out", str(tmp_path / "r")]) == 0
    reps = capsys.readouterr().out
    argv = ["sweep", str(path), "--vary", "logistics.lines.L01.trains_per_week=1,2", *common,
            "--out", str(tmp_path / "s")]  # fmt: skip
    assert main(argv) == 0
    sweep = capsys.readouterr().out
    for out in (reps, sweep):
        assert out.splitlines()[-1].startswith("结果：")
        body = "\n".join(out.splitlines()[:-1])
        left = english_left(f"<p>{html.escape(body)}</p>", _places() | {"own-world"})
        assert not left, (left, out)


def test_a_comparison_of_scenarios_at_different_scales_says_so(tmp_path, capsys):
    """The same world at scale 0.1 and 0.05: the comparison report headed every count "(scale
    0.1)", the second scenario's too, and said "at the scenario's scale (0.1 ...)"; the
    command line said nothing, and the paired difference of -482 orders placed (half the
    market) read as an effect of the scenario."""
    from sim.cli import main

    a = _write(tmp_path, "a", _world(name="tenth", days=10))
    b = _write(tmp_path, "b", _world(name="twentieth", days=10, scale=0.05))
    argv = ["compare", str(a), str(b), "--replications", "2", "--jobs", "1", "--quiet",
            "--out", str(tmp_path / "out")]  # fmt: skip
    assert main(argv) == 0
    said = (
        "the scenarios run at different scales (tenth 0.1, twentieth 0.05): their counts of "
        "orders, TEU and trains' loads differ by the scale as well as by what each changes"
    )
    assert f"warning: {said}" in capsys.readouterr().err
    report = next((tmp_path / "out").glob("compare-*/report.md")).read_text(encoding="utf-8")
    assert f"> warning: {said}" in report
    assert "(scale 0.1)" not in report and "| orders placed (scale 0.1 / 0.05) |" in report


def test_experiments_show_lost_sales_beside_the_on_time_share_they_flatter(tmp_path, capsys):
    """With buyers who place elsewhere, closing Dostyk raised "goods on time" from 92.8 % to
    99.7 % in a comparison (the late orders were lost, not shipped), and neither the printed
    table nor the report of the comparison or of a replication set showed the lost sales."""
    import json

    from sim.cli import main

    open_ = _write(tmp_path, "o", _world(name="open-dst", days=20, buyers__reaction="lost_sale"))
    closed = _write(
        tmp_path,
        "c",
        _world(name="closed-dst", days=20, buyers__reaction="lost_sale",
               disruptions=[DOSTYK_CLOSED_ALL_RUN]),
    )  # fmt: skip
    common = ["--replications", "2", "--jobs", "1", "--quiet"]
    assert main(["compare", str(open_), str(closed), *common, "--out", str(tmp_path / "c")]) == 0
    printed = capsys.readouterr().out
    folder = next((tmp_path / "c").glob("compare-*"))
    comp = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    lost = comp["kpis"]["closed-dst"]["lost_sales.orders"]["mean"]
    assert lost > 0
    (line,) = [x for x in printed.splitlines() if x.startswith("lost sales")]
    assert f"{lost:,.0f}" in line
    assert "| lost sales (placed elsewhere), orders" in (folder / "report.md").read_text("utf-8")
    assert main(["run", str(closed), *common, "--out", str(tmp_path / "r")]) == 0
    printed = capsys.readouterr().out
    (line,) = [x for x in printed.splitlines() if x.startswith("lost sales")]
    reps = next((tmp_path / "r").glob("*/replications-*"))
    agg = json.loads((reps / "aggregate.json").read_text(encoding="utf-8"))["kpis"]
    assert f"{agg['lost_sales.orders']['mean']:,.0f}" in line
    assert "| lost sales (placed elsewhere), orders" in (reps / "report.md").read_text("utf-8")


def test_the_explorer_of_a_world_without_a_border_crossing_says_why_it_cannot_show_it(
    tmp_path, capsys
):
    """``yiwu-sim explore`` of a world served by sea alone (only_lines [S01]): a traceback
    ("ValueError: max() arg is an empty sequence"), exit 1. The page is built round a
    crossing's queue and closure; without one it is refused in one line, exit 2."""
    from sim.cli import main

    data = _world(days=20, buyers__destinations={"RTM": 1.0})
    data["logistics"] = {"only_lines": ["S01"]}
    path = _write(tmp_path, "sea", data)
    assert main(["explore", str(path), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (
        "logistics.only_lines: the explorer shows a border crossing's queue and closures, and "
        "no line of this scenario crosses a border (S01); add a rail line, or run it with "
        "yiwu-sim run"
    ) in err


def test_many_windows_at_one_place_give_one_warning_not_one_each():
    """1,000 one-day slowdowns at Dostyk (the most a scenario takes), 25 on each day of a
    40-day run: ``yiwu-sim run`` printed 625 warnings, most of them the same line 25 times.
    What the run ends too soon to show is said once for the place, by its last window."""
    from sim.output.report_parts import horizon_warnings

    data = _world()
    data["disruptions"] = [
        {"target": "node", "id": "DST", "start": f"2025-10-{1 + i % 30:02d}",
         "end": f"2025-10-{1 + i % 30:02d}", "dwell_factor": 1.5}
        for i in range(1000)
    ]  # fmt: skip
    warnings = horizon_warnings(validate_data(data, "t"))
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("disruption of DST (30 Oct 2025–30 Oct 2025)")


def test_the_why_of_a_slowdown_no_train_felt_says_trains_came_not_that_none_did(tmp_path):
    """Dostyk's service 1 % slower 5-20 October (twice, the same window): the comparison's why
    said "No Yiwu train reached Dostyk (DST), Dostyk (DST) between 2025-10-05 and
    2025-10-20", though Madrid's trains crossed there all along; none waited longer than usual.
    A window's crossings are named once, and a comparison of 40 windows at one crossing read
    every run's tables 40 times (its report took 8.7 s for 4 runs, now 1.4-1.8 s)."""
    from sim.experiment.runs import run_replications
    from sim.output.explain import _effect_text, disruption_effects

    slower = {"target": "node", "id": "DST", "start": "2025-10-05", "end": "2025-10-20",
              "dwell_factor": 1.01}  # fmt: skip
    data = _world(days=30, disruptions=[slower, dict(slower)])
    rs = run_replications(validate_data(data, "t"), 2, out=tmp_path, jobs=1)
    reps = sorted(rs.folder.glob("rep-*"))
    import yaml

    scenario = yaml.safe_load((reps[0] / "scenario.yaml").read_text(encoding="utf-8"))
    (e,) = disruption_effects(reps, scenario)
    assert e["nodes"] == ["DST"] and e["trains"] == 0 and e["reached"] > 0
    text = _effect_text(e, "en")
    assert text == (
        f"{e['reached']} Yiwu trains (over 2 replications) reached Dostyk (DST) between "
        "2025-10-05 and 2025-10-20; none waited there longer than usual."
    )
    assert "没有义乌班列到达" not in _effect_text(e, "zh")


# --------------------------------------------------------------------------- --precision


def test_a_misspelt_precision_kpi_is_refused_after_one_run_not_a_first_stage(tmp_path, capsys):
    """``--precision lead_time_days.overal.mean=0.05``: five replications (the first stage, per
    scenario) ran and were written before the name was refused; ``yiwu-sim plan`` and
    ``sensitivity`` check their KPIs after the first run alone."""
    from sim.cli import main
    from tests.conftest import ROOT

    argv = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--days", "10", "--set",
            "warmup_days=0", "--precision", "lead_time_days.overal.mean=0.05", "--jobs", "1",
            "--out", str(tmp_path), "--quiet", "--no-report"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--precision lead_time_days.overal.mean: not a KPI of summary.json in the 1 " in err
    assert "did you mean lead_time_days.overall.mean" in err
    # (checked on the first replication in memory: nothing is written before the refusal)
    assert list(tmp_path.iterdir()) == []


def test_a_precision_kpi_no_run_can_measure_is_refused_after_the_first_stage(tmp_path, capsys):
    """``--precision on_time.share=0.05`` on a 10-day run, whose festival deadline lies after
    its end: every run's share is null, yet replications went on to ``--max-replications``
    (100 by default) and ended "precision NOT reached ... (no interval)"."""
    from sim.cli import main
    from tests.conftest import ROOT

    argv = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--days", "10", "--set",
            "warmup_days=0", "--precision", "on_time.share=0.05", "--max-replications", "20",
            "--jobs", "1", "--out", str(tmp_path), "--quiet", "--no-report"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        "--precision on_time.share: no value in any of the first 5 runs of teaching-small "
        "(null in summary.json: nothing to measure it on, such as no order judged against a "
        "deadline within the run); name another KPI, or run longer"
    ) in err
    assert len(list(tmp_path.glob("*/replications-*/rep-*"))) == 5


def test_summaries_only_on_a_single_run_says_it_keeps_every_table(tmp_path, capsys):
    """``run --summaries-only`` without replications wrote every table, without a word."""
    from sim.cli import main
    from tests.conftest import ROOT

    argv = ["run", str(ROOT / "scenarios" / "teaching_small.yaml"), "--days", "10",
            "--summaries-only", "--out", str(tmp_path), "--no-report"]  # fmt: skip
    assert main(argv) == 0
    assert (
        "warning: --summaries-only applies to replications (--replications N or --precision); "
        "a single run writes every table" in capsys.readouterr().err
    )
    assert (next(tmp_path.glob("*/seed-*")) / "orders.parquet").is_file()
