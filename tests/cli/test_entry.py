"""The command line's entry (sim.cli.entry): a language given before the command is the
command's, ``--debug`` shows the traceback, and each kind of error a command raises is one line
on standard error with its exit code."""

from __future__ import annotations

import pytest

import sim.cli.parser
from sim.cli import main
from sim.errors import ResultsError, ScenarioError, UsageError


def test_lang_before_the_command_is_the_commands_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``yiwu-sim --lang zh network`` was refused (参数 COMMAND：无效的选择：'zh')."""
    assert main(["--lang", "zh", "network"]) == 0
    assert "义乌—马德里" in capsys.readouterr().out
    assert main(["--lang", "zh", "network", "--lang", "en"]) == 0  # the command's own wins
    assert "Yiwu-Madrid" in capsys.readouterr().out
    assert main(["--lang", "zh", "schema"]) == 0  # a command without words: as it was
    assert capsys.readouterr().out.startswith("{")


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception, match="no such file"):
        main(["--debug", "run", str(tmp_path / "missing.yaml")])


@pytest.mark.parametrize(
    ("raised", "status", "said"),
    [
        (ScenarioError(["days: must be at least 1"], "s.yaml"), 2,
         "error: invalid scenario s.yaml: 1 problem\n  - days: must be at least 1"),
        (UsageError("--jobs -1: at least 0"), 2, "error: --jobs -1: at least 0"),
        (ResultsError("/r/x: not a results folder"), 1, "error: /r/x: not a results folder"),
        (OSError(28, "No space left on device", "/r/x"), 1,
         "error: /r/x: No space left on device"),
        (MemoryError(), 1, "error: out of memory; lower scale, days or buyers.visits_per_day "
         "(or --jobs), or free memory"),
        (KeyboardInterrupt(), 130, "interrupted: finished runs are kept; the same command again "
         "continues where it stopped"),
    ],
    ids=["scenario", "usage", "results", "disk", "memory", "interrupted"],
)  # fmt: skip
def test_each_kind_of_error_a_command_raises_is_one_said_line_and_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    raised: BaseException,
    status: int,
    said: str,
) -> None:
    """Wrong input exits 2, work that could not be done 1, an interruption 130 (README), each
    said as a message and never as a traceback."""

    def command(args: object) -> int:
        raise raised

    monkeypatch.setattr(sim.cli.parser, "cmd_schema", command)  # what build_parser binds
    assert main(["schema"]) == status
    captured = capsys.readouterr()
    assert captured.err == said + "\n" and captured.out == ""
    if not isinstance(raised, KeyboardInterrupt):  # (an interruption is said under --debug too)
        with pytest.raises(type(raised)):  # --debug: the traceback, for the one who asks
            main(["--debug", "schema"])
