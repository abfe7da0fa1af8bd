"""The explorer's controls (sim.explore.controls): built from the scenario schema, each with its
label, unit and range; a setting checked in words and turned into the ``--set`` overrides and
the command the page prints."""

from __future__ import annotations

import pytest

from sim.explore.controls import Controls
from sim.explore.engine import TEACHING
from sim.scenario import read_scenario_file
from sim.world.inputs import load_scenario
from sim.world.network import load_network


@pytest.fixture(scope="module")
def controls() -> Controls:
    return Controls(read_scenario_file(TEACHING), "scenarios/teaching_small.yaml", load_network())


def test_every_control_is_labelled_with_unit_and_range(controls):
    for c in controls.controls:
        assert c.label
        if c.kind in ("number", "integer"):
            assert c.min is not None and c.max is not None and c.min <= c.value <= c.max, c
    servers = controls.by_key["borders.MAL.servers"]
    assert (servers.min, servers.unit) == (1, "trains")  # the schema's bound ge=1
    assert controls.by_key["mode_choice.rule"].choices == ["share", "fastest", "cheapest",
                                                          "deadline", "live"]  # fmt: skip


def test_a_setting_is_the_command_it_prints(controls):
    s = controls.baseline()
    assert controls.overrides(s) == []
    s.update({"lines.L01.trains_per_week": 0.5, "borders.MAL.servers": 4, "closure.days": 7,
              "closure.start": "2025-12-01", "consolidation.loading": "earliest_deadline",
              "closure_offset.start": -6})  # fmt: skip
    clean, problems = controls.check(s)
    assert problems == {}
    sets = controls.overrides(clean)
    _data, sc = controls.scenario_for(sets)
    # the same --set strings through the command line's loader give the same scenario
    assert load_scenario(TEACHING, sets) == sc
    assert sc.disruptions[-1].servers_factor == 0 and sc.disruptions[-1].id == "MAL"
    assert sc.logistics.borders["MAL"].servers == 4
    cmd = controls.command(clean, sets)
    assert cmd.startswith("yiwu-sim run scenarios/teaching_small.yaml --seed 42 --replications 3")


def test_the_policies_that_answer_back_are_controls_that_run(controls):
    """Roll-over, dispatch, prices and sailings are choices on the page: each sets its rule in
    the scenario the page runs, as the printed command does, and reads in Chinese as it means
    for that policy (``fixed`` is a timetable for dispatch, a way of waiting for trains)."""
    from sim.explore.i18n import glossary

    want = {"consolidation.rollover": ("live", "consolidation.rollover.rule"),
            "dispatch.rule": ("demand", "dispatch.rule"),
            "pricing.rule": ("live", "pricing.rule"),
            "sailings.rule": ("carriers", "sailings.rule")}  # fmt: skip
    s = controls.baseline()
    for key, (value, _) in want.items():
        c = controls.by_key[key]
        assert c.kind == "choice" and c.group == "Policies" and value in c.choices
        assert c.label_zh and c.help_zh and c.label_zh != c.label
        s[key] = value
    clean, problems = controls.check(s)
    assert problems == {}
    sets = controls.overrides(clean)
    _data, sc = controls.scenario_for(sets)
    assert load_scenario(TEACHING, sets) == sc
    for key, (value, path) in want.items():
        node = sc.logistics
        for part in path.split("."):
            node = getattr(node, part)
        assert node == value, key
    words = glossary()
    assert words["choice.dispatch.rule.fixed"]["zh"] != words["choice.fixed"]["zh"]
    for c in controls.controls:  # every choice has a name in both languages
        for x in c.choices or []:
            entry = words.get(f"choice.{c.key}.{x}") or words[f"choice.{x}"]
            assert entry["en"] and entry["zh"], (c.key, x)


def test_bad_values_are_answered_in_words(controls):
    _clean, problems = controls.check(
        {
            "seed": "x",
            "replications": 50,
            "crossing": "NOPE",
            "closure.start": "2030-01-01",
            "mode_choice.rule": "magic",
            "buyers.visits_per_day": float("nan"),
            "other": 1,
        }
    )
    assert problems["seed"] == "Seed: a number, not 'x'"
    assert "from 1 to 20" in problems["replications"]
    assert problems["crossing"].startswith("choose one of")
    assert "a day of the run" in problems["closure.start"]
    assert "choose one of share" in problems["mode_choice.rule"]
    assert "finite" in problems["buyers.visits_per_day"]
    assert problems["other"] == "not a control of this page"


def test_the_seed_control_takes_every_seed_a_page_holds_and_says_its_range_in_full():
    from sim.explore.controls import MAX_SEED

    data = read_scenario_file(TEACHING)
    data["seed"] = 4091952314  # a replication's seed, above 2^31
    controls = Controls(data, "t", load_network())
    clean, problems = controls.check(controls.baseline())
    assert not problems and clean["seed"] == 4091952314
    _, problems = controls.check({"seed": MAX_SEED + 1})
    assert problems["seed"] == f"Seed: from 0 to {MAX_SEED:,}"


def test_a_world_without_a_border_crossing_is_refused_in_words():
    from sim.errors import ScenarioError

    data = read_scenario_file(TEACHING)
    data["buyers"]["destinations"] = {"RTM": 1.0}
    data["logistics"] = {"only_lines": ["S01"]}
    with pytest.raises(ScenarioError, match=r"no line of this scenario crosses a border \(S01\)"):
        Controls(data, "t", load_network())


# a 10-day closure of Małaszewicze in November, with live routing and detours: the rules that
# read the network's live state, the only ones a closure's end told late can change
LIVE = {"closure.start": "2025-11-03", "closure.days": 10, "mode_choice.rule": "live",
        "train_routing": "avoid_closed"}  # fmt: skip
# what the page sent for that closure before it could tell an end late (fifteenth session)
BEFORE = ("disruptions=[{description: closed (explorer), end: 2025-11-12, id: MAL, "
          "servers_factor: 0, start: 2025-11-03, target: node}]")  # fmt: skip


def _digest(controls, setting: dict) -> dict:
    from sim.experiment.single import simulate
    from sim.explore.digest import digest

    clean, problems = controls.check({**controls.baseline(), **setting})
    assert problems == {}
    sets = controls.overrides(clean)
    _data, sc = controls.scenario_for(sets)
    assert load_scenario(TEACHING, sets) == sc  # the command the page prints runs it
    return digest(simulate(sc, 42, network=controls.network))


def test_a_closures_end_told_later_is_two_controls_at_the_crossing(controls):
    """The closure's ``end_announced`` and ``expected_days`` are controls beside its start and
    length, in both languages, saying that only the live rules see them."""
    told = controls.by_key["closure.end_told_days"]
    expected = controls.by_key["closure.expected_days"]
    assert (told.kind, told.group, told.value, told.min, told.unit) == ("integer", "Crossing", 0,
                                                                       0, "days")  # fmt: skip
    assert (expected.kind, expected.value, expected.min) == ("number", 0.0, 0)
    keys = [c.key for c in controls.controls]
    assert keys.index("closure.days") + 1 == keys.index("closure.end_told_days")
    for c in (told, expected):
        assert c.label and c.label_zh and c.help and c.help_zh and c.label_zh != c.label
    assert "'live'" in told.help and "'avoid_closed'" in told.help
    assert "按实时网络" in told.help_zh and "绕行" in told.help_zh
    assert "0: open-ended" in expected.help and "无限期" in expected.help_zh


def test_an_end_told_later_is_the_disruptions_end_announced_and_expected_days(controls):
    s = {**controls.baseline(), **LIVE, "closure.end_told_days": 8}
    clean, _ = controls.check(s)
    _data, sc = controls.scenario_for(controls.overrides(clean))
    d = sc.disruptions[-1]
    assert (str(d.start), str(d.end), str(d.end_announced)) == ("2025-11-03", "2025-11-12",
                                                               "2025-11-11")  # fmt: skip
    assert d.expected_days is None  # 0 on the page: open-ended, the file's default
    clean, _ = controls.check({**s, "closure.expected_days": 3.5})
    sets = controls.overrides(clean)
    assert sc != controls.scenario_for(sets)[1]
    assert controls.scenario_for(sets)[1].disruptions[-1].expected_days == 3.5
    cmd = controls.command(clean, sets)
    assert "end_announced: 2025-11-11, expected_days: 3.5," in cmd
    # told past the reopening: the file says so (the run warns that the reopening itself is
    # seen, sim.world.unread_settings)
    clean, problems = controls.check({**s, "closure.end_told_days": 12})
    assert problems == {}
    assert str(controls.scenario_for(controls.overrides(clean))[1].disruptions[-1]
               .end_announced) == "2025-11-15"  # fmt: skip


def test_an_end_told_at_once_is_the_closure_as_before(controls):
    """Told when it starts (the default) the closure is the one the page made before these
    controls: the same override, whatever the expectation says, and no closure no override."""
    for expected in (0, 14):
        s = {**controls.baseline(), **LIVE, "closure.expected_days": expected}
        clean, _ = controls.check(s)
        assert controls.overrides(clean)[0] == BEFORE
    no_closure = {**controls.baseline(), "closure.end_told_days": 5, "closure.expected_days": 2}
    clean, problems = controls.check(no_closure)
    assert problems == {} and controls.overrides(clean) == []


def test_bad_values_for_an_end_told_later_are_answered_in_words(controls):
    _clean, problems = controls.check({"closure.end_told_days": 2.5,
                                       "closure.expected_days": -1})  # fmt: skip
    assert problems["closure.end_told_days"] == "Its end told, days after it starts: a whole number"
    assert problems["closure.expected_days"] == (
        "Until its end is told, expected to last: from 0 to 60 days"
    )
    _clean, problems = controls.check({"closure.end_told_days": 61, "closure.expected_days": "x"})
    assert problems["closure.end_told_days"].endswith("from 0 to 60 days")
    assert problems["closure.expected_days"].endswith("a number, not 'x'")


def test_a_closures_end_told_late_changes_the_live_runs_and_no_other(controls):
    """Live routing and detours expect the closure to go on until its end is told: told on its
    eighth day (open-ended until then) moves the season; told at once it is the run as before
    (the same digest as the override the page sent then); and under the fixed rules, which read
    no live state, the late telling changes nothing."""
    from sim.experiment.single import simulate
    from sim.explore.digest import digest

    at_once = _digest(controls, LIVE)
    before = load_scenario(TEACHING, [BEFORE, "logistics.mode_choice.rule=live",
                                      "logistics.train_routing=avoid_closed"])  # fmt: skip
    assert digest(simulate(before, 42, network=controls.network)) == at_once
    late = _digest(controls, {**LIVE, "closure.end_told_days": 8})
    assert late["kpis"] != at_once["kpis"]
    assert late["kpis"]["rail_teu_per_week"] < at_once["kpis"]["rail_teu_per_week"]
    fixed = {**LIVE, "mode_choice.rule": "share", "train_routing": "fixed"}
    assert _digest(controls, {**fixed, "closure.end_told_days": 8}) == _digest(controls, fixed)
