"""sim.output.glossary_commands: the words of the tool commands, the results layer's refusals
and argparse's frame, in English and Chinese."""

from __future__ import annotations

import re

from sim.output.glossary import GLOSSARY, term
from sim.output.glossary_commands import COMMANDS


def test_every_command_word_is_in_the_glossary_with_the_same_fields_in_both_languages() -> None:
    """Each entry is merged into the glossary in both languages (the English of a few is the
    checks' own, written once in :mod:`sim.problems`), each field in both."""
    assert COMMANDS
    for key, entry in COMMANDS.items():
        merged = GLOSSARY[key]
        assert merged["zh"] == entry["zh"] and merged["en"] == entry.get("en", merged["en"]), key
        fields = {lang: sorted(re.findall(r"\{(\w+)", merged[lang])) for lang in ("en", "zh")}
        assert fields["en"] == fields["zh"], key


def test_a_command_word_is_said_in_the_readers_language_with_its_values() -> None:
    assert term("cmd:valid_ok", path="a.yaml") == "a.yaml: ok"
    assert term("cmd:valid_ok", "zh", path="a.yaml") == "a.yaml：检查通过"
    assert term("cmd:hours", "zh", mean="3.1", p95="7.0") == "3.1 / 7.0 小时"
