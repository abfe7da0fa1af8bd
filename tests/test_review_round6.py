"""Faults found reviewing the sixth round (line cuts told late, the live state kept between
slices, the engines' tie rules): each test failed before its fix."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.test_invariants_round6 import _fifo_loading, check_run, run

# Moscow's line (L10) on Thursdays and Fridays 15:30 with one slot a train, a 60-hour cut-off and
# extra trains when goods pile up; twice the trains from 26 February 2026 (trains_factor 2: one
# more between two published ones), told on 25 February at 23:00, after the cut-offs of that
# week's published trains (24 February 03:30 and 25 February 03:30).
LATE_DOUBLE = [
    "start=2026-01-26", "days=44", "scale=0.05", "buyers.in_scope_share=0.2",
    "logistics.consolidation.cutoff_h=60",
    'logistics.lines={"L10": {"timetable": [{"weekday": 3, "hour": 15.5}, '
    '{"weekday": 4, "hour": 15.5}], "capacity_teu": 2}}',
    "disruptions=" + json.dumps([{"target": "line", "id": "L10", "start": "2026-02-26",
                                  "end": "2026-03-02", "trains_factor": 2.0,
                                  "announced": "2026-02-25T23:00"}]),
    "logistics.dispatch.rule=demand", "logistics.dispatch.add_when_backlog_trains=1.0",
    "logistics.dispatch.lead_h=24", "logistics.dispatch.max_extra_per_week=3",
    "logistics.mode_choice.rule=fastest",
]  # fmt: skip


@pytest.mark.parametrize("engine", ["batched", "per_actor"])
def test_a_train_cut_off_at_an_announcement_that_leaves_first_takes_the_older_goods(engine):
    """At the announcement (25 February 23:00, h 743) the line's published trains stand and it
    now runs one more at 03:30 on 27 February (h 771.5), halfway between Thursday's and
    Friday's, that no timetable showed: cut off at the announcement, it leaves before Friday's
    train (h 783.5), loaded at its cut-off with older goods. Taking the goods waiting at the
    announcement, it left with younger goods than Friday's: first closed was no longer first
    gone, as ``fifo`` promises (found with a trains_factor 0.5 when the line's departures
    were redrawn in the window). The route's trains not gone are now loaded again together
    when a departure cut off later leaves sooner."""
    model, r = run([*LATE_DOUBLE, f"engine={engine}"])
    d = r.tables["departures"]
    l10 = np.asarray(d["line"]) == "L10"
    leave = d["departed_h"][l10]
    assert (leave == 771.5).any() and (leave == 783.5).any()  # the case
    assert _fifo_loading(model, r.tables["orders"]) == []
    assert check_run(model, r) == []


@pytest.mark.parametrize(
    ("disruption", "said"),
    [
        ('{target: line, id: L01, start: 2025-10-05, end: 2025-10-09, trains_factor: 0, '
         'announced: "2025-10-07T09:00"}',
         "disruptions[0].announced：公布时间 2025-10-07 09:00:00 晚于开始日 2025-10-05"),
        ("{target: line, id: L01, start: 2025-10-05, end: 2025-10-01, trains_factor: 0}",
         "disruptions[0].end：结束日 2025-10-01 早于开始日 2025-10-05"),
        ("{target: line, id: L01, start: 2025-10-05, end: 2025-10-09, servers_factor: 0.5}",
         "disruptions[0]：['servers_factor'] 不适用于 target: line 的干扰；允许："),
        ("{target: line, id: L01, start: 2025-10-05, end: 2025-10-09}",
         "disruptions[0]：target: line 的干扰需要以下之一："),
    ],
)  # fmt: skip
def test_a_disruptions_own_problems_are_said_in_chinese(
    disruption: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line cut announced after its first day, a window that ends before it starts, an
    effect that does not fit its target: the commonest mistakes in a disruption were refused
    in English under ``--lang zh``."""
    from sim.cli import main
    from tests.conftest import ROOT

    scenario = str(ROOT / "scenarios" / "teaching_small.yaml")
    args = ["run", scenario, "--set", f"disruptions=[{disruption}]", "--no-report"]
    assert main([*args, "--lang", "zh"]) == 2
    head, problem = capsys.readouterr().err.rstrip("\n").split("\n")
    assert head.startswith("错误：情景") and problem.startswith(f"  - {said}"), problem
    assert main(args) == 2
    assert "invalid scenario" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("no_such_module_r6:Policy", "无法导入模块 'no_such_module_r6'"),
        ("sim.model:Nope", "模块 'sim.model' 中没有 'Nope'"),
        ("sim.model:Model", "'sim.model:Model' 不是 routing 策略（应为 "),
        ("no-module:X", "'no-module:X' 不是 package.module:Class 的形式"),
    ],
)
def test_a_plug_in_policy_that_cannot_be_used_is_refused_in_chinese(
    name: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario key or ``--policy`` naming a plug-in that cannot be imported, has no such
    class, or is not a policy of that kind was refused in English under ``--lang zh``."""
    from sim.cli import main
    from tests.conftest import ROOT

    scenario = str(ROOT / "scenarios" / "teaching_small.yaml")
    args = ["run", scenario, f"--set=logistics.mode_choice.rule={name}", "--no-report"]
    assert main([*args, "--lang", "zh"]) == 2
    problem = capsys.readouterr().err.rstrip("\n").split("\n")[-1]
    assert problem.startswith(f"  - logistics.mode_choice.rule：{said}"), problem
