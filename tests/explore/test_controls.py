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
