"""argparse in the reader's language: the help of every option and command, the usage line,
the section heads and the usage errors, said in the language the arguments ask for (``--lang
zh``), with Chinese help wrapped by terminal columns.

:data:`_argv_lang` is read from the arguments before they are parsed
(:func:`sim.cli.entry._main`): a usage error is told before ``args.lang`` exists.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sim.cli.printing import _width
from sim.cli.process import EXIT_USAGE

_argv_lang = "en"
"""The language the command line asked for (``--lang``), read before its arguments are parsed:
a usage error is told before ``args.lang`` exists."""


def _asked_lang(argv: Sequence[str]) -> str:
    """``zh`` when the arguments hold ``--lang zh`` (or ``--lang=zh``), else ``en``."""
    for i, a in enumerate(argv):
        if a == "--lang=zh" or (a == "--lang" and i + 1 < len(argv) and argv[i + 1] == "zh"):
            return "zh"
    return "en"


@lru_cache(maxsize=2)
def _help_words(lang: str) -> dict[str, str]:
    """The help texts of the options and commands in ``lang``, by their English (the ``help:``
    entries of the glossary)."""
    from sim.output.glossary import GLOSSARY

    return {e["en"]: e.get(lang) or e["en"] for k, e in GLOSSARY.items() if k.startswith("help:")}


class _SaidHelp(argparse.HelpFormatter):
    """argparse's help formatter, saying each option's and command's help (and the program's
    description) in the language the arguments ask for; a text with no translation as it is."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        return _help_words(_argv_lang).get(text, text) if text and _argv_lang != "en" else text

    def add_text(self, text: str | None) -> None:
        if text and _argv_lang != "en":
            text = _help_words(_argv_lang).get(text, text)
        super().add_text(text)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if _argv_lang == "en":
            return super()._split_lines(text, width)
        return _wrap_columns(" ".join(text.split()), width)

    def start_section(self, heading: str | None) -> None:
        if heading and _argv_lang != "en":
            from sim.output.glossary import term

            heads = {"positional arguments": "help:positional", "options": "help:options"}
            heading = term(heads[heading], _argv_lang) if heading in heads else heading
        super().start_section(heading)


_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_TOKEN = f"[{_CJK}]|[^\\s{_CJK}]+|\\s+"  # compiled when help is wrapped, not at start-up
_NO_BREAK_BEFORE = set("，。；：、）》」！？")


def _wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a Chinese character takes two),
    broken at spaces or between Chinese characters, never inside a word or an option, nor
    before a closing mark (，。；） ...)."""
    lines: list[str] = []
    line = ""
    for tok in re.findall(_TOKEN, text):
        if tok.isspace():
            line += " " if line else ""
            continue
        if line.strip() and _width(line + tok) > width and tok[0] not in _NO_BREAK_BEFORE:
            lines.append(line.rstrip())
            line = tok
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors and its help in the language the arguments ask for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _SaidHelp)
        super().__init__(*args, **kwargs)

    def format_usage(self) -> str:
        return _framed(super().format_usage())

    def format_help(self) -> str:
        return _framed(super().format_help())

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        """The arguments, an unknown option refused by the command it was given to: ``events
        RUN --format xml`` was refused by the top-level parser ("yiwu-sim: error:
        unrecognized arguments", under the usage of every command), not by ``events``,
        whose usage lists the options it takes."""
        ns, extra = self.parse_known_args(args, namespace)
        if extra:
            owner: argparse.ArgumentParser = self
            for action in self._actions:
                if isinstance(action, argparse._SubParsersAction):
                    owner = action.choices.get(str(getattr(ns, action.dest, "")), self)
            owner.error(f"unrecognized arguments: {' '.join(extra)}")
        return ns

    def error(self, message: str) -> Any:
        if _argv_lang == "en":
            return super().error(message)
        from sim.output.glossary import term
        from sim.output.saying import in_lang

        self.print_usage(sys.stderr)
        text = term("arg:error", _argv_lang, prog=self.prog, text=in_lang(message, _argv_lang))
        self.exit(EXIT_USAGE, text + "\n")


def _framed(text: str) -> str:
    """argparse's frame in the language the arguments ask for: ``usage:`` (as wide as the
    English, so that the usage's wrapped lines stay under its first) and the section heads'
    colons."""
    if _argv_lang == "en":
        return text
    from sim.output.glossary import term

    if text.startswith("usage: "):
        text = term("help:usage", _argv_lang) + text[len("usage: ") :]
    for key in ("help:positional", "help:options"):
        said = term(key, _argv_lang)
        text = text.replace(f"\n{said}:\n", f"\n{said}：\n")
    return text
