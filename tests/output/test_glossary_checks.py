"""The rarer wordings of a scenario's problems, and the results layer's refusals, said in
Chinese: each template reads its own English back, and the checks' real wordings are read."""

from __future__ import annotations

import re

import pytest

from sim.errors import ScenarioError
from sim.output.glossary import GLOSSARY, term
from sim.output.glossary_checks import CHECKS
from sim.output.glossary_commands import COMMANDS
from sim.output.saying import in_lang
from sim.world.inputs import load_scenario
from tests.conftest import ROOT

SMALL = ROOT / "scenarios" / "teaching_small.yaml"


def _han(text: str) -> bool:
    return bool(re.search("[\u4e00-\u9fff]", text))


@pytest.mark.parametrize(
    "key", [k for k in [*CHECKS, *COMMANDS] if k.startswith(("scn:", "res:", "arg:", "os:"))]
)
def test_every_template_reads_its_own_english_back(key: str) -> None:
    """A template shadowed by a shorter one (or one no problem can match) would say another
    message, or stay English."""
    fields = {f: f"<{f}{i}>" for i, f in enumerate(re.findall(r"\{(\w+)\}", GLOSSARY[key]["en"]))}
    english = term(key, "en", **fields)
    for text in (english, f"some.key: {english}"):
        said = in_lang(text, "zh")
        assert _han(said), (key, said)
        assert all(v in said for v in fields.values()), (key, said)
        assert said.endswith(term(key, "zh", **fields)), (key, said)


@pytest.mark.parametrize(
    ("override", "said"),
    [
        ("buyers.destinations={}", "buyers.destinations：destinations 至少要列出一个目的地"),
        ("start=20251001", "start：日期应写作 YYYY-MM-DD"),
        ("start=2099-01-01", "start：2099-01-01 至 2099-05-31 超出了农历能推算春节日期的年份"),
        (
            "disruptions=[{target: edge, id: MAL-XXX, start: 2025-10-10, end: 2025-10-20, "
            "extra_h: 5}]",
            "disruptions[0].id：'MAL-XXX' 不是区段（请写作 起点-终点，如 MSQ-BRE）；与 MAL 相连",
        ),
        (
            "disruptions=[{target: line, id: L05, start: 2025-10-10, end: 2025-10-20, "
            "trains_factor: 0}]",
            "disruptions[0].id：'L05' 不在本次运行中（不在 logistics.only_lines 里）",
        ),
        (
            "disruptions=[{target: line, id: L99, start: 2025-10-10, end: 2025-10-20, "
            "trains_factor: 0}]",
            "disruptions[0].id：'L99' 不是线路；本情景的线路：L01, L10, L12, S01",
        ),
        (
            "disruptions=[{target: node, id: MAL, start: 2026-10-10, end: 2026-10-20, "
            "servers_factor: 0}]",
            "请至少运行 385 天（--set days=385），或删去它",
        ),
        (
            "disruptions=[{target: node, id: MAL, start: 2024-10-10, end: 2024-10-20, "
            "servers_factor: 0}]",
            "它在运行开始前就已结束",
        ),
        (
            "disruptions=[{target: node, id: XXX, start: 2025-10-10, end: 2025-10-20, "
            "servers_factor: 0}]",
            "disruptions[0].id：'XXX' 不是口岸节点；口岸有：AKS, ALT",
        ),
        ("calendar.spring_festival=[]", "festival_goods 的截止日就是春节"),
        ("logistics.sea.serves=[XXX]", "logistics.sea.serves：未知的节点 'XXX'"),
        ("buyers.order_teu={dist: nope}", "buyers.order_teu.dist：未知的种类 'nope'；可用的种类："),
        (
            "buyers.order_teu=3",
            "buyers.order_teu：应为设置的映射（键: 值），并用 dist 写明种类，可用：constant",
        ),
        ("reporting.monitors=maybe", "应为 true 或 false，无法识别这个值（给出的值：'maybe'）"),
        (
            "calendar.fairs=[{name: '', start: 2025-10-05, end: 2025-10-06, buyer_multiplier: 2}]",
            "calendar.fairs[0].name：至少应有 1 个字符",
        ),
        (
            "disruptions=[{target: node, id: MAL, start: 2025-10-10, end: 2025-10-20, "
            "servers_factor: 0, announced: 2025-10-09T10:61}]",
            "应为有效的日期或日期时间（分钟应在 0-59 之间）",
        ),
    ],
)
def test_the_checks_own_wordings_are_said_in_chinese(override: str, said: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, [override])
    problems = [in_lang(p, "zh") for p in info.value.problems]
    assert any(said in p for p in problems), problems
    assert not any(re.search(r"\b(is not|must|outside|unknown)\b", p) for p in problems), problems


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('name: "abc\ndays: 3\n', "内容意外结束（多半是引号或括号没有闭合）"),
        ("name: x\n  days: 3\n", "此处不允许出现“键: 值”"),
        ("name: *a\n", "未定义的别名 'a'"),
        ("name: [a, b\n", "此处应为 ',' 或 ']'，实际是 '<stream end>'"),
        ("name: x\ndays 3\nseed: 1\n", "找不到应有的 ':'"),
        ("- a\nb: 1\n", "缩进不一致：此处应结束一个块，却遇到 '?'"),
        ("a: @x\n", "字符 '@' 不能出现在值的开头（请给值加引号）"),
    ],
)
def test_the_yaml_readers_reasons_are_said_in_chinese(tmp_path, text: str, said: str) -> None:
    """ruamel.yaml's reasons after "not valid YAML at line L, column C" were English."""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    zh = in_lang(problem, "zh")
    assert zh.startswith("不是有效的 YAML（第 ") and said in zh, zh
    assert not re.search(r"\b(found|expected|mapping|could|alias)\b", zh), zh


_HEAD = "name: x\nstart: 2025-10-01\n"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (  # Python's own limit on the digits of an integer, in the YAML reader's reason
            _HEAD + "days: " + "9" * 5000 + "\n",
            "... 不是有效的整数（超过整数转换的位数上限（4300 位）：该值有 5000 位）",
        ),
        (
            _HEAD + "days: !!python/object:os.system x\n",
            "days：'x' 不是有效的 os.system（无法识别标签 "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
        (_HEAD + 'description: "a \\q"\n', "未知的转义字符 'q'"),
        (_HEAD + "days: 3\n---\nname: y\n", "文件里还有第二个文档"),
        (_HEAD + "? [a, b]\n: 1\n", "键 ['a', 'b'] 不能是列表或映射"),
        ("%YAML 1.1\n---\n" + _HEAD, "文件声明了 %YAML 1.1；情景文件按 YAML 1.2 读取"),
        ("%YAML 2.0\n---\n" + _HEAD, "YAML 版本不兼容"),
        ("%YAML 1.3\n---\n" + _HEAD, "文件声明了 %YAML 1.3；情景文件按 YAML 1.2 读取"),
    ],
)
def test_a_bad_yaml_file_is_one_chinese_line_with_the_readers_detail(
    tmp_path, capsys, text: str, said: str
) -> None:
    """``yiwu-sim run BAD.yaml --lang zh`` still said the YAML reader's and Python's words in
    English (an integer past Python's digit limit, an unknown tag, an unknown escape, a second
    document, a list as a key, a %YAML line), and a %YAML 1.3 line ended in a traceback: each
    is one Chinese line keeping the reader's detail (the line and column, the value)."""
    from sim.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["run", str(path), "--lang", "zh", "--no-report", "--out", str(tmp_path)]) == 2
    head, problem = capsys.readouterr().err.rstrip("\n").split("\n")
    assert head.startswith("错误：情景"), head
    assert problem.startswith("  - 不是有效的 YAML"), problem
    assert said in problem, problem
    assert not re.search(r"\b(found|is not|could|unhashable|declares|Exceeds|expected)\b", problem)
    assert main(["run", str(path), "--no-report", "--out", str(tmp_path)]) == 2
    assert "not valid YAML" in capsys.readouterr().err  # in English as it was


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (  # a hexadecimal integer past Python's digit limit reached pydantic and a traceback
            "days: 0x" + "f" * 4000 + "\n",
            "days：应小于或等于 3660（给出的值：0xffffffffff",
        ),
        ("seed: 1.0e30\n", "seed：整数太大，无法读取（给出的值：1e+30）"),
    ],
)
def test_pydantics_rarer_words_are_said_in_chinese(tmp_path, capsys, text: str, said: str):
    """pydantic's words for an integer too large to read and a distribution without its
    ``dist`` stayed English under ``--lang zh``; a hexadecimal integer of 4,000 digits ended in
    Python's digit-limit traceback while its value was shown."""
    from sim.cli import main

    data = SMALL.read_text(encoding="utf-8")
    for key in ("days", "seed"):
        if text.startswith(key):
            data = re.sub(rf"(?m)^{key}: .*$", text.rstrip("\n"), data)
    path = tmp_path / "bad.yaml"
    path.write_text(data, encoding="utf-8")
    assert main(["run", str(path), "--lang", "zh", "--no-report", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert said in err, err
    assert "Traceback" not in err and not re.search(r"\b(Unable|Input|Exceeds)\b", err), err


def test_a_distribution_without_its_kind_is_said_in_chinese() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["buyers.order_teu={mean: 1}"])
    (problem,) = info.value.problems
    kinds = "constant, exponential, gamma, lognormal, triangular, uniform, poisson, empirical"
    assert (
        in_lang(problem, "zh")
        == f"buyers.order_teu：缺少 'dist' 键，无法判断是哪一种；可用：{kinds}"
    )
    assert problem == (
        f"buyers.order_teu: the key 'dist' is missing: it says which kind this is, one of {kinds}"
    )


def test_a_deadline_without_its_kind_lists_the_kinds() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["market.categories.0.deadline={date: 2026-01-01}"])
    (problem,) = info.value.problems
    assert problem == (
        "market.categories[0].deadline: the key 'kind' is missing: it says which kind this is, "
        "one of none, spring_festival, fixed_date, days_after_order"
    )
    assert "Unable" not in in_lang(problem, "zh")


_BASE = SMALL.read_text(encoding="utf-8")
_BOMB = "".join(f"l{i}: &l{i} [{','.join([f'*l{i - 1}' if i else 'x'] * 10)}]\n" for i in range(8))
"""Eight lists of ten, each of the one before: 10^8 values from 70 aliases."""


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("%YAML\n---\n" + _BASE, "'%YAML' 是读取器无法识别的指令行"),
        ("%YAML abc\n---\n" + _BASE, "'%YAML abc' 是读取器无法识别的指令行"),
        ("%YAML 1\n---\n" + _BASE, "'%YAML 1' 是读取器无法识别的指令行"),
        ("%YAML 1.2.3\n---\n" + _BASE, "'%YAML 1.2.3' 是读取器无法识别的指令行"),
        ("%YAML 1.2 # x\n%YAML 1.2\n---\n" + _BASE, "'%YAML 1.2' 重复了前面一行的指令"),
        ("%TAG\n---\n" + _BASE, "'%TAG' 是读取器无法识别的指令行"),
        ("%TAG !a b\n---\n" + _BASE, "'%TAG !a b' 是读取器无法识别的指令行"),
        ("%YAML 1.2\n" + _BASE, "'%YAML 1.2' 是指令行，其后没有 '---' 行"),
        ("# " + "x" * 1_000_001 + "\n" + _BASE, "文件超过 1,000,000 字节，这是情景文件的上限"),
        ("a: &x 1\nb: [" + ", ".join(["*x"] * 101) + "]\n", "别名（*name）超过 100 个"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", "嵌套超过 50 层"),
        (
            _BOMB,
            "展开后超过 200,000 个值（是否用了 YAML 别名？）",
        ),
    ],
)
def test_the_readers_limits_and_a_bad_directive_line_are_said_in_chinese(
    tmp_path, capsys, text: str, said: str
) -> None:
    """Under ``--lang zh`` a malformed ``%YAML`` (or ``%TAG``) line said the YAML reader's
    "expected a digit, but found 'a'", and the file-size, alias, nesting and expansion limits
    their English: each is one Chinese line naming the line or the limit, and what to do."""
    from sim.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path), "--lang", "zh"]) == 2
    head, problem = capsys.readouterr().err.rstrip("\n").split("\n")
    assert head.startswith("情景 ") and said in problem, problem
    words = re.sub(r"%YAML|%TAG|YAML|\*name|&name|'[^']*'", "", problem)
    assert not re.search(r"[A-Za-z]{2,}", words), problem
    assert main(["validate", str(path)]) == 2
    english = capsys.readouterr().err
    assert "expected" not in english and not _han(english)


def test_a_set_value_that_starts_with_percent_is_said_to_need_quotes(capsys) -> None:
    """``--set name=%x`` was read as a YAML directive line: "expected '<document start>',
    but found ('<stream end>',)", in English under ``--lang zh`` too."""
    from sim.cli import main

    assert main(["validate", str(SMALL), "--set", "name=%x", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "--set name：值 '%x' 以 % 开头，YAML 会把它当作指令行；请给它加上引号" in err, err
    assert main(["validate", str(SMALL), "--set", "name=%x"]) == 2
    assert "starts with %, which YAML reads as a directive line; put it in quotes" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("01/10/2025", "年份中有无效字符"),
        ("2025/10/01", "日期的分隔符应为 `-`"),
        ("2025-1x-01", "月份中有无效字符"),
        ("2025-10-0x", "日中有无效字符"),
        ("2025-10-01x", "日期与时刻之间应为 `T`、`t`、`_` 或空格"),
        ("2025-10-01T2x:00", "小时中有无效字符"),
        ("2025-10-01T10-00", "时刻的分隔符应为 `:`"),
        ("2025-10-01T10:x0", "分钟中有无效字符"),
        ("2025-10-01T10:00:6x", "秒中有无效字符"),
        ("2025-10-01T10:00:61", "秒应在 0-59 之间"),
        ("2025-10-01T10:00+2x:00", "时区的小时无效"),
        ("2025-10-01T10:00/01:00", "时区符号无效"),
        ("2025-10-01T10:00Z1", "末尾有多余的字符"),
        ("2025-10-01T10:00+25:00", "时区偏移应小于 24 小时"),
        ("2025-10-01T10:00:00.x", "小数点后缺少秒的小数位"),
        ("2025-10", "内容太短"),
    ],
)
def test_a_date_in_the_wrong_form_says_the_form_in_both_languages(value: str, why: str) -> None:
    """``--set start=01/10/2025`` said "Input should be a valid date or datetime, invalid
    character in year": no form to write, and the reason stayed English under ``--lang zh``
    ("应为有效的日期或日期时间（invalid character in year）"). Both say how a date is written;
    the Chinese says the reader's reason in Chinese."""
    announced = (
        "disruptions=[{target: node, id: MAL, start: 2025-12-01, end: 2025-12-05, "
        f"servers_factor: 0, announced: '{value}'}}]"
    )
    for override, key in ((f"start='{value}'", "start"), (announced, "disruptions[0].announced")):
        with pytest.raises(ScenarioError) as info:
            load_scenario(SMALL, [override])
        (problem,) = info.value.problems
        assert problem.startswith(f"{key}: Input should be a valid date or datetime, "), problem
        assert "; a date is written YYYY-MM-DD (a date and time YYYY-MM-DDTHH:MM)" in problem
        assert problem.endswith(f"(got '{value}')"), problem
        zh = in_lang(problem, "zh")
        assert zh.startswith(f"{key}：应为有效的日期或日期时间（{why}）"), zh
        assert "日期应写作 YYYY-MM-DD" in zh and f"'{value}'" in zh, zh
        words = re.sub(r"YYYY-MM-DD(THH:MM)?", "", zh.replace(key, "").replace(value, ""))
        assert not re.search(r"[A-Za-z]{4,}", words), zh


def test_a_list_where_a_number_belongs_is_shown() -> None:
    """``--set logistics.lines.L01.trains_per_week=[1,2]`` said "Input should be a valid
    number" without the value given: a list or mapping of the wrong kind is shown too."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["logistics.lines.L01.trains_per_week=[1, 2]"])
    (problem,) = info.value.problems
    assert (
        problem
        == "logistics.lines.L01.trains_per_week: Input should be a valid number (got [1, 2])"
    )
    assert (
        in_lang(problem, "zh")
        == "logistics.lines.L01.trains_per_week：应为数字（给出的值：[1, 2]）"
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["name={a: 1}"])
    (problem,) = info.value.problems
    assert problem == "name: Input should be a valid string (got {'a': 1})"


def test_a_value_where_a_mapping_of_settings_belongs_lists_its_keys() -> None:
    """``--set logistics.lines.L01=3`` (a student's guess at the trains a week) said "Input
    should be a valid dictionary or instance of LineSpec": a class name, not what to write.
    The keys the mapping takes are listed, in both languages."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, ["logistics.lines.L01=3"])
    (problem,) = info.value.problems
    assert problem.startswith(
        "logistics.lines.L01: Input should be a mapping of settings (key: value), with the keys: "
    ), problem
    assert "trains_per_week" in problem and "timetable" in problem and problem.endswith("(got 3)")
    assert "Spec" not in problem and "instance" not in problem  # (no class of the code)
    zh = in_lang(problem, "zh")
    assert zh.startswith("logistics.lines.L01：应为设置的映射（键: 值），可用的键："), zh
    assert "Spec" not in zh, zh
    assert "trains_per_week" in zh and zh.endswith("（给出的值：3）"), zh


@pytest.mark.parametrize(
    ("override", "english", "chinese"),
    [
        ("logistics.lines.L01.trains_per_week=2,5",
         "logistics.lines.L01.trains_per_week: Input should be a valid number, unable to parse "
         "string as a number; a number is written with a decimal point and no thousands "
         "separator (2.5, 1600) (got '2,5')",
         "logistics.lines.L01.trains_per_week：应为数字，无法把这段文字读作数字；数字用小数点，"
         "不加千位分隔符（2.5、1600）（给出的值：'2,5'）"),
        ("days=1,500",
         "days: Input should be a valid integer, unable to parse string as an integer; a number "
         "is written with a decimal point and no thousands separator (2.5, 1600) (got '1,500')",
         "days：应为整数，无法把这段文字读作整数；数字用小数点，不加千位分隔符（2.5、1600）"
         "（给出的值：'1,500'）"),
        ("logistics.mode_choice.rail_share=60%",
         "logistics.mode_choice.rail_share: Input should be a valid number, unable to parse "
         "string as a number; a percentage is written as a fraction, without % (60 % is 0.6) "
         "(got '60%')",
         "logistics.mode_choice.rail_share：应为数字，无法把这段文字读作数字；百分比写作小数，"
         "不带 %（60% 写作 0.6）（给出的值：'60%'）"),
    ],
)  # fmt: skip
def test_a_number_with_a_comma_or_a_percent_sign_says_how_to_write_it(
    override: str, english: str, chinese: str
) -> None:
    """``--set logistics.lines.L01.trains_per_week=2,5`` (a decimal comma), ``days=1,500``
    and ``rail_share=60%`` said only "unable to parse string as a number": the form to write
    is said too."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, [override])
    (problem,) = info.value.problems
    assert problem == english
    assert in_lang(problem, "zh") == chinese


@pytest.mark.parametrize("key", ["trains_per_week", "poisson_per_week"])
def test_no_trains_on_a_line_says_how_to_leave_it_out(key: str) -> None:
    """``--set logistics.lines.L01.trains_per_week=0`` (a student switching a line off) said
    only "Input should be greater than 0": how to run without the line is said too."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, [f"logistics.lines.L01.{key}=0"])
    (problem,) = info.value.problems
    assert problem == (
        f"logistics.lines.L01.{key}: Input should be greater than 0; a line without trains is "
        "left out of logistics.only_lines (for a window: a line disruption with trains_factor: "
        "0) (got 0)"
    )
    assert in_lang(problem, "zh") == (
        f"logistics.lines.L01.{key}：应大于 0；不开行的线路请从 logistics.only_lines 中去掉"
        "（只停开一段时间：用线路干扰 trains_factor: 0）（给出的值：0）"
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (
            "{MAD: 0.5 ALA: 0.5}",
            "此处应为 ',' 或 '}'，实际是 ':'（多半是少了逗号，或括号没有闭合）",
        ),
        ("'it''s", "内容意外结束（多半是引号或括号没有闭合）"),
    ],
)
def test_a_set_value_that_is_no_yaml_is_said_in_chinese_as_a_value(value: str, said: str) -> None:
    """A ``--set`` value's YAML error read "文件意外结束" (the file ended) for a value, and a
    missing comma in ``{MAD: 0.5 ALA: 0.5}`` was said to be a bracket not closed."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(SMALL, [f"buyers.destinations={value}"])
    (problem,) = info.value.problems
    zh = in_lang(problem, "zh")
    assert said in zh and "文件" not in zh, zh
