"""sim.output.glossary_help: the command line's ``--help`` in Chinese, by its English."""

from __future__ import annotations

import argparse

from sim.cli import build_parser
from sim.output.glossary_help import HELP
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


def test_every_help_entry_is_in_the_glossary_in_english_and_chinese() -> None:
    """The entries are ``help:`` keys merged into the glossary: each has its English and a
    Chinese text, and no two entries share one English (the formatter finds them by it)."""
    from sim.output.glossary import GLOSSARY

    assert HELP and all(key.startswith("help:") for key in HELP)
    assert all(GLOSSARY[key] == entry for key, entry in HELP.items())
    assert all(entry["en"] and _han(entry["zh"]) for entry in HELP.values())
    english = [entry["en"] for entry in HELP.values()]
    assert len(english) == len(set(english))
