"""Round-8 trial: answers people can trust — a researcher's intervals and byte-identical
folders, a planner's report against its summary, and bad input refused in one line."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from sim.cli import main
from sim.output.install import current_umask

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "scenarios" / "teaching_small.yaml"
SHORT = ["--set", "days=20", "--set", "warmup_days=2"]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ------------------------------------------------------------------ folders others can read


def test_a_reports_figures_folder_follows_the_umask_as_the_run_folder_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``figures/`` beside ``report.html`` was made by ``mkdtemp`` and kept its 0700: a
    colleague who could open the report and every table of a shared results folder could not
    open its figures."""
    assert main(["run", str(SMALL), "--out", str(tmp_path), *SHORT]) == 0
    capsys.readouterr()
    run = tmp_path / "teaching-small" / "seed-42"
    wanted = 0o777 & ~current_umask()
    assert _mode(run) == wanted
    assert _mode(run / "figures") == wanted, oct(_mode(run / "figures"))


def test_a_run_folder_sent_back_by_a_worker_follows_the_umask(tmp_path: Path) -> None:
    """A Dask worker without the shared folder sends back the files; the client installed them
    in a ``mkdtemp`` folder renamed into place, 0700, unlike every folder written locally."""
    from sim.experiment.cluster import install_files
    from sim.output.results import verify_run

    assert main(["run", str(SMALL), "--out", str(tmp_path / "a"), "--no-report", *SHORT]) == 0
    made = tmp_path / "a" / "teaching-small" / "seed-42"
    files = {p.name: p.read_bytes() for p in made.iterdir()}
    target = tmp_path / "b" / "rep-000"
    install_files(target, files)
    verify_run(target)
    assert _mode(target) == 0o777 & ~current_umask(), oct(_mode(target))
    assert os.listdir(target.parent) == ["rep-000"]


# ------------------------------------------------------------------ byte-identical folders


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_runs_of_one_seed_differ_only_where_the_results_reference_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The results reference said the manifest was "the only file that differs between
    identical runs" (a sentence cut short), yet ``report.html`` prints the manifest and differs
    too: a researcher's ``sha256sum`` of two folders found a file the docs did not name."""
    import json

    for name in ("a", "b"):
        assert main(["run", str(SMALL), "--out", str(tmp_path / name), *SHORT]) == 0
    capsys.readouterr()
    a, b = (_files(tmp_path / n / "teaching-small" / "seed-42") for n in ("a", "b"))
    assert sorted(a) == sorted(b)
    differ = sorted(n for n in a if a[n] != b[n])
    # Two runs may land in the same second with the same rounded wall time (a fast CI host
    # did): then nothing differs, which the reference allows ("may differ"), so the test asks
    # only that nothing outside the manifest and the report that prints it ever differs.
    assert set(differ) <= {"manifest.json", "report.html"}, differ
    assert ("report.html" in differ) <= ("manifest.json" in differ), differ
    ma, mb = (json.loads(x["manifest.json"]) for x in (a, b))
    keys = sorted(k for k in ma if ma[k] != mb[k])
    assert set(keys) <= {"command", "wall_time_s", "clock_time_s"}, keys
    ref = (ROOT / "docs" / "results-reference.md").read_text(encoding="utf-8")
    said = ref.split("## manifest.json", 1)[1].split("\n## ", 1)[0]
    assert "The only file that differs between\nidentical runs." not in said
    for word in ("`report.html`", "`command`", "`wall_time_s`", "`clock_time_s`"):
        assert word in said.split("differ", 1)[1], word
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "byte-identical files (the manifest's timings aside)" not in readme


# ------------------------------------------------------------------ a damaged run is named


def test_a_relaunched_experiment_names_the_damaged_file_it_makes_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The results reference says a re-launched experiment checks its run folders and names
    the file that was cut short or edited; it made such a run again without a word, so a
    researcher who had edited ``rep-001/summary.json`` (or whose disk damaged it) did not learn
    that the aggregate no longer held the run on disk."""
    args = ["run", str(SMALL), "--out", str(tmp_path), "--replications", "2", "--jobs", "1",
            "--no-report", "--quiet", *SHORT]  # fmt: skip
    assert main(args) == 0
    rep = tmp_path / "teaching-small" / "replications-42" / "rep-001"
    summary = rep / "summary.json"
    summary.write_text(summary.read_text().replace('"placed": ', '"placed": 1'))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        assert main(args) == 0
    said = [r.getMessage() for r in caplog.records if r.name == "sim.experiment.runs"]
    assert len(said) == 1, said
    assert said[0].startswith(f"{summary}: its content differs"), said
    assert said[0].endswith("; the run is made again"), said
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        assert main(args) == 0  # made again: nothing to say the next time
    assert not [r for r in caplog.records if r.name == "sim.experiment.runs"]


# ------------------------------------------------------------------ a comparison's units


def test_a_comparisons_difference_of_shares_is_in_points_not_percent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The comparison report gave a paired difference of two shares as "-1.5 ± 2.6 %": read
    as a relative change (1.5 % of 83.9 %) where it is 1.5 percentage points. The Chinese
    report said 个百分点; the English says points."""
    one = tmp_path / "one.yaml"
    text = SMALL.read_text(encoding="utf-8").replace("L01: {trains_per_week: 2}",
                                                     "L01: {trains_per_week: 1}")  # fmt: skip
    one.write_text(text.replace("name: teaching-small", "name: one-train"), encoding="utf-8")
    args = ["compare", str(SMALL), str(one), "--replications", "2", "--jobs", "1", "--quiet",
            "--out", str(tmp_path), *SHORT]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    folder = next(tmp_path.glob("compare-*"))
    md = (folder / "report.md").read_text(encoding="utf-8")
    row = next(r for r in md.splitlines() if r.startswith("| backordered |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1].endswith(" %") and cells[2].endswith(" %"), row
    assert cells[3].endswith(" points") and "%" not in cells[3], row
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "± 0.0 points" in page or "points</td>" in page


# ------------------------------------------------------------------ a table that cannot be written


def test_a_kpi_table_that_cannot_be_written_names_the_file_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``collect --out`` (and ``events --out``) into a folder that takes no file printed
    pyarrow's "Failed to open local file '/x/.t.parquet.tmp-29076'. Detail: [errno 13]
    Permission denied": the temporary name, not the file asked for, and Arrow's wording."""
    import pyarrow as pa

    from sim.errors import ResultsError
    from sim.experiment import collect as C

    table = pa.table({"kpi": ["a"], "value": [1.0]})

    def refuse(_table: object, where: object, *args: object, **kw: object) -> None:
        raise OSError(f"Failed to open local file '{where}'. Detail: [errno 13] Permission denied")

    for name, writer in (("t.parquet", "pq.write_table"), ("t.csv", "pa_csv.write_csv")):
        module, attr = writer.split(".")
        monkeypatch.setattr(getattr(C, module), attr, refuse)
        with pytest.raises(ResultsError) as got:
            C.write_kpi_table(table, tmp_path / name)
        assert str(got.value) == f"{tmp_path / name}: cannot write (Permission denied)"
        assert list(tmp_path.iterdir()) == []  # no temporary file left
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(ResultsError) as got:
        C.write_kpi_table(table, blocked / "t.parquet")
    assert str(got.value) == f"{blocked}: cannot write (Not a directory)", got.value


# ------------------------------------------------------------------ a comparison's seeds


def test_a_comparison_says_when_a_later_scenarios_own_seed_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A comparison runs every scenario with the seeds spawned from the first scenario's seed
    (common random numbers). A second file with ``seed: 7`` ran with the first's seeds without
    a word: its author, who had set another seed, read a difference of exactly zero against an
    identical baseline as the two seeds agreeing."""
    seven = tmp_path / "seven.yaml"
    text = SMALL.read_text(encoding="utf-8").replace("seed: 42", "seed: 7")
    seven.write_text(text.replace("name: teaching-small", "name: seven"), encoding="utf-8")
    args = ["compare", str(SMALL), str(seven), "--replications", "2", "--jobs", "1", "--quiet",
            "--no-report", "--summaries-only", "--out", str(tmp_path), *SHORT]  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        assert main(args) == 0
    said = [r.getMessage() for r in caplog.records if r.name == "sim.experiment.runs"]
    assert len(said) == 1, said
    assert said[0].startswith("seven: its seed 7 is not used;"), said
    assert "teaching-small's seed 42" in said[0], said
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        assert main([*args, "--seed", "3"]) == 0  # a root seed given: every file's seed yields
        assert main(["compare", str(SMALL), str(SMALL), *args[3:]]) == 0  # the same seed
    assert not [r for r in caplog.records if r.name == "sim.experiment.runs"]


# ------------------------------------------------------------------ a policy's own code


PLUGIN = """
from sim.policies.routing import RoutingPolicy


class RailUnlessLate(RoutingPolicy):
    reads_state = True

    def choose(self, batch, view):
        out = self.single_route(batch.dest)
        both, rail, sea = self._both(batch)
        for k, (r, s) in enumerate(zip(rail.tolist(), sea.tolist())):
            d = int(batch.dest[both[k]])
            late = view.expected_arrival_h(r, d) - view.expected_arrival_h(s, d)
            out[both[k]] = s if late >= LIMIT_H else r
        return out
"""


def test_a_relaunched_experiment_does_not_mix_runs_of_two_versions_of_a_users_policy(
    tmp_path: Path,
) -> None:
    """A re-launched experiment makes again the runs another build of yiwu-sim made, "so that
    its aggregate never mixes builds"; but a policy of the user's own (``module:Class``) was
    not part of the build's hash: after an edit of ``my_policies.py`` the experiment kept the
    runs of the old code and added runs of the new, and one aggregate mixed both. The manifest
    now records the policy modules' SHA-256 (``policy_code``) and a changed module makes its
    runs again."""
    import json
    import subprocess
    import sys

    (tmp_path / "my_policies.py").write_text("LIMIT_H = 72\n" + PLUGIN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}"}

    def run(n: int) -> str:
        args = [sys.executable, "-m", "sim", "run", str(SMALL), "--policy",
                "routing=my_policies:RailUnlessLate", "--replications", str(n), "--jobs", "1",
                "--no-report", "--summaries-only", "--out", "out", *SHORT]  # fmt: skip
        done = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[0]

    assert "(2 run now, 0 already complete)" in run(2)
    rep = tmp_path / "out" / "teaching-small" / "replications-42" / "rep-000"
    manifest = json.loads((rep / "manifest.json").read_text())
    import hashlib

    source = (tmp_path / "my_policies.py").read_bytes()
    assert manifest["policy_code"] == {"my_policies": hashlib.sha256(source).hexdigest()}
    assert "(1 run now, 2 already complete)" in run(3)  # the same code: kept
    (tmp_path / "my_policies.py").write_text("LIMIT_H = 1\n" + PLUGIN, encoding="utf-8")
    assert "(3 run now, 0 already complete)" in run(3)  # another version: made again
    ref = (ROOT / "docs" / "results-reference.md").read_text(encoding="utf-8")
    assert "`policy_code`" in ref


# ------------------------------------------------------------------ why a comparison moved


def _why_folder(tmp_path: Path, base: dict[str, object], other: dict[str, object]) -> Path:
    import yaml

    for k, sc in enumerate((base, other)):
        rep = tmp_path / f"{k}-{sc['name']}" / "rep-000"
        rep.mkdir(parents=True)
        (rep / "scenario.yaml").write_text(yaml.safe_dump(sc), encoding="utf-8")
    return tmp_path


CLOSED = [
    {"target": "node", "id": node, "start": "2026-01-06", "end": "2026-01-18",
     "announced": "2026-01-03", "servers_factor": 0.0}
    for node in ("BRE", "MAL")
]  # fmt: skip
STATIC = {"mode_choice": {"rule": "share"}, "consolidation": {"loading": "fifo"}}
REACTIVE = {"mode_choice": {"rule": "live"}, "consolidation": {"loading": "earliest_deadline"}}
MOVED = {"mean": 1.0, "half_width": 0.1, "distinguishable": True}
SAME = {"mean": 0.0, "half_width": 0.0, "distinguishable": False}
KPIS = [("lead time", "lead_time_days.overall.mean", "d"),
        ("festival on time", "on_time.by_category.festival_goods.share", "%")]  # fmt: skip


def test_why_names_the_policies_not_a_closure_both_scenarios_share(tmp_path: Path) -> None:
    """``compare static.yaml reactive.yaml`` (the closure what-if, both closed): every KPI that
    moved was put down to "Brest (BRE), Malaszewicze (MAL) disrupted", a closure the baseline
    had too, and the festival share that did not move "although a disruption was applied";
    the policies that made the difference were not named."""
    from sim.output.explain import explain

    base = {"name": "static", "start": "2025-09-01", "days": 196, "disruptions": CLOSED,
            "logistics": STATIC}  # fmt: skip
    other = {**base, "name": "reactive", "logistics": REACTIVE}
    comp = {"baseline": "static", "paired_differences": {
        "reactive": {KPIS[0][1]: MOVED, KPIS[1][1]: SAME}}}  # fmt: skip
    rows = explain(_why_folder(tmp_path, base, other), comp, KPIS)
    assert [r[1] for r in rows] == ["lead time"], rows  # no "unchanged although" row
    why = rows[0][2]
    assert "Brest" not in why and "disrupted" not in why, why
    assert "routing (`logistics.mode_choice.rule`): share -> live" in why, why
    assert "loading (`logistics.consolidation.loading`): fifo -> earliest_deadline" in why, why


def test_why_names_a_closure_as_one_setting_beside_the_policies(tmp_path: Path) -> None:
    """Against the open season, a scenario that adds the closure and changes the policies: the
    settings listed began with six ``disruptions.0.announced: - -> 2026-01-03`` items and hid
    the policies behind "... 24 more"; a closure is one item, and the policies are named
    beside the closure's effect."""
    from sim.output.explain import explain, setting_differences

    base = {"name": "open", "start": "2025-09-01", "days": 196, "logistics": STATIC}
    other = {**base, "name": "reactive", "disruptions": CLOSED, "logistics": REACTIVE}
    said = setting_differences(base, other)
    assert said[0] == ("disruptions: + BRE 2026-01-06..2026-01-18, + MAL 2026-01-06..2026-01-18"), (
        said
    )
    assert "logistics.mode_choice.rule: share -> live" in said
    assert not any(s.startswith("disruptions.") for s in said), said
    comp = {"baseline": "open", "paired_differences": {"reactive": {KPIS[0][1]: MOVED}}}
    rows = explain(_why_folder(tmp_path, base, other), comp, KPIS)
    why = rows[0][2]
    assert "Brest (BRE)" in why and "routing (`logistics.mode_choice.rule`): share -> live" in why


# ------------------------------------------------------------------ a conservative date in the run


def test_a_conservative_last_safe_date_never_falls_before_the_first_day_judged() -> None:
    """The comparison of the festival closure what-if (3 replications) gave Christmas goods to
    Belgrade by L07 "01 Oct 2025 ± 33.0 (conservative 17 Aug 2025)": a date two weeks before
    the run's first day (1 Sep 2025) and four before the first orders it judges (15 Sep). A
    lower prediction bound that leaves the simulated days says nothing about them: there is
    then no conservative date, and the reason says so."""
    from sim.results.planning_answers import conservative_day

    days = [30, 62, 45]  # bound: day -9, before day 14
    free = conservative_day(days)
    assert free["day"] is not None and free["day"] < 14
    got = conservative_day(days, first_day=14)
    assert got["day"] is None
    assert got["why"] == (
        "the bound (day -9) falls before the first day whose orders are judged (day 14): "
        "the 3 seasons' dates spread too widely; run more replications"
    ), got["why"]
    assert conservative_day([40, 41, 42, 40], first_day=14)["day"] == 38  # inside: unchanged


def test_the_reports_conservative_dates_are_bounded_by_the_warm_up() -> None:
    from sim.output.report_parts import _aggregate_safe

    first = {
        "start": "2025-09-01",
        "statistics_from_day": 14,
        "on_time": {"last_safe_order": {"christmas_goods": {"deadline_date": "2025-11-15",
                                                            "lines": {"L07": {"BEG": {}}}}}},
    }  # fmt: skip
    kpis = {"on_time.last_safe_order.christmas_goods.lines.L07.BEG.day": {"mean": 45.7, "n": 3}}
    rows = _aggregate_safe(kpis, first, {("christmas_goods", "L07", "BEG"): [30, 62, 45]})
    assert rows[0]["conservative"]["day"] is None, rows


# ------------------------------------------------------------------ citing an experiment


def test_an_experiments_own_file_names_the_build_that_made_every_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README says to cite ``code_sha256`` with the version; an experiment's answer is its
    ``aggregate.json`` / ``comparison.json`` / ``sweep.json``, which named neither: a researcher
    citing an interval had to open a run's manifest and trust that every run shared it (they
    do: a re-launched experiment makes again the runs of another build)."""
    import json

    from sim import __version__
    from sim.results.run import code_sha256

    common = ["--replications", "2", "--jobs", "1", "--quiet", "--no-report", "--summaries-only",
              "--out", str(tmp_path), *SHORT]  # fmt: skip
    assert main(["run", str(SMALL), *common]) == 0
    assert main(["compare", str(SMALL), str(SMALL), *common]) == 0
    assert main(["sweep", str(SMALL), "--vary", "logistics.lines.L01.trains_per_week=1,2",
                 *common]) == 0  # fmt: skip
    capsys.readouterr()
    files = [
        tmp_path / "teaching-small" / "replications-42" / "aggregate.json",
        next(tmp_path.glob("compare-*/comparison.json")),
        next(tmp_path.glob("teaching-small/sweep-*/sweep.json")),
    ]
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        assert data["version"] == __version__, f
        assert data["code_sha256"] == code_sha256(), f
        assert "policy_code" not in data, f  # only with a user's own policy
    ref = (ROOT / "docs" / "results-reference.md").read_text(encoding="utf-8")
    exp = ref.split("## Experiments", 1)[1]
    assert "`code_sha256`" in exp.split("### kpis.parquet", 1)[0]


# ------------------------------------------------------------------ a plan without an answer


def _no_answer_plan() -> dict[str, object]:
    """A plan whose closest decision is undecided (as ``plan scenarios/plan_festival_2026.yaml
    --decide disruptions.0.trains_factor=1,2 --decide disruptions.5.trains_factor=1,2 --goal
    'on_time.by_category.festival_goods.share>=0.905,tol=0.002' --goal min:rail_departures
    --budget 30 --screen-replications 2 --contenders 3`` ended), trimmed to what the page
    reads."""
    share = "on_time.by_category.festival_goods.share"
    words = [{"path": "disruptions.0.trains_factor", "value": 2, "target": "Madrid (L01)",
              "what": "departures", "window": "2025-12-01 - 2026-01-31", "per_week": 3.0,
              "extra": 13, "changed": True}]  # fmt: skip
    kpis = {
        "rail_departures": {"n": 9, "mean": 683.0, "sd": 0.0, "ci_low": 683.0, "ci_high": 683.0,
                            "half_width": 0.0},
        share: {"n": 9, "mean": 0.904878, "sd": 0.00390441, "ci_low": 0.901877,
                "ci_high": 0.907879, "half_width": 0.0030012},
    }  # fmt: skip
    cand = {"id": "c-1", "decision": {"disruptions.0.trains_factor": 2}, "words": words,
            "overrides": ["disruptions.0.trains_factor=2"], "search_runs": 2,
            "selection_runs": 7, "search_kpis": kpis, "kpis": kpis,
            "role": "contender"}  # fmt: skip
    closest = {"id": "c-1", "decision": cand["decision"], "words": words, "runs": 9,
               "overrides": cand["overrides"], "meets_goal": None, "more_runs": 1,
               "constraints": [{"kpi": share, "mean": 0.9048777777777778, "runs": 9,
                                "bound": 0.9024576296504547, "verdict": None,
                                "more_runs": 1}]}  # fmt: skip
    return {"runs": 29, "budget": 30, "wall_s": 22.2, "recommended": None, "closest": closest,
            "selection": {"probability_correct_selection": 0.95, "guaranteed": False},
            "candidates": [cand], "decisions": [{"path": "disruptions.0.trains_factor",
                                                 "values": [1, 2]}]}  # fmt: skip


def test_a_plan_without_an_answer_gives_the_closest_decisions_interval_and_bound() -> None:
    """With no decision known to meet the goal, the answer's table was headed "mean [95 %]"
    but gave only the mean (90.49 %), and the printed answer the same: the planner could not
    see how far the closest decision is from the goal (its interval 90.19-90.79 % and its
    one-sided bound 90.25 % against the goal's 90.5 % less 0.2 points)."""
    from sim.output.plan_report import _answer, plan_summary

    result = _no_answer_plan()
    _, head, rows, _ = _answer(result, "en", {c["id"]: c for c in result["candidates"]})
    assert head == ["KPI", "mean [95 %]"]
    # the KPI's name gives its unit: the value beside it does not say it again
    assert rows == [
        ["festival goods on time, %", "90.49 [90.19, 90.79]"],
        ["festival goods on time, %: one-sided 0.95 bound", "90.25"],
    ], rows
    printed = plan_summary(result)
    assert printed[2:] == [
        "  festival goods on time, %: 90.49 [90.19, 90.79]",
        "  festival goods on time, %: one-sided 0.95 bound: 90.25",
    ], printed


# ------------------------------------------------------------------ the seed is no parameter


def test_a_sweep_or_a_plan_over_the_seed_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sweep --vary seed=1,2`` ran two points with the same seeds (every point runs the
    seeds spawned from one root: common random numbers) and printed two identical rows, as if
    the season did not depend on its random numbers; ``plan --decide seed=1,2`` recommended
    "Seed: 1". Both are refused in one line that says what to use instead."""
    out = ["--out", str(tmp_path), "--jobs", "1", "--quiet"]
    code = main(["sweep", str(SMALL), "--vary", "seed=1,2", "--replications", "2", *out, *SHORT])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "--vary seed: " in err and "--seed" in err and "--replications" in err, err
    assert "Traceback" not in err and not any(tmp_path.iterdir())
    code = main(["plan", str(SMALL), "--decide", "seed=1,2", "--goal", "orders.delivered>=1",
                 "--goal", "min:rail_departures", "--budget", "20", *out, *SHORT])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2, err
    assert "--decide seed: " in err and "--seed" in err, err
    assert not any(tmp_path.iterdir())


# ------------------------------------------------------------------ a sweep's paired differences


def test_a_sweep_reports_each_points_paired_difference_against_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sweep runs every point with the same seeds (common random numbers) but said only each
    point's own interval (26.90 ± 3.58 against 25.84 ± 1.44 days: overlapping), never the
    paired difference, which is what the common seeds are for. ``sweep.json`` and the report
    now give each point's paired difference against the first, as a comparison does."""
    import json

    import numpy as np
    from scipy import stats

    from sim.experiment.collect import read_kpi_table

    args = ["sweep", str(SMALL), "--vary", "logistics.lines.L01.trains_per_week=2,1",
            "--replications", "3", "--jobs", "1", "--quiet", "--out", str(tmp_path),
            *SHORT]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    folder = next((tmp_path / "teaching-small").glob("sweep-*"))
    spec = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    base, other = "logistics.lines.L01.trains_per_week=2", "logistics.lines.L01.trains_per_week=1"
    assert spec["baseline"] == base
    assert list(spec["paired_differences"]) == [other]
    from sim.experiment.runs import sweep as run_sweep
    from sim.scenario import read_scenario_file

    mapping = {**read_scenario_file(SMALL), "days": 20, "warmup_days": 2}
    again = run_sweep(mapping, {"logistics.lines.L01.trains_per_week": [2, 1]}, 3, out=tmp_path)
    assert again.differences == spec["paired_differences"]  # the same, from Python
    got = spec["paired_differences"][other]["lead_time_days.overall.mean"]
    table = read_kpi_table(folder / "kpis.parquet").to_pandas()
    lead = table[table.kpi == "lead_time_days.overall.mean"]
    wide = lead.pivot(index="replication", columns="logistics.lines.L01.trains_per_week",
                      values="value")  # fmt: skip
    d = (wide[1] - wide[2]).to_numpy()
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    assert got["mean"] == pytest.approx(d.mean(), rel=1e-5)
    assert got["half_width"] == pytest.approx(half, rel=1e-5)
    md = (folder / "report.md").read_text(encoding="utf-8")
    part = md.split("## Paired differences against the baseline", 1)[1]
    assert part.splitlines()[0].endswith(base), part[:200]
    row = next(r for r in part.splitlines() if r.startswith("| 1 |"))  # the point's value
    assert f"{got['mean']:.2f} ± {got['half_width']:.2f}" in row, row


# ------------------------------------------------------------------ a damaged experiment file


@pytest.mark.parametrize(
    ("marker", "text", "said"),
    [
        ("comparison.json", '{"schema_version": 1, "kpis": ', "damaged (Expecting value"),
        ("comparison.json", '{"schema_version": 1}', "the key 'baseline' is missing"),
        ("sweep.json", "[]", "a JSON object was expected, got list"),
        ("sweep.json", '{"points": 3}', "the key 'parameters' is missing"),
        ("aggregate.json", '{"kpis": []}', "the key 'scenario' is missing"),
    ],
)
def test_report_names_the_damaged_experiment_file_and_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], marker: str, text: str, said: str
) -> None:
    """``yiwu-sim report`` of an experiment folder whose JSON file was cut short or edited said
    "a results file is damaged (KeyError('kpis'))": neither the file nor what it lacks."""
    folder = tmp_path / "exp"
    folder.mkdir()
    (folder / marker).write_text(text, encoding="utf-8")
    assert main(["report", str(folder)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {folder / marker}: "), err
    assert said in err and "KeyError" not in err and len(err.splitlines()) == 1, err


def test_why_names_a_setting_added_or_removed_whole_as_one_item() -> None:
    """The reactive what-if adds the Lithuanian detour's crossing (Mockava, MCK) with five
    settings, the static one leaves out the container pools: "logistics.borders.MCK.servers:
    - -> 2; logistics.borders.MCK.service_h.cv: - -> 0.5; ..." took five of the six places and
    hid the policies behind "... 8 more"."""
    from sim.output.explain import setting_differences

    mck = {"servers": 2, "background_trains_per_day": 0.0,
           "service_h": {"mean": 12.0, "cv": 0.5, "dist": "lognormal"}}  # fmt: skip
    base = {"logistics": {"borders": {"BRE": {"servers": 4}}, "containers": {"pools_teu": {
        "YIW": 60000}, "eastbound": {"enabled": True, "share": 0.5}}, **STATIC}}  # fmt: skip
    other = {"logistics": {"borders": {"BRE": {"servers": 4}, "MCK": mck},
                           "containers": {"pools_teu": {"YIW": 60000}}, **REACTIVE}}  # fmt: skip
    said = setting_differences(base, other)
    assert said == [
        "+ logistics.borders.MCK",
        "logistics.consolidation.loading: fifo -> earliest_deadline",
        "- logistics.containers.eastbound",
        "logistics.mode_choice.rule: share -> live",
    ], said


def test_a_plan_that_cannot_make_its_folder_says_cannot_write_as_every_command_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``plan --out`` under a file said "error: <folder>: Not a directory", where ``run``,
    ``compare``, ``sweep`` and ``sensitivity`` say "<folder>: cannot write (Not a directory)"."""
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    args = ["plan", str(SMALL), "--decide", "logistics.lines.L01.trains_per_week=1,2", "--goal",
            "orders.delivered>=1", "--goal", "min:rail_departures", "--budget", "20", "--jobs",
            "1", "--out", str(blocked), *SHORT]  # fmt: skip
    assert main(args) == 1
    err = [x for x in capsys.readouterr().err.splitlines() if not x.startswith("warning")]
    assert len(err) == 1 and err[0].startswith(f"error: {blocked}"), err
    assert err[0].endswith(": cannot write (Not a directory)"), err


def test_a_plans_json_names_the_build_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """``plan.json``, a plan's answer, names the build of its runs as the experiments' files do."""
    import json

    from sim.results.run import code_sha256

    args = ["plan", str(SMALL), "--decide", "logistics.lines.L01.trains_per_week=1,2", "--goal",
            "orders.delivered>=1", "--goal", "min:rail_departures", "--budget", "20", "--jobs",
            "1", "--quiet", "--out", str(tmp_path), *SHORT]  # fmt: skip
    assert main(args) == 0
    capsys.readouterr()
    plan = json.loads(next(tmp_path.glob("teaching-small/plan-*/plan.json")).read_text())
    assert plan["code_sha256"] == code_sha256() and "version" in plan


def test_a_comparison_says_when_its_scenarios_count_over_different_windows(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Compared with the same file at a 30-day warm-up, the teaching world "delivered 592 ± 93
    fewer orders" and was "3.4 ± 1.2 points less on time", both marked distinguishable: the
    counts start 23 days later, nothing in the season changed. Such a comparison now says that
    its scenarios count over different windows."""
    other = tmp_path / "lw.yaml"
    text = SMALL.read_text(encoding="utf-8").replace("warmup_days: 7", "warmup_days: 9")
    other.write_text(text.replace("name: teaching-small", "name: lw"), encoding="utf-8")
    args = ["compare", str(SMALL), str(other), "--replications", "2", "--jobs", "1", "--quiet",
            "--no-report", "--summaries-only", "--out", str(tmp_path),
            "--set", "days=20"]  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        assert main(args) == 0
    said = [r.getMessage() for r in caplog.records if r.name == "sim.experiment.runs"]
    assert said == [
        "lw: its counts and shares start on day 9 (warm-up), teaching-small's on day 7: a "
        "difference of counts and shares is partly the window's, not the scenario's (give "
        "both the same warmup_days)"
    ], said
    shorter = tmp_path / "shorter.yaml"
    text = SMALL.read_text(encoding="utf-8").replace("days: 150", "days: 20")
    shorter.write_text(text.replace("name: teaching-small", "name: shorter"), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        assert main(["compare", str(SMALL), str(shorter), *args[3:-2]]) == 0
    said = [r.getMessage() for r in caplog.records if r.name == "sim.experiment.runs"]
    assert said == [
        "shorter: it runs 20 days from 2025-10-01, teaching-small 150 days from 2025-10-01: the "
        "orders delivered by the end and the shares judged within the run differ by the "
        "window too"
    ], said


def test_a_comparisons_warnings_are_said_in_chinese(caplog) -> None:
    """The comparison's warnings (a later scenario's unused seed, different counting windows)
    and a damaged run made again are logged in English for notebooks; the command line's
    formatter says each in Chinese under ``--lang zh``, with every value in its place."""
    import logging

    from sim.experiment.provenance import warn_seeds, warn_windows
    from sim.output.saying import LogWords
    from sim.world.inputs import load_scenario

    first = load_scenario(ROOT / "scenarios" / "teaching_small.yaml")
    later = first.model_copy(update={"seed": 7, "warmup_days": 30, "days": 120})
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        warn_seeds([first, later])
        warn_windows([first, later])
        logging.getLogger("sim.experiment.runs").warning(
            "%s; the run is made again", "rep-001: manifest.json is damaged"
        )
    said = [LogWords("zh").format(r) for r in caplog.records]
    # (as the command's own warnings read: the logger's name only under --debug)
    assert len(said) == 4 and all(s.startswith("警告：") for s in said)
    assert not any("sim.experiment" in s for s in said)
    assert "其随机种子 7 未被使用" in said[0] and "随机种子 42" in said[0]
    assert "自第 30 天起（预热期）" in said[1] and "自第 7 天起" in said[1]
    assert "运行 120 天，自 2025-10-01 起" in said[2] and "运行 150 天" in said[2]
    assert said[3].endswith("rep-001: manifest.json is damaged；该次运行将重新计算")


@pytest.mark.parametrize(
    "key",
    ["scale", "market.production.overtime_share", "reporting.safe_order_share",
     "logistics.dispatch.lead_h"],
)  # fmt: skip
@pytest.mark.parametrize("value", [".nan", ".inf"])
def test_a_bounded_number_that_is_not_finite_is_named_as_such(key, value, capsys) -> None:
    """``scale: .nan`` said "Input should be less than or equal to 10 (got nan)": a bound the
    value does not break. A bounded number is refused as not finite, as the others are."""
    from sim.cli import main

    argv = ["validate", str(ROOT / "scenarios" / "teaching_small.yaml"), "--set", f"{key}={value}"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"  - {key}: Input should be a finite number (got {value[1:]})" in err, err


def test_a_disrupted_sea_edge_is_named_by_its_ends_in_chinese() -> None:
    """The horizon warning of a sea disruption named the edge by its id (``NGB-RTM``) under
    ``--lang zh``; it names the two ports, and English keeps the id the scenario wrote."""
    from sim.output.report_parts import horizon_warnings
    from sim.world.inputs import load_scenario

    sc = load_scenario(ROOT / "scenarios" / "hindcast_2023_red_sea.yaml", ["days=120"])
    zh = " ".join(horizon_warnings(sc, None, "zh"))
    en = " ".join(horizon_warnings(sc, None, "en"))
    assert "宁波舟山港—鹿特丹港 的干扰" in zh and "NGB-RTM" not in zh
    assert "disruption of NGB-RTM" in en


def test_a_trains_factor_beyond_any_timetable_is_refused_before_the_run(capsys) -> None:
    """``trains_factor: 1000000`` built a million times the line's departures (minutes and
    gigabytes) before anything said so; it is refused in one line naming the key and the
    bound."""
    from sim.cli import main

    cut = '[{"target":"line","id":"L01","start":"2025-11-01","end":"2025-11-10",' \
          '"trains_factor":1000000}]'  # fmt: skip
    argv = ["validate", str(ROOT / "scenarios" / "teaching_small.yaml"), "--set",
            f"disruptions={cut}"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "disruptions[0].trains_factor: Input should be less than or equal to 50" in err
