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
    p = problem("scn:unknown_line", where="logistics.only_lines", name="'L77'", known="L01, L10")
    assert p == "logistics.only_lines: unknown line 'L77'; known: L01, L10"
    assert (p.code, p.where, p.got) == ("scn:unknown_line", "logistics.only_lines", None)
    assert p.fields == {"name": "'L77'", "known": "L01, L10"}
    again = pickle.loads(pickle.dumps(p))  # (errors cross to and from worker processes)
    assert isinstance(again, Problem) and again == p and again.fields == p.fields
    got = worded("scn:gt", "Input should be greater than 0", where="days", got="-3", x="0")
    assert got == "days: Input should be greater than 0 (got -3)"


def test_chinese_is_said_from_the_code_and_values_not_from_the_english() -> None:
    """The same code and values under another English (a wording a later version changed):
    the Chinese is the same, so nothing was read back."""
    fields = {"name": "'L77'", "known": "L01, L10"}
    said = in_lang(Problem("scn:unknown_line", "whatever the English says", fields,
                           "logistics.only_lines"), "zh")  # fmt: skip
    assert said == "logistics.only_lines：未知的线路 'L77'；已知线路：L01, L10"
    assert (
        in_lang(problem("scn:unknown_line", where="logistics.only_lines", **fields), "zh") == said
    )
    assert (
        in_lang(problem("scn:unknown_line", **fields), "en")
        == "unknown line 'L77'; known: L01, L10"
    )


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_every_code_has_its_english_once_and_its_chinese(code: str) -> None:
    """The glossary's English of a code is the checks' own (one text, not two kept alike)."""
    assert GLOSSARY[code]["en"] == ENGLISH[code]
    fields = {f: f"<{f}{i}>" for i, f in enumerate(re.findall(r"\{(\w+)\}", ENGLISH[code]))}
    said = in_lang(problem(code, where="some.key", got="7", **fields), "zh")
    assert _han(said) and all(v in said for v in fields.values())
    assert said == f"some.key：{term('scn:got', 'zh', text=term(code, 'zh', **fields), value='7')}"


# ------------------------------------------------------------------ the capacity warning

TIGHT = ["--days", "10", "--set", "warmup_days=0", "--set",
         "logistics.lines.L01.trains_per_week=0.25"]  # fmt: skip


def test_the_capacity_warning_carries_its_code_and_values() -> None:
    from sim.world.checks import capacity_shortfalls, capacity_warnings
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
