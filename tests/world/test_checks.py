"""The checks that types cannot make (:mod:`sim.world.checks`): a disruption's id is refused
with what it may be, a disruption outside the run says how long to run, a missing festival is
refused where a deadline is the festival."""

from __future__ import annotations

import pytest

from sim.errors import ScenarioError
from sim.world.inputs import load_scenario
from tests.conftest import ROOT
from tests.world.conftest import TEACHING


def _problem(target: str, ident: str, change: str) -> str:
    disruption = (
        f"disruptions=[{{target: {target}, id: {ident}, start: 2025-12-01, "
        f"end: 2025-12-10, {change}}}]"
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, [disruption])
    (problem,) = err.value.problems
    return problem


def test_a_disruptions_unknown_id_is_refused_with_the_ids_it_may_take():
    node = _problem("node", "XXX", "servers_factor: 0")
    assert node.startswith("disruptions[0].id: 'XXX' is not a border crossing node; crossings: ")
    assert "BRE" in node and "MAL" in node
    line = _problem("line", "L99", "trains_factor: 0")
    assert line == (
        "disruptions[0].id: 'L99' is not a line; lines of this scenario: L01, L10, L12, S01"
    )
    # a line of the network that the scenario does not run is told apart from a misspelling
    assert _problem("line", "L02", "trains_factor: 0") == (
        "disruptions[0].id: 'L02' is not run here (not in logistics.only_lines); lines of this "
        "scenario: L01, L10, L12, S01"
    )
    edge = _problem("edge", "MAL-XXX", "extra_h: 5")
    assert edge.endswith("; edges at MAL: BRE-MAL, MAL-BUD, MAL-PRG, MAL-WAW"), edge
    assert _problem("edge", "XXX-YYY", "extra_h: 5") == (
        "disruptions[0].id: 'XXX-YYY' is not an edge (write it FROM-TO, e.g. MSQ-BRE)"
    )


def test_a_box_pool_and_an_eastbound_crossing_are_places_of_the_network():
    """A misspelt pool (``XXX``) or eastbound crossing was dropped without a word (found by
    fuzzing): each is refused with its key, and a crossing with the crossings it may be."""
    pools = "logistics.containers.pools_teu={YIW: 100, XXX: 4}"
    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, [pools])
    assert err.value.problems == ["logistics.containers.pools_teu.XXX: unknown node 'XXX'"]
    crossings = "logistics.containers.eastbound.background_trains_per_day"
    east = ["logistics.containers.pools_teu={YIW: 100}",
            "logistics.containers.eastbound.enabled=true",
            f"{crossings}={{BRE: 1, YIW: 3}}"]  # fmt: skip
    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, east)
    (problem,) = err.value.problems
    assert problem.startswith(
        "logistics.containers.eastbound.background_trains_per_day.YIW: 'YIW' is not a border "
        "crossing; known: "
    )
    assert "MAL" in problem
    sc = load_scenario(TEACHING, [*east[:2], f"{crossings}={{BRE: 1}}"])
    assert sc.logistics.containers.eastbound.background_trains_per_day == {"BRE": 1}


def test_a_disruption_after_a_shortened_run_says_how_long_to_run():
    """A student shortens the Małaszewicze scenario to 30 days: the December works lie after
    it, and the message says how many days reach them (or to remove them)."""
    with pytest.raises(ScenarioError) as err:
        load_scenario(ROOT / "scenarios" / "border_disruption_malaszewicze.yaml", ["days=30"])
    assert err.value.problems[0] == (
        "disruptions[0]: window 2025-12-01..2025-12-14 lies outside the run "
        "2025-09-01..2025-09-30; run at least 105 days to see it (--set days=105), or remove it"
    )
    assert "remove it, or start the run earlier" in _problem_before()


def _problem_before() -> str:
    with pytest.raises(ScenarioError) as err:
        load_scenario(
            TEACHING,
            ["disruptions=[{target: node, id: MAL, start: 2020-12-01, end: 2020-12-31, "
             "servers_factor: 0}]"],
        )  # fmt: skip
    return str(err.value.problems[0])


def test_no_festival_at_all_is_refused_only_where_a_deadline_is_the_festival(tiny):
    from sim.world.inputs import validate_data

    tiny["calendar"] = {"spring_festival": []}
    with pytest.raises(ScenarioError, match=r"of festival is the festival;"):
        validate_data(tiny, "t")
    tiny["market"]["categories"] = [{"name": "everyday", "share": 1.0}]
    assert validate_data(tiny, "t").calendar.spring_festival == []


@pytest.mark.parametrize(
    ("override", "english", "chinese"),
    [
        ("logistics.lines.l01.trains_per_week=1",
         "logistics.lines.l01: unknown line 'l01' (ids are upper case: did you mean 'L01'?); "
         "known: L01, L02",
         "logistics.lines.l01：未知的线路 'l01'（编号为大写：是否指 'L01'？）；已知线路：L01, L02"),
        ("logistics.only_lines=[L01, l12, L10, S01]",
         "logistics.only_lines: unknown line 'l12' (ids are upper case: did you mean 'L12'?); "
         "known: L01, L02",
         "logistics.only_lines：未知的线路 'l12'（编号为大写：是否指 'L12'？）；"
         "已知线路：L01, L02"),
        ("buyers.destinations={mad: 0.3, MOW: 0.25, ALA: 0.25, RTM: 0.2}",
         "buyers.destinations.mad: unknown destination 'mad' (ids are upper case: did you mean "
         "'MAD'?); served: ALA",
         "buyers.destinations.mad：未知的目的地 'mad'（编号为大写：是否指 'MAD'？）；有线路服务的"
         "目的地：ALA"),
    ],
)  # fmt: skip
def test_an_id_in_lower_case_is_said_to_be_upper_case(
    override: str, english: str, chinese: str
) -> None:
    """``--set logistics.lines.l01.trains_per_week=1`` said "unknown line 'l01'; known: L01,
    ..." and left the reader to spot the case; a line or destination id that is known in upper
    case says so."""
    from sim.output.saying import in_lang

    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, [override])
    said = [p for p in err.value.problems if "upper case" in p]
    assert len(said) == 1, err.value.problems
    assert said[0].startswith(english), said[0]
    assert in_lang(said[0], "zh").startswith(chinese), in_lang(said[0], "zh")


def test_settings_for_a_line_left_out_say_the_set_that_drops_them():
    """``--set 'logistics.only_lines=[S01]'`` on the teaching world was refused with "set
    logistics.lines without it", which a file can do but ``--set`` cannot (no key is removed:
    ``logistics.lines.L01=null`` is refused). The problem names the ``--set`` that works: the
    lines' settings of the lines run alone, which the run then takes."""
    from sim.output.saying import in_lang

    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, ["logistics.only_lines=[S01]"])
    left = [p for p in err.value.problems if p.startswith("logistics.lines.")]
    assert len(left) == 3 and all(
        p.endswith("set logistics.lines without it (on the command line: --set "
                   "'logistics.lines={}')") for p in left
    ), left  # fmt: skip
    assert in_lang(left[0], "zh").endswith("（在命令行上：--set 'logistics.lines={}'）")
    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, ["logistics.only_lines=[L01, S01]"])
    said = "--set 'logistics.lines={L01: {trains_per_week: 2}}'"
    assert f"(on the command line: {said})" in err.value.problems[0]
    # what it says is taken (the destinations no line serves left aside)
    served = "buyers.destinations={MAD: 0.5, RTM: 0.5}"
    sc = load_scenario(TEACHING, ["logistics.only_lines=[L01, S01]", said[7:-1], served])
    assert list(sc.logistics.lines) == ["L01"]
    assert sc.logistics.lines["L01"].trains_per_week == 2


def test_a_long_timetable_of_a_line_run_is_not_written_into_the_problem():
    """Past :data:`~sim.world.checks.LINES_KEPT_CHARS` the problem names ``logistics.lines={}``
    and the lines whose settings it drops too, rather than a timetable of many departures."""
    from sim.output.saying import in_lang

    slots = ", ".join(f"{{weekday: {d}, hour: 8}}" for d in range(7))
    extra = ["logistics.only_lines=[L01]", "logistics.lines.L01.trains_per_week=null",
             f"logistics.lines.L01.timetable=[{slots}]"]  # fmt: skip
    with pytest.raises(ScenarioError) as err:
        load_scenario(TEACHING, extra)
    first = err.value.problems[0]
    assert first.endswith(
        "(on the command line: --set 'logistics.lines={}', which drops the settings of L01 "
        "too: --set them again after it)"
    ), first
    assert in_lang(first, "zh").endswith("这也会去掉 L01 的设置：请在其后用 --set 重新设置）")
