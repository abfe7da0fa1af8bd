"""Writing a scenario back in its author's layout: comments, key order and flow style kept.

The comments of a scenario file carry the source of every figure (S = sourced, D = derived,
E = estimated), so a file the project writes from the user's file — a run folder's
``scenario.yaml``, the explorer's download, the plan's ``recommended.yaml`` — keeps them.
:func:`keep_comments` takes the text the project would write anyway (every value right, no
comments) and the user's file, reads the user's file with ruamel.yaml's round-trip loader, puts
the written values into it (keys the user wrote stay where they were, with their comments; keys
the project adds, such as filled-in defaults, follow in the schema's order; keys it dropped go)
and writes it back.

Two promises make the layout safe to keep:

- the result reads exactly as the plain text does (checked by reading both with
  :func:`sim.scenario.yaml_io.parse_yaml`; when they differ, for instance because an override
  changed one of two places that share a YAML anchor, the plain text is written instead);
- every value is written so that YAML 1.1 readers (PyYAML, older tools) read it as YAML 1.2
  does: text that 1.1 would take for a boolean, a number or a date (``NO``, ``0755``, ``1:30``)
  is quoted, and numbers are written in plain decimal.
"""

from __future__ import annotations

import copy
import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from sim.errors import ScenarioError
from sim.scenario.yaml_io import MAX_FILE_BYTES, parse_yaml

_STR_TAG = "tag:yaml.org,2002:str"


class _Representer(RoundTripRepresenter):
    """Floats as both YAML versions read them: ``1.0e+20``, never ``1e+20`` (text in 1.1)."""


def _represent_float(representer: Any, value: float) -> Any:
    if math.isnan(value):
        text = ".nan"
    elif math.isinf(value):
        text = ".inf" if value > 0 else "-.inf"
    else:
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


_Representer.add_representer(float, _represent_float)


@functools.lru_cache(maxsize=1)
def _resolvers() -> tuple[Any, Any]:
    """How YAML 1.1 (PyYAML) and YAML 1.2 (ruamel.yaml) tag a plain scalar."""
    import yaml as yaml11  # PyYAML's resolver is the YAML 1.1 reading

    old, new = yaml11.resolver.Resolver(), VersionedResolver(version=(1, 2))
    return (
        lambda text: str(old.resolve(yaml11.ScalarNode, text, (True, False))),
        lambda text: str(new.resolve(ScalarNode, text, (True, False))),
    )


def _ambiguous(text: str) -> bool:
    """Whether plain ``text`` would be read as something other than text by YAML 1.1 or 1.2."""
    yaml11_tag, yaml12_tag = _resolvers()
    return yaml11_tag(text) != _STR_TAG or yaml12_tag(text) != _STR_TAG


def _quoting(text: str) -> Any:
    """``text`` quoted when YAML 1.1 would read it as something other than text (YAML 1.2
    ambiguities the writer quotes itself)."""
    yaml11_tag, _ = _resolvers()
    return SingleQuotedScalarString(text) if yaml11_tag(text) != _STR_TAG else text


def _plain(value: Any) -> Any:
    """A written value, ready for the round-trip writer (text quoted where 1.1 needs it)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return _quoting(value)
    return value


def _merge(old: Any, new: Any) -> Any:
    """``new``'s values in ``old``'s layout: mappings and lists updated in place (so the
    comments attached to their keys and items stay), anything else replaced."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for pos, key in enumerate(list(old)):
            if isinstance(key, str) and _ambiguous(key):  # a key ``NO:`` is quoted too
                comment = old.ca.items.pop(key, None)
                value = old.pop(key)
                old.insert(pos, SingleQuotedScalarString(key), value)
                if comment is not None:
                    old.ca.items[key] = comment
        for key, value in new.items():
            old[key] = _merge(old[key], value) if key in old else _plain(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        del old[len(new) :]
        for i, value in enumerate(new):
            if i < len(old):
                old[i] = _merge(old[i], value)
            else:
                old.append(_plain(value))
        return old
    if isinstance(old, (LiteralScalarString, FoldedScalarString)) and old == new:
        return old  # a block of text stays a block (it reads as text in every YAML version)
    return _plain(new)


@dataclass(frozen=True, eq=False)
class ScenarioSource:
    """The text of the file a scenario was read from, kept with the scenario so that the
    run folder's ``scenario.yaml`` keeps its comments.

    The comments are not part of what a scenario is: every source compares equal (to another
    source or to none), so two scenarios with the same values stay equal whatever file, with
    whatever comments, they came from.
    """

    text: str

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, ScenarioSource)

    def __hash__(self) -> int:
        return 0


def keep_comments(
    source_text: str | None, plain_text: str, data: dict[str, Any] | None = None
) -> str:
    """``plain_text`` (a scenario as the project writes it) in the layout of ``source_text``
    (the user's file it came from): the user's comments, key order and flow style kept.

    Parameters
    ----------
    source_text
        The user's file (``None``: there is none, and ``plain_text`` is returned).
    plain_text
        The scenario as written without comments.
    data
        What ``plain_text`` reads as, when the caller has it (saves reading it again).

    Returns
    -------
    str
        The commented text; ``plain_text`` unchanged when the source cannot be read back or
        when the commented text would not read exactly as ``plain_text`` does.
    """
    if not source_text:
        return plain_text
    try:
        if data is None:
            data = parse_yaml(plain_text, "scenario")
        layout = _layout(source_text)
        if layout is None:
            return plain_text
        merged = _merge(layout, data)
        out = io.StringIO()
        _writer().dump(merged, out)
        text = out.getvalue()
        if not _reads_as(text, merged, data):
            return plain_text
    except (ScenarioError, YAMLError, ValueError, TypeError, KeyError, IndexError):
        return plain_text
    return text


def _writer() -> YAML:
    writer = YAML(typ="rt", pure=True)
    writer.Representer = _Representer
    # no rewrapping: a line the user wrote (a fair's flow mapping and its comment, past 100
    # characters) stays one line; rewrapped, it kept a trailing space and lost its comment's place
    writer.width = 4096
    writer.indent(mapping=2, sequence=4, offset=2)
    return writer


_SEEN = 8
"""How many files' layouts are remembered (and how many texts read once are)."""

_seen_once: dict[str, None] = {}
"""Texts whose layout was read once: a single run writes its file once, and reading its layout
fresh costs nothing extra, where keeping it would cost a deep copy (0.01 s) at every use."""


def _layout(source_text: str) -> CommentedMap | None:
    """The user's file read for its layout, as a document the caller may change.

    The first time a text is seen it is read and handed over as it is; from its second use on
    (an explorer's downloads, a plan's files) it is read once more and kept, and each caller
    gets a deep copy of the kept document (cheaper than reading it again)."""
    if source_text not in _seen_once:
        _seen_once[source_text] = None
        while len(_seen_once) > _SEEN:
            del _seen_once[next(iter(_seen_once))]
        return _read_layout(source_text)
    kept = _kept_layout(source_text)
    return copy.deepcopy(kept) if kept is not None else None


@functools.lru_cache(maxsize=_SEEN)
def _kept_layout(source_text: str) -> CommentedMap | None:
    """The layout of a text used more than once, kept (callers copy it)."""
    return _read_layout(source_text)


def _read_layout(source_text: str) -> CommentedMap | None:
    doc = _writer().load(source_text)
    return doc if isinstance(doc, CommentedMap) else None


def _keys(node: Any) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


def _reads_as(text: str, merged: Any, data: dict[str, Any]) -> bool:
    """Whether ``text`` reads as ``data`` in YAML 1.2.

    Every value the writer puts in reads the same in YAML 1.1 and 1.2 (text quoted where either
    would take it for something else, numbers in decimal), and so do the user's keys unless one
    of them is ambiguous: then PyYAML's C reader (YAML 1.1, twenty times faster than a pure
    Python one) decides for both. Otherwise the text is read as scenario files are.
    """
    import yaml as yaml11

    loader = getattr(yaml11, "CSafeLoader", None)
    try:
        if loader is None or any(isinstance(k, str) and _ambiguous(k) for k in _keys(merged)):
            return bool(parse_yaml(text, "scenario") == data)
        return bool(yaml11.load(text, Loader=loader) == data)
    except (yaml11.YAMLError, ScenarioError):
        # the merge did not give valid YAML (a commented list replaced by an empty one, say):
        # not the same, so the plain file is written
        return False


def scenario_source(path: str | Path) -> ScenarioSource | None:
    """The text of a scenario file that was just read (``None`` if it can no longer be read:
    its comments are then simply not kept)."""
    p = Path(path)
    try:
        # a pipe (``<(...)``) was consumed by the first read: reading it again would wait forever
        if not p.is_file() or p.stat().st_size > MAX_FILE_BYTES:
            return None
        return ScenarioSource(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
