"""sim.output.glossary_help: the command line's ``--help`` in Chinese, by its English."""

from __future__ import annotations

from sim.output.glossary_help import HELP
from tests.test_cli_zh_tools import _han


def test_every_help_entry_is_in_the_glossary_in_english_and_chinese() -> None:
    """The entries are ``help:`` keys merged into the glossary: each has its English and a
    Chinese text, and no two entries share one English (the formatter finds them by it)."""
    from sim.output.glossary import GLOSSARY

    assert HELP and all(key.startswith("help:") for key in HELP)
    assert all(GLOSSARY[key] == entry for key, entry in HELP.items())
    assert all(entry["en"] and _han(entry["zh"]) for entry in HELP.values())
    english = [entry["en"] for entry in HELP.values()]
    assert len(english) == len(set(english))
