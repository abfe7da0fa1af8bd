"""Validation messages name the key path as written, the value, and what is allowed."""

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.scenario.messages import validation_messages


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Line(_Strict):
    capacity_teu: int = Field(ge=1)
    trains_per_week: float = 1.0


class World(_Strict):
    lines: dict[str, Line]
    days: int


def _messages(data):
    try:
        World.model_validate(data)
    except ValidationError as exc:
        return validation_messages(exc, World)
    raise AssertionError("the data validated")


def test_unknown_key_suggests_the_closest_and_lists_the_allowed():
    (msg,) = _messages({"days": 3, "lines": {"L01": {"capacity_teu": 5, "trains_per_wek": 2}}})
    assert msg == (
        "lines.L01.trains_per_wek: unknown key 'trains_per_wek' (did you mean "
        "'trains_per_week'?); allowed keys: capacity_teu, trains_per_week"
    )


def test_every_problem_gets_its_path_and_value():
    msgs = _messages({"lines": {"L01": {"capacity_teu": 0}}, "days": "many"})
    assert "lines.L01.capacity_teu: Input should be greater than or equal to 1 (got 0)" in msgs
    assert any(m.startswith("days: ") and "(got 'many')" in m for m in msgs)
    assert len(msgs) == 2


def test_a_missing_key_is_named():
    assert _messages({"lines": {}}) == ["days: required key is missing"]


def test_a_check_across_keys_is_told_at_the_key_it_names_not_the_top_level():
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    try:
        load_scenario(ROOT / "scenarios" / "teaching_small.yaml", ["days=5"])
    except ScenarioError as exc:
        assert exc.problems == [
            "warmup_days: warmup_days (7) must be less than days (5); a shorter run needs a "
            "shorter warm-up (--set warmup_days=2, or 0 to count every order)"
        ]
    else:
        raise AssertionError("a warm-up longer than the run was accepted")
    # below the top level too: the key the message names, under the mapping that was checked
    try:
        load_scenario(
            ROOT / "scenarios" / "teaching_small.yaml", ["logistics.repositioning.rule=lease"]
        )
    except ScenarioError as exc:
        assert exc.problems[0].startswith("logistics.repositioning.rule: repositioning.rule ")
    else:
        raise AssertionError("a lease without a container pool was accepted")


def test_true_or_false_where_a_number_belongs_is_refused_with_its_key_path():
    """pydantic's lax mode read ``true`` as 1: ``seed: true`` and ``scale: true`` ran with 1.
    Every place a number belongs refuses a YAML boolean: a value, a list item, a mapping's
    value, a distribution's parameter; a boolean key still takes one."""
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario
    from tests.conftest import ROOT

    overrides = [
        "seed=true",
        "logistics.lines.L01.trains_per_week=false",
        "buyers.monthly_profile=[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, true]",
        "buyers.destinations={MAD: true}",
        "logistics.borders.MAL={servers: 2, service_h: {dist: constant, value: true}}",
        "logistics.consolidation.close_partial=false",  # a boolean key
    ]
    try:
        load_scenario(ROOT / "scenarios" / "teaching_small.yaml", overrides)
    except ScenarioError as exc:
        said = "a number is needed, not a true/false value"
        assert exc.problems == [  # in the file's order, each once
            f"seed: {said} (got true)",
            f"buyers.destinations.MAD: {said} (got true)",
            f"buyers.monthly_profile[11]: {said} (got true)",
            f"logistics.lines.L01.trains_per_week: {said} (got false)",
            f"logistics.borders.MAL.service_h.value: {said} (got true)",
        ]
    else:
        raise AssertionError("booleans were taken for numbers")


def test_a_key_yaml_reads_as_a_date_a_number_or_null_is_named_as_written():
    """A key YAML reads as something other than text (``2026-02-17:``, ``null:``, ``3:``,
    ``true:``) was named by Python ("datetime.date(2026, 2, 17): Keys should be strings",
    "None: ...", "[3]: ...", "market[1]: ... (got True)"), in English under ``--lang zh``
    too; and a mapping's key of the wrong kind read "lines[1].[key]". It is an unknown key,
    written as in the file, with the keys allowed there (in either language)."""
    from datetime import date

    from sim.output.saying import in_lang

    for key, shown in [(date(2026, 2, 17), "2026-02-17"), (None, "null"), (3, "3"), (True, "true")]:
        (message,) = _messages({"lines": {}, "days": 1, key: 1})
        assert message == f"{shown}: unknown key '{shown}'; allowed keys: days, lines"
        assert in_lang(message, "zh") == f"{shown}：未知的键 '{shown}'；允许的键：days, lines"
    (message,) = _messages({"lines": {"L01": {"capacity_teu": 1, None: 2}}, "days": 1})
    assert message == (
        "lines.L01.null: unknown key 'null'; allowed keys: capacity_teu, trains_per_week"
    )
    (message,) = _messages({"lines": {1: {"capacity_teu": 1}}, "days": 1})
    assert message == "lines.1: Input should be a valid string (got 1)"


KINDS = "constant, exponential, gamma, lognormal, triangular, uniform, poisson, empirical"
"""The distributions' kinds, as a problem lists them."""


def _told(data: dict, at: tuple[str, ...] = ("buyers.order_teu", "market.categories")) -> list[str]:
    """The problems of ``data`` at the places ``at`` (a scenario this small has others)."""
    from sim.scenario import Scenario

    try:
        Scenario.model_validate(data)
    except ValidationError as exc:
        return [p for p in validation_messages(exc, Scenario) if p.startswith(at)]
    raise AssertionError("the data validated")


def test_a_kind_written_under_the_other_key_is_named_with_the_key_that_says_it():
    """A distribution written ``{kind: gamma, ...}`` (a deadline's key) was told "the key 'dist'
    is missing" and no more, and the reader looked at the ``kind: gamma`` they had written;
    a deadline written ``{dist: fixed_date}`` alike. The missing key and the kinds are said as
    before, then how to write the kind, in English and Chinese; a distribution with no kind
    at all is said as before."""
    from sim.output.saying import in_lang

    kinds = KINDS

    def told(data: dict) -> list[str]:
        return _told(data, ("buyers.order_teu:", "market.categories"))

    (problem,) = told({"buyers": {"order_teu": {"kind": "gamma", "mean": 1, "cv": 0.5}}})
    assert problem == (
        f"buyers.order_teu: the key 'dist' is missing: it says which kind this is, one of "
        f"{kinds}; the kind is written dist: gamma, not kind: gamma"
    )
    assert in_lang(problem, "zh").endswith("；种类应写作 dist: gamma，而不是 kind: gamma")
    deadline = {"market": {"categories": [{"name": "x", "share": 1.0,
                                           "deadline": {"dist": "fixed_date"}}]}}  # fmt: skip
    (problem,) = told(deadline)
    assert problem.endswith("the kind is written kind: fixed_date, not dist: fixed_date")
    (problem,) = told({"buyers": {"order_teu": {"mean": 1, "type": [1]}}})
    assert problem.endswith(f"one of {kinds}")  # (a list names no kind)


def test_a_kind_of_the_other_union_written_under_its_key_is_not_said_to_be_written_so():
    """``{type: fixed_date}`` as a distribution was told "the kind is written dist:
    fixed_date", and a deadline's ``{dist: gamma}`` "kind: gamma": each a kind the key does
    not have, which the next run refused again. A value that names none of the key's kinds
    gets the kinds alone; one in capitals is said as the kind is written (``dist: gamma``, not
    ``dist: Gamma``)."""
    kinds = KINDS

    def told(data: dict) -> str:
        (said,) = _told(data, ("buyers.order_teu:", "market.categories"))
        return said

    assert told({"buyers": {"order_teu": {"type": "fixed_date", "mean": 1}}}).endswith(
        f"one of {kinds}"
    )
    deadline = {"market": {"categories": [{"name": "x", "share": 1.0,
                                           "deadline": {"dist": "gamma"}}]}}  # fmt: skip
    assert told(deadline).endswith("one of none, spring_festival, fixed_date, days_after_order")
    capital = told({"buyers": {"order_teu": {"kind": "Gamma", "mean": 1, "cv": 0.5}}})
    assert capital.endswith("the kind is written dist: gamma, not kind: Gamma"), capital


def test_a_kind_there_is_not_is_named_at_its_key_with_the_kinds_and_the_closest():
    """``dist: gama`` was told in pydantic's words, "Input tag 'gama' found using 'dist' does
    not match any of the expected tags: ...", at the distribution's mapping. It is said at
    the ``dist`` key now, with the value, the kinds there are and the closest of them
    (``Gamma`` is ``gamma``), in English and Chinese; a deadline's ``kind`` alike."""
    from sim.output.saying import in_lang

    kinds, told = KINDS, _told

    (problem,) = told({"buyers": {"order_teu": {"dist": "gama", "mean": 1, "cv": 0.5}}})
    assert problem == (
        f"buyers.order_teu.dist: unknown kind 'gama' (did you mean 'gamma'?); the kinds are {kinds}"
    )
    assert in_lang(problem, "zh") == (
        f"buyers.order_teu.dist：未知的种类 'gama'（是否指 'gamma'？）；可用的种类：{kinds}"
    )
    (problem,) = told({"buyers": {"order_teu": {"dist": "Gamma", "mean": 1, "cv": 0.5}}})
    assert "unknown kind 'Gamma' (did you mean 'gamma'?)" in problem
    (problem,) = told({"buyers": {"order_teu": {"dist": "weibull", "mean": 1}}})
    assert problem == f"buyers.order_teu.dist: unknown kind 'weibull'; the kinds are {kinds}"
    (problem,) = told({"buyers": {"order_teu": {"dist": None}}})
    assert problem == f"buyers.order_teu.dist: unknown kind null; the kinds are {kinds}"
    deadline = {"market": {"categories": [{"name": "x", "share": 1.0,
                                           "deadline": {"kind": "spring_festval"}}]}}  # fmt: skip
    (problem,) = told(deadline)
    assert problem == (
        "market.categories[0].deadline.kind: unknown kind 'spring_festval' (did you mean "
        "'spring_festival'?); the kinds are none, spring_festival, fixed_date, days_after_order"
    )
    assert "Input tag" not in in_lang(problem, "zh")


def test_a_key_in_another_case_is_the_hint_and_null_is_said_as_the_file_writes_it():
    """``DAYS: 5`` got no hint (difflib finds no 'days' close to 'DAYS'), and ``market:
    null`` was shown "(got None)", Python's word, not the file's."""
    from sim.scenario import Scenario

    try:
        Scenario.model_validate({"DAYS": 5, "market": None})
    except ValidationError as exc:
        said = validation_messages(exc, Scenario)
    assert any(p.startswith("DAYS: unknown key 'DAYS' (did you mean 'days'?)") for p in said)
    assert any(p.startswith("market: ") and p.endswith("(got null)") for p in said), said


def test_a_value_where_a_distribution_or_deadline_belongs_names_the_key_of_its_kind():
    """``--set buyers.order_teu=5`` read "Input should be a valid dictionary or object to
    extract fields from": pydantic's words, naming neither the key that says the kind nor the
    kinds. Both are said now, in English and Chinese; a deadline's ``kind`` alike."""
    from sim.output.saying import in_lang

    (problem,) = _told({"buyers": {"order_teu": 5}})
    assert problem == (
        "buyers.order_teu: Input should be a mapping of settings (key: value) that names its "
        f"kind, dist: one of {KINDS} (got 5)"
    )
    assert in_lang(problem, "zh") == (
        f"buyers.order_teu：应为设置的映射（键: 值），并用 dist 写明种类，可用：{KINDS}"
        "（给出的值：5）"
    )
    deadline = {"market": {"categories": [{"name": "x", "share": 1.0, "deadline": "soon"}]}}
    (problem,) = _told(deadline)
    assert problem.endswith(
        "that names its kind, kind: one of none, spring_festival, fixed_date, days_after_order "
        "(got 'soon')"
    ), problem
