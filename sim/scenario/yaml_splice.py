"""Writing the values a scenario file leaves out, line by line, as ruamel.yaml writes them.

A run folder's ``scenario.yaml`` is the user's file with every value the project fills in
(:mod:`sim.scenario.yaml_write`): the defaults it adds are most of the text (270 of the 350
lines of the shipped default), and they have neither comments nor a layout of their own. The
round-trip writer (ruamel.yaml, pure Python) takes as long for them as for the rest of the file,
so a run of added keys (or list items) in a block mapping (or block list) is handed to it as one
placeholder line, and :func:`splice` puts the run's lines in its place afterwards, written here
as ruamel.yaml writes them with the project's settings (indent 2, lists indented 4 with the dash
at 2, lines up to 100 characters).

Only what can be written without a choice is written here: non-empty text of letters, digits
and ``_ .,()/+'-`` that YAML 1.1 and 1.2 both read as text, integers, booleans, finite floats,
mappings and lists of them (no list directly in a list, no ``null``), on lines of at most 100
characters. Anything else stays with ruamel.yaml (:meth:`Runs.writable` says no). The placeholder
lines must come out exactly as expected; :func:`splice` returns ``None`` otherwise, and the
caller writes the file the slow way. ``tests/scenario/test_yaml_splice.py`` checks the lines
against ruamel.yaml's own on random values and the whole text against the slow way on every
shipped scenario.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

WIDTH = 100
"""The writer's line width (``YAML.width``): a plain value is only folded past it."""

TOKEN = "yiwusimsplice"
"""The start of a placeholder (text that reads as text in both YAML versions)."""

_TEXT = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.,()/+'-]| (?! ))*(?<! )")
"""Text ruamel.yaml writes plain in a block: letters, digits and ``_ .,()/+'-`` (no ``:`` or
``#``), starting with a letter, a digit or ``_``, spaces only single and inside."""

_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+(?:e[-+][0-9]+)?")
_LINE = re.compile(rf"^( *)(- )?({TOKEN}[0-9]+x)(: 0)?$", re.M)


class Runs:
    """The placeholders handed to ruamel.yaml and the values each one stands for."""

    def __init__(self, ambiguous: Callable[[str], bool]) -> None:
        self._ambiguous = ambiguous
        self.keys: dict[str, list[tuple[str, Any]]] = {}
        self.items: dict[str, list[Any]] = {}

    def key_run(self, pairs: list[tuple[str, Any]]) -> str:
        """The placeholder key of a run of added keys (written as ``key: 0``)."""
        token = f"{TOKEN}{len(self.keys) + len(self.items)}x"
        self.keys[token] = pairs
        return token

    def item_run(self, values: list[Any]) -> str:
        """The placeholder item of a run of added list items (written as ``- item``)."""
        token = f"{TOKEN}{len(self.keys) + len(self.items)}x"
        self.items[token] = values
        return token

    def text(self, value: str) -> bool:
        return bool(_TEXT.fullmatch(value)) and not self._ambiguous(value)

    def writable(self, value: Any, depth: int = 0) -> bool:
        """Whether ``value`` is written here (at nesting ``depth`` below the run).

        Types are matched exactly: a subclass (an enum, ruamel.yaml's hexadecimal integer or
        quoted text) may be written another way."""
        kind = type(value)
        if depth > 20:
            return False
        if kind is bool or kind is int:
            return True
        if kind is float:
            return _FLOAT.fullmatch(float_text(value)) is not None
        if kind is str:
            return self.text(value)
        if kind is dict:
            return all(
                type(k) is str and self.text(k) and self.writable(v, depth + 1)
                for k, v in value.items()
            )
        if kind is list:
            return all(type(v) is not list and self.writable(v, depth + 1) for v in value)
        return False

    def __bool__(self) -> bool:
        return bool(self.keys or self.items)


def float_text(value: float) -> str:
    """A float as both YAML versions read it: ``1.0e+20``, never ``1e+20`` (text in 1.1)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    return None


def _pair(out: list[str], lead: str, col: int, key: str, value: Any) -> None:
    """``key: value`` at column ``col`` (``lead``: what starts the line, the indent or a dash)."""
    text = _scalar(value)
    if text is not None:
        out.append(f"{lead}{key}: {text}")
        return
    out.append(f"{lead}{key}:")
    if isinstance(value, dict):
        _mapping(out, col + 2, list(value.items()))
    else:
        _items(out, col + 2, value)


def _mapping(out: list[str], col: int, pairs: list[tuple[str, Any]], lead: str = "") -> None:
    """Block mapping keys at column ``col`` (the first one after ``lead``, when given)."""
    for n, (key, value) in enumerate(pairs):
        _pair(out, lead if n == 0 and lead else " " * col, col, key, value)


def _items(out: list[str], col: int, values: list[Any]) -> None:
    """Block list items with their dash at column ``col`` (the item two columns on)."""
    dash = " " * col + "- "
    for value in values:
        text = _scalar(value)
        if text is not None:
            out.append(dash + text)
        else:  # a non-empty mapping: its first key on the dash's line
            _mapping(out, col + 2, list(value.items()), lead=dash)


def lines(
    col: int, pairs: list[tuple[str, Any]] | None = None, items: list[Any] | None = None
) -> list[str] | None:
    """The lines of a run of keys (``pairs``, at column ``col``) or of list items (``items``,
    their dash at ``col``); ``None`` if one is longer than :data:`WIDTH` (ruamel.yaml would fold
    it at a space, or write a long key another way)."""
    out: list[str] = []
    if pairs is not None:
        _mapping(out, col, pairs)
    else:
        _items(out, col, items or [])
    return out if all(len(line) <= WIDTH for line in out) else None


def splice(text: str, runs: Runs) -> str | None:
    """``text`` with each placeholder line replaced by the lines of its run; ``None`` when a
    placeholder is not on a line of its own as expected, or a line would be too long."""
    done: set[str] = set()
    ok = True

    def put(match: re.Match[str]) -> str:
        nonlocal ok
        indent, dash, token, zero = match.groups()
        out: list[str] | None = None
        if token not in done and dash is None and zero and token in runs.keys:
            out = lines(len(indent), pairs=runs.keys[token])
        elif token not in done and dash and not zero and token in runs.items:
            out = lines(len(indent), items=runs.items[token])
        done.add(token)
        if out is None:
            ok = False
            return ""
        return "\n".join(out)

    result = _LINE.sub(put, text)
    if not ok or len(done) != len(runs.keys) + len(runs.items) or TOKEN in result:
        return None
    return result
