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


def _library_warning() -> None:
    """Two warnings as the library logs them (in English, for notebooks and log files): a
    ``log:`` template with its values, and one it has no words for."""
    import logging

    log = logging.getLogger("sim.experiment.runs")
    log.warning("a worker process died; %d runs left, retry %d of %d", 4, 1, 2)
    log.warning("%s; the run is made again", "rep-001: manifest.json is damaged")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["warning: a worker process died; 4 runs left, retry 1 of 2",
                "warning: rep-001: manifest.json is damaged; the run is made again"]),
        ("zh", ["警告：一个工作进程意外退出；还剩 4 次运行，第 1 次重试（共 2 次）",
                "警告：rep-001: manifest.json is damaged；该次运行将重新计算"]),
    ],
)  # fmt: skip
def test_a_library_warning_reads_as_the_commands_own(lang, said, caplog) -> None:
    """A warning the library logged was printed "WARNING sim.experiment.runs: …" ("警告
    sim.experiment.runs：…") beside the command's own "warning: …": a new user read the
    logger's name as part of the message. It reads "warning: …" / "警告：…" as the command's
    own do; ``--debug`` keeps the level and the logger's name, for developers."""
    import logging

    assert main(["network", "--lang", lang]) == 0
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        _library_warning()
    assert caplog.text.splitlines() == said, caplog.text
    assert main(["--debug", "network", "--lang", lang]) == 0
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sim.experiment.runs"):
        _library_warning()
    assert caplog.text.splitlines() == [
        "WARNING sim.experiment.runs: a worker process died; 4 runs left, retry 1 of 2",
        "WARNING sim.experiment.runs: rep-001: manifest.json is damaged; the run is made again",
    ], caplog.text
    main(["network"])  # (the next test's commands set their own)


def test_a_library_warning_on_standard_error_names_no_logger(tmp_path) -> None:
    """As a user sees it, in a process of its own: ``run --replications 2`` on a folder that
    holds 3 printed "WARNING sim.experiment.runs: … 1 replication folder(s) …"; it reads as
    the command's own warning, its count in the singular, in English and in Chinese."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    small = str(root / "scenarios" / "teaching_small.yaml")
    common = ["--set", "days=20", "--out", str(tmp_path), "--quiet", "--no-report",
              "--summaries-only", "--jobs", "1"]  # fmt: skip
    errs = []
    for n, lang in (("3", "en"), ("2", "en"), ("2", "zh")):
        argv = [sys.executable, "-m", "sim", "run", small, "--replications", n, "--lang", lang]
        done = subprocess.run([*argv, *common], capture_output=True, text=True, cwd=root)
        assert done.returncode == 0, done.stderr
        errs.append(done.stderr)
    folder = next(tmp_path.glob("*/replications-*"))
    en = [line for line in errs[1].splitlines() if "rep-002" in line]
    assert en == [
        f"warning: {folder}: 1 replication folder from an earlier, larger run (rep-002) is "
        "kept but not counted: the statistics cover rep-000 .. rep-001, while yiwu-sim collect "
        "on the folder gathers every one (run with --replications 3 to count it, or remove it)"
    ], errs[1]
    zh = [line for line in errs[2].splitlines() if "rep-002" in line]
    assert zh == [
        f"警告：{folder}：有 1 个来自先前更多次重复的运行文件夹（rep-002）被保留但"
        "未计入：统计只涵盖 rep-000 .. rep-001，而 yiwu-sim collect 会收集该文件夹中的全部运行"
        "（用 --replications 3 运行即可将其计入，或将其删除）"
    ], errs[2]
    assert "sim.experiment" not in errs[1] + errs[2]
