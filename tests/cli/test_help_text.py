"""argparse's words in the reader's language (sim.cli.help_text): every option's help has its
Chinese, ``--help --lang zh`` is Chinese and fits the terminal's columns, and a usage error is
Chinese from its usage line to its error."""

from __future__ import annotations

import argparse
import re

import pytest

from sim.cli import build_parser, main
from tests.test_cli_zh_tools import _han


def _helps(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text of the parser, its commands and their options, and its description."""
    out = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            out.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            out += [a.help for a in action._choices_actions if a.help]
            for sub in action.choices.values():
                out += _helps(sub)
    return out


def test_every_help_text_has_its_chinese() -> None:
    """A new option without a Chinese help would leave English in ``--help --lang zh``."""
    from sim.cli.help_text import _help_words

    words = _help_words("zh")
    missing = sorted({h for h in _helps(build_parser()) if not _han(words.get(h, ""))})
    assert not missing, missing


def test_help_is_chinese_under_lang_zh_and_fits_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import unicodedata

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    monkeypatch.setenv("COLUMNS", "80")
    for command in ("run", "plan", "sensitivity", "network"):
        assert main([command, "--lang", "zh", "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"用法： yiwu-sim {command} [-h]"), out[:80]
        assert "\n选项：\n" in out and "显示此帮助信息并退出" in out
        assert not re.search(r"\b(usage|options|show|default|the|of)\b", out), out
        assert max(columns(x) for x in out.splitlines()) <= 80
        usage = out.split("\n\n")[0].splitlines()  # wrapped under the first line's arguments
        if len(usage) > 1:
            assert columns(usage[0].split("[-h]")[0]) == len(usage[1]) - len(usage[1].lstrip())
    assert main(["--help", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "义乌市场物流与义新欧班列的离散事件仿真" in out and "模拟一个情景并写出结果文件夹" in out
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: yiwu-sim run") and "show this help message and exit" in out
    assert "\noptions:\n" in out and not _han(out)


def test_a_usage_error_is_chinese_from_usage_to_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["collect", "--lang", "zh"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("用法： yiwu-sim collect")
    assert err[-1] == "yiwu-sim collect：错误：缺少必需的参数：FOLDER"
    assert main(["run", "--seed", "x", "--lang", "zh"]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == (
        "yiwu-sim run：错误：参数 --seed："
        "随机种子应为 0 至 9223372036854775807 的整数，给出的是 'x'"
    )
    assert main(["collect"]) == 2
    assert capsys.readouterr().err.startswith("usage: yiwu-sim collect")


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "report"])
def test_lang_says_it_is_the_language_of_what_the_command_prints_too(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``yiwu-sim run --help`` said ``--lang`` was the "report language", where it is also the
    language of the printed summary, the warnings and the errors (README)."""
    assert main([command, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--lang {en,zh} language of the report and of what this command prints" in out, out
    assert main([command, "--help", "--lang", "zh"]) == 0
    assert "报告及此命令所打印内容的语言" in " ".join(capsys.readouterr().out.split())


def test_an_unknown_option_is_refused_by_the_command_it_was_given_to(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``events RUN --format xml`` was refused by the top-level parser ("yiwu-sim: error:
    unrecognized arguments: --format xml") under the usage of every command: the command's
    own usage, which lists what it takes, and its name head the refusal now, in English and
    Chinese."""
    assert main(["events", "some-run", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: yiwu-sim events ")
    assert err.strip().endswith("yiwu-sim events: error: unrecognized arguments: --format xml")
    assert main(["--lang", "zh", "schema", "--foo"]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith("yiwu-sim schema：错误：无法识别的参数：--foo"), err
