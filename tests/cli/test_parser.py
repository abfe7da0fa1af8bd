"""The command line's parser (sim.cli.parser): every tool command takes ``--lang``, and
``yiwu-sim completion bash|zsh`` makes its scripts from the parser itself."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from sim.cli import build_parser, main
from tests.conftest import ROOT

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
TOOLS = ("collect", "events", "warmup", "figures", "network", "sensitivity")


def _script(shell: str, capsys) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


def test_the_zsh_script_knows_every_command_and_option(capsys):
    text = _script("zsh", capsys)
    assert text.startswith("#compdef yiwu-sim")
    for command in COMMANDS:
        assert f"{command}:" in text or f'"{command}"' in text, command
    assert "--replications" in text and "--format" in text


def _complete(script: str, words: list[str]) -> list[str]:
    line = " ".join(words)
    words_bash = " ".join(f"'{w}'" for w in words)
    code = (
        f"{script}\n"
        f"COMP_WORDS=({words_bash}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\n"
        "_shtab_yiwu_sim; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    out = subprocess.run(["bash", "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completes_commands_options_choices_and_scenario_files(capsys):
    script = _script("bash", capsys)
    assert "complete -o bashdefault -F _shtab_yiwu_sim yiwu-sim" in script
    assert sorted(_complete(script, ["yiwu-sim", ""])) == COMMANDS
    assert _complete(script, ["yiwu-sim", "fig"]) == ["figures"]
    assert _complete(script, ["yiwu-sim", "figures", "x", "--for"]) == ["--format"]
    assert _complete(script, ["yiwu-sim", "figures", "x", "--format", ""]) == ["pdf", "png", "svg"]
    teaching = _complete(script, ["yiwu-sim", "run", "scenarios/teach"])
    assert teaching == ["scenarios/teaching_small.yaml"]


def test_without_shtab_the_command_says_what_to_install():
    code = (
        "import sys; sys.modules['shtab'] = None\n"
        "from sim.cli import main\n"
        "raise SystemExit(main(['completion', 'bash']))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "error: yiwu-sim completion needs shtab: pip install 'yiwu-sim[completion]'"
    )


@pytest.mark.parametrize("command", TOOLS)
def test_every_tool_command_takes_lang(command: str) -> None:
    """``--lang`` was refused by these six (argparse: unrecognized arguments)."""
    given = {"collect": ["x"], "events": ["x"], "warmup": ["x"], "figures": ["x"]}
    args = build_parser().parse_args([command, *given.get(command, []), "--lang", "zh"])
    assert args.lang == "zh"
    assert build_parser().parse_args([command, *given.get(command, [])]).lang == "en"
