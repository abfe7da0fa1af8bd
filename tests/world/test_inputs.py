"""``--set`` on a key the scenario file leaves out changes that one value of its default.

The teaching world's file lists no border crossings and no distributions of order sizes: their
values come from the network and the schema. A run folder's ``scenario.yaml`` shows them
(``logistics.borders.MAL.service_h.mean: 24.0``), so a student who copies one of those key paths
into ``--set`` must get a run with that value changed, not a refusal about keys never touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import ScenarioError
from sim.scenario import apply_overrides
from sim.world.inputs import load_scenario, resolve

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "scenarios" / "teaching_small.yaml"


def test_a_crossing_the_file_leaves_out_keeps_its_servers_when_one_value_is_set() -> None:
    base = resolve(load_scenario(SMALL)).logistics.borders["MAL"]
    sc = resolve(load_scenario(SMALL, ["logistics.borders.MAL.service_h.mean=12"]))
    mal = sc.logistics.borders["MAL"]
    assert mal.servers == base.servers
    was = base.service_h.model_dump(by_alias=True)
    assert mal.service_h.model_dump(by_alias=True) == {**was, "mean": 12}
    assert sc.logistics.borders["BRE"] == resolve(load_scenario(SMALL)).logistics.borders["BRE"]


def test_background_trains_at_a_crossing_the_file_leaves_out() -> None:
    sc = resolve(load_scenario(SMALL, ["logistics.borders.MAL.background_trains_per_day=2"]))
    assert sc.logistics.borders["MAL"].background_trains_per_day == 2
    assert sc.logistics.borders["MAL"].service_h.model_dump(by_alias=True)["mean"] == 24


def test_a_value_inside_a_default_the_file_leaves_out() -> None:
    sc = load_scenario(SMALL, ["buyers.order_teu.mean=0.5", "buyers.monthly_profile.0=2"])
    order = sc.buyers.order_teu.model_dump(by_alias=True)
    assert order == {"dist": "lognormal", "mean": 0.5, "cv": 1.0}
    assert sc.buyers.monthly_profile[:2] == [2.0, 1.0]


def test_a_whole_value_given_replaces_the_default_and_is_checked_as_given() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["buyers.order_teu={mean: 1}"])
    assert "'dist' is missing" in info.value.problems[0]


def test_without_defaults_the_override_is_applied_as_before() -> None:
    out = apply_overrides({"logistics": {}}, ["logistics.borders.MAL.servers=3"])
    assert out == {"logistics": {"borders": {"MAL": {"servers": 3}}}}


def test_defaults_are_made_only_for_a_path_into_a_missing_part() -> None:
    calls: list[int] = []

    def defaults() -> dict[str, object]:
        calls.append(1)
        return {"a": {"b": 1, "c": 2}, "d": [1, 2]}

    data = {"a": {"b": 5}, "e": 1}
    assert apply_overrides(data, ["e=2", "a.c=3"], defaults=defaults) == {
        "a": {"b": 5, "c": 3},
        "e": 2,
    }
    assert not calls
    assert apply_overrides({}, ["a.c=3", "d.1=9"], defaults=defaults) == {
        "a": {"b": 1, "c": 3},
        "d": [1, 9],
    }
    assert len(calls) == 1


def test_an_item_of_a_list_the_file_leaves_out_empty_still_says_to_give_the_whole_list() -> None:
    """The default of ``disruptions`` is an empty list: there is no item to start from, so
    ``--set disruptions.0.id=MAL`` is refused as before, with the whole list to give."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["disruptions.0.id=MAL"])
    (problem,) = info.value.problems
    assert "--set 'disruptions=[...]'" in problem


def test_of_entries_by_id_only_the_one_on_the_path_is_filled_in() -> None:
    """Setting one crossing of a file without ``borders`` writes that crossing out, not every
    crossing of the network (the explorer's download and its printed command give the same
    scenario, ``tests/test_explore.py``)."""
    borders = {"A": {"servers": 2, "mean": 3.0}, "B": {"servers": 4, "mean": 5.0}}
    out = apply_overrides({}, ["x.B.mean=9"], defaults=lambda: {"x": borders, "y": 1})
    assert out == {"x": {"B": {"servers": 4, "mean": 9}}}
    sc = load_scenario(SMALL, ["logistics.borders.MAL.servers=3"])
    assert set(sc.logistics.borders) == {"MAL"}


def test_a_set_into_a_crossing_no_line_of_the_run_passes_starts_from_its_data() -> None:
    """Kena (KEN) is a crossing of the network that none of the teaching world's lines passes:
    ``--set logistics.borders.KEN.servers=3`` was refused with "service_h: required key is
    missing", a key the student never touched. It starts from the crossing's own data now, as
    for a crossing in use (trial14)."""
    sc = load_scenario(SMALL, ["logistics.borders.KEN.servers=3"])
    ken = sc.logistics.borders["KEN"]
    assert ken.servers == 3
    assert ken.service_h.model_dump(by_alias=True)["dist"] == "lognormal"
    assert set(sc.logistics.borders) == {"KEN"}


@pytest.mark.parametrize("item", ["logistics.borders.XXX.servers=2",
                                  "logistics.borders.XXX.service_h.mean=3"])  # fmt: skip
def test_a_set_into_a_crossing_that_does_not_exist_says_so(item: str) -> None:
    """``--set logistics.borders.XXX.servers=2`` said "logistics.borders.XXX.service_h:
    required key is missing", as if XXX were a crossing short of a key; the whole mapping said
    "'XXX' is not a border crossing". The path does too now, and nothing else of XXX
    (trial14)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, [item])
    (problem,) = info.value.problems
    assert problem.startswith("logistics.borders.XXX: 'XXX' is not a border crossing; known: ")
    assert "KEN" in problem and "MAL" in problem


def test_a_file_with_a_crossing_that_does_not_exist_and_is_short_of_keys_says_so(
    tmp_path: Path,
) -> None:
    """The same in a file: a crossing id that is not one, with only ``servers``, is named as
    not a crossing rather than as missing a distribution (trial14)."""
    text = SMALL.read_text(encoding="utf-8").replace(
        "  only_lines:", "  borders: {XXX: {servers: 2}}\n  only_lines:"
    )
    path = tmp_path / "bad_border.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert [p.split(": ", 1)[0] for p in info.value.problems] == ["logistics.borders.XXX"]
    assert "is not a border crossing" in info.value.problems[0]


def test_a_share_set_alone_says_to_set_the_shares_together() -> None:
    """``--set buyers.destinations.MAD=0`` breaks the sum of the destinations' shares; the
    refusal said the sum alone, and a student changing one share could not see how to change
    them together. It now shows the --set that gives them all (Chinese too); a file's own sum
    is said as before."""
    from sim.output.saying import in_lang

    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["buyers.destinations.MAD=0"])
    (problem,) = info.value.problems
    assert problem == (
        "buyers.destinations: the shares of destinations must sum to 1, they sum to 0.7; --set "
        "changed one of them: give them all at once, --set "
        "'buyers.destinations={MAD: ..., MOW: ..., ALA: ..., RTM: ...}'"
    )
    assert "--set 只改了其中一个" in in_lang(problem, "zh")
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["market.categories.0.share=0.5"])
    (problem,) = info.value.problems
    assert problem.endswith(
        "--set market.categories.0.share=... --set market.categories.1.share=..."
    )
    with pytest.raises(ScenarioError) as info:  # not a --set of a share: as before
        load_scenario(SMALL, ["buyers.destinations={MAD: 0.5}"])
    assert info.value.problems == [
        "buyers.destinations: the shares of destinations must sum to 1, they sum to 0.5"
    ]


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [("poisson_per_week", "2", "poisson_per_week"),
     ("timetable", "[{weekday: 0, hour: 10}]", "timetable")],
)  # fmt: skip
def test_a_lines_frequency_rule_set_on_a_line_the_file_leaves_out_replaces_the_networks(
    key: str, value: str, field: str
) -> None:
    """A line filled in from the defaults brings the network's ``trains_per_week``; setting
    another frequency rule on it was refused ("give one of trains_per_week, timetable,
    poisson_per_week, not trains_per_week, poisson_per_week"), keys the user never gave."""
    sc = load_scenario(SMALL, [f"logistics.lines.S01.{key}={value}"])
    line = sc.logistics.lines["S01"]
    assert getattr(line, field) is not None
    assert line.trains_per_week is None
    # a line the file lists with its own rule: the clash is the user's, and said
    with pytest.raises(ScenarioError, match="give one of trains_per_week"):
        load_scenario(ROOT / "scenarios" / "baseline_2021.yaml",
                      ["logistics.lines.L05.poisson_per_week=3"])  # fmt: skip


def test_a_set_into_a_part_an_earlier_set_put_in_use_starts_from_its_default() -> None:
    """The defaults came from the file as written: a crossing only an earlier ``--set`` brings
    into the run (Incheh Burun, on L15) had none, and ``--set logistics.borders.ICB.servers=3``
    was refused with "service_h: required key is missing"."""
    lines = "logistics.only_lines=[L01,L10,L12,S01,L15]"
    base = resolve(load_scenario(SMALL, [lines])).logistics.borders["ICB"]
    icb = resolve(load_scenario(SMALL, [lines, "logistics.borders.ICB.servers=3"]))
    assert icb.logistics.borders["ICB"].servers == 3
    assert icb.logistics.borders["ICB"].service_h == base.service_h


LEAVES_OUT = ["logistics.only_lines=[L01,L15]", "logistics.lines.L15.trains_per_week=3"]
"""L15 (Tehran) is put in use by the first ``--set``, which also leaves L10 and L12 (set in the
file) out and Moscow, Almaty and Rotterdam without a route. (This was Incheh Burun's servers,
on L15; every crossing of the network now has its data default among the file's own, so a
``--set`` into a crossing no line of the run passes starts from it: trial14.)"""


def test_a_set_into_a_part_of_an_invalid_overridden_scenario_says_its_problems_first() -> None:
    """The defaults of L15 come from the scenario as the first ``--set`` leaves it,
    which is not valid: the only problem said was "logistics.borders.ICB.service_h: required
    key is missing", a key never touched. Its own problems come first now (each with its key
    path and value), then the ``--set`` that could not be filled in."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(SMALL, LEAVES_OUT)
    problems = caught.value.problems
    assert caught.value.source == str(SMALL)
    assert problems[0].startswith("logistics.lines.L10: settings for a line this run leaves out")
    assert any(
        p.startswith("buyers.destinations.ALA: has demand (0.25) but no line ") for p in problems
    )
    assert problems[-1].startswith(
        "--set logistics.lines.L15.trains_per_week: cannot fill in logistics.lines.L15 from "
        "its defaults: the scenario as the overrides before this one leave it is not valid"
    )
    assert not any("required key is missing" in p for p in problems), problems
    # the same scenario made valid before the --set into the part: its default, then the value
    fixed = [LEAVES_OUT[0], "logistics.lines={}", "buyers.destinations={MAD: 0.5, THR: 0.5}"]
    sc = resolve(load_scenario(SMALL, [*fixed, LEAVES_OUT[1]]))
    assert sc.logistics.lines["L15"].trains_per_week == 3
    assert (
        sc.logistics.lines["L15"].capacity_teu
        == resolve(load_scenario(SMALL, fixed)).logistics.lines["L15"].capacity_teu
    )
    # a crossing that L15 puts in use starts from its data default in the file's own defaults
    sc = resolve(load_scenario(SMALL, [*fixed, "logistics.borders.ICB.servers=3"]))
    assert sc.logistics.borders["ICB"].servers == 3
    assert (
        sc.logistics.borders["ICB"].service_h
        == resolve(load_scenario(SMALL, fixed)).logistics.borders["ICB"].service_h
    )


@pytest.mark.parametrize(
    ("lang", "first", "last"),
    [
        ("en", "error: invalid scenario",
         "--set logistics.lines.L15.trains_per_week: cannot fill in "),
        ("zh", "错误：情景", "--set logistics.lines.L15.trains_per_week：无法按默认值补全 "
         "logistics.lines.L15：此前的覆盖设置所得的情景无效"),
    ],
)  # fmt: skip
def test_the_command_line_says_the_real_problem_first_and_exits_2(
    lang: str, first: str, last: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sim.cli import main

    args = ["run", str(SMALL), "--lang", lang, "--out", str(tmp_path), "--quiet"]
    assert main([*args, *(x for s in LEAVES_OUT for x in ("--set", s))]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines[0].startswith(first) and "Traceback" not in err, err
    assert lines[1].startswith("  - logistics.lines.L10"), err
    assert lines[-1].startswith(f"  - {last}"), err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_second_frequency_rule_set_on_the_command_line_says_how_to_drop_the_first(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A planner's file runs L01 on a weekly timetable; ``--vary`` (or ``--set``, ``--decide``)
    of ``logistics.lines.L01.trains_per_week`` was refused with "give one of trains_per_week,
    timetable, poisson_per_week, not trains_per_week, timetable", which says what clashes but
    not how to say it on the command line. It says to set the one to drop to null in the same
    command (``--set logistics.lines.L01.timetable=null``), which works (trial14)."""
    from sim.cli import main

    text = SMALL.read_text(encoding="utf-8").replace(
        "L01: {trains_per_week: 2}", "L01: {timetable: [{weekday: 2, hour: 10}]}"
    )
    weekly = tmp_path / "weekly.yaml"
    weekly.write_text(text, encoding="utf-8")
    three = "logistics.lines.L01.trains_per_week=3"
    args = ["validate", str(weekly), "--lang", lang, "--set", three]
    assert main(args) == 2
    err = capsys.readouterr().err
    said = {
        "en": "(on the command line, set the one to drop to null in the same command: "
        "--set KEY.PATH=null)",
        "zh": "（在命令行上，请在同一命令中把要去掉的那个设为 null：--set KEY.PATH=null）",
    }[lang]
    assert said in err, err
    assert main([*args, "--set", "logistics.lines.L01.timetable=null"]) == 0


def test_a_problem_a_set_made_is_headed_with_the_set_not_the_file_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``run teaching_small.yaml --set days=ten`` was headed "invalid scenario
    teaching_small.yaml", and a student looked for the mistake in a file that has none: the
    head names the ``--set`` items whose key paths have a problem (a problem of the file alone
    keeps the file alone)."""
    from sim.cli import main

    teaching = str(SMALL)
    with pytest.raises(ScenarioError) as err:
        load_scenario(SMALL, ["seed=3", "days=ten", "market.categories.0.share=abc"])
    assert err.value.source == f"{teaching} --set days=ten --set market.categories.0.share=abc"
    with pytest.raises(ScenarioError) as err:
        load_scenario(SMALL, ["buyers.destinations.MAD=0.2"])  # the sum: the mapping's path
    assert err.value.source == f"{teaching} --set buyers.destinations.MAD=0.2"
    with pytest.raises(ScenarioError) as err:
        load_scenario(SMALL, ["logistics.lines.L09.trains_per_week=2"])
    assert err.value.source == f"{teaching} --set logistics.lines.L09.trains_per_week=2"
    assert main(["validate", teaching, "--set", "days=ten", "--lang", "zh"]) == 2
    assert f"情景 {teaching} --set days=ten 无效：1 个问题" in capsys.readouterr().err
    assert main(["run", teaching, "--set", "days=ten"]) == 2
    assert f"error: invalid scenario {teaching} --set days=ten: 1 problem" in (
        capsys.readouterr().err
    )


def test_a_set_path_that_leads_nowhere_is_headed_with_the_file_and_the_item() -> None:
    """``--set market.categories.7.share=0.1`` on a file with two categories was headed
    "invalid scenario --set": the head did not say which file the path is in (found by
    fuzzing). It names the file and the item, as a problem of the values it makes is."""
    path = SMALL
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, ["days=30", "market.categories.7.share=0.1"])
    assert err.value.source == f"{path} --set market.categories.7.share=0.1"
    assert str(err.value).startswith(f"invalid scenario {path} --set market.categories.7.share")
    (problem,) = err.value.problems
    assert problem.startswith("--set market.categories.7.share: no such place in the scenario")


def test_a_problem_another_keys_set_made_is_headed_with_that_set() -> None:
    """A check across keys says its problem at one key, and the head named only a ``--set`` of
    that key: ``--days 3`` on a file with a week's warm-up (said at warmup_days), ``--set
    market.categories.0.name=fest`` on the closure hindcast, whose
    ``reporting.deadlines_not_judged`` names ``festival_goods``, or a ``--set`` of
    ``logistics.only_lines`` that leaves out a line the file sets, were headed with the file
    alone, which has no mistake. The head names the ``--set`` (or the option as typed) that
    made it; one that made nothing wrong stays out."""
    from sim.scenario.overrides import Typed

    with pytest.raises(ScenarioError) as err:
        load_scenario(SMALL, ["seed=3", Typed("days=3", "--days 3")])
    assert err.value.source == f"{SMALL} --days 3"
    hindcast = ROOT / "scenarios" / "hindcast_2025_closure.yaml"
    with pytest.raises(ScenarioError) as err:
        load_scenario(hindcast, ["market.categories.0.name=fest", "seed=3"])
    assert err.value.source == f"{hindcast} --set market.categories.0.name=fest"
    with pytest.raises(ScenarioError) as err:
        load_scenario(SMALL, ["logistics.only_lines=[L01, S01]", "seed=3"])
    assert err.value.source == f"{SMALL} --set logistics.only_lines=[L01, S01]"


def test_a_true_or_false_for_a_number_is_its_only_problem_not_a_check_across_keys() -> None:
    """``--set days=true`` was told twice: "a number is needed, not a true/false value", then
    "warmup_days (7) must be less than days (1)", a check that read true as 1; a share set
    to true broke the shares' sum alike. The boolean is told once, and the checks across keys
    never see it as a number."""
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario

    share = ("market.categories.0.share=true", "market.categories[0].share")
    cases = (("days=true", "days"), share)
    for override, where in cases:
        with pytest.raises(ScenarioError) as err:
            load_scenario(ROOT / "scenarios" / "teaching_small.yaml", [override])
        assert err.value.problems == [
            f"{where}: a number is needed, not a true/false value (got true)"
        ], err.value.problems
