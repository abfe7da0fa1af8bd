"""Reading scenario files: safe YAML with bounded size, and ``--set`` overrides.

Scenario files come from users and from the internet, so the loader refuses what could hurt:
Python tags (only the safe loader is used), duplicate keys (a silent overwrite hides typos),
"billion laughs" alias bombs and deep nesting (counted on the node graph before anything is
built), files over :data:`MAX_FILE_BYTES`, and text that is not UTF-8. Every refusal is a
:class:`sim.errors.ScenarioError` naming the file and the place. The mapping returned is not
validated yet: :func:`sim.world.inputs.validate_data` does that.

Everything a user types goes through the one loader here: scenario files, ``--set`` values
(:func:`parse_value`) and ``--vary`` values. PyYAML converts some scalars itself (dates,
timestamps, ``!!int``, ``!!float``, ``!!binary``) and raises a plain ``ValueError`` when the
text cannot be converted (``2025-02-30``, ``!!int abc``, an integer of 5,000 digits): the
loader turns any such failure into a :class:`~sim.errors.ScenarioError` naming the key path,
the value and the line, so no reader exception reaches the user as a traceback.
"""

from __future__ import annotations

import copy
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from sim.errors import ScenarioError

MAX_FILE_BYTES = 1_000_000
"""Scenario files larger than this are refused before parsing (guards against YAML bombs)."""

MAX_ALIASES = 100
"""YAML aliases allowed in one file: enough for sharing a distribution, too few for a
"billion laughs" bomb whose expansion would exhaust memory when validated."""

MAX_NODES = 200_000
"""Values a file may hold once every alias is expanded (the shipped scenarios hold about 600)."""

MAX_DEPTH = 50
"""Nesting depth allowed in one file (a scenario needs fewer than ten levels)."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_INDEX = re.compile(r"[0-9]{1,9}")
"""A list index in a ``--set`` path: ASCII digits only (``int()`` would also take ``-1``,
``1_0`` and non-ASCII digits, and ``-1`` would silently pick the last element)."""


_READER_ERRORS = (ValueError, OverflowError, TypeError, AttributeError, KeyError, IndexError)
"""What PyYAML's converters raise on text they cannot convert (``!!timestamp x`` raises an
``AttributeError`` deep inside PyYAML): each becomes a message, never a traceback."""

_KINDS = {"timestamp": "date", "int": "integer", "float": "number", "binary": "base64 text"}
"""How the types PyYAML converts are named in messages."""


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _key_path(root: yaml.Node, target: yaml.Node) -> str | None:
    """The key path (``calendar.fairs[0].start``) of ``target`` in the node graph of ``root``,
    for messages; ``None`` when it is not found. Only called when something failed, and
    linear in the nodes (each visited once, aliases included)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path or None
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                if key_node is target:
                    return f"{path + '.' if path else ''}(key {_short(key)})"
                stack.append((value_node, f"{path}.{key}" if path else str(key)))
    return None


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses duplicate keys (a silent overwrite hides typos), more than
    :data:`MAX_ALIASES` aliases and nesting deeper than :data:`MAX_DEPTH`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0
        self.root: yaml.Node | None = None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML's own scalar constructors (timestamp, int, float, binary) raise plain
        # ValueError/OverflowError on text they cannot convert; make each a YAML error that
        # names the key path, the value and the place
        try:
            return super().construct_object(node, deep=deep)
        except _READER_ERRORS as exc:
            if isinstance(exc, yaml.YAMLError):  # pragma: no cover - not a ValueError today
                raise
            tag = node.tag.rsplit(":", 1)[-1]
            kind = _KINDS.get(tag, tag)
            where = _key_path(self.root, node) if self.root is not None else None
            reason = str(exc).split(";")[0][:120]
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{where + ': ' if where else ''}{_short(node.value)} is not a valid {kind} "
                f"({reason})",
                node.start_mark,
            ) from None

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases (*name)", event.start_mark
                )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    """A mapping with merge keys (``<<: *defaults``) expanded; a key written twice in the same
    mapping is refused, while a key given here overrides one merged in (as YAML specifies)."""
    own = sum(1 for k, _ in node.value if k.tag != _MERGE_TAG)
    loader.flatten_mapping(node)  # merged pairs first, then this mapping's own pairs
    first_own = len(node.value) - own
    mapping: dict[Any, Any] = {}
    own_keys: set[Any] = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, f"unhashable key {_short(key)}", key_node.start_mark
            ) from None
        if i >= first_own:
            if key in own_keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {_short(key)}", key_node.start_mark
                )
            own_keys.add(key)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Number of values ``node`` stands for with every alias expanded (memoised: linear)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


def _load(text: str, source: str) -> Any:
    """Any YAML document read by the guarded loader (``None`` for an empty one)."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError([f"file is larger than {MAX_FILE_BYTES} bytes"], source)
    loader = None
    try:
        loader = _UniqueKeyLoader(text)  # the reader already refuses control characters here
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            raise ScenarioError(
                [f"the file expands to more than {MAX_NODES:,} values (YAML aliases?)"], source
            )
        loader.root = node
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError([f"not valid YAML{where}: {problem}"], source) from None
    except (*_READER_ERRORS, RecursionError) as exc:
        # a last guard: whatever PyYAML raises while reading user text is a bad input
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ScenarioError([f"not valid YAML: {reason[:200]}"], source) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data


def parse_yaml(text: str, source: str) -> dict[str, Any]:
    """Parse scenario YAML text into a mapping (safe loader, no duplicate keys, bounded size).

    Raises
    ------
    ScenarioError
        Naming ``source``, the place (line, column, key path) and the problem.
    """
    data = _load(text, source)
    if data is None:
        raise ScenarioError(["the file is empty; a scenario is a YAML mapping of keys"], source)
    if not isinstance(data, dict):
        raise ScenarioError(
            [f"the top level must be a mapping of keys, got {type(data).__name__}"], source
        )
    return data


def read_scenario_file(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into a mapping (not yet validated).

    Only a regular file is read (``/dev/zero`` never ends, a FIFO blocks for ever, a folder
    is not a file), opened without blocking and checked once open, and at most
    :data:`MAX_FILE_BYTES` + 1 bytes are read whatever size the file claims.
    """
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ScenarioError([f"no such file: {source}"], source) from None
    except IsADirectoryError:
        raise ScenarioError([f"{source} is a folder, not a scenario file"], source) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = getattr(exc, "strerror", None) or exc
        raise ScenarioError([f"cannot read the file: {reason}"], source) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ScenarioError([f"{source} is a folder, not a scenario file"], source)
        if not stat.S_ISREG(mode):
            raise ScenarioError([f"{source} is not a regular file (a device, pipe or socket); "
                                 "give a scenario file"], source)  # fmt: skip
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError([f"cannot read the file: {exc.strerror or exc}"], source) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError([f"file is larger than {MAX_FILE_BYTES} bytes"], source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(["the file is not UTF-8 text"], source) from None
    return parse_yaml(text, source)


def parse_value(raw: str, where: str) -> Any:
    """A value typed on the command line (``--set``, ``--vary``), read as YAML by the same
    guarded loader as files: ``2025-02-30`` or ``!!int abc`` give a :class:`ScenarioError`
    naming ``where``, never a traceback. An empty value is the empty string.

    Raises
    ------
    ScenarioError
        Naming ``where``, the value and why it cannot be read.
    """
    if not raw.strip():
        return ""
    try:
        return _load(raw, where)
    except ScenarioError as exc:
        reason = exc.problems[0]
    raise ScenarioError([f"{where}: value {_short(raw, 80)} cannot be read: {reason}"], where)


def _index(node: list[Any], key: str) -> int:
    """The list position ``key`` names in ``node`` (ASCII digits, inside the list)."""
    if not _INDEX.fullmatch(key) or int(key) >= len(node):
        raise IndexError(key)
    return int(key)


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``key.path=value`` overrides (values read by :func:`parse_value`, never evaluated).

    A path part of ASCII digits indexes a list (``market.categories.0.share=0.2``); ``-1`` is
    refused rather than taken as the last element.

    Raises
    ------
    ScenarioError
        Listing every override that cannot be applied, with its key path.
    """
    out = copy.deepcopy(data)
    problems: list[str] = []
    for item in overrides:
        if "=" not in item:
            problems.append(f"--set {_short(item, 80)}: expected key.path=value")
            continue
        path, raw = item.split("=", 1)
        keys = path.strip().split(".")
        shown = path.strip() if len(path.strip()) <= 80 else path.strip()[:77] + "..."
        if not path.strip() or any(not k for k in keys):
            problems.append(f"--set {shown}: empty key in path (write key.path=value)")
            continue
        try:
            value = parse_value(raw, f"--set {shown}")
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        node: Any = out
        try:
            for k in keys[:-1]:
                node = node[_index(node, k)] if isinstance(node, list) else node.setdefault(k, {})
            last = keys[-1]
            if isinstance(node, list):
                node[_index(node, last)] = value
            elif isinstance(node, dict):
                node[last] = value
            else:
                raise TypeError
        except (IndexError, TypeError, AttributeError):
            problems.append(
                f"--set {shown}: no such place in the scenario (a list takes a position "
                "0, 1, 2, ... within its length)"
            )
    if problems:
        raise ScenarioError(problems, "--set")
    return out
