"""Problems and warnings that carry their code and values from where they are raised: the
English is the checks' own, to the letter, and the Chinese is said from the code and values
(the glossary's wording of the code), never by reading the English back."""

from __future__ import annotations

import pickle
import re

import pytest

from sim.cli import main
from sim.output.glossary import GLOSSARY, term
from sim.output.saying import in_lang
from sim.problems import ENGLISH, Problem, problem, worded
from tests.conftest import ROOT

SMALL = ROOT / "scenarios" / "teaching_small.yaml"


def _han(text: str) -> bool:
    return bool(re.search("[\u4e00-\u9fff]", text))


def test_a_problem_is_its_english_line_and_keeps_its_code_and_values() -> None:
    p = problem("scn:unknown_line", at="logistics.only_lines", name="'L77'", known="L01, L10")
    assert p == "logistics.only_lines: unknown line 'L77'; known: L01, L10"
    assert (p.code, p.where, p.got) == ("scn:unknown_line", "logistics.only_lines", None)
    assert p.fields == {"name": "'L77'", "known": "L01, L10"}
    again = pickle.loads(pickle.dumps(p))  # (errors cross to and from worker processes)
    assert isinstance(again, Problem) and again == p and again.fields == p.fields
    got = worded("scn:gt", "Input should be greater than 0", at="days", got="-3", x="0")
    assert got == "days: Input should be greater than 0 (got -3)"


def test_chinese_is_said_from_the_code_and_values_not_from_the_english() -> None:
    """The same code and values under another English (a wording a later version changed):
    the Chinese is the same, so nothing was read back."""
    fields = {"name": "'L77'", "known": "L01, L10"}
    said = in_lang(Problem("scn:unknown_line", "whatever the English says", fields,
                           "logistics.only_lines"), "zh")  # fmt: skip
    assert said == "logistics.only_lines：未知的线路 'L77'；已知线路：L01, L10"
    assert in_lang(problem("scn:unknown_line", at="logistics.only_lines", **fields), "zh") == said
    assert (
        in_lang(problem("scn:unknown_line", **fields), "en")
        == "unknown line 'L77'; known: L01, L10"
    )


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_every_code_has_its_english_once_and_its_chinese(code: str) -> None:
    """The glossary's English of a code is the checks' own (one text, not two kept alike)."""
    assert GLOSSARY[code]["en"] == ENGLISH[code]
    fields = {f: f"<{f}{i}>" for i, f in enumerate(re.findall(r"\{(\w+)\}", ENGLISH[code]))}
    said = in_lang(problem(code, at="some.key", got="7", **fields), "zh")
    assert _han(said) and all(v in said for v in fields.values())
    assert said == f"some.key：{term('scn:got', 'zh', text=term(code, 'zh', **fields), value='7')}"


# ------------------------------------------------------------------ the capacity warning

TIGHT = ["--days", "10", "--set", "warmup_days=0", "--set",
         "logistics.lines.L01.trains_per_week=0.25"]  # fmt: skip


def test_the_capacity_warning_carries_its_code_and_values() -> None:
    from sim.world.capacity import capacity_shortfalls, capacity_warnings
    from sim.world.inputs import load_scenario, resolve
    from sim.world.network import load_network

    sc = resolve(load_scenario(SMALL, ["days=10", "warmup_days=0",
                                       "logistics.lines.L01.trains_per_week=0.25"]))  # fmt: skip
    net = load_network()
    (w,) = [w for w in capacity_warnings(sc, net) if w.fields["lid"] == "L01"]
    (s,) = [s for s in capacity_shortfalls(sc, net) if s["lid"] == "L01"]
    assert w.code == "warn_capacity" and w.fields["demand"] == s["demand"]
    assert w == (f"line L01 (Yiwu-Madrid) is offered about {s['demand']} TEU a week but its "
                 f"{s['per_week']} departures a week carry about {s['capacity']}: goods will "
                 "queue at Yiwu and the queue will grow through the run")  # fmt: skip


def test_the_capacity_warning_is_chinese_under_lang_zh_and_english_as_before(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", str(SMALL), *TIGHT, "--out", str(tmp_path), "--quiet", "--no-report"]
    assert main([*args, "--lang", "zh"]) == 0
    (line,) = [s for s in capsys.readouterr().err.splitlines() if "L01" in s]
    assert line.startswith("警告：线路 L01（义乌—马德里）每周约有 ") and "TEU 货物" in line
    assert not re.search(r"\b(line|offered|week|departures|carry|goods|queue)\b", line)
    assert main([*args, "--force"]) == 0
    (line,) = [s for s in capsys.readouterr().err.splitlines() if "L01" in s]
    assert re.fullmatch(r"warning: line L01 \(Yiwu-Madrid\) is offered about [\d.,]+ TEU a week "
                        r"but its 0\.25 departures a week carry about [\d.,]+: goods will queue "
                        r"at Yiwu and the queue will grow through the run", line)  # fmt: skip


# ------------------------------------------------------------------ the network's checks

BAD = [
    "logistics.only_lines=[L01, L77]",
    "logistics.sea.serves=[XXX]",
    "logistics.background_flows=[{name: x, path: [BRE, XXX], trains_per_day: 1}, "
    "{name: y, path: [MAD, BRE], trains_per_day: 1}]",
    "logistics.borders={MAD: {servers: 1, service_h: {dist: constant, value: 1}}}",
    "disruptions=[{target: node, id: L01, start: 2025-10-10, end: 2025-10-20, servers_factor: 0},"
    " {target: line, id: L99, start: 2030-10-10, end: 2030-10-20, trains_factor: 0},"
    " {target: edge, id: MAL-XXX, start: 2020-10-10, end: 2020-10-20, extra_h: 5},"
    " {target: line, id: L05, start: 2025-10-10, end: 2025-10-20, trains_factor: 0},"
    " {target: edge, id: QQQ, start: 2025-10-10, end: 2025-10-20, extra_h: 5}]",
    "calendar.spring_festival=[2026-02-17, 2025-01-29]",
    "buyers.destinations={MAD: 0.5, XXX: 0.5}",
    "online.destinations={MAD: 0.5, HAM: 0.5}",
]
"""A file with one of every kind of problem the network's checks find."""


def _problems(extra: list[str]) -> list[str]:
    from sim.errors import ScenarioError
    from sim.world.inputs import load_scenario

    with pytest.raises(ScenarioError) as caught:
        load_scenario(SMALL, extra)
    return caught.value.problems


def _english_words(text: str) -> list[str]:
    """English words left in a Chinese line: key paths, quoted values, codes (L01, MSQ-BRE),
    dates and numbers aside."""
    text = re.sub(r"'[^']*'|\d{4}-\d\d-\d\d|--set|[\w\[\]]*[.\[][\w.\[\]]*", " ", text)
    text = re.sub(r"\b[A-Z0-9]+(-[A-Z0-9]+)*\b", " ", text)
    keys = {"only_lines", "days", "scale", "buyer_multiplier", "trains_factor"}  # (keys)
    return [w for w in re.findall(r"[A-Za-z_]{2,}", text) if w not in keys]


def test_the_network_checks_problems_carry_their_codes_and_are_said_in_chinese() -> None:
    problems = _problems(BAD)
    assert len(problems) == 18 and all(isinstance(p, Problem) for p in problems)
    codes = {p.code for p in problems if isinstance(p, Problem)}
    assert codes == {"scn:unknown_line", "scn:left_out", "scn:unknown_node", "scn:not_border",
                     "scn:first_not_border", "scn:no_edge", "scn:unknown_dest", "scn:unserved",
                     "scn:not_border_node", "scn:window_later", "scn:not_line",
                     "scn:window_earlier", "scn:not_edge_at", "scn:line_not_run", "scn:not_edge",
                     "scn:festival_order"}  # fmt: skip
    for p in problems:
        said = in_lang(p, "zh")
        assert _han(said) and _english_words(said) == [], said
        assert said.startswith(f"{p.split(': ', 1)[0]}：")  # its key path, as written
    # the English as it always was, to the letter
    assert "disruptions[2].id: 'MAL-XXX' is not an edge (write it FROM-TO, e.g. MSQ-BRE); edges " \
        "at MAL: BRE-MAL, MAL-BUD, MAL-PRG, MAL-WAW" in problems  # fmt: skip
    assert ("disruptions[1]: window 2030-10-10..2030-10-20 lies outside the run 2025-10-01.."
            "2026-02-27; run at least 1846 days to see it (--set days=1846), or remove it"
            in problems)  # fmt: skip
    assert "online.destinations.HAM: has demand (0.5) but no line or sea route in this " \
        "scenario serves it" in problems  # fmt: skip


def test_the_calendar_checks_carry_their_codes_and_the_value_given() -> None:
    (empty,) = _problems(["calendar.spring_festival=[]"])
    assert isinstance(empty, Problem) and empty.got == "[]"
    assert empty == ("calendar.spring_festival: an empty list gives the run no Spring Festival, "
                     "yet the deadline of festival_goods is the festival; list its dates, or "
                     "leave the key out for the lunar calendar's (got [])")  # fmt: skip
    assert in_lang(empty, "zh").endswith("（给出的值：[]）")
    (years,) = _problems(["start=2099-01-01"])
    assert isinstance(years, Problem) and years.code == "scn:festival_years"
    assert in_lang(years, "zh").startswith("start：2099-01-01 至 2099-05-31 超出了农历")


# ------------------------------------------------------------------ the schema's reader

TYPED = [
    (["days=-3"], "scn:ge", "days: Input should be greater than or equal to 1 (got -3)"),
    (["scale=0"], "scn:gt", "scale: Input should be greater than 0 (got 0)"),
    (["scale=1000000"], "scn:le", "scale: Input should be less than or equal to 10 (got 1000000)"),
    (["days=abc"], "scn:int_parsing", None),
    (["days=2.5"], "scn:int_fraction", None),
    (["scale=abc"], "scn:float_parsing", None),
    (["seed=true"], "scn:bool", "seed: a number is needed, not a true/false value (got true)"),
    (["name=''"], "scn:name_form",
     "name: a name is letters, digits and _ . - (at most 80 characters, the first a letter or a "
     "digit) (got '')"),
    (["name=a/b"], "scn:name_form", None),
    (["buyers.destinations=5"], "scn:dict", None),
    (["buyers.order_teu={dist: bogus}"], "scn:kind_unknown",
     "buyers.order_teu.dist: unknown kind 'bogus'; the kinds are constant, exponential, gamma, "
     "lognormal, triangular, uniform, poisson, empirical"),
    (["buyers.order_teu={dist: gama, mean: 1, cv: 1}"], "scn:kind_unknown_hint",
     "buyers.order_teu.dist: unknown kind 'gama' (did you mean 'gamma'?); the kinds are "
     "constant, exponential, gamma, lognormal, triangular, uniform, poisson, empirical"),
    (["buyers.order_teu=5"], "scn:object_kind", None),
    (["engine=fast"], "scn:literal",
     "engine: Input should be 'batched' or 'per_actor' (got 'fast')"),
    (["bogus_key=1"], "scn:unknown_key", None),
    (["buyers.visits_per_dy=3"], "scn:unknown_key_hint",
     "buyers.visits_per_dy: unknown key 'visits_per_dy' (did you mean 'visits_per_day'?); allowed "
     "keys: between_merchants_h, destinations, in_scope_share, merchants_per_visit, "
     "monthly_profile, open_hours, order_teu, reaction, visits_per_day"),
    (["buyers.monthly_profile=[1,2]"], "scn:too_short_n", None),
    (["buyers.monthly_profile=[1,1,1,1,1,1,1,1,1,1,1,1,1]"], "scn:too_long", None),
    (["market.categories=[]"], "scn:too_short", None),
    (["buyers.order_teu={dist: lognormal, mean: 1}"], "scn:missing",
     "buyers.order_teu.cv: required key is missing"),
    (["start=2025-10-01T10:30"], "scn:datetime", None),
    (["logistics=5"], "scn:model_keys", None),
    (["logistics.lines.L01.capacity_teu=.inf"], "scn:finite", None),
]  # fmt: skip
"""A bad value of each kind pydantic finds, the code it is raised with and (some) English."""


@pytest.mark.parametrize(("extra", "code", "english"), TYPED)
def test_pydantics_problems_carry_their_codes_and_say_what_the_english_says(
    extra: list[str], code: str, english: str | None
) -> None:
    """Said from the code and values, each problem reads in Chinese exactly as the glossary's
    reading of its English does (the two cannot drift apart unseen), with no English left."""
    (p,) = _problems(extra)
    assert isinstance(p, Problem) and p.code == code
    if english is not None:
        assert p == english
    said = in_lang(p, "zh")
    assert said == in_lang(str(p), "zh") and _han(said)
    assert said.startswith(f"{p.where}：")


# ------------------------------------------------------------------ the schema's own checks

_D = "disruptions=[{target: node, id: MAL, start: 2025-10-10, end: 2025-10-20, %s}]"
REFUSED = [
    (["start=20251001"], "scn:date_number"),
    (["calendar.fairs=[{name: x, start: 2025-10-10, end: 2025-10-01, buyer_multiplier: 2}]"],
     "scn:end_before"),
    (["buyers.destinations={}"], "scn:no_destination"),
    (["buyers.destinations={MAD: -1}"], "scn:share_value"),
    (["buyers.destinations={MAD: 0.5}"], "scn:shares"),
    (["buyers.order_teu={dist: constant, value: 0}"], "scn:order_size_zero"),
    (["buyers.open_hours=[10, 9]"], "scn:hours"),
    (["buyers.order_teu={dist: triangular, low: 3, mode: 1, high: 2}"], "scn:triangular"),
    (["buyers.order_teu={dist: uniform, low: 3, high: 2}"], "scn:uniform"),
    (["buyers.order_teu={dist: empirical, values: [1,2], weights: [1]}"], "scn:weights_len"),
    (["buyers.order_teu={dist: empirical, values: [1,2], weights: [0,0]}"], "scn:weights_zero"),
    ([_D % "servers_factor: 0, announced: 2025-10-12"], "scn:announced_after"),
    ([_D.replace("node, id: MAL", "edge, id: MSQ-BRE") % "surge_factor: 2"], "scn:surge_node"),
    ([_D % "extra_h: 3"], "scn:not_apply"),
    (["start=9999-01-01"], "scn:date_range"),
    (["days=10", "warmup_days=20"], "scn:warmup"),
    (["logistics.mode_choice.rule=bogus"], "scn:policy"),
    (["logistics.mode_choice.rule=nomodule_zz:Thing"], "scn:plugin_import"),
    (["logistics.mode_choice.rule=sim.errors:Nope"], "scn:plugin_missing"),
    (["logistics.mode_choice.rule=sim.errors:SimError"], "scn:plugin_kind"),
    (["logistics.mode_choice.params={x: 1}"], "scn:policy_no_params"),
    (["market.categories=[{name: a, share: 0.5, deadline: {kind: none}}, "
      "{name: a, share: 0.5, deadline: {kind: none}}]"], "scn:category_unique"),
    (["market.categories=[{name: a, share: 0.5, deadline: {kind: none}}]"],
     "scn:category_shares"),
    (["logistics.containers.pools_teu={MAD: 3}"], "scn:pools_yiw"),
]  # fmt: skip
"""A value each of the schema's own checks refuses, and the code it is refused with."""


@pytest.mark.parametrize(("extra", "code"), REFUSED)
def test_the_schemas_own_checks_refuse_with_their_codes(extra: list[str], code: str) -> None:
    (p, *_) = _problems(extra)
    assert isinstance(p, Problem) and p.code == code, p
    said = in_lang(p, "zh")
    assert said == in_lang(str(p), "zh") and _han(said), said


def test_a_refusal_keeps_its_english_word_for_word() -> None:
    """The English of the schema's checks as it was (one line: key path, value, what is
    allowed), and a refusal is a ValueError for a caller outside a scenario's validation."""
    from sim.scenario.messages import refusal

    (warm,) = _problems(["days=10", "warmup_days=20"])
    assert warm == (
        "warmup_days: warmup_days (20) must be less than days (10); a shorter run needs a "
        "shorter warm-up (--set warmup_days=5, or 0 to count every order)"
    )
    assert in_lang(warm, "zh") == (
        "warmup_days：warmup_days（20）必须小于 days（10）；较短的运行需要较短的预热期"
        "（--set warmup_days=5，或 0 则计入全部订单）"
    )
    (zero,) = _problems(["buyers.order_teu={dist: constant, value: 0}"])
    assert zero.endswith("needs a mean above 0 (got {'dist': 'constant', 'value': 0.0})")
    assert in_lang(zero, "zh").endswith("（给出的值：{'dist': 'constant', 'value': 0.0}）")
    (policy,) = _problems(["logistics.mode_choice.rule=bogus"])
    # (policies other tests registered in this process are allowed too, in name order)
    head = "logistics.mode_choice.rule: unknown routing policy 'bogus'; allowed: "
    assert policy.startswith(head) and policy.endswith(", or package.module:Class (got 'bogus')")
    names = policy[len(head) :].split(", or ")[0].split(", ")
    assert names == sorted(names) and {"cheapest", "deadline", "fastest", "live", "share"} <= set(
        names
    )
    err = refusal("scn:uniform", lo=3.0, hi=2.0)
    assert isinstance(err, ValueError) and str(err) == "needs low < high, got low=3.0, high=2.0"


# ------------------------------------------------------------------ the file and --set

FILES = [
    (b"", "scn:empty", "the file is empty; a scenario is a YAML mapping of keys"),
    (b"- 1\n- 2\n", "scn:top", "the top level must be a mapping of keys, got list"),
    (b"name: x\ndays: [1, 2\n", "scn:yaml", None),
    (b"name: x\n\tdays: 3\n", "scn:yaml", None),
    (b"name: x\nname: y\n", "scn:yaml", "not valid YAML at line 2, column 1: duplicate key 'name'"),
    ("name: é".encode("latin-1"), "scn:utf8", "the file is not UTF-8 text"),
    (b"start: 2025-02-30\n", "scn:yaml", "not valid YAML at line 1, column 8: start: "
     "'2025-02-30' is not a valid date (day is out of range for month)"),
]  # fmt: skip
SETS = [
    ("days", "scn:set_form", "--set 'days': expected key.path=value"),
    ("a..b=1", "scn:set_empty_key", None),
    ("market.categories[0].share=1", "scn:set_brackets", None),
    ("market.categories.9.share=1", "scn:no_place", "--set market.categories.9.share: no such "
     "place in the scenario (market.categories is a list, and a list takes a position 0 to 1; "
     "got '9')"),
    ("days.x=1", "scn:no_place", None),
    ("days=[1, 2", "scn:unreadable", None),
]  # fmt: skip


def _said_alike(p: str) -> str:
    """``p`` in Chinese from its code and values, checked against reading its English back."""
    said = in_lang(p, "zh")
    assert _han(said)
    # the two agree, but for a key path inside a nested reason, which only the structure
    # says with the Chinese colon
    assert said == in_lang(str(p), "zh").replace("start: '", "start：'")
    return said


@pytest.mark.parametrize(("text", "code", "english"), FILES)
def test_a_files_problems_carry_their_codes(
    text: bytes, code: str, english: str | None, tmp_path: object
) -> None:
    from pathlib import Path

    from sim.errors import ScenarioError
    from sim.scenario import read_scenario_file

    path = Path(str(tmp_path)) / "s.yaml"
    path.write_bytes(text)
    with pytest.raises(ScenarioError) as caught:
        read_scenario_file(path)
    (p,) = caught.value.problems
    assert isinstance(p, Problem) and p.code == code
    assert english is None or p == english
    _said_alike(p)


@pytest.mark.parametrize(("item", "code", "english"), SETS)
def test_a_set_options_problems_carry_their_codes(
    item: str, code: str, english: str | None
) -> None:
    from sim.errors import ScenarioError
    from sim.scenario import apply_overrides, read_scenario_file

    with pytest.raises(ScenarioError) as caught:
        apply_overrides(read_scenario_file(SMALL), [item])
    (p,) = caught.value.problems
    assert isinstance(p, Problem) and p.code == code
    assert english is None or p == english
    _said_alike(p)


def test_a_reason_inside_a_reason_is_said_from_its_code_too(tmp_path: object) -> None:
    from pathlib import Path

    from sim.errors import ScenarioError
    from sim.scenario import read_scenario_file

    path = Path(str(tmp_path)) / "s.yaml"
    path.write_bytes(b"start: 2025-02-30\n")
    with pytest.raises(ScenarioError) as caught:
        read_scenario_file(path)
    (p,) = caught.value.problems
    assert isinstance(p, Problem) and isinstance(p.fields["why"], Problem)
    assert in_lang(p, "zh") == ("不是有效的 YAML（第 1 行第 8 列）：start：'2025-02-30' 不是有效"
                                "日期（该月没有这一天）")  # fmt: skip


# ------------------------------------------------------------------ sizes, seeds, points, dates


@pytest.mark.parametrize("kind", ["orders", "containers", "departures", "crossings", "merchants"])
def test_a_run_too_large_is_said_in_chinese_with_the_keys_to_lower(kind: str) -> None:
    """The keys to lower are in the code's wording, in Chinese too ("fair buyer_multiplier",
    "the order volume", "or" stayed English when they were a value read back)."""
    for n in ("1,234", problem("scn:size_unbounded")):
        said = in_lang(problem(f"scn:size_{kind}", n=n, limit="1,000"), "zh")
        assert _han(said) and _english_words(said) == [], said
    (big,) = _problems(["market.merchants=10000000", "scale=10"])
    assert big == ("the run would hold about 100,000,000 merchants, more than the 20,000,000 "
                   "one run can hold in memory; lower market.merchants or scale")  # fmt: skip
    assert in_lang(big, "zh").endswith("请调低 market.merchants 或 scale")


def test_a_seed_a_point_of_an_experiment_and_a_date_keep_their_codes() -> None:
    from sim.errors import ScenarioError
    from sim.world.random_streams import check_seed

    with pytest.raises(ScenarioError) as caught:
        check_seed("abc", "root seed")
    (seed,) = caught.value.problems
    assert seed == "root seed: a seed is a whole number from 0 to 9223372036854775807, got 'abc'"
    assert (
        in_lang(seed, "zh")
        == "root seed：随机种子应为 0 至 9223372036854775807 的整数，给出的是 'abc'"
    )
    at = problem("scn:at_point", point={"days": -1.0}, text=problem("scn:missing", at="x"))
    assert at == "point {'days': -1.0}: x: required key is missing"
    assert in_lang(at, "zh") == "取值点 {'days': -1.0}：x：缺少必需的键"
    (moment,) = _problems(["start=hello"])
    assert isinstance(moment, Problem) and moment.code == "scn:moment"
    assert in_lang(moment, "zh") == (
        "start：应为有效的日期或日期时间（内容太短）；日期应写作 YYYY-MM-DD（日期加时刻写作 "
        "YYYY-MM-DDTHH:MM）（给出的值：'hello'）"
    )


def test_a_policy_option_that_cannot_be_imported_is_said_from_its_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["run", str(SMALL), "--policy", "nomodule_zz:Thing", "--days", "5", "--quiet"]
    assert main([*args, "--lang", "zh"]) == 2
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line == (
        "  - --policy nomodule_zz:Thing：无法导入模块 'nomodule_zz'"
        "（'nomodule_zz:Thing'）：No module named 'nomodule_zz'；"
        "请把它放在 PYTHONPATH 上或工作目录中"
    )
    assert main(args) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "  - --policy nomodule_zz:Thing: cannot import module 'nomodule_zz' for "
        "'nomodule_zz:Thing' (No module named 'nomodule_zz'); put it on PYTHONPATH or in the "
        "working directory"
    )


def test_a_problem_cut_to_the_longest_line_keeps_its_code_and_is_cut_alike_in_chinese() -> None:
    """A problem longer than a line may be (a 300-character destination named twice) is cut
    in English as before, and still said in Chinese from its code, cut alike (it used to be
    a plain line then, read back by no template, and stayed English under --lang zh)."""
    from sim.scenario.messages import MAX_MESSAGE_CHARS

    name = "D" * 300
    (p,) = _problems([f"buyers.destinations={{{name}: 1.0}}"])
    english = f"buyers.destinations.{name}: unknown destination '{name}'; served: "
    assert p == english[: MAX_MESSAGE_CHARS - 3] + "..."  # the English as it always was
    assert isinstance(p, Problem) and p.code == "scn:unknown_dest"
    said = in_lang(p, "zh")
    assert said.startswith(f"buyers.destinations.{name}：未知的目的地 '{name[:100]}")
    assert said.endswith("...") and len(said) == MAX_MESSAGE_CHARS
    again = pickle.loads(pickle.dumps(p))  # (errors cross to and from worker processes)
    assert again == p and in_lang(again, "zh") == said
    short = problem("scn:missing", at="days")  # a line that fits is not cut in any language
    assert in_lang(short, "zh") == "days：缺少必需的键"


def test_a_class_of_no_policy_kind_known_yet_is_said_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``validate`` names a class before the policies' base classes are imported (no base to
    name): the English says "a routing policy class" as before; the Chinese said those words
    in English inside it."""
    from sim.scenario import registry
    from sim.scenario.messages import refused_at

    monkeypatch.setattr(registry, "_bases", {})
    with pytest.raises(ValueError) as caught:
        registry.load("routing", "json:JSONDecoder")
    p = refused_at(caught.value, "logistics.mode_choice.rule")
    assert p == (
        "logistics.mode_choice.rule: 'json:JSONDecoder' is not a routing policy (a subclass of "
        "a routing policy class)"
    )
    assert in_lang(p, "zh") == (
        "logistics.mode_choice.rule：'json:JSONDecoder' 不是 routing 策略"
        "（应为 routing 策略类的子类）"
    )


def test_a_file_that_is_no_regular_file_or_cannot_be_read_is_said_in_chinese(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device, pipe or socket given as the scenario, and a file the system will not open:
    the English as before, and in Chinese from their codes (they stayed English under --lang
    zh, the system's reason too)."""
    import errno
    import os
    from pathlib import Path

    from sim.errors import ScenarioError
    from sim.scenario import read_scenario_file

    pipe = Path(str(tmp_path)) / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(ScenarioError) as caught:
        read_scenario_file(pipe)
    (p,) = caught.value.problems
    assert p == f"{pipe} is not a regular file (a device, pipe or socket); give a scenario file"
    assert isinstance(p, Problem) and p.code == "scn:not_regular"
    assert in_lang(p, "zh") == f"{pipe} 不是普通文件（而是设备、管道或套接字）；请给出情景文件"

    def refused(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", refused)
    with pytest.raises(ScenarioError) as caught:
        read_scenario_file(Path(str(tmp_path)) / "s.yaml")
    (p,) = caught.value.problems
    assert p == "cannot read the file: Permission denied"
    assert isinstance(p, Problem) and p.code == "scn:cannot_read"
    assert in_lang(p, "zh") == "无法读取文件：权限不够"


def test_the_closing_count_of_a_long_list_names_its_kinds_in_chinese() -> None:
    import copy

    import yaml

    from sim.errors import ScenarioError
    from sim.scenario.messages import MAX_PROBLEMS, summarise
    from sim.world.inputs import validate_data

    data = yaml.safe_load((ROOT / "scenarios" / "teaching_small.yaml").read_text("utf-8"))
    flood = copy.deepcopy(data)
    flood.update({f"k{i}": i for i in range(MAX_PROBLEMS + 30)})
    with pytest.raises(ScenarioError) as info:
        validate_data(flood, "flood")
    last = info.value.problems[-1]
    assert last == "... and 30 more problems (unknown key: 30)"  # English as before
    assert in_lang(last, "zh") == "……另有 30 个问题（未知的键：30）"
    assert in_lang(pickle.loads(pickle.dumps(last)), "zh") == in_lang(last, "zh")

    # kinds of several codes, one without a code (read back), named and added up in Chinese
    many: list[str] = [problem("scn:missing", at=f"k{i}") for i in range(MAX_PROBLEMS)]
    many += [problem("scn:not_border", at="x", name="'A'", known="B") for _ in range(3)]
    many += [problem("scn:unknown_key_bare", at="y", name=f"'{i}'") for i in range(2)]
    many += [problem("scn:unknown_key", at="z", name="'q'", allowed="a")]
    many += ["days: Input should be greater than or equal to 1 (got -3)"]
    last = summarise(many)[-1]
    assert last == (
        "... and 7 more problems (other: 3; unknown key: 3; "
        "Input should be greater than or equal to 1: 1)"
    )
    assert in_lang(last, "zh") == ("……另有 7 个问题（不是口岸：3；未知的键：3；应大于或等于 1：1）")


@pytest.mark.parametrize(
    ("weights", "values", "english", "chinese"),
    [
        ("[1]", "[1, 2]", "weights has 1 entry but values has 2",
         "weights 有 1 项，而 values 有 2 项"),
        ("[1, 2]", "[1]", "weights has 2 entries but values has 1",
         "weights 有 2 项，而 values 有 1 项"),
        ("[1, 2]", "[1, 2, 3]", "weights has 2 entries but values has 3",
         "weights 有 2 项，而 values 有 3 项"),
    ],
)  # fmt: skip
def test_an_empirical_distributions_two_counts_each_agree_with_their_number(
    weights: str, values: str, english: str, chinese: str
) -> None:
    """``weights has {n} entries but values has {m}``: one weight is "1 entry", whichever of
    the two counts is one; Chinese has one form for every count."""
    (p, *_) = _problems([f"buyers.order_teu={{dist: empirical, values: {values}, "
                         f"weights: {weights}}}"])  # fmt: skip
    assert p.startswith("buyers.order_teu") and p.endswith(f": {english}"), p
    assert in_lang(p, "zh").endswith(f"：{chinese}")
