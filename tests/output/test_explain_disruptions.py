"""What a crossing disruption did, counted from the runs' tables
(:mod:`sim.output.explain_disruptions`): the trains held and the backlog they left, the orders
on board, and the trains still waiting when the run ended."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.output.explain_disruptions import _backlog, _closing_windows, _hours, disruption_effects
from sim.output.explain_words import _effect_text
from sim.scenario import read_scenario_file
from tests.conftest import ROOT


def _hour(day: str) -> float:
    return (pd.Timestamp(day) - pd.Timestamp("2025-10-01")).days * 24.0


def test_a_day_is_its_midnight_and_an_announcement_its_moment() -> None:
    start = dt.date(2025, 10, 1)
    assert _hours(start, "2025-10-02") == 24.0
    assert _hours(start, dt.date(2025, 10, 3)) == 48.0
    assert _hours(start, "2025-10-01T09:00") == 9.0
    assert _hours(start, dt.datetime(2025, 10, 1, 12, 30)) == 12.5


def test_the_backlog_is_the_trains_that_queued_after_the_reopening_until_one_did_not() -> None:
    """In the order they came, other operators' trains included: the backlog has cleared at the
    first train that waited no longer than ``longer_h``."""
    cr = {"border": np.array(["MAL"] * 5 + ["BRE"]),
          "arrive_h": np.array([90.0, 101.0, 100.0, 102.0, 103.0, 101.0]),
          "wait_h": np.array([50.0, 8.0, 9.0, 1.0, 9.0, 7.0]),
          "departure_id": np.array([1, 2, -1, 4, 5, 6])}  # fmt: skip
    found = _backlog(cr, ["MAL", "BRE"], 100.0, 2.0, exclude=np.array([6]))
    assert found.tolist() == [2]  # not 5 (after a train that did not queue), nor held 6, nor -1


def test_only_a_closure_that_leaves_no_server_may_own_a_detour() -> None:
    scenario: dict[str, Any] = {"logistics": {"borders": {"MAL": {"servers": 4}}}, "disruptions": [
        {"target": "node", "id": "MAL", "start": "2025-10-10", "end": "2025-10-12",
         "servers_factor": 0, "announced": "2025-10-01T09:00"},
        {"target": "node", "id": "MAL", "start": "2025-11-01", "end": "2025-11-02",
         "servers_factor": 0.5},
        {"target": "node", "id": "BRE", "start": "2025-11-01", "end": "2025-11-02",
         "dwell_factor": 2.0},
        {"target": "line", "id": "L01", "start": "2025-11-01", "end": "2025-11-02",
         "trains_factor": 0}]}  # fmt: skip
    other = {"target": "node", "id": "BRE", "start": "2025-12-01", "end": "2025-12-02",
             "servers_factor": 0}  # fmt: skip
    start = dt.date(2025, 10, 1)
    windows = _closing_windows(scenario, start, [*scenario["disruptions"], other])
    assert windows == [
        (["MAL"], 216.0, 288.0, 9.0, ("2025-10-10", "2025-10-12")),  # its end day included
        (["BRE"], _hour("2025-12-01"), _hour("2025-12-03"), _hour("2025-12-01"), None),
    ]


def test_a_closure_whose_end_was_told_later_owns_the_detours_of_trains_that_expected_it() -> None:
    """Told its end on 11 October at 12:00 and expected 5 more days until then, a closure may
    own a detour of a train that would have reached it up to 16 October 12:00 (it went round
    what it expected); told with its end, only up to the real end; open-ended, up to ten years
    after the end was told."""
    from sim.scenario.disruptions import OPEN_ENDED_DAYS

    closure = {"target": "node", "id": "MAL", "start": "2025-10-10", "end": "2025-10-12",
               "servers_factor": 0, "announced": "2025-10-01T09:00"}  # fmt: skip
    start = dt.date(2025, 10, 1)
    told = {**closure, "end_announced": "2025-10-11T12:00", "expected_days": 5}
    (w,) = _closing_windows({"disruptions": [told]}, start, None)
    assert w[1:4] == (216.0, _hour("2025-10-11") + 12.0 + 120.0, 9.0)
    (known,) = _closing_windows({"disruptions": [closure]}, start, None)
    assert known[2] == 288.0
    open_ended = {**closure, "end_announced": "2025-10-11T12:00"}
    (w,) = _closing_windows({"disruptions": [open_ended]}, start, None)
    assert w[2] == _hour("2025-10-11") + 12.0 + 24.0 * OPEN_ENDED_DAYS


def test_the_backlog_still_waiting_after_a_reopening_is_the_closures(tmp_path: Path) -> None:
    """Malaszewicze reopens three days before the run ends (27 February) with a backlog that
    is still waiting for a server at the end: in no table, so the comparison's reason said
    nothing of the trains the closure still keeps. Those that came by the window's end and
    have waited longer than is usual are counted from ``queued_at_end``, apart from the trains
    a closure in force holds (``held_at_end``), and said in both languages; the printed
    summary and the report have a line for them."""
    from sim.cli import print_summary
    from sim.model import Model
    from sim.output.report import _kpi_rows
    from sim.output.results import write_run
    from sim.world.inputs import validate_data

    data = read_scenario_file(ROOT / "scenarios" / "teaching_small.yaml")
    lo, hi = "2026-02-05", "2026-02-24"
    data["disruptions"] = [{"target": "node", "id": "MAL", "start": lo, "end": hi,
                            "servers_factor": 0}]  # fmt: skip
    result = Model(validate_data(data, "backlog")).run()
    folder = write_run(result, tmp_path / "run")
    scenario = read_scenario_file(folder / "scenario.yaml")
    q = result.summary["queued_at_end"]["MAL"]
    end_h = result.scenario.days * 24.0
    came = [(d, a) for d, a in zip(q["departure_ids"], q["arrive_h"], strict=True)
            if d >= 0 and a < _hour(hi) + 24.0]  # fmt: skip
    assert came  # the closure's backlog
    (e,) = disruption_effects([folder], scenario)
    assert e["held_at_end"] == 0 and e["queued_at_end"] == len(came)
    assert e["queued_days_max"] == pytest.approx(max(end_h - a for _, a in came) / 24.0)
    en, zh = _effect_text(e, "en"), _effect_text(e, "zh")
    trains = "train" if len(came) == 1 else "trains"  # (one, here: "1 Yiwu train ... was")
    assert f"{len(came)} Yiwu {trains} (over 1 replication) that reached Malaszewicze" in en
    assert "when the run ended (the crossing open, every server busy)" in en
    assert f"{e['queued_days_max']:.1f} days" in en and "queued_at_end" in en
    assert "口岸开放，但通道均忙" in zh and "queued_at_end" in zh
    # the printed summary and the report's key figures: a line apart from the held ones
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        print_summary(result.summary, None, 0.1, 1)
    text = out.getvalue()
    assert "queued at an open crossing at the end" in text
    assert "held at a closed crossing" not in text
    n = q["trains"]
    for lang, label, count in (("en", "queued at an open crossing at the end", f"{n} trains"),
                               ("zh", "期末在开放口岸排队", f"{n} 列")):  # fmt: skip
        row = dict(_kpi_rows(result.summary, lang)[0])[label]
        assert count in row and str(q["waited_h_max"]) in row


def _one_server_closure(tmp_path: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The closed teaching world with one server at Malaszewicze and Brest and four trains a
    week on L01, so that the closure leaves a backlog: its run's folder, scenario and the
    closure's effects."""
    from sim.model import Model
    from sim.output.results import write_run
    from sim.world.inputs import load_scenario
    from tests.conftest import write_closed_teaching

    one = "{servers: 1, service_h: {dist: lognormal, mean: 12, cv: 0.5}}"
    sc = load_scenario(write_closed_teaching(tmp_path), [
        "logistics.lines={L01: {trains_per_week: 4}}",
        f"logistics.borders={{MAL: {one}, BRE: {one}}}"])  # fmt: skip
    folder = write_run(Model(sc, seed=1).run(), tmp_path / "run")
    scenario = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    (e,) = disruption_effects([folder], scenario)
    return folder, scenario, e


def test_the_backlog_a_closure_leaves_is_counted_as_its_own(tmp_path: Path) -> None:
    """Trains that came after the reopening and queued behind the held ones were left out of a
    closure's count (the static what-if: 10 trains said, 17 held more than a day). They are
    counted apart, up to the first that waited no longer than usual, and their orders with the
    held trains' orders."""
    from sim.output.results import load_run

    folder, _, e = _one_server_closure(tmp_path)
    assert e["trains"] > 0 and e["backlog"] > 0
    cr = load_run(folder).tables["crossings"]
    at = np.isin(cr["border"], ["MAL", "BRE"]) & (cr["departure_id"] >= 0)
    after = at & (cr["arrive_h"] >= _hour("2026-01-18") + 24.0)  # came after the reopening
    waited = np.unique(cr["departure_id"][after & (cr["wait_h"] > 1.0)])
    assert e["backlog"] <= waited.size  # those that waited longer than usual, at most
    assert e["backlog_days_max"] * 24.0 <= float(cr["wait_h"][after].max()) + 1e-9
    assert f"{e['backlog']} more came after the reopening" in _effect_text(e, "en")
    assert f"另有 {e['backlog']} 列在重新开放后到达" in _effect_text(e, "zh")


def test_the_held_trains_waits_are_theirs_not_the_backlogs(tmp_path: Path) -> None:
    """The sentence "N trains came in the window and waited A to B days there": A and B
    are the waits of those N trains. The backlog's waits were among them, so a week's closure of
    Malaszewicze read "reached it in the window and waited 0.8 to 7.6 days" where every train
    that came in the window waited at least 4.1 days (the 0.8 was the backlog's last train);
    the backlog has its own sentence and its own longest wait."""
    from sim.output.results import load_run

    folder, scenario, e = _one_server_closure(tmp_path)
    (d,) = scenario["disruptions"][:1]
    lo_h, hi_h = _hour(str(d["start"])), _hour(str(d["end"])) + 24.0
    cr = load_run(folder).tables["crossings"]
    at = np.isin(cr["border"], ["MAL", "BRE"]) & (cr["departure_id"] >= 0)
    inside = at & (cr["arrive_h"] < hi_h) & (cr["end_h"] > lo_h)
    usual = float(np.median(cr["wait_h"][at & ~inside]))
    held = inside & (cr["wait_h"] > usual + 1.0)
    waits = pd.Series(cr["wait_h"][held]).groupby(cr["departure_id"][held]).sum() / 24.0
    assert e["backlog"] > 0 and e["trains"] == waits.size
    assert (e["hold_days_min"], e["hold_days_max"]) == pytest.approx((waits.min(), waits.max()))
